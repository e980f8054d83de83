package io.rec4j.cli;

import io.rec4j.codec.irec.GreyImages;
import io.rec4j.codec.irec.IrecCodec;
import io.rec4j.codec.irec.ShippedVaeModels;
import io.rec4j.codec.irec.VaeModel;
import io.rec4j.core.Rec4jDataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code rec4j decompress} and {@code rec4j info} for iREC files. */
final class IrecFiles {
    private IrecFiles() {
    }

    /** The model of a file: {@code --model}, else the shipped model with the file's model id. */
    static VaeModel model(IrecCodec.Info info, Path model) throws IOException {
        if (model != null) {
            return IrecCommand.loadModel(model.toString());
        }
        return ShippedVaeModels.byId(info.modelId()).orElseThrow(() -> new Rec4jDataException("this file was coded"
                + " with iREC model " + info.modelId() + ", which is not one of the shipped models; pass it with"
                + " --model"));
    }

    /** Decodes an iREC file: one PNG for a single file, a folder of PNGs for a packed one. */
    static int decompress(byte[] file, String in, Path modelPath, String out, boolean force, boolean quiet,
                          PrintWriter err) throws IOException {
        IrecCodec.Info info = CliFiles.parsing(in, () -> IrecCodec.info(file));
        VaeModel m = model(info, modelPath);
        long t0 = System.nanoTime();
        if (!info.packed()) {
            CliFiles.checkWritable(out, force);
            List<int[]> images = CliFiles.parsing(in, () -> IrecCodec.decode(m, file, IrecCodec.Progress.NONE));
            CliFiles.writeOutput(out, GreyImages.png(images.get(0)), force);
        } else {
            Path dir = CliFiles.outputFolder(in, out, info.count());
            for (String name : info.names()) {
                CliFiles.checkWritableIfFolderExists(dir.resolve(name), force);
            }
            int n = info.count();
            Progress bar = new Progress(err, "decoding " + n + " images", 2L * n, quiet,
                    DecompressCommand.PROGRESS_AFTER_NANOS);
            // the stream is decoded to its end (and so checked) before the first PNG is written, then decoded again
            // while writing: one image in memory at a time, whatever the pack's size
            CliFiles.parsing(in, () -> {
                IrecCodec.decode(m, file, (done, total) -> bar.advanceTo(done), (i, image) -> { });
                return null;
            });
            Files.createDirectories(dir);
            try {
                CliFiles.parsing(in, () -> {
                    IrecCodec.decode(m, file, (done, total) -> bar.advanceTo(n + done), (i, image) -> {
                        try {
                            CliFiles.writeOutput(dir.resolve(info.names().get(i)).toString(), GreyImages.png(image),
                                    force);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    return null;
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %d %s image%s from %d bytes (%.4f bits/dim), decoded in %.2f s%n",
                    "-".equals(out) ? "stdout" : out, info.count(), info.lossless() ? "lossless" : "lossy",
                    info.count() == 1 ? "" : "s", file.length, 8.0 * file.length / (784.0 * info.count()),
                    (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        return Main.EXIT_OK;
    }
}
