package io.rec4j.codec.bitsback;

import io.rec4j.codec.safetensors.Json;
import io.rec4j.codec.safetensors.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bits-back demo end to end (docs/bitsback.md, "Demo"): train a byte-level OPT-style model on a text, slice it
 * with SliceGPT, code it with and without bits-back, decode, and measure sizes, the per-site savings, perplexity
 * before and after and the largest logit change. The first 90 % of the text trains and calibrates, the last 10 %
 * evaluates.
 */
public final class BitsBackDemo {
    private BitsBackDemo() {
    }

    /** Progress: a stage name, then steps of it. */
    public interface Listener {
        void stage(String name, long total);

        void step(long done);
    }

    /**
     * What the demo measured.
     *
     * @param nll             nats per byte on the held-out text: original (float32), sliced (float32), sliced
     *                        float16 (what the plain file stores), bits-back decoded
     * @param maxLogitChange  largest |logit difference| between the sliced float16 model and the decoded one
     * @param maxLogit        largest |logit| of the sliced float16 model on the same sequences
     * @param argmaxAgreement share of positions whose most likely next byte is the same in both
     * @param rawBytes        the sliced model as a float16 array ({@code 2·weights})
     * @param plainBytes      the plain file: the same coder and weight model, every site plain
     * @param bitsBackBytes   the bits-back file
     */
    public record Report(ByteTransformerTrainer.Settings settings, double keep, long weights, double trainSeconds,
            double finalTrainLoss, double[] nll, double maxLogitChange, double maxLogit, double argmaxAgreement,
            long rawBytes, long plainBytes, long bitsBackBytes, List<BitsBackEncoder.SiteReport> sites,
            double encodeSeconds, double decodeSeconds) {
        /** Bits-back's saving as a share of the plain file. */
        public double savingOfPlain() {
            return 1 - (double) bitsBackBytes / plainBytes;
        }
    }

    /**
     * A model trained ahead of time and shipped in this jar, for the widths whose training takes longer than a demo
     * should: the original (unsliced) weights at float16, and what they were trained on.
     *
     * @param configJson its {@code config.json}
     * @param weights    its tensors
     * @param settings   the training settings that made it
     * @param textSha256 SHA-256 (hex) of the text whose first 90 % trained it
     * @param seconds    how long its training took (2 vCPUs, nothing else running)
     */
    public record Pretrained(String configJson, SliceGpt.Weights weights, ByteTransformerTrainer.Settings settings,
            String textSha256, double seconds) {
    }

    /** SHA-256 of the Calgary corpus's book1, the text the shipped models were trained on. */
    public static final String BOOK1_SHA256 = "9ffa47cd93bccd732f20e0c304203cfbc1b8a91bedac536e2d8f6051003d9951";
    private static final String SHIPPED = "/io/rec4j/codec/bitsback/models/demo-opt-256.safetensors";

