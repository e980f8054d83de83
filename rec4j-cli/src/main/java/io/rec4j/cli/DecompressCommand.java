package io.rec4j.cli;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.CombinerPack;
import io.rec4j.core.container.Container;
import java.nio.file.Files;
import java.util.List;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.codec.image.PngStreamWriter;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.codec.recombiner.RecombinerPack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rec4j decompress}: decode a COMBINER file to PNG (pure Java; no training engine is loaded). */
@Command(name = "decompress",
        mixinStandardHelpOptions = true,
        description = {
            "Decode a COMBINER or RECOMBINER .r4j file to a PNG image (a RECOMBINER audio file to a 16-bit mono WAV).",
            "",
            "A packed file (written by 'rec4j compress DIR OUT.r4j', COMBINER or RECOMBINER) is unpacked into the folder OUT (created if "
                    + "needed): one PNG per image, named as the compressed inputs.",
            "",
            "The image is decoded one row of tiles at a time and streamed to the PNG, so memory does not grow "
                    + "with the image height.",
            "",
            "The decoder regenerates the coded weights from the shared seed, renders the network, clamps and "
                    + "rounds to 8 bits: the result equals the encoder's reconstruction bit for bit. The model is found "
                    + "among the shipped ones by the id stored in the file, or given with --model."})
final class DecompressCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "A COMBINER, RECOMBINER or iREC .r4j file, or - for standard input.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output PNG, or - for standard output; for a packed"
            + " file, the output folder.")
    String out;

    @Option(names = "--model", paramLabel = "FILE", description = "Model file, if the file was not coded with a shipped model.")
    Path model;

    @Option(names = {"-f", "--force"}, description = "Overwrite OUT if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary on stderr.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** Decodes that finish sooner than this show no progress bar. */
    static final long PROGRESS_AFTER_NANOS = 1_000_000_000L;

    @Override
    public Integer call() throws IOException {
        Container container = CliFiles.readContainer(in);
        if (CombinerPack.isPack(container.methodId())) {
            return unpack(container.toBytes());
        }
        if (io.rec4j.codec.irec.IrecCodec.isIrec(container.methodId())) {
            return IrecFiles.decompress(container.toBytes(), in, model, out, force, quiet,
                    spec.commandLine().getErr());
        }
        if (RecombinerPack.isPack(container.methodId())) {
            return RecombinerFiles.unpack(container.toBytes(), in, model, out, force, quiet,
                    spec.commandLine().getErr());
        }
        if (io.rec4j.codec.recombiner.RecombinerAudioCodec.isAudio(container.methodId())) {
            return RecombinerFiles.decompressAudio(container.toBytes(), in, model, out, force, quiet,
                    spec.commandLine().getErr());
        }
        if (io.rec4j.codec.recombiner.RecombinerCodec.isRecombiner(container.methodId())) {
            return RecombinerFiles.decompress(container.toBytes(), in, model, out, force, quiet,
                    spec.commandLine().getErr());
        }
        CliFiles.checkWritable(out, force);
        byte[] file = container.toBytes();
        CombinerCodec.Info info = CliFiles.parsing(in, () -> CombinerCodec.info(file));
        CombinerModel m = model != null ? CliFiles.readModel(model) : ShippedModels.byId(info.modelId())
                .orElseThrow(() -> new Rec4jDataException("this file was coded with model " + info.modelId()
                        + ", which is not one of the shipped models; pass it with --model"));
        CliFiles.parsing(in, () -> CombinerCodec.check(m, file)); // model id and payload length, before any output is created
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        int tiles = new TileGrid(info.width(), info.height(), m.tile()).tileCount();
        Progress bar = new Progress(err, "decoding " + tiles + " tiles", tiles, quiet, PROGRESS_AFTER_NANOS);
        CliFiles.writeOutput(out, force, o -> {
            try (PngStreamWriter png = new PngStreamWriter(o, info.width(), info.height())) {
                CombinerCodec.decode(m, file, png, (done, total) -> bar.advanceTo(done));
                png.finish();
            }
        });
        long t1 = System.nanoTime();
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %dx%d from %d bytes (%.4f bpp), decoded in %.2f s%n",
                    "-".equals(out) ? "stdout" : out, info.width(), info.height(), file.length, info.bpp(),
                    (t1 - t0) / 1e9);
            err.flush();
        }
        return Main.EXIT_OK;
    }

    /** A packed file: every check (model, sizes, names, length, outputs) before the first image is decoded. */
    private int unpack(byte[] file) throws IOException {
        CombinerPack.Contents contents = CliFiles.parsing(in, () -> CombinerPack.contents(file));
        int n = contents.entries().size();
        Path dir = CliFiles.outputFolder(in, out, n);
        CombinerModel m = model != null ? CliFiles.readModel(model) : ShippedModels.byId(contents.modelId())
                .orElseThrow(() -> new Rec4jDataException("this file was coded with model " + contents.modelId()
                        + ", which is not one of the shipped models; pass it with --model"));
        List<CombinerPack.Image> images = CliFiles.parsing(in, () -> CombinerPack.unpack(m, file));
        for (CombinerPack.Image im : images) {
            CliFiles.checkWritableIfFolderExists(dir.resolve(im.name()), force);
        }
        Files.createDirectories(dir);
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Progress bar = new Progress(err, "decoding " + n + " images", n, quiet, PROGRESS_AFTER_NANOS);
        long pixels = 0;
        for (int i = 0; i < n; i++) {
            CombinerPack.Image im = images.get(i);
            byte[] single = CombinerPack.single(m, contents.revision(), im);
            Path target = dir.resolve(im.name());
            CliFiles.writeOutput(target.toString(), force, o -> {
                try (PngStreamWriter png = new PngStreamWriter(o, im.width(), im.height())) {
                    // checked with the whole pack above: a valid single file of the pack's model
                    CombinerCodec.decode(m, single, png, CombinerCodec.Progress.NONE);
                    png.finish();
                }
            });
            pixels += (long) im.width() * im.height();
            bar.advanceTo(i + 1);
        }
        long t1 = System.nanoTime();
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %d images (%d pixels) from %d bytes (%.4f bpp, %.1f bytes per image),"
                    + " decoded in %.2f s%n", out, n, pixels, file.length, 8.0 * file.length / pixels,
                    file.length / (double) n, (t1 - t0) / 1e9);
            err.flush();
        }
        return Main.EXIT_OK;
    }
}
