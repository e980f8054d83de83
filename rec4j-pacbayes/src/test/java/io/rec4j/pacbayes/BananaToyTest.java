package io.rec4j.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The banana toy: quadrature against itself (grid refinement) and against thermodynamic integration; HMC-TI against
 * quadrature; and the Gibbs posterior's optimality over the mean-field Gaussians.
 */
class BananaToyTest {
    static final double BETA = 20;

    @Test
    void quadratureConvergesAndTiWithExactFMatchesIt() {
        BananaToy.Quadrature fine = BananaToy.quadrature(BETA, 1600);
        BananaToy.Quadrature coarse = BananaToy.quadrature(BETA, 800);
        assertEquals(fine.kl(), coarse.kl(), 1e-9);
        assertTrue(fine.kl() > 0.5, "a non-trivial KL: " + fine.kl());
        double[] t = ThermodynamicIntegration.powerLadder(BETA, 400, 4);
        double[] f = new double[t.length];
        for (int j = 0; j < t.length; j++) {
            f[j] = BananaToy.quadrature(t[j], 400).expectedLoss();
        }
        ThermodynamicIntegration.Estimate e = ThermodynamicIntegration.integrate(t, f);
        double direct = BananaToy.quadrature(BETA, 400).kl();
        System.out.printf("banana β = %.0f: KL %.8f by quadrature, TI with exact f %.8f [%.6f, %.6f]%n", BETA,
                fine.kl(), e.estimate(), e.lower(), e.upper());
        assertTrue(e.lower() <= direct && direct <= e.upper());
        assertEquals(direct, e.estimate(), 1e-4);
    }

    /** HMC-TI within four of its standard errors plus the ladder's discretisation error of the quadrature value. */
    @Test
    void hmcThermodynamicIntegrationAgreesWithQuadrature() {
        double[] t = ThermodynamicIntegration.powerLadder(BETA, 40, 4);
        double[] f = new double[t.length];
        for (int j = 0; j < t.length; j++) {
            f[j] = BananaToy.quadrature(t[j], 400).expectedLoss();
        }
        double exact = BananaToy.quadrature(BETA, 800).kl();
        double discretisation = Math.abs(ThermodynamicIntegration.integrate(t, f).estimate() - exact);
        ThermodynamicIntegration.Run run = ThermodynamicIntegration.run(new BananaToy(), t, 4,
                new Hmc.Settings(200, 500, 0.3, 12, 0.2, 0.8), 9, null);
        System.out.printf("banana HMC-TI %.4f ± %.4f against %.4f (max R̂ %.4f, min ESS %.0f)%n",
                run.estimate().estimate(), run.standardError(), exact, run.maxRHat(), run.minEss());
        assertEquals(exact, run.estimate().estimate(), 4 * run.standardError() + discretisation);
        assertTrue(run.maxRHat() < 1.05);
    }

    /**
     * {@code J(q) = E_q[L̂] + KL(q‖P)/β} of the fitted mean-field Gaussian is not below {@code J(Q_β) = −ln Z_β/β}
     * (Donsker–Varadhan), allowing four Monte-Carlo standard errors of its estimate from 20,000 draws, and exceeds it
     * on this curved target.
     */
    @Test
    void gibbsPosteriorBeatsEveryMeanFieldGaussian() {
        BananaToy toy = new BananaToy();
        double optimal = -BananaToy.quadrature(BETA, 800).logZ() / BETA;
        MeanFieldVi.Posterior q = MeanFieldVi.fitGibbs(toy, BETA, 3000, 16, 0.01, 3);
        SplittableRandom r = new SplittableRandom(4);
        int m = 20_000;
        double sum = 0;
        double sum2 = 0;
        for (int k = 0; k < m; k++) {
            double l = toy.loss(q.sample(r));
            sum += l;
            sum2 += l * l;
        }
        double mean = sum / m;
        double se = Math.sqrt((sum2 / m - mean * mean) / m);
        double j = mean + q.kl(toy.priorMean(), toy.priorStd()) / BETA;
        System.out.printf("banana: J(Q_β) = %.5f, J(mean-field) = %.5f ± %.5f%n", optimal, j, se);
        assertTrue(j >= optimal - 4 * se, j + " vs " + optimal);
        assertTrue(j > optimal + 4 * se, "mean-field should be strictly worse on a banana: " + j + " vs " + optimal);
    }
}
