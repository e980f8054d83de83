package io.rec4j.codec.recombiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rec4j.core.rec.dist.DiagonalGaussian;
import org.junit.jupiter.api.Test;

class HierarchicalLatentsTest {
    @Test
    void eachPatchSumsItsOwnGroupAndTheSignalLevel() {
        RecombinerArchitecture a = RecombinerArchitecture.photoPatches(8, 12); // 96 patches, 6 groups of 4 x 4
        int n = a.weightLatentCount();
        double[][] h1 = new double[96][n];
        double[][] h2 = new double[6][n];
        double[] h3 = new double[n];
        for (int k = 0; k < n; k++) {
            h3[k] = 1_000_000.0 * (k % 7);
            for (int g = 0; g < 6; g++) {
                h2[g][k] = 1000.0 * (g + 1);
            }
            for (int p = 0; p < 96; p++) {
                h1[p][k] = p;
            }
        }
        double[][] hw = HierarchicalLatents.compose(a, h1, h2, h3);
        for (int p = 0; p < 96; p++) {
            int r = p / 12;
            int c = p % 12;
            int g = (r / 4) * 3 + c / 4; // the paper's 2 x 3 groups of 4 x 4 patches
            for (int k = 0; k < n; k += 97) {
                assertEquals(p + 1000.0 * (g + 1) + 1_000_000.0 * (k % 7), hw[p][k]);
            }
        }
    }

    @Test
    void sumOrderIsPatchPlusGroupThenSignal() {
        RecombinerArchitecture a = RecombinerArchitecture.audio(4); // one group
        int n = a.weightLatentCount();
        double[][] h1 = new double[4][n];
        double[][] h2 = new double[1][n];
        double[] h3 = new double[n];
        h1[0][0] = 1.0;
        h2[0][0] = 0x1p-53;
        h3[0] = 0x1p-53;
        // (1 + 2^-53) + 2^-53 rounds to 1 twice; 1 + (2^-53 + 2^-53) would be 1 + 2^-52
        assertEquals(1.0, HierarchicalLatents.compose(a, h1, h2, h3)[0][0]);
    }

    @Test
    void unpatchedSignalsHaveOneLevel() {
        RecombinerArchitecture a = RecombinerArchitecture.cifar10();
        double[][] h1 = {RecombinerFixtures.uniform(1, a.weightLatentCount(), 1.0)};
        assertArrayEquals(h1[0], HierarchicalLatents.compose(a, h1, null, null)[0]);
        assertThrows(IllegalArgumentException.class,
                () -> HierarchicalLatents.compose(a, h1, null, new double[a.weightLatentCount()]));
        RecombinerArchitecture k = RecombinerArchitecture.photoPatches(4, 4);
        double[][] p = new double[16][k.weightLatentCount()];
        assertThrows(IllegalArgumentException.class, () -> HierarchicalLatents.compose(k, p, null, null));
        assertThrows(IllegalArgumentException.class, () -> HierarchicalLatents.compose(k, p,
                new double[2][k.weightLatentCount()], new double[k.weightLatentCount()]));
    }

    @Test
    void priorsOfIndependentLevelsAddMeansAndVariances() {
        double[] m1 = {0.5, -1.0, 0.0};
        double[] m2 = {0.25, 2.0, 0.0};
        double[] m3 = {-0.125, 0.5, 3.0};
        double[] s1 = {3.0, 1.0, 0.021155};
        double[] s2 = {4.0, 2.0, 0.021155};
        double[] s3 = {12.0, 2.0, 0.021155};
        DiagonalGaussian sum = HierarchicalLatents.composePrior(DiagonalGaussian.of(m1, s1), DiagonalGaussian.of(m2,
                s2), DiagonalGaussian.of(m3, s3));
        assertEquals(0.625, sum.mean(0));
        assertEquals(1.5, sum.mean(1));
        assertEquals(3.0, sum.mean(2));
        assertEquals(13.0, sum.std(0)); // sqrt(9 + 16 + 144)
        assertEquals(3.0, sum.std(1)); // sqrt(1 + 4 + 4)
        assertEquals(0.021155 * Math.sqrt(3.0), sum.std(2), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> HierarchicalLatents.composePrior(
                DiagonalGaussian.of(m1, s1), DiagonalGaussian.standard(2), DiagonalGaussian.of(m3, s3)));
    }
}
