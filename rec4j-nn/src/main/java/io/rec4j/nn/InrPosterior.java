package io.rec4j.nn;

import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;

/**
 * A factorised Gaussian posterior {@code q = Π N(μ_i, σ_i²)} over the flat parameters of a SIREN
 * ({@link SirenArchitecture}'s layout), bound to one signal and trained on it by Adam on the β-ELBO
 * {@code MSE + Σ_i β_i·KL[q_i ‖ p_i]} (Guo et al., NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md},
 * "Posterior and β-ELBO"), one local reparameterisation sample over all coordinates per step.
 *
 * <p>This is the seam between the COMBINER encoder and a training engine. Two engines implement it:
 * {@code io.rec4j.nn.djl.DjlInrPosterior} (DJL / PyTorch autograd) and a hand-written forward/backward pass in pure Java;
 * {@code io.rec4j.nn.engine.TrainingEngine} opens them. Both use σ = softplus(ρ), Adam with
 * PyTorch's defaults, and the same fixing semantics: a fixed scalar is a constant equal to its coded value, carries
 * no KL and is never updated, not even by leftover momentum. Training is not required to be bit-reproducible.
 *
 * <p>Not thread-safe. {@link #close()} releases native or pooled memory.
 */
public interface InrPosterior extends AutoCloseable {

    /**
     * Closed-form {@code KL(N(μq, σq²) ‖ N(μp, σp²)) = ln(σp/σq) + (σq² + (μq − μp)²)/(2σp²) − 1/2} in nats, the
     * per-scalar KL term of the β-ELBO.
     */
    static double klNats(double muQ, double sigmaQ, double muP, double sigmaP) {
        double d = muQ - muP;
        return Math.log(sigmaP / sigmaQ) + (sigmaQ * sigmaQ + d * d) / (2 * sigmaP * sigmaP) - 0.5;
    }

    /** Loss, MSE and Σβ·KL (nats) of the step's sample, evaluated before the update. */
    record StepStats(double loss, double mse, double weightedKl) {
    }

    SirenArchitecture architecture();

    /** Number of coordinates of the bound signal. */
    long points();

    /** One Adam step with fresh noise. */
    StepStats step();

    /** Runs {@code n} steps; returns the last step's stats (null when {@code n == 0}). */
    default StepStats run(int n) {
        StepStats last = null;
        for (int i = 0; i < n; i++) {
            last = step();
        }
        return last;
    }

    void setLearningRate(double lr);

    /** Replaces the per-scalar β (length = parameter count); the Adam state is kept. */
    void setBeta(double[] beta);

    /** The prior the KL is measured against. */
    DiagonalGaussian prior();

    /** Flat posterior means; fixed scalars report their fixed value. */
    double[] posteriorMeans();

    /** Flat posterior standard deviations softplus(ρ); 0 for fixed scalars. */
    double[] posteriorStds();

    /** Per-scalar KL[q_i ‖ p_i] in nats; 0 for fixed scalars. */
    default double[] klPerScalar() {
        double[] mu = posteriorMeans();
        double[] sd = posteriorStds();
        DiagonalGaussian p = prior();
        double[] out = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            out[i] = isFixed(i) ? 0.0 : klNats(mu[i], sd[i], p.mean(i), p.std(i));
        }
        return out;
    }

    boolean isFixed(int i);

    /** Fixes flat scalars {@code indices[j]} to {@code values[j]} (finite) for good. */
    void fix(int[] indices, double[] values);

    /** MSE of the posterior-mean network's output against the signal (unclamped, unquantised). */
    double meanMse();

    @Override
    void close();
}
