package io.rec4j.core.rec.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quantities the exact searches rely on, checked against brute force on a dense grid for pairs whose ratio has
 * one or several modes, kinks, jumps and flat parts: {@link DensityRatio1D#logSup} never below the supremum over an
 * interval (and equal to it for one component on each side), D∞ never below the supremum, level sets that agree with
 * the grid's, and unimodality only where it holds.
 */
class DensityRatioBoundsTest {
    record Pair(String name, Distribution1D q, Distribution1D p, boolean single, boolean unimodal) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Mixture mix(double w, Distribution1D a, Distribution1D b) {
        return new Mixture(new double[] {w, 1 - w}, List.of(a, b));
    }

    static List<Pair> pairs() {
        return List.of(
                new Pair("N(0,1) vs Laplace(0,1)", new Normal(0, 1), new Laplace(0, 1), true, false),
                new Pair("U(-0.5,1) vs N(0,1)", new Uniform(-0.5, 1), new Normal(0, 1), true, false),
                new Pair("U(-1.5,1.5) vs N(0,1)", new Uniform(-1.5, 1.5), new Normal(0, 1), true, false),
                new Pair("N(0.3,0.5) vs Laplace(0,1)", new Normal(0.3, 0.5), new Laplace(0, 1), true, true),
                new Pair("Laplace(1,0.3) vs Laplace(0,1)", new Laplace(1, 0.3), new Laplace(0, 1), true, true),
                new Pair("Laplace(0.5,1) vs Laplace(0,1)", new Laplace(0.5, 1), new Laplace(0, 1), true, true),
                new Pair("Tri(-1,0.2,1) vs N(0,1)", new Triangular(-1, 0.2, 1), new Normal(0, 1), true, true),
                new Pair("Tri(-1,0.5,1) vs U(-2,2)", new Triangular(-1, 0.5, 1), new Uniform(-2, 2), true, true),
                new Pair("U(-1,1) vs Tri(-2,0,2)", new Uniform(-1, 1), new Triangular(-2, 0, 2), true, false),
                new Pair("Tri(-1,0,1) vs Tri(-2,-1,3)", new Triangular(-1, 0, 1), new Triangular(-2, -1, 3), true, true),
                new Pair("Tri(-1,0,1) vs mix Tri(-2,-1,0.5),U(-1.5,2)", new Triangular(-1, 0, 1),
                        mix(0.6, new Triangular(-2, -1, 0.5), new Uniform(-1.5, 2)), false, false),
                new Pair("mix N(-2,0.5),N(2,0.5) vs N(0,3)", mix(0.5, new Normal(-2, 0.5), new Normal(2, 0.5)),
                        new Normal(0, 3), false, false),
                new Pair("mix N(-1,0.2),Laplace(1,0.4) vs Laplace(0,2)",
                        mix(0.3, new Normal(-1, 0.2), new Laplace(1, 0.4)), new Laplace(0, 2), false, false),
                new Pair("N(0.3,0.5) vs mix N(-1,1),N(1,1.5)", new Normal(0.3, 0.5),
                        mix(0.3, new Normal(-1, 1), new Normal(1, 1.5)), false, false),
                new Pair("mix U(-2,-1),Tri(0,1,3) vs mix N(0,1),Laplace(0,2)",
                        mix(0.4, new Uniform(-2, -1), new Triangular(0, 1, 3)),
                        mix(0.5, new Normal(0, 1), new Laplace(0, 2)), false, false));
    }

    private static final int GRID = 4001;

    /** max of ℓ on an even grid over [a, b] and the largest step between neighbours (the grid's own error). */
    private static double[] gridMax(DensityRatio1D r, double a, double b) {
        double best = Double.NEGATIVE_INFINITY;
        double step = 0;
        double prev = Double.NaN;
        for (int i = 0; i < GRID; i++) {
            double x = a + (b - a) * i / (GRID - 1);
            double v = r.logRatio(x);
            best = Math.max(best, v);
            if (Double.isFinite(v) && Double.isFinite(prev)) {
                step = Math.max(step, Math.abs(v - prev));
            }
            prev = v;
        }
        return new double[] {best, step};
    }

    /** No rise of more than 1e-9 after a fall of more than 1e-9 along a fine grid. */
    private static boolean gridUnimodal(DensityRatio1D r, double a, double b) {
        int n = 600_001;
        boolean fallen = false;
        double peak = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = r.logRatio(a + (b - a) * i / (n - 1));
            if (!fallen) {
                if (v < peak - 1e-9) {
                    fallen = true;
                    low = v;
                }
                peak = Math.max(peak, v);
            } else {
                low = Math.min(low, v);
                if (v > low + 1e-9) {
                    return false;
                }
            }
        }
        return true;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void logSupIsNeverBelowTheSupremumAndExactForSingleComponents(Pair pair) {
        DensityRatio1D r = DensityRatio1D.of(pair.q, pair.p);
        SplittableRandom rng = new SplittableRandom(11);
        for (int t = 0; t < 300; t++) {
            double a = -4 + 8 * rng.nextDouble();
            double b = a + 4 * rng.nextDouble() * rng.nextDouble();
            double[] g = gridMax(r, a, b);
            double sup = r.logSup(a, b);
            assertTrue(sup >= g[0] - 1e-12, pair + ": logSup(" + a + ", " + b + ") = " + sup + " < grid max " + g[0]);
            if (pair.single && Double.isFinite(g[0])) {
                assertTrue(sup <= g[0] + g[1] + 1e-12, pair + ": logSup(" + a + ", " + b + ") = " + sup
                        + " above the grid max " + g[0] + " by more than its step " + g[1]);
            }
        }
        // tails: the bound covers everything out to a far grid
        double[] left = gridMax(r, -60, -3);
        double[] right = gridMax(r, 3, 60);
        assertTrue(r.logSup(Double.NEGATIVE_INFINITY, -3) >= left[0] - 1e-12, pair + " left tail");
        assertTrue(r.logSup(3, Double.POSITIVE_INFINITY) >= right[0] - 1e-12, pair + " right tail");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void maxLogRatioBoundsTheGridAndModeAttainsIt(Pair pair) {
        DensityRatio1D r = DensityRatio1D.of(pair.q, pair.p);
        double[] g = gridMax(r, -30, 30);
        double dinf = r.maxLogRatioNats();
        assertTrue(dinf >= g[0] - 1e-12, pair + ": D_inf " + dinf + " < grid max " + g[0]);
        assertTrue(dinf <= g[0] + g[1] + 1e-6, pair + ": D_inf " + dinf + " far above the grid max " + g[0]);
        assertEquals(dinf, r.logRatio(r.mode()), 1e-6, pair + ": the mode attains D_inf");
        assertEquals(pair.unimodal, r.isUnimodal(), pair + " unimodal");
        if (pair.single) {
            assertEquals(gridUnimodal(r, -30, 30), r.isUnimodal(), pair + ": unimodality against the grid");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void levelSetsAgreeWithTheGrid(Pair pair) {
        DensityRatio1D r = DensityRatio1D.of(pair.q, pair.p);
        double dinf = r.maxLogRatioNats();
        int n = 200_001;
        double lo = -12;
        double hi = 12;
        double dx = (hi - lo) / (n - 1);
        for (double frac : new double[] {0.02, 0.3, 0.7, 0.95}) {
            double level = dinf - frac * (dinf + 3);
            double[] set = r.levelSet(level);
            assertEquals(0, set.length % 2, "pairs of ends");
            for (int k = 0; k + 1 < set.length; k++) {
                assertTrue(set[k] <= set[k + 1], pair + ": sorted, disjoint intervals");
            }
            // P-mass of the set against the grid's: Riemann sums of p over points with ℓ ≥ level
            double grid = 0;
            for (int i = 0; i < n; i++) {
                double x = lo + i * dx;
                if (r.logRatio(x) >= level) {
                    grid += Math.exp(pair.p.logDensity(x)) * dx;
                }
            }
            double mass = 0;
            for (int k = 0; k + 1 < set.length; k += 2) {
                mass += pair.p.cdf(Math.min(set[k + 1], hi)) - pair.p.cdf(Math.max(set[k], lo));
            }
            assertEquals(grid, mass, 2e-4, pair + ": P-mass of the level set at " + level);
            // inside each interval ℓ ≥ level; between intervals it is below
            for (int k = 0; k + 1 < set.length; k += 2) {
                double a = Math.max(set[k], -1e6);
                double b = Math.min(set[k + 1], 1e6);
                assertTrue(r.logRatio(0.5 * (a + b)) >= level - 1e-9, pair + ": midpoint of an interval");
                if (k + 2 < set.length) {
                    assertTrue(r.logRatio(0.5 * (set[k + 1] + set[k + 2])) < level, pair + ": gap between intervals");
                }
            }
        }
    }

    @Test
    void severalModesGiveSeveralIntervals() {
        DensityRatio1D r = DensityRatio1D.of(new Normal(0, 1), new Laplace(0, 1));
        // ℓ = −x²/2 + |x| + const: modes at ±1, a dip at 0
        assertEquals(4, r.levelSet(r.logRatio(0.5)).length);
        assertEquals(2, r.levelSet(r.logRatio(0) - 0.01).length);
        assertEquals(1.0, Math.abs(r.mode()), 1e-9);
        assertFalse(r.isUnimodal());
    }

    @Test
    void unboundedRatiosAreReportedAndHaveNoLevelSets() {
        DensityRatio1D wide = DensityRatio1D.of(new Laplace(0, 2), new Normal(0, 1));
        assertEquals(Double.POSITIVE_INFINITY, wide.maxLogRatioNats());
        assertThrows(UnsupportedOperationException.class, () -> wide.levelSet(0));
        DensityRatio1D outside = DensityRatio1D.of(new Normal(0, 1), new Triangular(-1, 0, 1));
        assertEquals(Double.POSITIVE_INFINITY, outside.maxLogRatioNats());
        DensityRatio1D mixture = DensityRatio1D.of(mix(0.5, new Normal(0, 0.5), new Normal(0, 2)), new Normal(0, 1));
        assertEquals(Double.POSITIVE_INFINITY, mixture.maxLogRatioNats());
    }

    @Test
    void mixtureKlMatchesAMonteCarloFreeQuadrature() {
        // KL of a well-separated two-component mixture against N(0, 3²) by brute-force Riemann sum
        Distribution1D q = mix(0.5, new Normal(-2, 0.5), new Normal(2, 0.5));
        Distribution1D p = new Normal(0, 3);
        DensityRatio1D r = DensityRatio1D.of(q, p);
        double s = 0;
        double dx = 1e-4;
        for (double x = -10; x <= 10; x += dx) {
            double lq = q.logDensity(x);
            s += Math.exp(lq) * (lq - p.logDensity(x)) * dx;
        }
        assertEquals(s, r.klNats(), 1e-5);
    }
}
