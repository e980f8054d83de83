package io.rec4j.codec.inr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The decoder's renderer: the same bits as the reference forward pass, whatever the blocking. */
class GridRendererTest {
    private static double[] params(SirenArchitecture arch, long seed, double scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] p = new double[arch.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = scale * rnd.nextGaussian();
        }
        return p;
    }

    @Test
    void strictMathRenderingIsBitIdenticalToTheReferenceForwardPass() {
        // widths that are and are not multiples of the 4-output blocks, grids that are not multiples of 4 points
        SirenArchitecture[] archs = {SirenArchitecture.of(2, 32, 32, 3, 3), SirenArchitecture.of(2, 16, 6, 2, 3),
            SirenArchitecture.of(2, 8, 5, 0, 1)};
        int[][] grids = {{64, 64}, {5, 7}, {1, 3}, {2, 2}};
        for (SirenArchitecture arch : archs) {
            double[] p = params(arch, arch.parameterCount(), 0.1);
            for (int[] g : grids) {
                double[] want = SirenNetwork.render(arch, p, g[0], g[1]);
                double[] got = new GridRenderer(arch, g[0], g[1]).render(p);
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                            arch + " " + g[0] + "x" + g[1] + " value " + i);
                }
            }
        }
    }

    @Test
    void polynomialRenderingIsBitIdenticalToThePointByPointForwardPass() {
        // 300 points: a full chunk and a short one; widths with and without a remainder of four-row blocks
        SirenArchitecture[] archs = {SirenArchitecture.of(2, 32, 48, 5, 3), SirenArchitecture.of(2, 16, 6, 2, 3),
            SirenArchitecture.of(2, 8, 5, 0, 1)};
        int[][] grids = {{20, 15}, {64, 64}, {1, 3}};
        for (SirenArchitecture arch : archs) {
            for (double scale : new double[] {0.05, 0.5}) { // 0.5: pre-activations in the thousands
                double[] p = params(arch, arch.parameterCount() + (long) (scale * 100), scale);
                for (int[] g : grids) {
                    int n = g[0] * g[1];
                    double[] embedded = new double[n * arch.embeddingSize()];
                    double[] points = CoordinateGrid.image(g[0], g[1]);
                    for (int q = 0; q < n; q++) {
                        arch.features().embed(points, 2 * q, embedded, q * arch.embeddingSize());
                    }
                    double[] want = new double[n * arch.outputChannels()];
                    SirenNetwork.evaluateEmbedded(arch, p, embedded, 0, n, want, SineFunction.POLYNOMIAL);
                    double[] got = new GridRenderer(arch, g[0], g[1], SineFunction.POLYNOMIAL).render(p);
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                                arch + " " + g[0] + "x" + g[1] + " scale " + scale + " value " + i);
                    }
                }
            }
        }
    }

    @Test
    void polynomialSineChangesTheOutputsOnlyInTheLastBits() {
        SirenArchitecture arch = SirenArchitecture.of(2, 32, 32, 3, 3);
        double[] p = params(arch, 3, 0.05);
        double[] strict = new GridRenderer(arch, 64, 64, SineFunction.STRICT_MATH).render(p);
        double[] poly = new GridRenderer(arch, 64, 64, SineFunction.POLYNOMIAL).render(p);
        int differ = 0;
        double worst = 0;
        for (int i = 0; i < strict.length; i++) {
            if (strict[i] != poly[i]) {
                differ++;
            }
            worst = Math.max(worst, Math.abs(strict[i] - poly[i]));
        }
        assertTrue(differ > 0, "the polynomial sine was not used");
        // a 2-ulp difference per activation, through three layers of 32 units with weights of 0.05 and w0 = 30
        assertTrue(worst < 1e-12, "largest output difference " + worst);
        assertArrayEquals(poly, new GridRenderer(arch, 64, 64, SineFunction.POLYNOMIAL).render(p));
    }
}
