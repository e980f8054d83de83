package io.rec4j.cli;

import io.rec4j.codec.bitsback.BitsBackEncoder;
import io.rec4j.codec.bitsback.BitsBackFormat;
import io.rec4j.codec.bitsback.ModelDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rec4j bitsback encode MODEL_DIR OUT.r4j}. */
@Command(name = "encode",
        mixinStandardHelpOptions = true,
        description = {"Code a SliceGPT-sliced model directory (config.json + model.safetensors) to one .r4j file;"
                + " weights are stored as float16, rotated at every residual site by a rotation drawn from the"
                + " stream itself."},
        footer = {"", Main.EXIT_CODES})
final class BitsbackEncodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "config.json + model.safetensors.")
    Path model;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output .r4j file (- for standard output).")
    String out;

    @Option(names = "--grid-bits", paramLabel = "B", defaultValue = "0",
            description = "Fixed-point bits of the popped symmetric matrix's entries, 4-20, or 0 to choose per site"
                    + " (a trial at 12 predicts the best in 8-16, which is tried too; default ${DEFAULT-VALUE}).")
    int gridBits;

    @Option(names = "--weights", paramLabel = "MODEL", defaultValue = "exponent",
            description = "How float16 weights are coded: exponent (sign and exponent entropy-coded per tensor,"
                    + " fraction raw; default) or raw (16 bits each).")
    String weights;

    @Option(names = "--no-bits-back", description = "Every site plain (the baseline: same coder, same weight model).")
    boolean noBitsBack;

    @Option(names = {"-f", "--force"}, description = "Overwrite the output if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int w = switch (weights) {
            case "exponent" -> BitsBackFormat.WEIGHTS_EXPONENT;
            case "raw" -> BitsBackFormat.WEIGHTS_RAW16;
            default -> throw new Main.UsageException("--weights must be exponent or raw, was " + weights);
        };
        BitsBackEncoder.Settings settings;
        try {
            BitsBackEncoder.Settings d = BitsBackEncoder.Settings.defaults();
            settings = new BitsBackEncoder.Settings(!noBitsBack, gridBits, w, d.salt());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        CliFiles.checkWritable(out, force);
        ModelDirectory.Model m = ModelDirectory.read(model);
        PrintWriter err = spec.commandLine().getErr();
        int sites = 2 * m.config().layers() + 1;
        Progress bar = new Progress(err, "encoding sites", sites, quiet, 500_000_000L);
        long start = System.nanoTime();
        BitsBackEncoder.Result r = BitsBackEncoder.encode(m.configJson(), m.weights().tensors(), settings,
                bar::advanceTo);
        CliFiles.writeOutput(out, r.file(), force);
        if (!quiet) {
            double net = r.sites().stream().mapToDouble(BitsBackEncoder.SiteReport::netBits).sum();
            long bb = r.sites().stream().filter(BitsBackEncoder.SiteReport::bitsBack).count();
            err.printf(Locale.ROOT, "%s: %,d bytes for %,d weights (%.3f bits each; float16 array %,d bytes);"
                            + " %d of %d sites bits-back, %.0f bits taken back; %.1f s%n", out, r.file().length,
                    r.weights(), 8.0 * r.file().length / r.weights(), 2 * r.weights(), bb, sites, net,
                    (System.nanoTime() - start) / 1e9);
        }
        return Main.EXIT_OK;
    }
}
