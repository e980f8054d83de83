package io.rec4j.codec.inr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** γ(x) against hand-computed values ({@code docs/combiner.md}, "Coordinates and Fourier features"). */
class FourierFeaturesTest {
    private static final double HALF_SQRT2 = Math.sqrt(0.5);
    /** Hand values of magnitude ≤ 1 computed by a few correctly rounded operations: within two ulps of 1. */
    private static final double TWO_ULPS = 2 * Math.ulp(1.0);
    /** Error of cos/sin at u = π·x·1024 for |x| ≤ 1: the argument carries ~1024·π·2^-53 ≈ 4e-13 rounding. */
    private static final double HIGH_FREQ_TOL = 1e-12;
    /**
     * Relative error of f_k: the exponent k·ln(1024)/(F−1) ≤ 6.93 carries about two rounding errors of
     * ulp(6.93)/2 ≈ 4.4e-16 each, plus one ulp of exp: below 3e-15 relative.
     */
    private static final double REL_TOL = 3e-15;

    @Test
    void fourFrequenciesAreTheGeometricSeriesFromOneTo1024() {
        double[] f = new FourierFeatures(1, 8).frequencies();
        assertEquals(4, f.length);
        // docs/combiner.md: F = 4 gives 1, 10.079, 101.59, 1024, i.e. 2^(10k/3)
        assertEquals(1.0, f[0]);
        assertEquals(10.079, f[1], 5e-4);
        assertEquals(101.59, f[2], 5e-3);
        assertEquals(1024.0, f[3], 1024 * REL_TOL);
        for (int k = 0; k < 4; k++) {
            double exact = Math.pow(2, 10.0 * k / 3);
            assertEquals(exact, f[k], exact * REL_TOL, "f_" + k);
        }
    }

    @Test
    void sixteenFrequenciesOfCombinerKodak() {
        FourierFeatures ff = new FourierFeatures(2, 64);
        assertEquals(16, ff.frequencyCount());
        double[] f = ff.frequencies();
        assertEquals(1.0, f[0]);
        // f_k = 1024^(k/15) = 2^(2k/3): f_3 = 4, f_15 = 1024
        assertEquals(4.0, f[3], 4 * REL_TOL);
        assertEquals(1024.0, f[15], 1024 * REL_TOL);
    }

    @Test
    void oneDimensionalPoint() {
        FourierFeatures ff = new FourierFeatures(1, 8);
        // x = 0.5: u_k = π/2·f_k; f_0 = 1 gives cos 0-ish, sin 1; f_3 = 1024 gives u = 512π: cos 1, sin 0
        double[] g = ff.embed(0.5);
        assertEquals(8, g.length);
        assertEquals(0.0, g[0], TWO_ULPS);
        assertEquals(1.0, g[4], TWO_ULPS);
        assertEquals(1.0, g[3], HIGH_FREQ_TOL);
        assertEquals(0.0, g[7], HIGH_FREQ_TOL);
        // x = 0.25: u_0 = π/4
        double[] q = ff.embed(0.25);
        assertEquals(HALF_SQRT2, q[0], TWO_ULPS);
        assertEquals(HALF_SQRT2, q[4], TWO_ULPS);
        // x = 0: all cosines 1, all sines 0
        assertArrayEquals(new double[] {1, 1, 1, 1, 0, 0, 0, 0}, ff.embed(0.0));
    }

    @Test
    void twoDimensionalPointIsDimensionMajorCosinesThenSines() {
        FourierFeatures ff = new FourierFeatures(2, 16);
        double[] g = ff.embed(0.5, -0.25);
        // cosines: axis 0 (x = 0.5) at 0..3, axis 1 (x = -0.25) at 4..7; sines at 8..15 in the same order
        assertEquals(0.0, g[0], TWO_ULPS); // cos(π/2)
        assertEquals(HALF_SQRT2, g[4], TWO_ULPS); // cos(-π/4)
        assertEquals(1.0, g[7], HIGH_FREQ_TOL); // cos(-256π)
        assertEquals(1.0, g[8], TWO_ULPS); // sin(π/2)
        assertEquals(-HALF_SQRT2, g[12], TWO_ULPS); // sin(-π/4)
        assertEquals(0.0, g[15], HIGH_FREQ_TOL); // sin(-256π)
        double f1 = Math.pow(2, 10.0 / 3);
        assertEquals(Math.cos(Math.PI * 0.5 * f1), g[1], 1e-14);
        assertEquals(Math.sin(Math.PI * -0.25 * f1), g[13], 1e-14);
    }

    @Test
    void embedAllMatchesPointwiseEmbedding() {
        FourierFeatures ff = new FourierFeatures(2, 12);
        double[] grid = CoordinateGrid.image(3, 5);
        double[] all = ff.embedAll(grid);
        assertEquals(15 * 12, all.length);
        for (int p = 0; p < 15; p++) {
            double[] one = ff.embed(grid[2 * p], grid[2 * p + 1]);
            for (int k = 0; k < 12; k++) {
                assertEquals(Double.doubleToRawLongBits(one[k]), Double.doubleToRawLongBits(all[12 * p + k]));
            }
        }
    }

    @Test
    void singleFrequencyIsOne() {
        assertArrayEquals(new double[] {1.0}, new FourierFeatures(2, 4).frequencies());
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new FourierFeatures(2, 6));
        assertThrows(IllegalArgumentException.class, () -> new FourierFeatures(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new FourierFeatures(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FourierFeatures(1, 8).embed(1.0, 2.0));
    }
}
