package io.rec4j.nn.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/**
 * γ(x) and the coordinate grid against values worked out by hand from {@code docs/combiner.md},
 * "Coordinates and Fourier features".
 */
class FourierFeaturesTest {

    @Test
    void fourFrequenciesAreTheGeometricSeriesFromOneTo1024() {
        // F = 4: 1024^(k/3) = 1, 10.0794, 101.5937, 1024 (docs/combiner.md).
        double[] f = new FourierFeatures(2, 16).frequencies();
        assertArrayEquals(new double[] {1.0, 10.079368399158986, 101.59366732596479, 1024.0}, f, 1e-12);
        assertEquals(16, new FourierFeatures(2, 64).frequencyCount());
    }

    @Test
    void embeddingIsDimensionMajorCosinesThenSines() {
        double[] f = {1.0, 10.079368399158986, 101.59366732596479, 1024.0};
        double[][] x = {{0.25, -0.5}, {-1.0 / 3, 0.875}};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = new FourierFeatures(2, 16).apply(m.create(new double[] {x[0][0], x[0][1], x[1][0], x[1][1]})
                    .reshape(2, 2));
            assertEquals(DataType.FLOAT64, g.getDataType());
            double[] got = g.toDoubleArray();
            for (int n = 0; n < 2; n++) {
                for (int i = 0; i < 2; i++) {
                    for (int k = 0; k < 4; k++) {
                        double u = Math.PI * x[n][i] * f[k];
                        assertEquals(Math.cos(u), got[n * 16 + i * 4 + k], 1e-12, "cos u[" + (i * 4 + k) + "]");
                        assertEquals(Math.sin(u), got[n * 16 + 8 + i * 4 + k], 1e-12, "sin u[" + (i * 4 + k) + "]");
                    }
                }
            }
            // A point by hand: x0 = 0.25, f1 = 10.0794 -> u1 = 7.91632 = 2π + 1.63313, cos = −0.06230, sin = 0.99806
            assertEquals(-0.06230, got[1], 5e-5);
            assertEquals(0.99806, got[9], 5e-5);
        }
    }

    @Test
    void rejectsEmbeddingsWithoutTwoFrequencies() {
        assertThrows(IllegalArgumentException.class, () -> new FourierFeatures(2, 4));
        assertThrows(IllegalArgumentException.class, () -> new FourierFeatures(2, 10));
    }

    @Test
    void gridIsPixelCentresRowMajorEachAxisOnItsOwn() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] g = CoordinateGrid.of(m, 2, 3, DataType.FLOAT64).toDoubleArray();
            double a = 2.0 / 3;
            assertArrayEquals(new double[] {-0.5, -a, -0.5, 0, -0.5, a, 0.5, -a, 0.5, 0, 0.5, a}, g, 1e-15);
            float[] g32 = CoordinateGrid.of(m, 2, 3, DataType.FLOAT32).toFloatArray();
            assertEquals((float) -a, g32[1]);
        }
    }
}
