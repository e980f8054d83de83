package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.math.SpecialFunctions;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.RecProblem;
import org.junit.jupiter.api.Test;

/**
 * Why iREC's indices are packed uniformly instead of entropy-coded ({@code docs/algorithms.md}, "iREC", codeword).
 *
 * <p>Claim: at every step the candidates are i.i.d. given the path so far, and both selections treat them
 * symmetrically, so the chosen index is uniform on {@code [0, M)} and independent of the earlier indices
 * (exchangeability). A static entropy model can then save nothing over {@code log₂M} bits per index, and the
 * mixed-radix packing is already within one bit per 128 indices of that.
 *
 * <p>Logic: n = 2000 encodings (seeds {@code fromSeed(SEED).derive(t)}) of a 3-step fixture and of the 17-step 8-D
 * fixture of {@link IrecBiasTest}, with M = 36 (Ω = 3, 1+ε = 1.2), for {@code SAMPLE} (B = 1) and {@code ARGMAX}
 * (B = 1 and B = 4). Pearson's chi-square of: the index histogram of each of the first three steps (36 cells, 35
 * degrees of freedom), and the joint histogram of the first two indices cut into 6 × 6 cells ({@code ⌊n/6⌋}; 35
 * degrees of freedom; tests independence and uniformity together). Every statistic must stay below the chi-square
 * quantile at α = 0.001 divided by the number of statistics (Bonferroni over 2 fixtures × 3 selections × 4 tables),
 * computed with the Wilson–Hilferty approximation (relative error below 0.5% at 35 degrees of freedom).
 */
class IrecIndexCodeTest {
    private static final int TRIALS = 2000;
    private static final long SEED = 36;
    private static final int TESTS = 2 * 3 * 4;

    /** Wilson–Hilferty: the upper-{@code alpha} quantile of chi-square with {@code k} degrees of freedom. */
    static double chiSquareQuantile(int k, double alpha) {
        double z = SpecialFunctions.normalQuantile(1 - alpha);
        double a = 2.0 / (9.0 * k);
        return k * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    static double chiSquareUniform(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double e = (double) n / counts.length;
        double chi = 0;
        for (long c : counts) {
            chi += (c - e) * (c - e) / e;
        }
        return chi;
    }

    private static void assertUniform(IrecCoder coder, RecProblem problem, String label) {
        int m = coder.candidatesPerStep();
        long[][] perStep = new long[3][m];
        long[] pairs = new long[36];
        SharedRandomness master = SharedRandomness.fromSeed(SEED);
        for (int t = 0; t < TRIALS; t++) {
            Codeword c = coder.encode(problem, master.derive(t)).codeword();
            assertTrue(c.value(0) >= 3, "fixture needs three steps");
            for (int j = 0; j < 3; j++) {
                perStep[j][(int) c.value(j + 2)]++;
            }
            pairs[(int) (c.value(2) / 6) * 6 + (int) (c.value(3) / 6)]++;
        }
        double critical = chiSquareQuantile(35, 0.001 / TESTS);
        for (int j = 0; j < 3; j++) {
            double chi = chiSquareUniform(perStep[j]);
            System.out.printf("iREC index step %d %-8s %-68s chi2 = %.1f (critical %.1f)%n", j, label, coder, chi, critical);
            assertTrue(chi < critical, label + " " + coder + " step " + j + ": chi-square " + chi);
        }
        double chi = chiSquareUniform(pairs);
        System.out.printf("iREC index pair %-8s %-68s chi2 = %.1f (critical %.1f)%n", label, coder, chi, critical);
        assertTrue(chi < critical, label + " " + coder + " first two indices: chi-square " + chi);
    }

    @Test
    void indicesAreUniformAndIndependentUnderEverySelection() {
        assertTrue(chiSquareQuantile(35, 0.001) > 66.2 && chiSquareQuantile(35, 0.001) < 66.9); // table: 66.62
        IrecCoder[] coders = {
            new IrecCoder(3, 1.2, 1, IrecCoder.Selection.SAMPLE),
            new IrecCoder(3, 1.2, 1, IrecCoder.Selection.ARGMAX),
            new IrecCoder(3, 1.2, 4, IrecCoder.Selection.ARGMAX)
        };
        for (IrecCoder coder : coders) {
            assertUniform(coder, IrecFixtureKsTest.narrowTarget(3, 10), "narrow3");
            assertUniform(coder, IrecBiasTest.fixture8(), "fixture8");
        }
    }
}
