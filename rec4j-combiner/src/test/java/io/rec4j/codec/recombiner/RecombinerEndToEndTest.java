package io.rec4j.codec.recombiner;

import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.SyntheticScene;
import io.rec4j.core.Rec4jDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RECOMBINER end to end on a tiny architecture: prior learning, encoding of a batch, decoding from the file alone,
 * and the model file. Real sizes are exercised by {@code rec4j bench recombiner}.
 */
class RecombinerEndToEndTest {
    /** 16×16 RGB, E = 8, 4 encoding channels, 2 hidden layers of 8, latent grid 4×4×6, φ with 5 hidden channels. */
    static final RecombinerArchitecture TINY = new RecombinerArchitecture(2, 16, 16, 1, 1, 8, 4, 8, 2, 3, 6, 5, 1,
            1, 1);
    static RecombinerPriorLearner.Result learned;
    static List<RgbImage> test;

    static List<RgbImage> crops(RgbImage scene, int count, int offset) {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int k = i + offset;
            out.add(scene.crop((k * 37) % (scene.width() - 16), (k * 53) % (scene.height() - 16), 16, 16));
        }
        return out;
    }

    @BeforeAll
    static void learn() {
        RgbImage scene = SyntheticScene.generate(256, 256);
        List<RgbImage> train = crops(scene, 8, 0);
        test = crops(scene, 2, 100);
        float[][] signals = train.stream().map(RecombinerEncoder::signal).toArray(float[][]::new);
        RecombinerPriorLearner.Settings s = new RecombinerPriorLearner.Settings(4, 60, 40, 2e-3, 2.0, 0.3, 0.1,
                1e-8, 16, 7);
        learned = new RecombinerPriorLearner(TINY, s).learn("tiny", signals, RecombinerPriorLearner.Listener.NONE);
    }

    @Test
    void warmStartContinuesFromTheStartingModel() {
        RgbImage scene = SyntheticScene.generate(256, 256);
        float[][] signals = crops(scene, 8, 0).stream().map(RecombinerEncoder::signal).toArray(float[][]::new);
        RecombinerModel start = learned.model();
        // no steps: the network comes back as it went in, and the prior's means are the starting prior's
        RecombinerPriorLearner.Settings none = new RecombinerPriorLearner.Settings(1, 0, 0, 2e-3, 2.0, 0.3, 0.1,
                start.beta(), 16, 7);
        RecombinerModel same = new RecombinerPriorLearner(TINY, none).learn("warm", signals, null, start,
                RecombinerPriorLearner.Listener.NONE).model();
        assertArrayEquals(start.networkFloats(), same.networkFloats());
        double[] want = start.levels().get(0).prior().means();
        double[] got = same.levels().get(0).prior().means();
        for (int d = 0; d < want.length; d++) {
            assertEquals(want[d], got[d], 1e-6 * Math.max(1, Math.abs(want[d])), "latent " + d);
        }
        // a short first round fits the training images better from the trained model than from scratch
        RecombinerPriorLearner.Settings shortRound = new RecombinerPriorLearner.Settings(1, 20, 20, 2e-3, 2.0, 0.3,
                0.1, start.beta(), 16, 7);
        double warm = new RecombinerPriorLearner(TINY, shortRound).learn("warm", signals, null, start,
                RecombinerPriorLearner.Listener.NONE).rounds().get(0).meanMse();
        double cold = new RecombinerPriorLearner(TINY, shortRound).learn("cold", signals, null, null,
                RecombinerPriorLearner.Listener.NONE).rounds().get(0).meanMse();
        assertTrue(warm < cold, "warm start MSE " + warm + ", cold " + cold);
        RecombinerArchitecture other = new RecombinerArchitecture(2, 16, 16, 1, 1, 8, 4, 8, 2, 3, 6, 4, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new RecombinerPriorLearner(other, shortRound)
                .learn("x", signals, null, start, RecombinerPriorLearner.Listener.NONE));
    }

    @Test
    void learnedModelRoundTripsThroughItsFile() {
        RecombinerModel m = learned.model();
        byte[] bytes = m.toBytes();
        RecombinerModel back = RecombinerModel.fromBytes(bytes);
        assertEquals(m, back);
        assertEquals(m.id(), back.id());
        assertEquals(4, learned.rounds().size());
        assertTrue(m.plan().blockCount() >= 1);
    }

    @Test
    void encodedBatchDecodesFromTheFileAloneToTheEncodersReconstruction() {
        RecombinerModel m = learned.model();
        RecombinerEncoder enc = new RecombinerEncoder(m, RecombinerEncoder.Settings.paper().withSteps(60, 40, 5));
        List<RecombinerEncoder.Encoded> out = enc.encode(test, RecombinerEncoder.Progress.NONE);
        assertEquals(2, out.size());
        for (int i = 0; i < out.size(); i++) {
            RecombinerEncoder.Encoded e = out.get(i);
            int overhead = e.file().length - 8 - (16 * m.plan().blockCount() + 7) / 8; // container framing
            assertTrue(overhead >= 13 && overhead <= 14, "container overhead " + overhead);
            RecombinerModel fresh = RecombinerModel.fromBytes(m.toBytes());
            RgbImage decoded = RecombinerCodec.decode(fresh, e.file());
            assertArrayEquals(e.reconstruction().samples(), decoded.samples());
            assertTrue(e.psnr() > 10, "psnr " + e.psnr());
        }
    }

    @Test
    void encodingIsReproducible() {
        RecombinerEncoder enc = new RecombinerEncoder(learned.model(),
                RecombinerEncoder.Settings.paper().withSteps(30, 20, 3));
        List<RecombinerEncoder.Encoded> a = enc.encode(test, RecombinerEncoder.Progress.NONE);
        List<RecombinerEncoder.Encoded> b = enc.encode(test, RecombinerEncoder.Progress.NONE);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).file(), b.get(i).file(), "image " + i);
        }
    }

    @Test
    void damagedFilesAndOtherModelsAreRefused() {
        RecombinerModel m = learned.model();
        byte[] idx = new byte[RecombinerCodec.indexBytes(m)];
        Arrays.fill(idx, (byte) 0x5A);
        byte[] file = RecombinerCodec.fromIndices(m, idx);
        RecombinerCodec.decode(m, file); // any index is valid
        assertThrows(Rec4jDataException.class,
                () -> RecombinerCodec.decode(m, Arrays.copyOf(file, file.length - 1)));
        byte[] flipped = file.clone();
        flipped[file.length / 2] ^= 1;
        assertThrows(Rec4jDataException.class, () -> RecombinerCodec.decode(m, flipped));
        RecombinerModel other = new RecombinerModel("other", m.architecture(), toFloat(m.networkParameters()),
                m.prior(), m.initRho(), m.plan(), m.seed() + 1, m.kappa(), m.beta());
        assertThrows(Rec4jDataException.class, () -> RecombinerCodec.decode(other, file));
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
