package io.rec4j.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The mean-field baseline: its KL in closed form, and training that tightens the certificate it is scored by. */
class MeanFieldViTest {
    @Test
    void klMatchesTheGaussianFormula() {
        MeanFieldVi.Posterior q = new MeanFieldVi.Posterior(new double[] {0.3, -1}, new double[] {0.5, 2});
        // KL(N(a, s²)‖N(m, t²)) = ln(t/s) + (s² + (a − m)²)/(2t²) − ½, summed
        double want = Math.log(1 / 0.5) + (0.25 + 0.09) / 2 - 0.5 + Math.log(1.5 / 2) + (4 + 0.25) / (2 * 2.25) - 0.5;
        assertEquals(want, q.kl(new double[] {0, -0.5}, new double[] {1, 1.5}), 1e-14);
        assertEquals(0, new MeanFieldVi.Posterior(new double[] {1}, new double[] {2}).kl(new double[] {1}, new double[] {2}),
                1e-15);
    }

    /**
     * Three Gaussian classes in 10-D, 600 examples, a prior centred on a seeded random network (chosen without the
     * data): after training, the certificate (0-1 risk of 2,000 posterior draws, Monte-Carlo corrected, kl bound) is
     * below the prior's own, which training starts from.
     */
    @Test
    void trainingTightensTheCertificate() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 600;
        int d = 10;
        float[] x = new float[n * d];
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (i % 3);
            for (int k = 0; k < d; k++) {
                x[i * d + k] = (float) (r.nextGaussian() + (k == y[i] ? 2.5 : 0));
            }
        }
        double sigma0 = 0.1;
        double[] prior = new MlpClassifier(x, y, d, 8, 3, 1e-4, sigma0).initialise(new SplittableRandom(5));
        MlpClassifier problem = new MlpClassifier(x, y, d, 8, 3, 1e-4, prior, sigma0);
        MeanFieldVi.Settings s = new MeanFieldVi.Settings(40, 50, 1e-2, 0.5, 0.025, 5);
        MeanFieldVi.Posterior trained = MeanFieldVi.train(x, y, d, 8, 3, 1e-4, prior, sigma0, s, null);
        double before = certificate(problem, new MeanFieldVi.Posterior(problem.priorMean(), problem.priorStd()), n);
        double after = certificate(problem, trained, n);
        System.out.printf("MFVI certificate: %.4f at the prior, %.4f trained (KL %.1f nats)%n", before, after,
                trained.kl(problem.priorMean(), problem.priorStd()));
        assertTrue(after < before, before + " → " + after);
    }

    static double certificate(MlpClassifier problem, MeanFieldVi.Posterior q, int n) {
        SplittableRandom r = new SplittableRandom(99);
        int m = 2000;
        double risk = 0;
        for (int k = 0; k < m; k++) {
            risk += problem.error(q.sample(r)) / m;
        }
        return PacBayesBounds.certificate(risk, m, 0.01, q.kl(problem.priorMean(), problem.priorStd()), n, 0.025);
    }
}
