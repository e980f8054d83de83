package io.rec4j.codec.miracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Mean-KL inversion σ(μ, κ) and the Gaussian KL it inverts ({@code docs/miracle.md}, "Mean-KL"). */
class MeanKlTest {
    /**
     * Reference values of σ on the principal branch, computed independently with scipy's lambertw(−e^{−c}, 0):
     * μ, κ, m, s, σ.
     */
    private static final double[][] REFERENCE = {
        {0.0, 0.5, 0, 1, 0.398239048265},
        {0.3, 2.0, 0, 1, 0.086182660615},
        {0.1, 5.0, 0, 0.135, 7.25885969455e-4},
        {-0.2, 10.0, 0.05, 0.2, 1.20290270211e-5},
        {0.0, 30.0, 0, 1, 5.67568523263e-14},
    };

    @Test
    void reproducesReferenceValues() {
        for (double[] r : REFERENCE) {
            double sigma = MeanKl.sigma(r[0], r[1], r[2], r[3]);
            assertEquals(r[4], sigma, 1e-10 * r[4], java.util.Arrays.toString(r));
            assertEquals(r[1], MeanKl.kl(r[0], sigma, r[2], r[3]), 1e-10 * Math.max(1, r[1]));
        }
    }

    /** a = −W₀(z) for c = −ln(−z): Lambert W's principal branch at four points (Corless et al. 1996). */
    @Test
    void matchesLambertWPrincipalBranch() {
        double[][] w0 = {{-0.3, -0.4894022271802149}, {-0.2, -0.2591711018190737}, {-0.1, -0.11183255915896297},
            {-1e-3, -0.0010010015026718857}};
        for (double[] p : w0) {
            double c = -Math.log(-p[0]);
            assertEquals(-p[1], MeanKl.varianceRatio(c - 1), 1e-13, "z = " + p[0]);
        }
        assertEquals(1, MeanKl.varianceRatio(0), 0); // W₀(−1/e) = −1
    }

    @Test
    void inversionIsExactOverAGrid() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            double s = Math.exp(-6 + 7 * r.nextDouble());
            double m = (r.nextDouble() - 0.5) * s;
            double kappa = Math.exp(-18 + 22 * r.nextDouble());
            double mu = m + s * Math.sqrt(2 * kappa) * (2 * r.nextDouble() - 1) * 0.999;
            double sigma = MeanKl.sigma(mu, kappa, m, s);
            assertTrue(sigma <= s && sigma > 0, "sigma " + sigma + " > s " + s);
            assertEquals(kappa, MeanKl.kl(mu, sigma, m, s), 1e-10 * Math.max(1, kappa),
                    "mu " + mu + " kappa " + kappa + " m " + m + " s " + s);
        }
    }

    @Test
    void solverConvergesOnALogGrid() {
        for (double lg = -12; lg <= Math.log10(60); lg += 0.01) {
            double d = Math.pow(10, lg);
            double u = MeanKl.logVarianceRatio(d);
            double a = Math.exp(u);
            double c = 1 + d;
            // residual of a − ln a = c, computed as expm1(u) − u = d to keep its precision near d = 0
            assertEquals(d, Math.expm1(u) - u, 1e-12 * c, "d = " + d);
            assertTrue(a <= 1 && a > 0);
        }
    }

    @Test
    void extremeInputsStayFinite() {
        double[] kappas = {1e-8, 1e-3, 1, 50};
        double[] etas = {-20, -1, 0, 1, 20};
        for (double kappa : kappas) {
            for (double eta : etas) {
                double[] mean = new double[2];
                double[] std = new double[2];
                MeanKl.block(kappa * 2, new double[] {0, 0}, new double[] {eta, -eta}, new double[] {0.1, 0.3},
                        mean, std);
                for (int i = 0; i < 2; i++) {
                    assertTrue(Double.isFinite(mean[i]) && Double.isFinite(std[i]) && std[i] > 0,
                            "kappa " + kappa + " eta " + eta + ": " + mean[i] + ", " + std[i]);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> MeanKl.sigma(1, 0.1, 0, 1)); // κ < κ_μ = 0.5
        assertThrows(IllegalArgumentException.class, () -> MeanKl.logVarianceRatio(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> MeanKl.sigma(0, 1, 0, 0));
    }

    /** Every block's KL is the budget C·ln 2, whatever the logits and means. */
    @Test
    void blockKlIsTheBudgetByConstruction() {
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(60);
            int bits = 1 + r.nextInt(20);
            double budget = bits * Math.log(2);
            double[] psi = new double[n];
            double[] eta = new double[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                psi[i] = 6 * r.nextDouble() - 3;
                eta[i] = 8 * r.nextDouble() - 4;
                s[i] = Math.exp(-4 + 3 * r.nextDouble());
            }
            double[] mean = new double[n];
            double[] std = new double[n];
            MeanKl.block(budget, psi, eta, s, mean, std);
            double kl = 0;
            for (int i = 0; i < n; i++) {
                kl += MeanKl.kl(mean[i], std[i], 0, s[i]);
            }
            assertEquals(budget, kl, 1e-12 * budget * n, "block of " + n + " at " + bits + " bits");
        }
    }

    /** The closed-form KL against numerical quadrature of ∫ q ln(q/p). */
    @Test
    void klClosedFormMatchesQuadrature() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            double mu = r.nextDouble() - 0.5;
            double sigma = 0.05 + r.nextDouble();
            double m = 0.2 * (r.nextDouble() - 0.5);
            double s = 0.05 + r.nextDouble();
            double lo = mu - 12 * sigma;
            double hi = mu + 12 * sigma;
            int n = 200_000; // composite Simpson
            double h = (hi - lo) / n;
            double sum = 0;
            for (int i = 0; i <= n; i++) {
                double x = lo + i * h;
                double lq = -0.5 * Math.pow((x - mu) / sigma, 2) - Math.log(sigma);
                double lp = -0.5 * Math.pow((x - m) / s, 2) - Math.log(s);
                double f = Math.exp(lq) / Math.sqrt(2 * Math.PI) * (lq - lp);
                sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
            }
            double quad = sum * h / 3;
            double kl = MeanKl.kl(mu, sigma, m, s);
            assertEquals(quad, kl, 1e-9 * Math.max(1, kl));
        }
    }
}
