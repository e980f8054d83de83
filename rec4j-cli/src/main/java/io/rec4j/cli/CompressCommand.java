package io.rec4j.cli;

import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerEncoder;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.EncodeEstimate;
import io.rec4j.codec.combiner.FitSettings;
import io.rec4j.codec.combiner.ProgressiveRefinement;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rec4j compress}: COMBINER image compression. */
@Command(name = "compress",
        mixinStandardHelpOptions = true,
        description = {
            "Compress a PNG or JPEG image with COMBINER.",
            "",
            "Fits a Bayesian implicit neural representation to every tile of the image, then sends a sample of "
                    + "its weights with relative entropy coding (kappa bits per block of the model's partition), refining "
                    + "the remaining weights after each block. The file size depends only on the model and the image size. "
                    + "A summary (bpp, PSNR, timings) goes to stderr unless --quiet."})
final class CompressCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "Input image (PNG or JPEG), or - for standard input.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output .r4j file, or - for standard output.")
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
        CombinerModel model = options.resolveModel();
        FitSettings fit = options.fitSettings();
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
        CombinerEncoder encoder = new CombinerEncoder(model, fit, ProgressiveRefinement.Schedule.defaults());
        CombinerEncoder.Encoded e = encoder.encode(image, progress(err, quiet));
        CliFiles.writeOutput(out, e.file(), force);
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %dx%d, %d bytes, %.4f bpp, PSNR %.2f dB (fit %.1f s, code %.1f s); model %s%n",
                    "-".equals(out) ? "stdout" : out, image.width(), image.height(), e.file().length, e.bpp(), e.psnr(),
                    e.fitNanos() / 1e9, e.codeNanos() / 1e9, ShippedModels.describe(model));
            err.flush();
        }
        return Main.EXIT_OK;
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
        return new CombinerEncoder.Progress() {
            private Progress bar;
            private CombinerEncoder.Stage stage;

            @Override
            public void update(CombinerEncoder.Stage s, int done, int total) {
                if (s != stage) {
                    stage = s;
                    bar = new Progress(err, s == CombinerEncoder.Stage.FIT ? "fitting tile posteriors"
                            : "coding blocks (with refinement)", total, quiet);
                }
                bar.advanceTo(done);
            }
        };
    }
}
