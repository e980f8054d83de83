package io.rec4j.cli;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.recombiner.RecombinerCodec;
import io.rec4j.codec.recombiner.RecombinerEncoder;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code rec4j compress} and {@code rec4j decompress} do with a RECOMBINER model or file: they dispatch here
 * when the model file's kind (or the file's method) is RECOMBINER.
 */
final class RecombinerFiles {
    /** Images encoded together (one trainer, batched steps). */
    static final int BATCH = 16;
    /** Fewest refinement steps after a coded block. */
    static final int MIN_REFINE_STEPS = 20;

    private RecombinerFiles() {
    }

    /** The model in {@code path} if it is a RECOMBINER model file, else null (not a model, or another kind). */
    static RecombinerModel probe(Path path) throws IOException {
        byte[] bytes = CliFiles.readInput(path.toString(), CliFiles.MAX_CONTAINER_BYTES, "model file");
        Container c;
        try {
            c = Container.parse(bytes);
        } catch (Rec4jDataException e) {
            return null; // CliFiles.readModel reports it
        }
        if (!RecombinerModel.isRecombinerModel(c)) {
            return null;
        }
        try {
            return RecombinerModel.fromBytes(bytes);
        } catch (Rec4jDataException e) {
            throw new Rec4jDataException(path + " is not a usable RECOMBINER model: " + e.getMessage(), e);
        }
    }

    /** {@code rec4j compress} with a RECOMBINER model: one image, or a folder into a folder of files. */
    static int compress(RecombinerModel model, String in, String out, int steps, boolean force, boolean quiet,
                        PrintWriter err) throws IOException {
        RecombinerEncoder encoder = new RecombinerEncoder(model, RecombinerEncoder.Settings.paper()
                .withSteps(steps, steps, MIN_REFINE_STEPS));
        List<String> names = new ArrayList<>();
        List<RgbImage> images = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        boolean folder = !"-".equals(in) && Files.isDirectory(Path.of(in));
        if (folder) {
            if (CliFiles.namesFile(out)) {
                throw new Main.UsageException("packing RECOMBINER files into one file is not supported yet; give an"
                        + " output folder for one file per image");
            }
            Path dir = Path.of(out);
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new Main.UsageException(out + " is a file, not a folder");
            }
            for (Path p : CliFiles.pngsIn(Path.of(in))) {
                String name = p.getFileName().toString();
                String target = dir.resolve(name.replaceFirst("(?i)\\.png$", "") + ".r4j").toString();
                CliFiles.checkWritableIfFolderExists(Path.of(target), force);
                names.add(p.toString());
                images.add(checkSize(model, ImageIo.read(p), p.toString()));
                targets.add(target);
            }
            Files.createDirectories(dir);
        } else {
            CliFiles.checkWritable(out, force);
            String name = "-".equals(in) ? "standard input" : in;
            byte[] bytes = CliFiles.readInput(in, CliFiles.MAX_IMAGE_BYTES, "image");
            names.add(name);
            images.add(checkSize(model, ImageIo.read(bytes, name, ImageIo.probe(bytes, name)), name));
            targets.add(out);
        }
        int n = images.size();
        long stepsPerBatch = steps + (long) (model.plan().blockCount() - 1)
                * Math.max(steps / model.plan().blockCount(), MIN_REFINE_STEPS);
        Progress bar = new Progress(err, "RECOMBINER, " + n + " image" + (n == 1 ? "" : "s") + " in batches of "
                + Math.min(BATCH, n), stepsPerBatch * ((n + BATCH - 1) / BATCH), quiet);
        double psnrSum = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        for (int first = 0; first < n; first += BATCH) {
            int last = Math.min(n, first + BATCH);
            long base = stepsPerBatch * (first / BATCH);
            List<RecombinerEncoder.Encoded> done = encoder.encode(images.subList(first, last),
                    (d, total) -> bar.advanceTo(base + d));
            for (int i = first; i < last; i++) {
                RecombinerEncoder.Encoded e = done.get(i - first);
                CliFiles.writeOutput(targets.get(i), e.file(), force);
                psnrSum += e.psnr();
                bytes += e.file().length;
            }
        }
        if (!quiet) {
            double pixels = (double) model.samples() * n;
            err.printf(Locale.ROOT, "%s: %d image%s, %d bytes (%.4f bpp with headers, %.4f bpp of block indices),"
                            + " mean PSNR %.2f dB, %.1f s; model %s (%s)%n", "-".equals(out) ? "stdout" : out, n,
                    n == 1 ? "" : "s", bytes, 8 * bytes / pixels, (double) model.indexBits() / model.samples(),
                    psnrSum / n, (System.nanoTime() - t0) / 1e9, model.name(), model.id());
            err.flush();
        }
        return Main.EXIT_OK;
    }

    private static RgbImage checkSize(RecombinerModel model, RgbImage image, String name) {
        int w = model.architecture().signalWidth();
        int h = model.architecture().signalHeight();
        if (image.width() != w || image.height() != h) {
            throw new Main.UsageException(name + " is " + image.width() + "x" + image.height() + "; RECOMBINER model "
                    + model.name() + " codes " + w + "x" + h + " images");
        }
        return image;
    }

    /** {@code rec4j decompress} of a RECOMBINER file. */
    static int decompress(byte[] file, String in, Path modelPath, String out, boolean force, boolean quiet,
                          PrintWriter err) throws IOException {
        String id = CliFiles.parsing(in, () -> RecombinerCodec.modelId(file));
        if (modelPath == null) {
            throw new Rec4jDataException("this RECOMBINER file was coded with model " + id
                    + "; no RECOMBINER models are shipped yet, so pass the model with --model");
        }
        RecombinerModel m = probe(modelPath);
        if (m == null) {
            throw new Rec4jDataException(modelPath + " is not a RECOMBINER model; this file needs model " + id);
        }
        CliFiles.checkWritable(out, force);
        long t0 = System.nanoTime();
        RgbImage image = CliFiles.parsing(in, () -> RecombinerCodec.decode(m, file));
        CliFiles.writeOutput(out, ImageIo.pngBytes(image), force);
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %dx%d from %d bytes (%.4f bpp), decoded in %.3f s%n",
                    "-".equals(out) ? "stdout" : out, image.width(), image.height(), file.length,
                    8.0 * file.length / (image.width() * (double) image.height()), (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        return Main.EXIT_OK;
    }
}
