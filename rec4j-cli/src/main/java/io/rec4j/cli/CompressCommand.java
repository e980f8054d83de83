package io.rec4j.cli;

import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerEncoder;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.CombinerPack;
import io.rec4j.codec.combiner.EncodeEstimate;
import io.rec4j.codec.combiner.FitSettings;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.codec.image.Cifar10;
import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.ShippedRecombinerModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rec4j compress}: COMBINER or RECOMBINER image compression, RECOMBINER audio compression. */
@Command(name = "compress",
        mixinStandardHelpOptions = true,
        description = {
            "Compress a PNG or JPEG image with COMBINER (or RECOMBINER), or a WAV recording with RECOMBINER.",
            "",
            "Fits a Bayesian implicit neural representation to every tile of the image, then sends a sample of "
                    + "its weights with relative entropy coding (kappa bits per block of the model's partition), refining "
                    + "the remaining weights after each block. The file size depends only on the model and the image size. "
                    + "A summary (bpp, PSNR, timings) goes to stderr unless --quiet.",
            "",
            "IN may be a folder: its PNG images (*.png, sorted by name) are coded one after the other. If OUT ends in "
                    + ".r4j (or is -), they are packed into one file with one header (one model id, the sizes and "
                    + "names once; 'rec4j decompress OUT DIR' unpacks it); otherwise OUT is a folder (created if "
                    + "needed) that gets one NAME.r4j per image NAME.png.",
            "",
            "A WAV file (PCM of 8 to 32 bits, channels mixed down to mono, any rate: resampled to the model's "
                    + "16 kHz) is coded by the shipped RECOMBINER speech model of --quality (recombiner-speech-q1 "
                    + "or q2, default q" + ShippedRecombinerModels.DEFAULT_AUDIO_QUALITY + ") unless --model names "
                    + "another audio model; about 2.5 minutes of encoding per second of audio on two cores."})
