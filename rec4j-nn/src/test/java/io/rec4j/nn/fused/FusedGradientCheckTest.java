package io.rec4j.nn.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.inr.SirenArchitecture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-written backward pass against central finite differences of an independent float64 forward pass with the
 * same injected noise, for every μ and ρ of a small network (several chunks, a short last chunk, two threads), for both
 * kinds of kernels.
 */
class FusedGradientCheckTest {

    /** Relative tolerance: the engine accumulates in float32 (≈1e−7 per operation over ≤ 20 pixels). */
    private static final double REL_TOL = 2e-4;
    /** Absolute floor of the comparison scale: gradients below it are compared absolutely. */
    private static final double FLOOR = 1e-4;

    @ParameterizedTest
    @CsvSource({"SCALAR, 8", "VECTOR, 8", "VECTOR, 12"})
    void backwardMatchesCentralDifferencesOfTheFloat64Loss(FusedKernels kernels, int chunk) {
        SirenArchitecture arch = SirenArchitecture.of(2, 8, 6, 3 - 1, 3);
        int h = 5, w = 4, n = h * w;
        FusedFixtures.Problem pr = FusedFixtures.problem(arch, h, w, 11);
        float[][][] noise = FusedFixtures.noise(arch, n, 5);
        float[] feats = FusedFixtures.features(arch, h, w);
        float[] targets = FusedFixtures.flatTargets(pr.image());
        int fixedIndex = 3;
        int p = arch.parameterCount();
        boolean[] fixed = new boolean[p];
        fixed[fixedIndex] = true;
        double[] mu = pr.mu().clone();
        double[] rho = pr.rho().clone();
        mu[fixedIndex] = 0.01;
        try (FusedInrPosterior q = new FusedInrPosterior(arch, pr.image(), pr.prior(), pr.beta(), 1e-3, pr.mu(),
                pr.rho(), 1, 2, chunk, kernels)) {
            q.fix(new int[] {fixedIndex}, new double[] {0.01});
            FusedInrPosterior.Evaluation e = q.evaluate(noise[0], noise[1]);
            double ref = FusedFixtures.referenceLoss(pr, mu, rho, fixed, feats, targets, noise[0], noise[1]);
            assertEquals(ref, e.loss(), 1e-6 * ref, "loss");
            double step = 1e-6;
            double worst = 0;
            for (int i = 0; i < p; i++) {
                for (boolean isRho : new boolean[] {false, true}) {
                    double[] x = isRho ? rho : mu;
                    double base = x[i];
                    x[i] = base + step;
                    double up = FusedFixtures.referenceLoss(pr, mu, rho, fixed, feats, targets, noise[0], noise[1]);
                    x[i] = base - step;
                    double down = FusedFixtures.referenceLoss(pr, mu, rho, fixed, feats, targets, noise[0], noise[1]);
                    x[i] = base;
                    double fd = (up - down) / (2 * step);
                    double ad = isRho ? e.gradRho()[i] : e.gradMean()[i];
                    String what = (isRho ? "ρ" : "μ") + "[" + i + "]";
                    if (i == fixedIndex) {
                        assertEquals(0.0, ad, 0.0, "fixed " + what);
                        continue;
                    }
                    double scale = Math.max(Math.abs(fd), FLOOR);
                    worst = Math.max(worst, Math.abs(ad - fd) / scale);
                    assertEquals(fd, ad, REL_TOL * scale, what);
                }
            }
            System.out.printf("fused gradient check (%s, chunk %d): %d scalars, worst relative error %.2e%n", kernels,
                    chunk, p, worst);
            assertTrue(worst < REL_TOL);
        }
    }
}
