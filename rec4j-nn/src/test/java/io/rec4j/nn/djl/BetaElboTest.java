package io.rec4j.nn.djl;

import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.InrPosterior;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Gaussian KL of the β-ELBO ({@code docs/combiner.md}, "Posterior and β-ELBO") and its β-weighted sum. */
class BetaElboTest {

    @Test
    void klMatchesKnownValues() {
        assertEquals(0.0, InrPosterior.klNats(0.3, 0.7, 0.3, 0.7), 1e-15);
        assertEquals(0.5, InrPosterior.klNats(1, 1, 0, 1), 1e-15); // mean shift of one std: ½
        double s = 0.1; // pure scale change: −ln s + s²/2 − ½
        assertEquals(-Math.log(s) + s * s / 2 - 0.5, InrPosterior.klNats(0, s, 0, 1), 1e-15);
    }

    @Test
    void klMatchesNumericalIntegral() {
        // ∫ q ln(q/p) by the midpoint rule over μq ± 12σq with 200 000 cells: error far below 1e-9.
        double mq = 0.4, sq = 0.3, mp = -0.2, sp = 0.9;
        int cells = 200_000;
        double lo = mq - 12 * sq, dx = 24 * sq / cells, sum = 0;
        for (int i = 0; i < cells; i++) {
            double x = lo + (i + 0.5) * dx;
            double lq = -0.5 * Math.pow((x - mq) / sq, 2) - Math.log(sq);
            double lp = -0.5 * Math.pow((x - mp) / sp, 2) - Math.log(sp);
            sum += Math.exp(lq) / Math.sqrt(2 * Math.PI) * (lq - lp) * dx;
        }
        assertEquals(sum, InrPosterior.klNats(mq, sq, mp, sp), 1e-9);
    }

    @Test
    void weightedKlOfTheNetworkIsTheBetaWeightedSumOverFreeScalars() {
        SirenArchitecture arch = SirenArchitecture.of(2, 8, 5, 3 - 1, 3);
        int p = arch.parameterCount();
        SplittableRandom r = new SplittableRandom(7);
        double[] mu = new double[p], rho = new double[p], pm = new double[p], ps = new double[p], beta = new double[p];
        for (int i = 0; i < p; i++) {
            mu[i] = r.nextGaussian();
            rho[i] = -3 + 2 * r.nextDouble();
            pm[i] = 0.5 * r.nextGaussian();
            ps[i] = 0.2 + r.nextDouble();
            beta[i] = r.nextDouble();
        }
        BetaElbo elbo = new BetaElbo(DiagonalGaussian.of(pm, ps), beta);
        try (VariationalSiren q = VariationalSiren.fromRaw(arch, DataType.FLOAT64, mu, rho);
             BetaElbo.Bound b = elbo.bind(q);
             NDScope scope = new NDScope()) {
            q.fix(new int[] {0, 17, p - 1}, new double[] {0.1, 0.2, 0.3});
            double expected = 0;
            for (int i = 0; i < p; i++) {
                if (i != 0 && i != 17 && i != p - 1) {
                    double sq = Math.log1p(Math.exp(rho[i])); // softplus
                    expected += beta[i] * InrPosterior.klNats(mu[i], sq, pm[i], ps[i]);
                }
            }
            assertEquals(expected, b.weightedKl().getDouble(), 1e-10 * Math.abs(expected));
            double[] per = elbo.klPerScalar(q);
            assertEquals(0.0, per[17]);
            assertEquals(InrPosterior.klNats(mu[5], Math.log1p(Math.exp(rho[5])), pm[5], ps[5]), per[5], 1e-12);
        }
    }
}
