package io.rec4j.cli;

import io.rec4j.codec.combiner.CombinerEncoder;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.ProgressiveRefinement;
import io.rec4j.codec.combiner.ShippedModels;
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
            "Fits a Bayesian implicit neural representation to every tile of the image,",
            "then sends a sample of its weights with relative entropy coding (kappa bits",
            "per block of the model's partition), refining the remaining weights after",
            "each block. The file size depends only on the model and the image size. A",
            "summary (bpp, PSNR, timings) goes to stderr unless --quiet."})
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CombinerModel model = options.resolveModel();
        CombinerEncoder encoder = new CombinerEncoder(model, options.fitSettings(),
                ProgressiveRefinement.Schedule.defaults());
        CliFiles.checkWritable(out, force);
        RgbImage image = CliFiles.readImage(in);
        PrintWriter err = spec.commandLine().getErr();
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
