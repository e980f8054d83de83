package io.rec4j.codec.recombiner;

import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.SyntheticScene;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Patched RECOMBINER end to end on tiny architectures: three-level prior learning, encoding level by level with the
 * cross-patch permutation, decoding from the file alone — for images (2 × 2 patches) and 1-D signals (4 patches).
 */
class RecombinerPatchedEndToEndTest {
    /** 16×16 RGB in 2 × 2 patches of 8 × 8, groups of 1 × 2 patches, latent grids 2 × 2 × 3 per patch. */
    static final RecombinerArchitecture IMAGE = new RecombinerArchitecture(2, 8, 8, 2, 2, 8, 4, 8, 2, 3, 3, 5, 1, 1,
            2);
    /** 64 samples in 4 patches of 16, groups of 2, one channel. */
    static final RecombinerArchitecture AUDIO = new RecombinerArchitecture(1, 1, 16, 1, 4, 8, 4, 8, 2, 1, 3, 5, 2, 1,
            2);

    static RecombinerPriorLearner.Settings settings() {
        return new RecombinerPriorLearner.Settings(3, 60, 40, 2e-3, 3.0, 0.5, 0.1, 1e-8, 12, 7);
    }

    /** A chirp-like 1-D signal in [0, 1]: a few sinusoids of the same shape per signal, shifted by {@code k}. */
    static float[] wave(int k, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (i + 7.0 * k) / n;
            out[i] = (float) (0.5 + 0.3 * StrictMath.sin(2 * Math.PI * (3 + k % 3) * t)
                    + 0.1 * StrictMath.cos(2 * Math.PI * 11 * t * t));
        }
        return out;
    }

    @Test
    void patchedImagesDecodeFromTheFileAloneToTheEncodersReconstruction() {
        RgbImage scene = SyntheticScene.generate(256, 256);
        List<RgbImage> train = RecombinerEndToEndTest.crops(scene, 6, 0);
        List<RgbImage> test = RecombinerEndToEndTest.crops(scene, 2, 100);
        float[][] signals = train.stream().map(RecombinerEncoder::signal).toArray(float[][]::new);
        RecombinerModel m = new RecombinerPriorLearner(IMAGE, settings()).learn("patched", signals,
                RecombinerPriorLearner.Listener.NONE).model();
        assertEquals(3, m.levels().size());
        assertEquals(m, RecombinerModel.fromBytes(m.toBytes()));
        RecombinerEncoder enc = new RecombinerEncoder(m, RecombinerEncoder.Settings.paper().withSteps(60, 40, 3));
        List<RecombinerEncoder.Encoded> out = enc.encode(test, RecombinerEncoder.Progress.NONE);
        for (int i = 0; i < out.size(); i++) {
            RecombinerEncoder.Encoded e = out.get(i);
            int framing = e.file().length - 8 - RecombinerCodec.indexBytes(m);
            assertTrue(framing == 13 || framing == 14, "container framing " + framing); // 14 above 127 payload bytes
            RgbImage decoded = RecombinerCodec.decode(RecombinerModel.fromBytes(m.toBytes()), e.file());
            assertArrayEquals(e.reconstruction().samples(), decoded.samples());
            assertTrue(e.psnr() > 10, "psnr " + e.psnr());
        }
        // the same images, model and seed give the same bytes
        List<RecombinerEncoder.Encoded> again = enc.encode(test, RecombinerEncoder.Progress.NONE);
        for (int i = 0; i < out.size(); i++) {
            assertArrayEquals(out.get(i).file(), again.get(i).file());
        }
    }

    @Test
    void patchedSignalsOfOneDimensionCodeToo() {
        List<float[]> train = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            train.add(wave(k, 64));
        }
        RecombinerModel m = new RecombinerPriorLearner(AUDIO, settings()).learn("patched-1d",
                train.toArray(float[][]::new), RecombinerPriorLearner.Listener.NONE).model();
        RecombinerEncoder enc = new RecombinerEncoder(m, RecombinerEncoder.Settings.paper().withSteps(60, 40, 3));
        List<float[]> test = List.of(wave(9, 64));
        List<RecombinerEncoder.Coded> out = enc.encodeSignals(test, RecombinerEncoder.Progress.NONE);
        double[] decoded = RecombinerCodec.render(m, RecombinerCodec.latents(m,
                RecombinerCodec.indices(m, out.get(0).file())));
        assertEquals(64, decoded.length);
        double mse = 0;
        for (int i = 0; i < 64; i++) {
            double d = Math.min(1, Math.max(0, decoded[i])) - test.get(0)[i];
            mse += d * d / 64;
        }
        double variance = 0;
        double mean = 0;
        for (float v : test.get(0)) {
            mean += v / 64.0;
        }
        for (float v : test.get(0)) {
            variance += (v - mean) * (v - mean) / 64;
        }
        assertTrue(mse < variance, "the decoded signal explains some of the signal: mse " + mse + ", variance "
                + variance);
    }
}
