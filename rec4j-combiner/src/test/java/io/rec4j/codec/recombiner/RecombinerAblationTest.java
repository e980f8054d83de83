package io.rec4j.codec.recombiner;

import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.SyntheticScene;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper's ablations (§5.2) as models: without learned positional encodings, and without linear
 * reparameterisation. Each is learned, coded and decoded from its file alone on the tiny architecture of
 * {@link RecombinerEndToEndTest}.
 */
class RecombinerAblationTest {
    private static final RecombinerPriorLearner.Settings SETTINGS = new RecombinerPriorLearner.Settings(3, 60, 40,
            2e-3, 2.0, 0.3, 0.1, 1e-8, 16, 11);

    private static float[][] training() {
        RgbImage scene = SyntheticScene.generate(256, 256);
        return RecombinerEndToEndTest.crops(scene, 6, 0).stream().map(RecombinerEncoder::signal)
                .toArray(float[][]::new);
    }

    private static void codesAndDecodesFromTheFile(RecombinerModel m) {
        RgbImage scene = SyntheticScene.generate(256, 256);
        List<RgbImage> test = RecombinerEndToEndTest.crops(scene, 1, 100);
        RecombinerEncoder enc = new RecombinerEncoder(m, RecombinerEncoder.Settings.paper().withSteps(40, 20, 3));
        RecombinerEncoder.Encoded e = enc.encode(test, RecombinerEncoder.Progress.NONE).get(0);
        RecombinerModel fresh = RecombinerModel.fromBytes(m.toBytes());
        assertEquals(m.id(), fresh.id());
        assertArrayEquals(e.reconstruction().samples(), RecombinerCodec.decode(fresh, e.file()).samples());
        assertTrue(e.psnr() > 10, "psnr " + e.psnr());
    }

    @Test
    void withoutPositionalEncodingsThereIsNoGridAndNoUpsampler() {
        RecombinerArchitecture arch = RecombinerEndToEndTest.TINY.withoutPositionalEncodings();
        assertFalse(arch.hasPositionalEncodings());
        assertEquals(0, arch.gridLatentCount());
        assertEquals(0, arch.upsamplerParameterCount());
        assertEquals(arch.fourierSize(), arch.siren().layerInputDim(0));
        assertEquals(LinearReparameterisation.matrixValueCount(arch.siren()), RecombinerNetwork.parameterCount(arch));
        RecombinerModel m = new RecombinerPriorLearner(arch, SETTINGS).learn("no-pe", training(),
                RecombinerPriorLearner.Listener.NONE).model();
        assertEquals(arch, m.architecture());
        assertNull(m.network().upsampler());
        codesAndDecodesFromTheFile(m);
    }

    @Test
    void withoutReparameterisationEveryMatrixStaysTheIdentity() {
        RecombinerArchitecture arch = RecombinerEndToEndTest.TINY;
        RecombinerModel m = new RecombinerPriorLearner(arch, SETTINGS).withoutReparameterisation().learn("no-lr",
                training(), RecombinerPriorLearner.Listener.NONE).model();
        LinearReparameterisation a = m.network().reparameterisation();
        for (int l = 0; l < arch.siren().layerCount(); l++) {
            int n = arch.siren().layerParameterCount(l);
            double[] matrix = a.matrix(l);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(i == j ? 1.0 : 0.0, matrix[i * n + j], "layer " + l + " A[" + i + "][" + j + "]");
                }
            }
        }
        // φ was learned: it moved from its initial values (the same seed gives the same start)
        RecombinerModel full = new RecombinerPriorLearner(arch, new RecombinerPriorLearner.Settings(1, 0, 0, 2e-3,
                2.0, 0.3, 0.1, 1e-8, 16, 11)).learn("start", training(), RecombinerPriorLearner.Listener.NONE).model();
        int matrices = (int) LinearReparameterisation.matrixValueCount(arch.siren());
        float[] learnedPhi = java.util.Arrays.copyOfRange(m.networkFloats(), matrices, m.networkFloats().length);
        float[] initialPhi = java.util.Arrays.copyOfRange(full.networkFloats(), matrices,
                full.networkFloats().length);
        assertFalse(java.util.Arrays.equals(learnedPhi, initialPhi), "phi did not move");
        codesAndDecodesFromTheFile(m);
    }

    @Test
    void aFixedNetworkCannotBeCombinedWithIdentityMatrices() {
        RecombinerArchitecture arch = RecombinerEndToEndTest.TINY;
        float[] net = new float[(int) RecombinerNetwork.parameterCount(arch)];
        assertThrows(IllegalArgumentException.class, () -> new RecombinerPriorLearner(arch, SETTINGS)
                .withoutReparameterisation().learn("x", training(), net, RecombinerPriorLearner.Listener.NONE));
    }
}
