package io.rec4j.cli;

import io.rec4j.codec.bitsback.BitsBackDemo;
import io.rec4j.codec.bitsback.ModelDirectory;
import io.rec4j.codec.bitsback.DecoderForward;
import io.rec4j.codec.bitsback.SliceGpt;
import io.rec4j.codec.bitsback.TransformerConfig;
import io.rec4j.codec.safetensors.Json;
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

/** {@code rec4j bitsback eval MODEL_DIR (--text FILE | --tokens FILE) [--compare DIR]}. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = {"Perplexity of an OPT or Llama model directory (original or SliceGPT form) on a text, next-token"
                + " prediction in windows of the model's context; with --compare, the largest logit difference to"
                + " another model directory on the same windows.",
                "--text feeds bytes as tokens (byte-level models, vocab_size 256, such as the demo's); for a model"
                + " with its own tokenizer, tokenize elsewhere and pass the ids with --tokens."},
        footer = {"", Main.EXIT_CODES})
final class BitsbackEvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "config.json + model.safetensors.")
    Path model;

    @Option(names = "--text", paramLabel = "FILE", description = "Text to evaluate on, one token per byte.")
    Path text;

    @Option(names = "--tokens", paramLabel = "FILE",
            description = "Token ids to evaluate on: decimal integers separated by white space or commas.")
    Path tokens;

    @Option(names = "--compare", paramLabel = "DIR", description = "A second model directory to compare logits with.")
    Path compare;

    @Option(names = "--windows", paramLabel = "N", defaultValue = "64",
            description = "Context windows evaluated, spread over the text (default ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--context", paramLabel = "T",
            description = "Tokens per window (default: max_position_embeddings of the config; OPT allows no more).")
    Integer context;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (windows < 1 || windows > 1_000_000) {
            throw new Main.UsageException("--windows must be in [1, 1000000], was " + windows);
        }
        if ((text == null) == (tokens == null)) {
            throw new Main.UsageException("give exactly one of --text and --tokens");
        }
        ModelDirectory.Model a = ModelDirectory.read(model);
        TransformerConfig config = a.config();
        Object scaling = Json.parseObject(a.configJson()).get("rope_scaling");
        if (config.family() == TransformerConfig.Family.LLAMA && scaling != null) {
            throw new Main.UsageException(model + ": rope_scaling is set in config.json; eval implements plain rotary"
                    + " positions only");
        }
        int ctx = context != null ? context : config.positions();
        if (ctx < 2 || (config.family() == TransformerConfig.Family.OPT && ctx > config.positions())) {
            throw new Main.UsageException(context == null ? model + ": config.json gives no max_position_embeddings;"
                    + " pass --context" : "--context must be in [2, " + (config.family() == TransformerConfig.Family.OPT
                    ? config.positions() : "∞") + "], was " + ctx);
        }
        int[] ids = text != null ? bytes(Files.readAllBytes(text), config) : ids(tokens, config);
        if (ids.length < ctx) {
            throw new Main.UsageException((text != null ? text : tokens) + ": " + ids.length
                    + " tokens, shorter than one window of " + ctx);
        }
        int[] starts = DecoderForward.windows(ids.length, ctx, windows);
        PrintWriter out = spec.commandLine().getOut();
        DecoderForward fa = forward(a);
        Progress bar = new Progress(spec.commandLine().getErr(), compare == null ? "evaluating" : "evaluating, comparing",
                starts.length, quiet, 500_000_000L);
        DecoderForward fb = null;
        if (compare != null) {
            ModelDirectory.Model b = ModelDirectory.read(compare);
            if (!b.config().equals(config)) {
                throw new Main.UsageException(compare + ": a different architecture than " + model);
            }
            fb = forward(b);
        }
        double[] nll = new double[2];
        double maxDiff = 0;
        double maxLogit = 0;
        int done = 0;
        for (int start : starts) {
            int[] w = java.util.Arrays.copyOfRange(ids, start, start + ctx);
            double[][] x = fa.run(w, null);
            nll[0] += DecoderForward.negativeLogLikelihood(x, w);
            if (fb != null) {
                double[][] y = fb.run(w, null);
                nll[1] += DecoderForward.negativeLogLikelihood(y, w);
                for (int i = 0; i < ctx; i++) {
                    for (int v = 0; v < x[i].length; v++) {
                        maxDiff = Math.max(maxDiff, Math.abs(x[i][v] - y[i][v]));
                        maxLogit = Math.max(maxLogit, Math.abs(x[i][v]));
                    }
                }
            }
            bar.advanceTo(++done);
        }
        String unit = text != null ? "byte" : "token";
        double meanA = nll[0] / ((long) starts.length * (ctx - 1));
        out.printf(Locale.ROOT, "%s: %.4f nats/%s, perplexity %.4f, %.4f bits/%s (%d windows of %d)%n", model, meanA, unit,
                Math.exp(meanA), meanA / Math.log(2), unit, starts.length, ctx);
        if (fb != null) {
            double meanB = nll[1] / ((long) starts.length * (ctx - 1));
            out.printf(Locale.ROOT, "%s: %.4f nats/%s, perplexity %.4f (%+.4f)%n", compare, meanB, unit, Math.exp(meanB),
                    Math.exp(meanB) - Math.exp(meanA));
            out.printf(Locale.ROOT, "largest logit difference %.4g (largest logit %.4g)%n", maxDiff, maxLogit);
        }
        return Main.EXIT_OK;
    }

    private static int[] bytes(byte[] b, TransformerConfig config) {
        if (config.vocab() != 256) {
            throw new Main.UsageException("--text feeds bytes and needs a byte-level model (vocab_size 256; this one has "
                    + config.vocab() + "): pass token ids with --tokens");
        }
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xFF;
        }
        return ids;
    }

    private static int[] ids(Path file, TransformerConfig config) throws java.io.IOException {
        String[] parts = Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).trim().split("[\\s,]+");
        int[] ids = new int[parts.length == 1 && parts[0].isEmpty() ? 0 : parts.length];
        for (int i = 0; i < ids.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new Main.UsageException(file + ": token " + (i + 1) + " is not an integer: " + shorten(parts[i]));
            }
            if (ids[i] < 0 || ids[i] >= config.vocab()) {
                throw new Main.UsageException(file + ": token " + (i + 1) + " = " + ids[i] + " is outside the vocabulary"
                        + " [0, " + config.vocab() + ")");
            }
        }
        return ids;
    }

    private static String shorten(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    private static DecoderForward forward(ModelDirectory.Model m) {
        SliceGpt.Weights w = BitsBackDemo.weights(m.weights().tensors());
        return new DecoderForward(m.config(), w.values(), w.shapes());
    }
}
