package io.rec4j.codec.bitsback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.safetensors.Json;
import io.rec4j.codec.safetensors.Safetensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Llama path end to end: its forward pass (rotary positions, grouped-query attention, SwiGLU), SliceGPT's folding
 * and rotation of it, and bits-back coding of the sliced model with its function kept.
 */
class LlamaTest {
    static final String CONFIG = "{\"model_type\":\"llama\",\"hidden_size\":64,\"num_hidden_layers\":2,"
            + "\"num_attention_heads\":4,\"num_key_value_heads\":2,\"intermediate_size\":160,\"vocab_size\":256,"
            + "\"max_position_embeddings\":48,\"rms_norm_eps\":1e-6,\"rope_theta\":10000.0}";

    static TransformerConfig config() throws Exception {
        return TransformerConfig.of(Json.parseObject(CONFIG));
    }

    @Test
    void rotaryPositionsFollowTheHalfSplitLayoutAndDependOnlyOnOffsets() {
        // dimension 0 pairs with dimension hd/2 (the Hugging Face layout, not adjacent pairs); its frequency is θ⁰ = 1
        double[][] x = new double[6][8];
        for (double[] row : x) {
            row[0] = 1;
        }
        DecoderForward.rotary(x, 1, 8, 10000);
        for (int t = 0; t < 6; t++) {
            assertArrayEquals(new double[] {Math.cos(t), 0, 0, 0, Math.sin(t), 0, 0, 0}, x[t], 1e-15);
        }
        // ⟨R_m q, R_n k⟩ depends on m − n only, and each head's norm is kept
        SplittableRandom r = new SplittableRandom(4);
        double[] q = new double[16];
        double[] k = new double[16];
        for (int i = 0; i < 16; i++) {
            q[i] = r.nextGaussian();
            k[i] = r.nextGaussian();
        }
        double[][] qs = new double[40][];
        double[][] ks = new double[40][];
        for (int t = 0; t < 40; t++) {
            qs[t] = q.clone();
            ks[t] = k.clone();
        }
        DecoderForward.rotary(qs, 2, 8, 500);
        DecoderForward.rotary(ks, 2, 8, 500);
        for (int shift = 0; shift < 30; shift += 7) {
            assertEquals(dot(qs[9], ks[2]), dot(qs[9 + shift], ks[2 + shift]), 1e-12);
        }
        assertEquals(dot(q, q), dot(qs[33], qs[33]), 1e-12);
    }

    @Test
    void groupedQueryAttentionEqualsFullAttentionWithRepeatedKeysAndValues() throws Exception {
        TransformerConfig gqa = config();
        TransformerConfig full = TransformerConfig.of(Json.parseObject(CONFIG.replace("\"num_key_value_heads\":2",
                "\"num_key_value_heads\":4")));
        SliceGpt.Weights w = SliceGpt.randomOriginal(gqa, 3);
        Map<String, double[]> v = new LinkedHashMap<>(w.values());
        Map<String, long[]> s = new LinkedHashMap<>(w.shapes());
        int hd = 16;
        for (int l = 0; l < 2; l++) {
            for (String kv : new String[] {"k", "v"}) {
                String name = gqa.layer(l) + "self_attn." + kv + "_proj.weight";
                double[] small = v.get(name); // 2 heads × 16 rows × 64
                double[] big = new double[4 * hd * 64];
                for (int h = 0; h < 4; h++) {
                    System.arraycopy(small, h / 2 * hd * 64, big, h * hd * 64, hd * 64);
                }
                v.put(name, big);
                s.put(name, new long[] {4 * hd, 64});
            }
        }
        int[] tokens = tokens(40, 5);
        double[][] a = new DecoderForward(gqa, w.values(), w.shapes()).run(tokens, null);
        double[][] b = new DecoderForward(full, v, s).run(tokens, null);
        for (int t = 0; t < tokens.length; t++) {
            assertArrayEquals(a[t], b[t], 1e-12);
        }
    }