final class CompressCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Input image (PNG or JPEG), a folder of PNG images, a WAV"
            + " recording, or - for standard input.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output .r4j file, or - for standard output; for a folder"
            + " IN, a .r4j file (packed) or an output folder (one file per image).")
    String out;

    @Mixin
    CombinerOptions options;

    @Option(names = {"-f", "--force"}, description = "Overwrite OUT if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or summary.")
    boolean quiet;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "1048576",
            description = "Refuse images with more pixels than this (default: ${DEFAULT-VALUE}, about half an hour of"
                    + " encoding on two cores) unless --yes is given.")
    long maxPixels;

    @Option(names = {"-y", "--yes"}, description = "Encode an image over --max-pixels anyway (up to "
            + "268435456 pixels, as far as the Java heap allows).")
    boolean yes;

    @Option(names = "--margin", paramLabel = "M",
            description = "COMBINER: let neighbouring tiles overlap by M pixels, blended across their borders by the"
                    + " decoder, which hides the seams between tiles (bitstream revision 4; docs/combiner.md,"
                    + " 'Overlapping tiles'; fitting takes (1 + 2M/T)^2 times as long for tiles of T pixels). 0 to half"
                    + " the tile (32 for the shipped models; 'rec4j demo' uses " + CombinerCodec.DEFAULT_MARGIN
                    + "); default: ${DEFAULT-VALUE}, independent tiles (revision 3). Single files only: a packed file"
                    + " holds revision 3.")
    int margin = 0;

    @Option(names = "--method", paramLabel = "M",
            description = "combiner or recombiner. Without --model, recombiner takes the shipped RECOMBINER model for"
                    + " the input's size at --quality (32x32 images: recombiner-cifar10-q1 to q4, default q"
                    + ShippedRecombinerModels.DEFAULT_QUALITY + "; WAV files: recombiner-speech-q1 or q2); default:"
                    + " the method of --model, else combiner for images and recombiner for WAV files.")
    String method;

    @Option(names = {"-n", "--dry-run"}, description = "Read and check the image, the model and OUT, print the"
            + " estimate, and stop before encoding.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (maxPixels < 1) {
            throw new Main.UsageException("--max-pixels must be at least 1, was " + maxPixels);
        }
        RecombinerModel rm = options.recombinerModel();
        if (method != null) {
            switch (method.toLowerCase(Locale.ROOT)) {
                case "combiner" -> {
                    if (rm != null) {
                        throw new Main.UsageException("--method combiner, but --model " + options.model
                                + " is a RECOMBINER model");
                    }
                }
                case "recombiner" -> {
                    if (options.model == null) {
                        rm = looksLikeWav(in) ? defaultAudioModel() : defaultRecombinerModel();
                    } else if (rm == null) {
                        throw new Main.UsageException("--method recombiner, but --model " + options.model
                                + " is a COMBINER model");
                    }
                }
                default -> throw new Main.UsageException("--method must be combiner or recombiner, was '" + method
                        + "'");
            }
        }
        if (rm == null && looksLikeWav(in)) {
            if ("combiner".equalsIgnoreCase(method)) {
                throw new Main.UsageException(in + " is a WAV file; COMBINER codes images, audio needs --method"
                        + " recombiner");
            }
            if (options.model != null) {
                throw new Main.UsageException(in + " is a WAV file, and " + options.model + " is a COMBINER image"
                        + " model; audio is coded by RECOMBINER audio models ('rec4j models' lists them)");
            }
            rm = defaultAudioModel();
        }
        if (rm != null) {
            if (rm.architecture().inputDim() == 2 && looksLikeWav(in)) {
                throw new Main.UsageException(in + " is a WAV file, and " + rm.name() + " is an image model; audio"
                        + " is coded by RECOMBINER audio models ('rec4j models' lists them)");
            }
            if (margin != 0) {
                throw new Main.UsageException("--margin applies to COMBINER models; " + rm.name()
                        + " is a RECOMBINER model");
            }
            return RecombinerFiles.compress(rm, in, out, options.steps(CombinerOptions.PHOTO_STEPS), force, quiet,
                    dryRun, spec.commandLine().getErr());
        }
        CombinerModel model = defaultCombinerModel();
        CombinerOptions.checkMargin(margin, model);
        FitSettings fit = options.fitSettings(model);
        if (!"-".equals(in) && Files.isDirectory(Path.of(in))) {
            return folder(model, fit);
        }
        CliFiles.checkWritable(out, force);
        String name = "-".equals(in) ? "standard input" : in;
        byte[] bytes = CliFiles.readInput(in, CliFiles.MAX_IMAGE_BYTES, "image");
        ImageIo.Header header = ImageIo.probe(bytes, name);
        if (header.pixels() > CombinerCodec.MAX_PIXELS) {
            throw new Main.UsageException(name + " is " + header.width() + "x" + header.height() + " = "
                    + header.pixels() + " pixels, more than the " + CombinerCodec.MAX_PIXELS
                    + " a COMBINER file can hold; split it into parts");
        }
        EncodeEstimate estimate = EncodeEstimate.of(model, fit, header.width(), header.height());
        if (header.pixels() > maxPixels && !yes) {
            throw new Main.UsageException(name + " is " + header.width() + "x" + header.height() + " = "
                    + header.pixels() + " pixels, more than --max-pixels " + maxPixels + "; encoding it would take "
                    + estimate.describeTime() + "; pass --yes to go ahead or raise --max-pixels");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (estimate.heapBytes() > heap) {
            throw new Main.UsageException(name + " (" + header.width() + "x" + header.height() + ") needs about "
                    + (estimate.heapBytes() >> 20) + " MiB of Java heap, this JVM has " + (heap >> 20)
                    + " MiB; raise it with REC4J_JAVA_OPTS=-Xmx" + ((estimate.heapBytes() >> 30) + 2) + "g");
        }
        RgbImage image = ImageIo.read(bytes, name, header); // the limits above were checked on this header
        bytes = null; // the encoded input is no longer needed while the long encode runs
        PrintWriter err = spec.commandLine().getErr();
        if (!quiet || dryRun) {
            err.println(describe(estimate, name, header, model));
            err.flush();
        }
        if (dryRun) {
            return Main.EXIT_OK;
        }
        CombinerEncoder encoder = new CombinerEncoder(model, fit, CombinerOptions.schedule(model))
                .withMargin(margin);
        CombinerEncoder.Encoded e = encoder.encode(image, progress(err, quiet));
        byte[] file = CliFiles.compact(e.file());
        CliFiles.writeOutput(out, file, force);
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %dx%d, %d bytes, %.4f bpp, PSNR %.2f dB (fit %.1f s, code %.1f s); %s;"
                    + " model %s%n", "-".equals(out) ? "stdout" : out, image.width(), image.height(), file.length,
                    8.0 * file.length / ((double) image.width() * image.height()), e.psnr(),
                    e.fitNanos() / 1e9, e.codeNanos() / 1e9, tiling(file), ShippedModels.describe(model));
            err.flush();
        }
        return Main.EXIT_OK;
    }

    /** Whether {@code in} is a regular file that starts like a WAV file. */
    private static boolean looksLikeWav(String in) throws IOException {
        if ("-".equals(in) || !Files.isRegularFile(Path.of(in))) {
            return false;
        }
        byte[] head = new byte[12];
        try (var s = Files.newInputStream(Path.of(in))) {
            int n = s.readNBytes(head, 0, 12);
            return n == 12 && io.rec4j.codec.audio.Wav.looksLikeWav(head);
        }
    }

    /**
     * The shipped RECOMBINER model for the input's size at {@code --quality}: the size of the image, or of the first
     * PNG of a folder; standard input is assumed to be 32×32 (the encoder checks it).
     */
    private RecombinerModel defaultRecombinerModel() throws IOException {
        int[] size = inputSize();
        int w = size == null ? 32 : size[0];
        int h = size == null ? 32 : size[1];
        int q = options.quality == null ? ShippedRecombinerModels.DEFAULT_QUALITY : options.quality;
        return ShippedRecombinerModels.forImage(w, h, q).orElseThrow(() -> new Main.UsageException(
                "no shipped RECOMBINER model for " + w + "x" + h + " images at quality " + q + " ('rec4j"
                        + " models' lists them); train one with 'rec4j recombiner train-prior' and pass --model"));
    }

    /** The shipped RECOMBINER speech model at {@code --quality}, for a WAV input without {@code --model}. */
    private RecombinerModel defaultAudioModel() {
        int q = options.quality == null ? ShippedRecombinerModels.DEFAULT_AUDIO_QUALITY : options.quality;
        return ShippedRecombinerModels.forAudio(q).orElseThrow(() -> new Main.UsageException(
                "no shipped RECOMBINER speech model at quality " + q + " ('rec4j models' lists them); train one with"
                        + " 'rec4j recombiner train-prior --data WAV_FOLDER' and pass it with --model"));
    }

    /**
     * The COMBINER model without {@code --model}: for 32×32 input the shipped CIFAR-10 model of {@code --quality}
     * (when this build has them), else the photo model of {@code --quality}.
     */
    private CombinerModel defaultCombinerModel() throws IOException {
        if (options.model == null && !ShippedModels.cifar10().isEmpty()) {
            int[] size = inputSize();
            if (size != null && size[0] == Cifar10.SIDE && size[1] == Cifar10.SIDE) {
                int q = options.quality == null ? ShippedModels.DEFAULT_CIFAR10_QUALITY : options.quality;
                try {
                    return ShippedModels.forCifar10(q);
                } catch (IllegalArgumentException e) {
                    throw new Main.UsageException("--quality: " + e.getMessage());
                }
            }
        }
        return options.resolveModel();
    }

    /** Width and height of the input image (a folder's first PNG by name), or null for stdin or no PNG. */
    private int[] inputSize() throws IOException {
        Path first = null;
        if (!"-".equals(in)) {
            Path p = Path.of(in);
            if (Files.isDirectory(p)) {
                try (var files = Files.list(p)) {
                    first = files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                            .sorted().findFirst().orElse(null);
                }
            } else {
                first = p;
            }
        }
        if (first == null || !Files.isRegularFile(first)) {
            return null;
        }
        ImageIo.Header header = ImageIo.probe(CliFiles.readInput(first.toString(), CliFiles.MAX_IMAGE_BYTES,
                "image"), first.toString());
        return new int[] {header.width(), header.height()};
    }

    /** One image of a folder, probed. */
    private record Input(Path path, String name, ImageIo.Header header) {
    }

    /**
     * A folder IN: every PNG is probed and checked (size limits, names, outputs) before the first is encoded, then
     * they are encoded in name order, each written as it is done (one file per image) or packed at the end.
     */
    private int folder(CombinerModel model, FitSettings fit) throws IOException {
        List<Path> paths = CliFiles.pngsIn(Path.of(in));
        boolean pack = CliFiles.namesFile(out);
        if (pack && margin != 0) {
            throw new Main.UsageException("--margin " + margin + ": a packed file holds bitstream revision 3"
                    + " (independent tiles; it has no field for the margin); give an output folder for one file per"
                    + " image, or leave out --margin");
        }
        Path outDir = pack ? null : Path.of(out);
        if (pack) {
            CliFiles.checkWritable(out, force);
        } else if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new Main.UsageException(out + " is a file, not a folder; to pack the images of " + in
                    + " into one file, name it NAME.r4j");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Input> inputs = new ArrayList<>();
        long indexBits = 0;
        long pixels = 0;
        double seconds = 0;
        long heap = Runtime.getRuntime().maxMemory();
        for (Path p : paths) {
            String name = p.getFileName().toString();
            String why = CombinerPack.invalidName(name);
            if (why != null) {
                throw new Main.UsageException(p + ": the image name " + why);
            }
            // only the header is kept: the images are read again one at a time while encoding
            ImageIo.Header header = ImageIo.probe(CliFiles.readInput(p.toString(), CliFiles.MAX_IMAGE_BYTES, "image"),
                    p.toString());
            if (header.pixels() > Math.min(maxPixels, CombinerCodec.MAX_PIXELS) && !(yes
                    && header.pixels() <= CombinerCodec.MAX_PIXELS)) {
                throw new Main.UsageException(p + " is " + header.width() + "x" + header.height() + " = "
                        + header.pixels() + " pixels, more than --max-pixels " + maxPixels
                        + "; pass --yes to go ahead or raise --max-pixels");
            }
            EncodeEstimate estimate = EncodeEstimate.of(model, fit, header.width(), header.height());
            if (estimate.heapBytes() > heap) {
                throw new Main.UsageException(p + " (" + header.width() + "x" + header.height() + ") needs about "
                        + (estimate.heapBytes() >> 20) + " MiB of Java heap, this JVM has " + (heap >> 20) + " MiB");
            }
            if (!pack) {
                CliFiles.checkWritableIfFolderExists(outDir.resolve(singleName(name)), force);
            }
            inputs.add(new Input(p, name, header));
            indexBits += estimate.indexBits();
            pixels += header.pixels();
            seconds += estimate.seconds();
            if (!quiet || dryRun) {
                err.println(describe(estimate, p.toString(), header, model));
            }
        }
        if (!quiet || dryRun) {
            err.printf(Locale.ROOT, "%s: %d images, %d pixels, %d index bits = %.4f bpp; encoding takes %s;"
                    + " %s%n", in, inputs.size(), pixels, indexBits, indexBits / (double) pixels,
                    describeSeconds(seconds), pack ? "packed into " + out : "one file each in " + out);
            err.flush();
        }
        if (dryRun) {
            return Main.EXIT_OK;
        }
        if (!pack) {
            Files.createDirectories(outDir);
        }
        CombinerEncoder encoder = new CombinerEncoder(model, fit, CombinerOptions.schedule(model))
                .withMargin(margin);
        List<CombinerPack.Image> packed = new ArrayList<>();
        long bytes = 0;
        double psnr = 0;
        long t0 = System.nanoTime();
        // Images of one tile are encoded a batch at a time, one image per core (CombinerEncoder.encodeAll: the same
        // files, sooner); larger images one at a time, their tiles spread over the cores.
        int cores = Runtime.getRuntime().availableProcessors();
        boolean oneTile = inputs.stream().allMatch(x -> x.header.width() <= model.tile()
                && x.header.height() <= model.tile());
        int batch = oneTile ? Math.max(1, cores) : 1;
        for (int first = 0; first < inputs.size(); first += batch) {
            int last = Math.min(inputs.size(), first + batch);
            List<RgbImage> images = new ArrayList<>();
            for (int i = first; i < last; i++) {
                Input input = inputs.get(i);
                byte[] encoded = CliFiles.readInput(input.path.toString(), CliFiles.MAX_IMAGE_BYTES, "image");
                images.add(ImageIo.read(encoded, input.path.toString(), input.header));
            }
            if (batch > 1 && !quiet) {
                err.printf(Locale.ROOT, "[%d-%d/%d] encoding %d images of one tile together, one per core...%n",
                        first + 1, last, inputs.size(), last - first);
                err.flush();
            }
            List<CombinerEncoder.Encoded> done = batch == 1
                    ? List.of(encoder.encode(images.get(0), progress(err, quiet, "[" + (first + 1) + "/"
                            + inputs.size() + "] " + inputs.get(first).name + ": ")))
                    : encoder.encodeAll(images, i -> { });
            for (int i = first; i < last; i++) {
                Input input = inputs.get(i);
                RgbImage image = images.get(i - first);
                CombinerEncoder.Encoded e = done.get(i - first);
                String step = "[" + (i + 1) + "/" + inputs.size() + "] " + input.name;
                psnr += e.psnr();
                String where;
                long size;
                if (pack) {
                    packed.add(new CombinerPack.Image(input.name, image.width(), image.height(),
                            CombinerPack.indicesOf(model, e.file())));
                    size = (CombinerPack.imageBits(model, image.width(), image.height()) + 7) / 8;
                    where = "packed";
                } else {
                    byte[] file = CliFiles.compact(e.file());
                    Path target = outDir.resolve(singleName(input.name));
                    CliFiles.writeOutput(target.toString(), file, force);
                    size = file.length;
                    bytes += size;
                    where = target.toString();
                }
                if (!quiet) {
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    err.printf(Locale.ROOT, "%s: %dx%d, %d bytes%s, PSNR %.2f dB -> %s; %d of %d images done, %.0f s"
                            + " elapsed, %s left%n", step, image.width(), image.height(), size,
                            pack ? " of block indices" : "", e.psnr(), where, i + 1, inputs.size(), elapsed,
                            describeSeconds(elapsed / (i + 1) * (inputs.size() - i - 1)));
                    err.flush();
                }
            }
        }
        if (pack) {
            byte[] file = CombinerPack.pack(model, packed);
            CliFiles.writeOutput(out, file, force);
            bytes = file.length;
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %d images, %d bytes in all, %.4f bpp (every byte), mean PSNR %.2f dB;"
                    + " model %s%n", "-".equals(out) ? "stdout" : out, inputs.size(), bytes, 8.0 * bytes / pixels,
                    psnr / inputs.size(), ShippedModels.describe(model));
            err.flush();
        }
        return Main.EXIT_OK;
    }

    /** How a written file's tiles are laid out: its bitstream revision, and the margin of revision 4. */
    private static String tiling(byte[] file) {
        CombinerCodec.Info info = CombinerCodec.info(file);
        return info.revision() == CombinerCodec.OVERLAP_REVISION ? "revision 4, tiles overlapping by "
                + info.margin() + " pixels" : "revision " + info.revision() + ", independent tiles";
    }

    /** A duration as {@link EncodeEstimate#describeTime()} words it. */
    private static String describeSeconds(double seconds) {
        return new EncodeEstimate(0, 0, 0, seconds, 0).describeTime();
    }

    /** The output name of image {@code name}.png in an output folder: {@code name}.r4j. */
    static String singleName(String png) {
        return png.substring(0, png.length() - ".png".length()) + ".r4j";
    }

    /** One line: the image, the tiles, the exact index bits and the estimated time. */
    private static String describe(EncodeEstimate e, String name, ImageIo.Header h, CombinerModel model) {
        String small = h.width() < model.tile() && h.height() < model.tile()
                ? " (smaller than one tile: COMBINER codes whole " + model.tile() + "x" + model.tile()
                        + " tiles, so the file does not shrink with the image)"
                : "";
        return String.format(Locale.ROOT, "%s: %dx%d %s, %d %s of %dx%d, %d index bits = %.4f bpp%s; encoding takes %s",
                name, h.width(), h.height(), h.format().toUpperCase(Locale.ROOT), e.tiles(),
                e.tiles() == 1 ? "tile" : "tiles", model.tile(), model.tile(), e.indexBits(),
                e.indexBits() / (double) h.pixels(), small, e.describeTime());
    }

    /** Progress bars for the fit and code stages (tiles done of total). */
    static CombinerEncoder.Progress progress(PrintWriter err, boolean quiet) {
        return progress(err, quiet, "");
    }

    /** As {@link #progress(PrintWriter, boolean)}, the bars' labels starting with {@code prefix}. */
    static CombinerEncoder.Progress progress(PrintWriter err, boolean quiet, String prefix) {
        return new CombinerEncoder.Progress() {
            private Progress bar;
            private CombinerEncoder.Stage stage;

            @Override
            public void update(CombinerEncoder.Stage s, int done, int total) {
                if (s != stage) {
                    stage = s;
                    bar = new Progress(err, prefix + (s == CombinerEncoder.Stage.FIT ? "fitting tile posteriors"
                            : "coding blocks (with refinement)"), total, quiet);
                }
                bar.advanceTo(done);
            }
        };
    }
}
