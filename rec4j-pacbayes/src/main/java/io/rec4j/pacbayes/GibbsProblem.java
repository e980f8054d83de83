package io.rec4j.pacbayes;

import java.util.SplittableRandom;

/**
 * A data-dependent loss with a Gaussian prior, defining the Gibbs posteriors {@code Q_t(dθ) ∝ exp(−t·L̂(θ))·P(dθ)} whose
 * KL to the prior thermodynamic integration estimates (Ujváry et al., arXiv 2310.20053, §3). The prior is
 * {@code P = N(μ₀, diag(σ₀²))}.
 */
public interface GibbsProblem {
    /** {@code d}. */
    int dimension();

    /** Returns the empirical loss {@code L̂(θ)} and writes {@code ∇L̂(θ)} into {@code gradient}. */
    double lossAndGradient(double[] theta, double[] gradient);

    /** The empirical loss alone (the default computes the gradient too). */
    default double loss(double[] theta) {
        return lossAndGradient(theta, new double[dimension()]);
    }

    /** {@code μ₀}. */
    double[] priorMean();

    /** {@code σ₀}, per coordinate. */
    double[] priorStd();

    /** An exact draw from the prior. */
    default double[] samplePrior(SplittableRandom random) {
        double[] m = priorMean();
        double[] s = priorStd();
        double[] theta = new double[m.length];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = m[i] + s[i] * random.nextGaussian();
        }
        return theta;
    }

    /** The potential of {@code Q_t}: {@code U(θ) = t·L̂(θ) + Σ (θ_i − μ₀_i)²/(2σ₀_i²)}. */
    default Potential at(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("inverse temperature must be finite and non-negative, was " + t);
        }
        GibbsProblem problem = this;
        double[] mean = priorMean();
        double[] std = priorStd();
        return new Potential() {
            @Override
            public int dimension() {
                return problem.dimension();
            }

            @Override
            public double valueAndGradient(double[] theta, double[] gradient) {
                double loss = problem.lossAndGradient(theta, gradient);
                double prior = 0;
                for (int i = 0; i < theta.length; i++) {
                    double z = (theta[i] - mean[i]) / std[i];
                    prior += 0.5 * z * z;
                    gradient[i] = t * gradient[i] + z / std[i];
                }
                return t * loss + prior;
            }
        };
    }
}
