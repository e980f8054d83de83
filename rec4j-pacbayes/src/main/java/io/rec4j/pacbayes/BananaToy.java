package io.rec4j.pacbayes;

/**
 * A 2-D problem whose Gibbs posteriors are curved (banana-shaped) yet whose every quantity is known by quadrature:
 * the Rosenbrock-type loss {@code L̂(θ) = ((1 − θ₁)² + B·(θ₂ − θ₁²)²)/S} with {@code B = 5}, {@code S = 10}, and the
 * prior {@code N(0, I₂)} (the paper's Figure 1 contrasts HMC and mean-field VI on such a valley). Quadrature: the
 * midpoint rule on a square grid of {@code ±R} ({@code R = 6}) with {@code G} cells a side, in log space.
 */
public final class BananaToy implements GibbsProblem {
    private static final double B = 5;
    private static final double S = 10;
    private static final double R = 6;

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        double a = 1 - theta[0];
        double c = theta[1] - theta[0] * theta[0];
        gradient[0] = (-2 * a - 4 * B * c * theta[0]) / S;
        gradient[1] = 2 * B * c / S;
        return loss(theta[0], theta[1]);
    }

    @Override
    public double loss(double[] theta) {
        return loss(theta[0], theta[1]);
    }

    static double loss(double x, double y) {
        double a = 1 - x;
        double c = y - x * x;
        return (a * a + B * c * c) / S;
    }

    @Override
    public double[] priorMean() {
        return new double[2];
    }

    @Override
    public double[] priorStd() {
        return new double[] {1, 1};
    }

    /** What quadrature gives at one inverse temperature. */
    public record Quadrature(double logZ, double expectedLoss, double kl) {
    }

    /**
     * {@code ln Z_t = ln E_P[e^{−t·L̂}]}, {@code f(t) = E_{Q_t}[L̂]} and {@code KL(Q_t‖P) = −t·f(t) − ln Z_t}, by the
     * midpoint rule on {@code grid × grid} cells.
     */
    public static Quadrature quadrature(double t, int grid) {
        double h = 2 * R / grid;
        double max = Double.NEGATIVE_INFINITY;
        double[] logW = new double[grid * grid];
        for (int i = 0; i < grid; i++) {
            double x = -R + (i + 0.5) * h;
            for (int j = 0; j < grid; j++) {
                double y = -R + (j + 0.5) * h;
                double w = -t * loss(x, y) - 0.5 * (x * x + y * y) - Math.log(2 * Math.PI);
                logW[i * grid + j] = w;
                max = Math.max(max, w);
            }
        }
        double z = 0;
        double fl = 0;
        for (int i = 0; i < grid; i++) {
            double x = -R + (i + 0.5) * h;
            for (int j = 0; j < grid; j++) {
                double y = -R + (j + 0.5) * h;
                double e = Math.exp(logW[i * grid + j] - max);
                z += e;
                fl += e * loss(x, y);
            }
        }
        double logZ = max + Math.log(z * h * h);
        double f = fl / z;
        return new Quadrature(logZ, f, -t * f - logZ);
    }
}
