package io.rec4j.codec.inr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The forward pass against hand computations, and its bit-level determinism. */
class SirenNetworkTest {
    /** Pinned when the forward pass was written; a change means every stored reconstruction changes. */
    static final String GOLDEN_RENDER = "f4a60fe6f6f297fd42640818b8710fcec60acb80cb6072497c65f25e727fc432";

    @Test
    void oneHiddenUnitOnePixel() {
        // 1×1 image: coordinate (0, 0), E = 4 (one frequency per axis): γ = [cos 0, cos 0, sin 0, sin 0] = [1, 1, 0, 0]
        SirenArchitecture arch = SirenArchitecture.of(2, 4, 1, 1, 1);
        assertEquals(7, arch.parameterCount());
        double[] p = {0.01, 0.02, 0.5, 0.7, 0.003, 2.0, -0.25};
        double[] y = SirenNetwork.render(arch, p, 1, 1);
        // hidden: sin(30·(0.01 + 0.02 + 0.003)) = sin(0.99) = 0.836026; output 2·0.836026 − 0.25 = 1.422052
        assertEquals(1, y.length);
        assertEquals(1.422052, y[0], 1e-6);
        assertEquals(2 * Math.sin(0.99) - 0.25, y[0], 1e-15);
    }

    @Test
    void twoUnitsTwoPixelsTwoChannelsCheckTheLayout() {
        // 1×2 image: points (0, −0.5) and (0, 0.5); γ = [cos 0, cos(∓π/2), sin 0, sin(∓π/2)] = [1, ~0, 0, s], s = ∓1
        SirenArchitecture arch = SirenArchitecture.of(2, 4, 2, 1, 2);
        double[] p = {
            0.010, -0.020, // W0 row 0 (input cos x_row)
            0.300, 0.400, // W0 row 1 (input cos x_col ≈ 0)
            0.500, 0.600, // W0 row 2 (input sin x_row = 0)
            0.005, 0.015, // W0 row 3 (input sin x_col = s)
            0.001, 0.002, // b0
            1.0, -2.0, // W1 row 0 (hidden unit 0)
            0.5, 3.0, // W1 row 1 (hidden unit 1)
            0.1, -0.1}; // b1
        assertEquals(arch.parameterCount(), p.length);
        double[] y = SirenNetwork.render(arch, p, 1, 2);
        assertEquals(4, y.length);
        for (int px = 0; px < 2; px++) {
            double s = px == 0 ? -1 : 1;
            double h0 = Math.sin(30 * (0.010 + s * 0.005 + 0.001));
            double h1 = Math.sin(30 * (-0.020 + s * 0.015 + 0.002));
            // cos(±π/2) ≈ 6e-17 times W0 row 1 moves the arguments by < 1e-15
            assertEquals(h0 + 0.5 * h1 + 0.1, y[2 * px], 1e-14, "pixel " + px + " channel 0");
            assertEquals(-2 * h0 + 3 * h1 - 0.1, y[2 * px + 1], 1e-14, "pixel " + px + " channel 1");
        }
        // hand values for pixel 0: h0 = sin(0.18) = 0.179030, h1 = sin(-0.99) = -0.836026
        assertEquals(0.179030 - 0.418013 + 0.1, y[0], 2e-6);
    }

    @Test
    void affineNetworkWithoutHiddenLayers() {
        // no sine layer: y = γ·W + b on a 1×1 image, γ = [1, 1, 0, 0]
        SirenArchitecture arch = SirenArchitecture.of(2, 4, 3, 0, 1);
        double[] y = SirenNetwork.render(arch, new double[] {0.25, 0.5, 7, 9, -1}, 1, 1);
        assertEquals(-0.25, y[0]);
    }

    @Test
    void renderIsBitReproducibleAndPinned() {
        double[] params = InrProbe.params(InrProbe.ARCH, InrProbe.PARAM_SEED);
        double[] a = SirenNetwork.render(InrProbe.ARCH, params, InrProbe.RENDER_H, InrProbe.RENDER_W);
        double[] b = SirenNetwork.render(InrProbe.ARCH, params.clone(), InrProbe.RENDER_H, InrProbe.RENDER_W);
        assertEquals(InrProbe.RENDER_H * InrProbe.RENDER_W * 3, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "sample " + i);
        }
        assertEquals(GOLDEN_RENDER, InrProbe.digest(a));
        assertEquals(GOLDEN_RENDER, InrProbe.renderDigest());
    }

    @Test
    void threadCountDoesNotChangeTheBits() {
        double[] params = InrProbe.params(InrProbe.ARCH, 11);
        double[] one = SirenNetwork.render(InrProbe.ARCH, params, 13, 9);
        for (int threads : new int[] {2, 3, 13, 40}) {
            double[] many = SirenNetwork.render(InrProbe.ARCH, params, 13, 9, threads);
            assertEquals(InrProbe.digest(one), InrProbe.digest(many), threads + " threads");
        }
        assertThrows(IllegalArgumentException.class, () -> SirenNetwork.render(InrProbe.ARCH, params, 2, 2, 0));
    }

    @Test
    void renderEqualsEvaluateOnTheGrid() {
        double[] params = InrProbe.params(InrProbe.ARCH, 7);
        assertArrayEquals(SirenNetwork.evaluate(InrProbe.ARCH, params, CoordinateGrid.image(3, 4)),
                SirenNetwork.render(InrProbe.ARCH, params, 3, 4));
    }

    @Test
    void rejectsMismatchedInputs() {
        SirenArchitecture arch = SirenArchitecture.of(2, 4, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> SirenNetwork.render(arch, new double[6], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SirenNetwork.render(arch, new double[7], 0, 1));
        SirenArchitecture oneD = SirenArchitecture.of(1, 2, 1, 1, 1);
        assertThrows(IllegalArgumentException.class,
                () -> SirenNetwork.render(oneD, new double[oneD.parameterCount()], 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> SirenNetwork.evaluate(arch, new double[7], new double[3]));
    }
}
