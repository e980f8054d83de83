package io.rec4j.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ESS and split-R̂ on sequences whose answers are known. */
class DiagnosticsTest {
    @Test
    void independentDrawsHaveFullEssAndUnitRHat() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] x = new double[4][2000];
        for (double[] c : x) {
            for (int i = 0; i < c.length; i++) {
                c[i] = r.nextGaussian();
            }
        }
        Diagnostics.Summary s = Diagnostics.summarise(x);
        assertEquals(8000, s.ess(), 8000 * 0.1);
        assertEquals(1, s.rHat(), 0.01);
    }

    /** An AR(1) chain with coefficient φ has τ = (1 + φ)/(1 − φ): φ = 0.8 gives ESS ≈ n/9. */
    @Test
    void autoregressiveChainHasTheTheoreticalEss() {
        SplittableRandom r = new SplittableRandom(4);
        double phi = 0.8;
        double[][] x = new double[4][20_000];
        for (double[] c : x) {
            double v = r.nextGaussian() / Math.sqrt(1 - phi * phi);
            for (int i = 0; i < c.length; i++) {
                v = phi * v + r.nextGaussian();
                c[i] = v;
            }
        }
        double ess = Diagnostics.ess(x);
        assertEquals(80_000 / 9.0, ess, 80_000 / 9.0 * 0.15);
    }

    @Test
    void chainsStuckInDifferentPlacesHaveLargeRHat() {
        SplittableRandom r = new SplittableRandom(5);
        double[][] x = new double[3][500];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 500; i++) {
                x[c][i] = 2 * c + r.nextGaussian();
            }
        }
        assertTrue(Diagnostics.splitRHat(x) > 1.5);
        // a drift within each chain is caught by the split
        double[][] drift = new double[2][500];
        for (double[] c : drift) {
            for (int i = 0; i < 500; i++) {
                c[i] = i / 100.0 + r.nextGaussian();
            }
        }
        assertTrue(Diagnostics.splitRHat(drift) > 1.2);
    }
}
