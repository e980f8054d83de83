package io.rec4j.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Leapfrog's reversibility and second-order energy error; HMC's moments on a known Gaussian. */
class HmcTest {
    /** {@code U(θ) = ½ θᵀ A θ − bᵀθ} with a fixed, well-conditioned {@code A} in 10 dimensions. */
    static final class Quadratic implements Potential {
        final int d = 10;
        final double[][] a = new double[d][d];
        final double[] b = new double[d];

        Quadratic() {
            // A = diag(0.5 … 5) plus a small coupling, symmetric positive definite
            for (int i = 0; i < d; i++) {
                a[i][i] = 0.5 + 0.5 * i;
                b[i] = i % 3 - 1;
                if (i + 1 < d) {
                    a[i][i + 1] = 0.2;
                    a[i + 1][i] = 0.2;
                }
            }
        }

        @Override
        public int dimension() {
            return d;
        }

        @Override
        public double valueAndGradient(double[] theta, double[] gradient) {
            double u = 0;
            for (int i = 0; i < d; i++) {
                double g = -b[i];
                for (int j = 0; j < d; j++) {
                    g += a[i][j] * theta[j];
                }
                gradient[i] = g;
                u += 0.5 * theta[i] * (g - b[i]);
            }
            return u;
        }
    }

    @Test
    void leapfrogIsReversible() {
        Quadratic q = new Quadratic();
        SplittableRandom r = new SplittableRandom(1);
        double[] theta = new double[10];
        double[] p = new double[10];
        for (int i = 0; i < 10; i++) {
            theta[i] = r.nextGaussian();
            p[i] = r.nextGaussian();
        }
        double[] theta0 = theta.clone();
        double[] grad = new double[10];
        q.valueAndGradient(theta, grad);
        double[] ones = Hmc.ones(10);
        Hmc.leapfrog(q, theta, p, grad, 0.05, 40, ones);
        for (int i = 0; i < 10; i++) {
            p[i] = -p[i];
        }
        Hmc.leapfrog(q, theta, p, grad, 0.05, 40, ones);
        for (int i = 0; i < 10; i++) {
            assertEquals(theta0[i], theta[i], 1e-10);
        }
    }

    @Test
    void energyErrorIsSecondOrderInTheStepSize() {
        Quadratic q = new Quadratic();
        double[] errors = new double[3];
        double[] eps = {0.04, 0.02, 0.01};
        for (int k = 0; k < 3; k++) {
            double[] theta = new double[10];
            double[] p = new double[10];
            java.util.Arrays.fill(theta, 0.3);
            java.util.Arrays.fill(p, 1);
            double[] grad = new double[10];
            double h0 = q.valueAndGradient(theta, grad) + Hmc.kinetic(p, Hmc.ones(10));
            // the same trajectory length, 1.0
            double u = Hmc.leapfrog(q, theta, p, grad, eps[k], (int) Math.round(1 / eps[k]), Hmc.ones(10));
            errors[k] = Math.abs(u + Hmc.kinetic(p, Hmc.ones(10)) - h0);
        }
        // halving ε divides the error by about 4
        for (int k = 0; k < 2; k++) {
            double ratio = errors[k] / errors[k + 1];
            assertTrue(ratio > 3.5 && ratio < 4.5, "ratio " + ratio);
        }
    }

