package io.rec4j.cli;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.ImagePacks;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.audio.Resampler;
import io.rec4j.codec.audio.Wav;
import io.rec4j.codec.recombiner.RecombinerAudioCodec;
import io.rec4j.codec.recombiner.RecombinerCodec;
import io.rec4j.codec.recombiner.RecombinerEncoder;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.ShippedRecombinerModels;
import io.rec4j.codec.recombiner.RecombinerPack;
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
 * when the model file's kind (or the file's method) is RECOMBINER or RECOMBINER_PACK.
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

    /**
     * The RECOMBINER model a file path or a shipped model's name names.
     *
     * @throws Main.UsageException when it names neither a RECOMBINER model file nor a shipped RECOMBINER model
     */
    static RecombinerModel loadModel(String fileOrName) throws IOException {
        Path p = Path.of(fileOrName);
        if (Files.exists(p)) {
            RecombinerModel m = probe(p);
            if (m == null) {
                throw new Main.UsageException(fileOrName + " is not a RECOMBINER model file");
            }
            return m;
        }
        ModelCatalog.Listed named = ModelCatalog.byName(fileOrName).orElseThrow(() -> new Main.UsageException(
                fileOrName + ": no such file, and not the name of a shipped model (" + ModelCatalog.names() + ")"));
        if (named.recombiner() == null) {
            throw new Main.UsageException(fileOrName + " is a " + named.method().name() + " model, not RECOMBINER");
        }
        return named.recombiner();
    }

    /**
     * {@code rec4j compress} with a RECOMBINER model: one image, a folder into a folder of files, or a folder into
     * one packed file when OUT names a file ({@code NAME.r4j} or {@code -}; {@link RecombinerPack},
     * {@code docs/container-format.md}, "Packed RECOMBINER files"). Every input, name and output is checked before the
     * first image is encoded.
     */
    static int compress(RecombinerModel model, String in, String out, int steps, boolean force, boolean quiet,
                        boolean dryRun, PrintWriter err) throws IOException {
        if (model.architecture().inputDim() == 1) {
            return compressAudio(model, in, out, steps, force, quiet, dryRun, err);
        }
        RecombinerEncoder encoder = new RecombinerEncoder(model, RecombinerEncoder.Settings.paper()
                .withSteps(steps, steps, MIN_REFINE_STEPS));
        List<String> names = new ArrayList<>();
        List<RgbImage> images = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        boolean folder = !"-".equals(in) && Files.isDirectory(Path.of(in));
        boolean pack = folder && CliFiles.namesFile(out);
        if (pack) {
            CliFiles.checkWritable(out, force);
            for (Path p : CliFiles.pngsIn(Path.of(in))) {
                String name = p.getFileName().toString();
                String why = ImagePacks.invalidName(name);
                if (why != null) {
                    throw new Main.UsageException(p + ": the image name " + why);
                }
                names.add(p.toString());
                images.add(checkSize(model, ImageIo.read(p), p.toString()));
                targets.add(name); // its name in the pack
            }
        } else if (folder) {
            Path dir = Path.of(out);
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new Main.UsageException(out + " is a file, not a folder; to pack the images of " + in
                        + " into one file, name it NAME.r4j");
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
        if (dryRun) {
            err.printf(Locale.ROOT, "%s: %d image%s of %dx%d, %d bits of block indices each (%.4f bpp), %d"
                            + " training steps per batch of up to %d; model %s (%s); dry run, nothing written%n",
                    names.size() == 1 ? names.get(0) : in, n, n == 1 ? "" : "s", model.architecture().signalWidth(),
                    model.architecture().signalHeight(), model.indexBits(),
                    (double) model.indexBits() / model.samples(), stepsPerBatch, BATCH, model.name(), model.id());
            err.flush();
            return Main.EXIT_OK;
        }
        Progress bar = new Progress(err, "RECOMBINER, " + n + " image" + (n == 1 ? "" : "s") + " in batches of "
                + Math.min(BATCH, n), stepsPerBatch * ((n + BATCH - 1) / BATCH), quiet);
        List<byte[]> packed = new ArrayList<>();
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
                if (pack) {
                    packed.add(RecombinerCodec.indices(model, e.file()));
                } else {
                    CliFiles.writeOutput(targets.get(i), e.file(), force);
                    bytes += e.file().length;
                }
                psnrSum += e.psnr();
            }
        }
        if (pack) {
            byte[] file = RecombinerPack.pack(model, targets, packed);
            CliFiles.writeOutput(out, file, force);
            bytes = file.length;
        }
        if (!quiet) {
            double pixels = (double) model.samples() * n;
            err.printf(Locale.ROOT, "%s: %d image%s%s, %d bytes (%.4f bpp with headers, %.4f bpp of block indices),"
                            + " mean PSNR %.2f dB, %.1f s; model %s (%s)%n", "-".equals(out) ? "stdout" : out, n,
                    n == 1 ? "" : "s", pack ? " packed" : "", bytes, 8 * bytes / pixels,
                    (double) model.indexBits() / model.samples(), psnrSum / n, (System.nanoTime() - t0) / 1e9,
                    model.name(), model.id());
            err.flush();
        }
        return Main.EXIT_OK;
    }

    /**
     * {@code rec4j compress} of a WAV recording with a RECOMBINER audio model: resampled to the model's rate if it
     * differs, cut into the model's clips, encoded in batches of {@link #BATCH} clips, written as one
     * {@link RecombinerAudioCodec} file.
     */
    static int compressAudio(RecombinerModel model, String in, String out, int steps, boolean force, boolean quiet,
                             boolean dryRun, PrintWriter err) throws IOException {
        if (!"-".equals(in) && Files.isDirectory(Path.of(in))) {
            throw new Main.UsageException(model.name() + " is an audio model; give it one WAV file, not a folder");
        }
        CliFiles.checkWritable(out, force);
        String name = "-".equals(in) ? "standard input" : in;
        byte[] bytes = CliFiles.readInput(in, CliFiles.MAX_IMAGE_BYTES, "WAV file");
        if (!Wav.looksLikeWav(bytes)) {
            throw new Main.UsageException(name + " is not a WAV file; " + model.name() + " is an audio model");
        }
        Wav wav = CliFiles.parsing(name, () -> Wav.read(bytes));
        if (model.sampleRate() > 0 && wav.sampleRate() != model.sampleRate()) {
            if (!quiet) {
                err.printf(Locale.ROOT, "%s: resampling %d Hz to the model's %d Hz%n", name, wav.sampleRate(),
                        model.sampleRate());
            }
            wav = Resampler.resample(wav, model.sampleRate());
        }
        List<float[]> clips = RecombinerAudioCodec.clips(model, wav);
        int n = clips.size();
        RecombinerEncoder encoder = new RecombinerEncoder(model, RecombinerEncoder.Settings.paper()
                .withSteps(steps, steps, MIN_REFINE_STEPS));
        long stepsPerBatch = steps;
        for (int l = 0; l < model.levels().size(); l++) {
            stepsPerBatch += (long) model.levels().get(l).plan().blockCount()
                    * Math.max((l == 0 ? steps : steps / 2) / model.levels().get(l).plan().blockCount(),
                    MIN_REFINE_STEPS);
        }
        if (dryRun) {
            err.printf(Locale.ROOT, "%s: %.2f s of audio at %d Hz, %d clip%s of %d samples, %d bits of block indices"
                            + " each (%.2f kbps), %d training steps per batch of up to %d clips; model %s (%s); dry"
                            + " run, nothing written%n", name, wav.seconds(), wav.sampleRate(), n, n == 1 ? "" : "s",
                    RecombinerAudioCodec.clipSamples(model), model.indexBits(),
                    model.indexBits() / (RecombinerAudioCodec.clipSamples(model) / (double) wav.sampleRate()) / 1000,
                    stepsPerBatch, BATCH, model.name(), model.id());
            err.flush();
            return Main.EXIT_OK;
        }
        Progress bar = new Progress(err, "RECOMBINER audio, " + n + " clip" + (n == 1 ? "" : "s") + " of "
                + RecombinerAudioCodec.clipSamples(model) + " samples", stepsPerBatch * ((n + BATCH - 1) / BATCH),
                quiet);
        long t0 = System.nanoTime();
        List<byte[]> indices = new ArrayList<>();
        for (int first = 0; first < n; first += BATCH) {
            int last = Math.min(n, first + BATCH);
            long base = stepsPerBatch * (first / BATCH);
            for (RecombinerEncoder.Coded c : encoder.encodeSignals(clips.subList(first, last),
                    (d, total) -> bar.advanceTo(base + d))) {
                indices.add(RecombinerCodec.indices(model, c.file()));
            }
        }
        byte[] file = RecombinerAudioCodec.toFile(model, wav.sampleRate(), wav.length(), indices);
        CliFiles.writeOutput(out, file, force);
        if (!quiet) {
            Wav decoded = RecombinerAudioCodec.decode(model, file);
            err.printf(Locale.ROOT, "%s: %.2f s of audio at %d Hz in %d bytes (%.2f kbps), PSNR %.2f dB on the"
                            + " [0, 1] scale, %.1f s; model %s (%s)%n", "-".equals(out) ? "stdout" : out,
                    wav.seconds(), wav.sampleRate(), file.length, 8.0 * file.length / wav.seconds() / 1000,
                    audioPsnr(wav, decoded), (System.nanoTime() - t0) / 1e9, model.name(), model.id());
            err.flush();
        }
        return Main.EXIT_OK;
    }

    /** PSNR of {@code b} against {@code a} with both mapped to [0, 1] ({@code (x/32768 + 1)/2}), peak 1. */
    static double audioPsnr(Wav a, Wav b) {
        float[] x = a.unitSamples();
        float[] y = b.unitSamples();
        double mse = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            mse += d * d;
        }
        mse /= Math.max(1, x.length);
        return 10 * Math.log10(1 / mse);
    }

    /** {@code rec4j decompress} of a RECOMBINER audio file to a 16-bit mono WAV. */
    static int decompressAudio(byte[] file, String in, Path modelPath, String out, boolean force, boolean quiet,
                               PrintWriter err) throws IOException {
        RecombinerAudioCodec.Info info = CliFiles.parsing(in, () -> RecombinerAudioCodec.info(file));
        RecombinerModel m = model(modelPath, info.modelId());
        CliFiles.checkWritable(out, force);
        long t0 = System.nanoTime();
        Wav wav = CliFiles.parsing(in, () -> RecombinerAudioCodec.decode(m, file));
        CliFiles.writeOutput(out, wav.toBytes(), force);
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %.2f s at %d Hz from %d bytes (%.2f kbps), decoded in %.3f s%n",
                    "-".equals(out) ? "stdout" : out, wav.seconds(), wav.sampleRate(), file.length,
                    8.0 * file.length / Math.max(wav.seconds(), 1e-9) / 1000, (System.nanoTime() - t0) / 1e9);
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

    /**
     * The RECOMBINER model for a file coded with model {@code id}: the one in {@code modelPath} when given, else the
     * shipped model of that id.
     *
     * @throws Rec4jDataException when none is given and no shipped model has that id, or the file given is not a
     *                            RECOMBINER model
     */
    static RecombinerModel model(Path modelPath, String id) throws IOException {
        if (modelPath == null) {
            return ShippedRecombinerModels.byId(id).orElseThrow(() -> new Rec4jDataException(
                    "this RECOMBINER file was coded with model " + id + ", which is not a shipped model ('rec4j"
                            + " models' lists them); pass its model file with --model"));
        }
        RecombinerModel m = probe(modelPath);
        if (m == null) {
            throw new Rec4jDataException(modelPath + " is not a RECOMBINER model; this file needs model " + id);
        }
        return m;
    }

    /** {@code rec4j decompress} of a RECOMBINER file. */
    static int decompress(byte[] file, String in, Path modelPath, String out, boolean force, boolean quiet,
                          PrintWriter err) throws IOException {
        String id = CliFiles.parsing(in, () -> RecombinerCodec.modelId(file));
        RecombinerModel m = model(modelPath, id);
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

    /** Images of a pack decoded together (on every core) between progress updates and writes. */
    static final int DECODE_CHUNK = 64;

    /**
     * {@code rec4j decompress} of a packed RECOMBINER file into the folder {@code out}: one PNG per image, named as
     * in the pack; the pack, the model and every output are checked before the first image is decoded.
     */
    static int unpack(byte[] file, String in, Path modelPath, String out, boolean force, boolean quiet,
                      PrintWriter err) throws IOException {
        RecombinerPack.Contents contents = CliFiles.parsing(in, () -> RecombinerPack.contents(file));
        int n = contents.names().size();
        Path dir = CliFiles.outputFolder(in, out, n);
        RecombinerModel m = model(modelPath, contents.modelId());
        List<RecombinerPack.Image> images = CliFiles.parsing(in, () -> RecombinerPack.unpack(m, file));
        for (RecombinerPack.Image im : images) {
            CliFiles.checkWritableIfFolderExists(dir.resolve(im.name()), force);
        }
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        Progress bar = new Progress(err, "decoding " + n + " images", n, quiet,
                DecompressCommand.PROGRESS_AFTER_NANOS);
        int threads = Runtime.getRuntime().availableProcessors();
        for (int from = 0; from < n; from += DECODE_CHUNK) {
            List<RecombinerPack.Image> part = images.subList(from, Math.min(n, from + DECODE_CHUNK));
            List<RgbImage> decoded = RecombinerPack.decodeAll(m, part, threads);
            for (int i = 0; i < part.size(); i++) {
                CliFiles.writeOutput(dir.resolve(part.get(i).name()).toString(),
                        ImageIo.pngBytes(decoded.get(i)), force);
                bar.advanceTo(from + i + 1);
            }
        }
        if (!quiet) {
            long pixels = (long) n * m.samples();
            err.printf(Locale.ROOT, "%s: %d images (%d pixels) from %d bytes (%.4f bpp, %.1f bytes per image),"
                    + " decoded in %.2f s%n", out, n, pixels, file.length, 8.0 * file.length / pixels,
                    file.length / (double) n, (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        return Main.EXIT_OK;
    }
}
