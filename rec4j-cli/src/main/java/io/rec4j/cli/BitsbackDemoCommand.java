package io.rec4j.cli;

import io.rec4j.codec.bitsback.BitsBackDemo;
import io.rec4j.codec.bitsback.BitsBackEncoder;
import io.rec4j.codec.bitsback.ByteTransformerTrainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rec4j bitsback demo}. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Train a small byte-level OPT-style transformer, slice it with SliceGPT, code it with and"
                + " without bits-back, decode it, and report sizes, per-site savings, perplexity before and after and"
                + " the largest logit change. Trains on the first 90 %% of --text and evaluates on the rest; without"
                + " --text, on a synthetic text (a seeded order-1 Markov chain over 20 letters)."},
        footer = {"", Main.EXIT_CODES})
final class BitsbackDemoCommand implements Callable<Integer> {
    @Option(names = "--text", paramLabel = "FILE", description = "Training and evaluation text, e.g. the Calgary"
            + " corpus's book1.")
    Path text;

    @Option(names = "--hidden", paramLabel = "D", defaultValue = "128", description = "Model width (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "2", description = "Layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1200", description = "Training steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--keep", paramLabel = "F", defaultValue = "0.8",
            description = "Share of each site's width SliceGPT keeps (default ${DEFAULT-VALUE}).")
    double keep;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write the sliced model here (config.json +"
            + " model.safetensors), ready for 'rec4j bitsback encode'.")
    Path out;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam's learning rate (default: 3e-3 up to d = 128,"
            + " 1e-3 above).")
    Double lr;

    @Option(names = "--train", description = "Train even where a trained model is shipped (d = 256 on book1 with the"
            + " default settings, about 5 minutes here).")
    boolean train;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ByteTransformerTrainer.Settings s;
        try {
            ByteTransformerTrainer.Settings d = ByteTransformerTrainer.Settings.demo(hidden);
            s = new ByteTransformerTrainer.Settings(hidden, layers, 4, d.context(), steps, d.batch(),
                    lr != null ? lr : d.lr(), d.seed());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (!(keep > 0) || keep > 1) {
            throw new Main.UsageException("--keep must be in (0, 1], was " + keep);
        }
        byte[] bytes = text == null ? BitsBackDemo.syntheticText(400_000, 1) : Files.readAllBytes(text);
        if (bytes.length < 40 * s.context()) {
            throw new Main.UsageException((text == null ? "text" : text) + ": too short (" + bytes.length
                    + " bytes; at least " + 40 * s.context() + ")");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        BitsBackDemo.Report r;
        try {
            BitsBackDemo.Pretrained shipped = train ? null : BitsBackDemo.shipped(s, bytes);
            r = BitsBackDemo.run(bytes, s, keep, 64, out, BitsbackCommand.bars(err, quiet), shipped);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (Double.isNaN(r.finalTrainLoss())) {
            o.printf(Locale.ROOT, "model: OPT-style, d = %d, %d layers, %,d weights after slicing to %.0f %%; the shipped"
                    + " model, trained %d steps on the first 90 %% of book1 in %.0f s (--train to train it here)%n",
                    hidden, layers, r.weights(), 100 * keep, steps, r.trainSeconds());
        } else {
            o.printf(Locale.ROOT, "model: OPT-style, d = %d, %d layers, %,d weights after slicing to %.0f %%; trained %d"
                            + " steps on %s in %.1f s (final loss %.3f nats/byte)%n", hidden, layers, r.weights(),
                    100 * keep, steps, text == null ? "a synthetic text" : text, r.trainSeconds(), r.finalTrainLoss());
        }
        o.printf(Locale.ROOT, "sizes: float16 array %,d bytes; plain file %,d; bits-back file %,d: %.2f %% smaller than"
                + " plain%n", r.rawBytes(), r.plainBytes(), r.bitsBackBytes(), 100 * r.savingOfPlain());
        o.println("site  width  columns  bits-back  b   popped  pushed  corrected  net bits/dof  s");
        for (BitsBackEncoder.SiteReport site : r.sites()) {
            o.printf(Locale.ROOT, "%-5s %5d  %7d  %-9s  %2d  %7d  %6.0f  %9d  %12.2f  %.2f%n", site.name(), site.width(),
                    site.columns(), site.bitsBack() ? "yes" : "no (first)", site.gridBits(), site.poppedBits(),
                    site.pushedBits(), site.corrected(), site.bitsBack() ? site.bitsPerDegreeOfFreedom() : 0.0,
                    site.seconds());
        }
        double[] n = r.nll();
        o.printf(Locale.ROOT, "held-out perplexity per byte: original %.4f, sliced %.4f, sliced float16 %.4f, bits-back"
                + " decoded %.4f (%+.4f)%n", Math.exp(n[0]), Math.exp(n[1]), Math.exp(n[2]), Math.exp(n[3]),
                Math.exp(n[3]) - Math.exp(n[2]));
        o.printf(Locale.ROOT, "largest logit change %.4g (largest logit %.4g), argmax agreement %.2f %%; encode %.2f s,"
                + " decode %.2f s%n", r.maxLogitChange(), r.maxLogit(), 100 * r.argmaxAgreement(), r.encodeSeconds(),
                r.decodeSeconds());
        if (out != null) {
            o.printf(Locale.ROOT, "sliced model written to %s%n", out);
        }
        return Main.EXIT_OK;
    }
}
