package io.rec4j.nn.fused;

import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.nn.SirenInit;
import io.rec4j.nn.djl.DjlReference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


/**
 * With identical injected noise and identical (double-computed) features, the fused engine's loss and gradients
 * w.r.t. μ and ρ equal the DJL/PyTorch autograd of {@code VariationalSiren} and {@code BetaElbo} in float32.
 */
class FusedDjlAgreementTest {

    /**
     * Per scalar, |g_fused − g_djl| ≤ REL_TOL·max(|g_djl|, 1e−2·max|g_djl| over the same kind (μ or ρ)): float32
     * sums over 256 pixels in different orders differ by ~1e−6 relative; tiny entries are compared on the scale of
     * their tensor family.
     */
    private static final double REL_TOL = 1e-4;

    @ParameterizedTest
    @EnumSource(FusedKernels.class)
    void lossAndGradientsEqualDjlAutograd(FusedKernels kernels) {
        SirenArchitecture arch = SirenArchitecture.of(2, 16, 12, 3, 3);
        int h = 16, w = 16, n = h * w;
        FusedFixtures.Problem pr = FusedFixtures.problem(arch, h, w, 21);
        double[] mu = SirenInit.initialMeans(arch, 21); // COMBINER-scale means: a realistic operating point
        float[][][] noise = FusedFixtures.noise(arch, n, 9);
        int[] fixIdx = {2, arch.layerOffset(1) + 5, arch.parameterCount() - 1};
        double[] fixVal = {0.01, -0.02, 0.03};
        DjlReference.Result djl = stableReference(() -> djlReference(arch, h, w, pr, mu, fixIdx, fixVal, noise));
        try (FusedInrPosterior q = new FusedInrPosterior(arch, pr.image(), pr.prior(), pr.beta(), 1e-3, mu, pr.rho(),
                1, 2, 64, kernels)) {
            q.fix(fixIdx, fixVal);
            FusedInrPosterior.Evaluation e = q.evaluate(noise[0], noise[1]);
            assertEquals(djl.mse(), e.mse(), 1e-5 * djl.mse(), "mse");
            assertEquals(djl.weightedKl(), e.weightedKl(), 1e-5 * Math.abs(djl.weightedKl()), "Σβ·KL");
            assertEquals(djl.loss(), e.loss(), 1e-5 * djl.loss(), "loss");
            double worstMu = worst(e.gradMean(), djl.gradMean(), "μ");
            double worstRho = worst(e.gradRho(), djl.gradRho(), "ρ");
            System.out.printf("fused (%s) vs DJL: loss %.8e vs %.8e; worst gradient error μ %.2e, ρ %.2e (relative)%n",
                    kernels, e.loss(), djl.loss(), worstMu, worstRho);
            for (int k : fixIdx) {
                assertEquals(0.0, e.gradMean()[k]);
                assertEquals(0.0, e.gradRho()[k]);
            }
        }
    }

    /**
     * The DJL reference, required to repeat itself bit for bit (PyTorch runs single-threaded in these tests): two
     * computations that agree, or, when the first two differ, the one the third agrees with. Once, on a fresh clone,
     * the first autograd of a test JVM returned a gradient far from every later run's (μ[0] −5.3e−4 instead of the
     * 1.588e−2 that the fused engine and every other DJL run gave); an oracle that disagrees with itself twice fails
     * the test, naming the oracle rather than the engine under test.
     */
    private static DjlReference.Result stableReference(java.util.function.Supplier<DjlReference.Result> compute) {
        DjlReference.Result a = compute.get();
        DjlReference.Result b = compute.get();
        if (same(a, b)) {
            return a;
        }
        DjlReference.Result c = compute.get();
        System.out.println("DJL reference: two computations differed; a third decides");
        if (same(a, c)) {
            return a;
        }
        assertTrue(same(b, c), "the DJL reference gave three different results");
        return b;
    }

    private static boolean same(DjlReference.Result a, DjlReference.Result b) {
        return java.util.Arrays.equals(a.gradMean(), b.gradMean()) && java.util.Arrays.equals(a.gradRho(), b.gradRho())
                && a.loss() == b.loss();
    }

    private static DjlReference.Result djlReference(SirenArchitecture arch, int h, int w, FusedFixtures.Problem pr,
                                                    double[] mu, int[] fixIdx, double[] fixVal, float[][][] noise) {
        return DjlReference.lossAndGradients(arch, FusedFixtures.features(arch, h, w),
                FusedFixtures.flatTargets(pr.image()), pr.prior(), pr.beta(), mu, pr.rho(), fixIdx, fixVal,
                noise[0], noise[1]);
    }

    private static double worst(double[] fused, double[] djl, String what) {
        double max = 0;
        for (double g : djl) {
            max = Math.max(max, Math.abs(g));
        }
        double worst = 0;
        for (int k = 0; k < djl.length; k++) {
            double scale = Math.max(Math.abs(djl[k]), 1e-2 * max);
            double err = Math.abs(fused[k] - djl[k]) / scale;
            worst = Math.max(worst, err);
            assertTrue(err <= REL_TOL, what + "[" + k + "]: fused " + fused[k] + " djl " + djl[k]);
        }
        return worst;
    }
}
