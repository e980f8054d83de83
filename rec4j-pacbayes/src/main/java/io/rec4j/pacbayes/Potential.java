package io.rec4j.pacbayes;

/** A differentiable potential energy {@code U(θ) = −ln π(θ) + const} of a target density {@code π} on ℝᵈ. */
public interface Potential {
    /** {@code d}. */
    int dimension();

    /** Returns {@code U(θ)} and writes {@code ∇U(θ)} into {@code gradient} (length {@code d}). */
    double valueAndGradient(double[] theta, double[] gradient);
}
