package io.rec4j.cli;

import io.rec4j.codec.bitsback.BitsBackDemo;
import io.rec4j.codec.bitsback.ModelDirectory;
import io.rec4j.codec.bitsback.OptForward;
import io.rec4j.codec.bitsback.SliceGpt;
import io.rec4j.codec.bitsback.TransformerConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rec4j bitsback eval MODEL_DIR --text FILE [--compare DIR]}. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = {"Perplexity of a byte-level OPT model directory on a text (next-byte prediction in windows of"
                + " the model's context), and with --compare the largest logit difference to another model directory"
                + " on the same windows."},
        footer = {"", Main.EXIT_CODES})
final class BitsbackEvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "config.json + model.safetensors.")
    Path model;

    @Option(names = "--text", required = true, paramLabel = "FILE", description = "Text to evaluate on (bytes).")
    Path text;

    @Option(names = "--compare", paramLabel = "DIR", description = "A second model directory to compare logits with.")
    Path compare;

    @Option(names = "--windows", paramLabel = "N", defaultValue = "64",
            description = "Context windows evaluated, spread over the text (default ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (windows < 1 || windows > 1_000_000) {
            throw new Main.UsageException("--windows must be in [1, 1000000], was " + windows);
        }
        ModelDirectory.Model a = ModelDirectory.read(model);
        if (a.config().family() != TransformerConfig.Family.OPT || a.config().vocab() != 256) {
            throw new Main.UsageException("eval runs byte-level OPT models (vocab_size 256) only");
        }
        byte[] bytes = Files.readAllBytes(text);
        int ctx = a.config().positions();
        if (bytes.length < ctx + 1) {
            throw new Main.UsageException(text + ": shorter than the model's context of " + ctx + " bytes");
        }
        PrintWriter out = spec.commandLine().getOut();
        OptForward fa = forward(a);
        double nll = fa.negativeLogLikelihood(bytes, windows);
        out.printf(Locale.ROOT, "%s: %.4f nats/byte, perplexity %.4f, %.4f bits/byte%n", model, nll, Math.exp(nll),
                nll / Math.log(2));
        if (compare != null) {
            ModelDirectory.Model b = ModelDirectory.read(compare);
            if (!b.config().equals(a.config())) {
                throw new Main.UsageException(compare + ": a different architecture than " + model);
            }
            OptForward fb = forward(b);
            double nllB = fb.negativeLogLikelihood(bytes, windows);
            double maxDiff = 0;
            double maxLogit = 0;
            int step = Math.max(1, (bytes.length - ctx) / windows);
            Progress bar = new Progress(spec.commandLine().getErr(), "comparing logits", windows, quiet, 500_000_000L);
            int done = 0;
            for (int start = 0; start + ctx <= bytes.length && done < windows; start += step) {
                int[] w = new int[ctx];
                for (int i = 0; i < ctx; i++) {
                    w[i] = bytes[start + i] & 0xFF;
                }
                double[][] x = fa.run(w, null);
                double[][] y = fb.run(w, null);
                for (int i = 0; i < ctx; i++) {
                    for (int v = 0; v < x[i].length; v++) {
                        maxDiff = Math.max(maxDiff, Math.abs(x[i][v] - y[i][v]));
                        maxLogit = Math.max(maxLogit, Math.abs(x[i][v]));
                    }
                }
                bar.advanceTo(++done);
            }
            out.printf(Locale.ROOT, "%s: %.4f nats/byte, perplexity %.4f (%+.4f)%n", compare, nllB, Math.exp(nllB),
                    Math.exp(nllB) - Math.exp(nll));
            out.printf(Locale.ROOT, "largest logit difference %.4g (largest logit %.4g)%n", maxDiff, maxLogit);
        }
        return Main.EXIT_OK;
    }

    private static OptForward forward(ModelDirectory.Model m) {
        SliceGpt.Weights w = BitsBackDemo.weights(m.weights().tensors());
        return new OptForward(m.config(), w.values(), w.shapes());
    }
}
