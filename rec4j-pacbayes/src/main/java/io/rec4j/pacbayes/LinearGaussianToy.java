package io.rec4j.pacbayes;

/**
 * The oracle of thermodynamic integration: a quadratic loss {@code L̂(θ) = ‖Xθ − y‖²/(2n)} with
 * {@code X = [[1, 0], [0, 2], [1, 1]]}, {@code y = (1, −1, ½)}, {@code n = 3}, prior {@code P = N(0, I₂)} and
 * {@code β = 10}. Every Gibbs posterior is Gaussian: precision {@code Λ_t = I + (t/n)·XᵀX}, mean
 * {@code m_t = Λ_t⁻¹·(t/n)·Xᵀy}, so {@code f(t) = (‖X·m_t − y‖² + tr(XᵀX·Λ_t⁻¹))/(2n)} and
 * {@code KL(Q_t‖P) = ½(tr Λ_t⁻¹ + ‖m_t‖² − 2 + ln det Λ_t)} are known in closed form. (The loss is not bounded, so
 * this problem checks the integration, not a certificate.)
 */
public final class LinearGaussianToy implements GibbsProblem {
    /** The inverse temperature of the oracle. */
    public static final double BETA = 10;
    private static final double[][] X = {{1, 0}, {0, 2}, {1, 1}};
    private static final double[] Y = {1, -1, 0.5};
    private static final int N = 3;

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        double loss = 0;
        gradient[0] = 0;
        gradient[1] = 0;
        for (int i = 0; i < N; i++) {
            double r = X[i][0] * theta[0] + X[i][1] * theta[1] - Y[i];
            loss += r * r;
            gradient[0] += r * X[i][0] / N;
            gradient[1] += r * X[i][1] / N;
        }
        return loss / (2 * N);
    }

    @Override
    public double[] priorMean() {
        return new double[2];
    }

    @Override
    public double[] priorStd() {
        return new double[] {1, 1};
    }

    /** {@code f(t) = E_{Q_t}[L̂]}, exactly. */
    public static double expectedLoss(double t) {
        double[][] cov = covariance(t);
        double[] m = mean(t, cov);
        double fit = 0;
        for (int i = 0; i < N; i++) {
            double r = X[i][0] * m[0] + X[i][1] * m[1] - Y[i];
            fit += r * r;
        }
        double[][] xtx = xtx();
        double trace = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                trace += xtx[a][b] * cov[b][a];
            }
        }
        return (fit + trace) / (2 * N);
    }

    /** {@code KL(Q_t‖P)}, exactly. */
    public static double kl(double t) {
        double[][] cov = covariance(t);
        double[] m = mean(t, cov);
        double[][] xtx = xtx();
        double p00 = 1 + t / N * xtx[0][0];
        double p01 = t / N * xtx[0][1];
        double p11 = 1 + t / N * xtx[1][1];
        double logDet = Math.log(p00 * p11 - p01 * p01);
        return 0.5 * (cov[0][0] + cov[1][1] + m[0] * m[0] + m[1] * m[1] - 2 + logDet);
    }

    private static double[][] xtx() {
        double[][] a = new double[2][2];
        for (double[] row : X) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    a[i][j] += row[i] * row[j];
                }
            }
        }
        return a;
    }

    /** {@code Λ_t⁻¹}. */
    private static double[][] covariance(double t) {
        double[][] xtx = xtx();
        double a = 1 + t / N * xtx[0][0];
        double b = t / N * xtx[0][1];
        double d = 1 + t / N * xtx[1][1];
        double det = a * d - b * b;
        return new double[][] {{d / det, -b / det}, {-b / det, a / det}};
    }

    private static double[] mean(double t, double[][] cov) {
        double[] xty = new double[2];
        for (int i = 0; i < N; i++) {
            xty[0] += X[i][0] * Y[i];
            xty[1] += X[i][1] * Y[i];
        }
        double s = t / N;
        return new double[] {s * (cov[0][0] * xty[0] + cov[0][1] * xty[1]), s * (cov[1][0] * xty[0] + cov[1][1] * xty[1])};
    }
}
