package io.rec4j.nn;

/**
 * softplus(x) = ln(1 + eˣ), the map from a raw parameter ρ to a standard deviation σ = softplus(ρ), in PyTorch's form
 * (the identity above {@value #THRESHOLD}), its derivative and its inverse. Training-side code: it uses
 * {@link Math}, so results may differ in the last bit between JVMs; nothing on a decoding path calls it.
 */
public final class Softplus {
    /** Above this, softplus(x) = x (PyTorch's default threshold). */
    public static final double THRESHOLD = 20.0;

    private Softplus() {
    }

    /** softplus(x) = ln(1 + eˣ), or x above {@link #THRESHOLD}. */
    public static double value(double x) {
        return x > THRESHOLD ? x : Math.log1p(Math.exp(x));
    }

    /** softplus′(x) = 1 / (1 + e⁻ˣ), or 1 above {@link #THRESHOLD}. */
    public static double derivative(double x) {
        return x > THRESHOLD ? 1.0 : 1.0 / (1.0 + Math.exp(-x));
    }

    /** The ρ with softplus(ρ) = σ: ln(e^σ − 1), or σ above {@link #THRESHOLD}; σ must be positive. */
    public static double inverse(double sigma) {
        return sigma > THRESHOLD ? sigma : Math.log(Math.expm1(sigma));
    }
}