    /**
     * The shipped model matching {@code settings} and trained on {@code text}, or null if there is none (then the
     * demo trains). One is shipped: d = 256 with the demo's other settings ({@link
     * ByteTransformerTrainer.Settings#demo(int)}), trained on book1 in 282 s.
     */
    public static Pretrained shipped(ByteTransformerTrainer.Settings settings, byte[] text) throws IOException {
        if (!settings.equals(ByteTransformerTrainer.Settings.demo(256)) || !BOOK1_SHA256.equals(sha256(text))) {
            return null;
        }
        byte[] bytes;
        try (java.io.InputStream in = BitsBackDemo.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                return null;
            }
            bytes = in.readAllBytes();
        }
        Safetensors.File f = Safetensors.parse(bytes, SHIPPED);
        String config = f.metadata().get("config.json");
        if (config == null) {
            throw new IllegalStateException("shipped model without its config");
        }
        return new Pretrained(config, weights(f.tensors()), settings, BOOK1_SHA256, 282);
    }

    static String sha256(byte[] text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the demo; writes the sliced model to {@code out} (if not null) as config.json + model.safetensors. */
    public static Report run(byte[] text, ByteTransformerTrainer.Settings ts, double keep, int evalWindows, Path out,
            Listener listener) throws IOException {
        return run(text, ts, keep, evalWindows, out, listener, null);
    }

    /**
     * Runs the demo on a shipped model when {@code pretrained} is not null (nothing is trained; the report's training
     * time is the shipped model's, its final loss NaN), else as {@link #run(byte[], ByteTransformerTrainer.Settings,
     * double, int, Path, Listener)}.
     */
    public static Report run(byte[] text, ByteTransformerTrainer.Settings ts, double keep, int evalWindows, Path out,
            Listener listener, Pretrained pretrained) throws IOException {
        int split = (int) (text.length * 0.9);
        byte[] train = java.util.Arrays.copyOf(text, split);
        byte[] eval = java.util.Arrays.copyOfRange(text, split, text.length);
        if (eval.length < 2 * ts.context() || train.length < 4 * ts.context()) {
            throw new IllegalArgumentException("text too short: " + text.length + " bytes");
        }
        SliceGpt.Weights original;
        String configJson;
        double[] lastLoss = new double[1];
        long t0 = System.nanoTime();
        double trainSeconds;
        if (pretrained != null) {
            original = pretrained.weights();
            configJson = pretrained.configJson();
            lastLoss[0] = Double.NaN;
            trainSeconds = pretrained.seconds();
        } else {
            try (ByteTransformerTrainer trainer = new ByteTransformerTrainer(ts)) {
                listener.stage("training", ts.steps());
                trainer.train(train, (loss, step) -> {
                    lastLoss[0] = loss;
                    listener.step(step);
                });
                original = trainer.weights();
                configJson = trainer.configJson();
            }
            trainSeconds = (System.nanoTime() - t0) / 1e9;
        }
        TransformerConfig config = TransformerConfig.of(Json.parseObject(configJson));
        listener.stage("slicing", 1);
        List<int[]> calibration = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(ts.seed() + 1);
        for (int i = 0; i < 128; i++) {
            calibration.add(window(train, r.nextInt(train.length - ts.context()), ts.context()));
        }
        SliceGpt.Weights sliced = SliceGpt.slice(config, original, calibration, keep, 8);
        listener.step(1);
        List<Safetensors.Tensor> tensors = SliceGpt.tensors(sliced);
        if (out != null) {
            ModelDirectory.write(out, configJson, tensors, true);
        }
        int sites = 2 * config.layers() + 1;
        listener.stage("encoding (plain baseline)", sites);
        BitsBackEncoder.Settings on = BitsBackEncoder.Settings.defaults();
        BitsBackEncoder.Settings off = new BitsBackEncoder.Settings(false, on.gridBits(), on.weights(), on.salt());
        BitsBackEncoder.Result plain = BitsBackEncoder.encode(configJson, tensors, off, listener::step);
        listener.stage("encoding (bits-back)", sites);
        long e0 = System.nanoTime();
        BitsBackEncoder.Result bb = BitsBackEncoder.encode(configJson, tensors, on, listener::step);
        double encodeSeconds = (System.nanoTime() - e0) / 1e9;
        listener.stage("decoding", sites);
        long d0 = System.nanoTime();
        BitsBackDecoder.Decoded dec = BitsBackDecoder.decode(bb.file(), listener::step);
        double decodeSeconds = (System.nanoTime() - d0) / 1e9;
        for (int i = 0; i < dec.tensors().size(); i++) {
            if (!java.util.Arrays.equals(dec.tensors().get(i).data(), bb.rotated().get(i).data())) {
                throw new IllegalStateException("decoded tensor " + dec.tensors().get(i).name() + " differs");
            }
        }
        listener.stage("evaluating", 4L * evalWindows);
        SliceGpt.Weights half = weights(plain.rotated());
        SliceGpt.Weights decoded = weights(dec.tensors());
        double[] nll = new double[4];
        SliceGpt.Weights[] models = {original, sliced, half, decoded};
        for (int m = 0; m < 4; m++) {
            nll[m] = new DecoderForward(config, models[m].values(), models[m].shapes()).negativeLogLikelihood(eval,
                    evalWindows);
            listener.step((m + 1L) * evalWindows);
        }
        DecoderForward a = new DecoderForward(config, half.values(), half.shapes());
        DecoderForward b = new DecoderForward(config, decoded.values(), decoded.shapes());
        double maxChange = 0;
        double maxLogit = 0;
        long agree = 0;
        long positions = 0;
        int step = Math.max(1, (eval.length - ts.context()) / 32);
        for (int start = 0; start + ts.context() <= eval.length && positions < 32L * ts.context(); start += step) {
            int[] w = window(eval, start, ts.context());
            double[][] x = a.run(w, null);
            double[][] y = b.run(w, null);
            for (int i = 0; i < x.length; i++) {
                int ax = 0;
                int ay = 0;
                for (int v = 0; v < x[i].length; v++) {
                    maxChange = Math.max(maxChange, Math.abs(x[i][v] - y[i][v]));
                    maxLogit = Math.max(maxLogit, Math.abs(x[i][v]));
                    ax = x[i][v] > x[i][ax] ? v : ax;
                    ay = y[i][v] > y[i][ay] ? v : ay;
                }
                agree += ax == ay ? 1 : 0;
                positions++;
            }
        }
        return new Report(ts, keep, bb.weights(), trainSeconds, lastLoss[0], nll, maxChange, maxLogit,
                (double) agree / positions, 2 * bb.weights(), plain.file().length, bb.file().length, bb.sites(),
                encodeSeconds, decodeSeconds);
    }

    static int[] window(byte[] text, int start, int length) {
        int[] w = new int[length];
        for (int i = 0; i < length; i++) {
            w[i] = text[start + i] & 0xFF;
        }
        return w;
    }

    /** Tensors of any accepted dtype as double weights (by name, with shapes). */
    public static SliceGpt.Weights weights(List<Safetensors.Tensor> tensors) {
        Map<String, double[]> v = new LinkedHashMap<>();
        Map<String, long[]> s = new HashMap<>();
        for (Safetensors.Tensor t : tensors) {
            v.put(t.name(), t.toDoubles());
            s.put(t.name(), t.shape());
        }
        return new SliceGpt.Weights(v, s);
    }

    /**
     * A seeded synthetic text for when no real one is at hand: an order-1 Markov chain over 20 letters and a space
     * whose transition rows are peaked (each entry a uniform draw to the fourth power, normalised).
     */
    public static byte[] syntheticText(int length, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int k = 21;
        double[][] p = new double[k][k];
        for (double[] row : p) {
            double sum = 0;
            for (int i = 0; i < k; i++) {
                row[i] = Math.pow(r.nextDouble(), 4);
                sum += row[i];
            }
            for (int i = 0; i < k; i++) {
                row[i] /= sum;
            }
        }
        byte[] out = new byte[length];
        int prev = 0;
        for (int i = 0; i < length; i++) {
            double u = r.nextDouble();
            int c = 0;
            while (c < k - 1 && (u -= p[prev][c]) > 0) {
                c++;
            }
            out[i] = (byte) (c == k - 1 ? ' ' : 'a' + c);
            prev = c;
        }
        return out;
    }
}