    /**
     * Sample means and variances of the Gaussian {@code N(A⁻¹b, A⁻¹)} within four standard errors: {@code sd/√ESS} for
     * the mean, and for the variance the standard error of a sample variance, {@code σ²·√(2/ESS)}.
     */
    @Test
    void momentsOfATenDimensionalGaussian() {
        Quadratic q = new Quadratic();
        double[][] cov = invert(q.a);
        double[] mean = new double[10];
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                mean[i] += cov[i][j] * q.b[j];
            }
        }
        Hmc.Settings s = new Hmc.Settings(500, 4000, 0.1, 12, 0.2, 0.8);
        SplittableRandom root = new SplittableRandom(20261208);
        for (int i = 0; i < 10; i++) {
            int coordinate = i;
            double[][] x = new double[4][];
            double[][] x2 = new double[4][];
            for (int c = 0; c < 4; c++) {
                SplittableRandom stream = root.split();
                double[] draws = new double[s.draws()];
                int[] k = {0};
                Hmc.Chain chain = Hmc.run(q, new double[10], null, s, th -> {
                    draws[k[0]++] = th[coordinate];
                    return th[coordinate];
                }, stream);
                assertTrue(chain.acceptance() > 0.6 && chain.acceptance() < 0.95, "acceptance " + chain.acceptance());
                x[c] = chain.statistic();
                x2[c] = new double[draws.length];
                for (int t = 0; t < draws.length; t++) {
                    x2[c][t] = (draws[t] - mean[coordinate]) * (draws[t] - mean[coordinate]);
                }
            }
            Diagnostics.Summary m = Diagnostics.summarise(x);
            Diagnostics.Summary v = Diagnostics.summarise(x2);
            assertEquals(mean[i], m.mean(), 4 * m.standardError(), "mean " + i);
            assertEquals(cov[i][i], v.mean(), 4 * cov[i][i] * Math.sqrt(2 / v.ess()), "variance " + i);
            assertTrue(m.rHat() < 1.01, "R̂ " + m.rHat());
        }
    }

    /**
     * A Gaussian whose standard deviations span 0.1 … 10: with the diagonal mass adapted during burn-in every mean and
     * variance is within four standard errors (each from the ESS of its own statistic), and the worst coordinate's ESS is at least twice what a unit mass gives.
     */
    @Test
    void adaptedMassMixesAnAnisotropicGaussian() {
        int d = 10;
        double[] sd = new double[d];
        for (int i = 0; i < d; i++) {
            sd[i] = Math.pow(10, -1 + 2.0 * i / (d - 1));
        }
        Potential u = new Potential() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public double valueAndGradient(double[] theta, double[] gradient) {
                double v = 0;
                for (int i = 0; i < d; i++) {
                    double z = (theta[i] - 1) / sd[i];
                    v += 0.5 * z * z;
                    gradient[i] = z / sd[i];
                }
                return v;
            }
        };
        double[] minEss = new double[2];
        for (int adapt = 0; adapt < 2; adapt++) {
            Hmc.Settings s = new Hmc.Settings(600, 2000, 0.05, 10, 0.2, 0.8, adapt == 1);
            SplittableRandom root = new SplittableRandom(31);
            double[][][] x = new double[d][4][];
            for (int c = 0; c < 4; c++) {
                SplittableRandom stream = root.split();
                double[][] draws = new double[d][s.draws()];
                int[] k = {0};
                Hmc.run(u, new double[d], null, s, th -> {
                    for (int i = 0; i < d; i++) {
                        draws[i][k[0]] = th[i];
                    }
                    k[0]++;
                    return 0;
                }, stream);
                for (int i = 0; i < d; i++) {
                    x[i][c] = draws[i];
                }
            }
            minEss[adapt] = Double.POSITIVE_INFINITY;
            for (int i = 0; i < d; i++) {
                Diagnostics.Summary m = Diagnostics.summarise(x[i]);
                minEss[adapt] = Math.min(minEss[adapt], m.ess());
                if (adapt == 1) {
                    assertEquals(1, m.mean(), 4 * m.standardError(), "mean " + i);
                    double[][] squares = new double[4][];
                    for (int c = 0; c < 4; c++) {
                        squares[c] = new double[x[i][c].length];
                        for (int t = 0; t < squares[c].length; t++) {
                            squares[c][t] = (x[i][c][t] - 1) * (x[i][c][t] - 1);
                        }
                    }
                    Diagnostics.Summary v = Diagnostics.summarise(squares);
                    assertEquals(sd[i] * sd[i], v.mean(), 4 * v.standardError(), "variance " + i);
                }
            }
        }
        System.out.printf("anisotropic Gaussian: smallest ESS %.0f with a unit mass, %.0f adapted%n", minEss[0],
                minEss[1]);
        assertTrue(minEss[1] >= 2 * minEss[0], minEss[0] + " → " + minEss[1]);
    }

    private static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            double piv = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= piv;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