    @Test
    void foldingAndRotatingWithoutSlicingKeepTheFunction() throws Exception {
        TransformerConfig c = config();
        SliceGpt.Weights w = SliceGpt.randomOriginal(c, 11);
        SliceGpt.Weights folded = SliceGpt.fold(c, w);
        assertTrue(!folded.values().containsKey("model.norm.weight"));
        SliceGpt.Weights rotated = SliceGpt.slice(c, w, calibration(8), 1.0, 8);
        int[] tokens = tokens(48, 6);
        double[][] a = new DecoderForward(c, w.values(), w.shapes()).run(tokens, null);
        double[][] b = new DecoderForward(c, folded.values(), folded.shapes()).run(tokens, null);
        double[][] r = new DecoderForward(c, rotated.values(), rotated.shapes()).run(tokens, null);
        for (int t = 0; t < tokens.length; t++) {
            assertArrayEquals(a[t], b[t], 1e-9);
            assertArrayEquals(a[t], r[t], 1e-9);
        }
    }

    /**
     * Spec test T7 for Llama: a sliced random model coded with bits-back decodes to weights that compute what the
     * plain float16 model computes (max |Δlogit| ≤ 10⁻²·max |logit|, argmax agreement ≥ 99 %), the stack ends empty
     * (the decoder checks), and the sites saved bits.
     */
    @Test
    void bitsBackKeepsASlicedLlamasFunction() throws Exception {
        TransformerConfig c = config();
        SliceGpt.Weights sliced = SliceGpt.slice(c, SliceGpt.randomOriginal(c, 12), calibration(16), 0.8, 8);
        List<Safetensors.Tensor> tensors = SliceGpt.tensors(sliced);
        assertEquals(5, SiteLayout.of(c, shapes(tensors)).sites().size());
        BitsBackEncoder.Settings on = BitsBackEncoder.Settings.defaults();
        BitsBackEncoder.Settings off = new BitsBackEncoder.Settings(false, on.gridBits(), on.weights(), on.salt());
        BitsBackEncoder.Result plain = BitsBackEncoder.encode(CONFIG, tensors, off, null);
        BitsBackEncoder.Result bb = BitsBackEncoder.encode(CONFIG, tensors, on, null);
        BitsBackDecoder.Decoded dec = BitsBackDecoder.decode(bb.file(), null);
        long coded = bb.sites().stream().filter(BitsBackEncoder.SiteReport::bitsBack).count();
        System.out.printf("llama d=64: plain %d bytes, bits-back %d bytes, %d of 5 sites coded%n", plain.file().length,
                bb.file().length, coded);
        assertTrue(coded >= 3, "sites coded with bits-back: " + coded);
        assertTrue(bb.file().length < plain.file().length);
        SliceGpt.Weights half = BitsBackDemo.weights(plain.rotated());
        SliceGpt.Weights decoded = BitsBackDemo.weights(dec.tensors());
        DecoderForward x = new DecoderForward(c, half.values(), half.shapes());
        DecoderForward y = new DecoderForward(c, decoded.values(), decoded.shapes());
        double maxDiff = 0;
        double maxLogit = 0;
        int agree = 0;
        int positions = 0;
        for (int seq = 0; seq < 8; seq++) {
            int[] tokens = tokens(48, 100 + seq);
            double[][] a = x.run(tokens, null);
            double[][] b = y.run(tokens, null);
            for (int t = 0; t < tokens.length; t++) {
                for (int v = 0; v < a[t].length; v++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a[t][v] - b[t][v]));
                    maxLogit = Math.max(maxLogit, Math.abs(a[t][v]));
                }
                agree += argmax(a[t]) == argmax(b[t]) ? 1 : 0;
                positions++;
            }
        }
        System.out.printf("llama d=64: max logit change %.2e of %.2f, argmax agreement %d/%d%n", maxDiff, maxLogit,
                agree, positions);
        assertTrue(maxDiff <= 1e-2 * maxLogit, "max logit change " + maxDiff + " of " + maxLogit);
        assertTrue(agree >= 0.99 * positions, agree + " of " + positions);
    }

    static List<int[]> calibration(int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(tokens(48, 1000 + i));
        }
        return out;
    }

    static int[] tokens(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(256);
        }
        return t;
    }

    static Map<String, long[]> shapes(List<Safetensors.Tensor> tensors) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Safetensors.Tensor t : tensors) {
            m.put(t.name(), t.shape());
        }
        return m;
    }

    private static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
