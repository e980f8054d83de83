package io.rec4j.core.rec.dist;

/**
 * A continuous distribution on (part of) the real line, used as one coordinate of a target Q or a coding
 * distribution P.
 *
 * <p>Decoders regenerate candidates with {@link #quantile(double)} from shared uniforms, so implementations must be
 * deterministic across JVMs: only {@link StrictMath} and {@link io.rec4j.core.math.SpecialFunctions}, fixed
 * evaluation order. The families are closed (normal, Laplace, uniform, triangular and finite mixtures of them) so that
 * every density ratio between them can be bounded exactly ({@link DensityRatio1D}).
 */
public sealed interface Distribution1D permits Normal, Laplace, Uniform, Triangular, Mixture {

    /** Natural log of the density at x ({@code -∞} outside the support). */
    double logDensity(double x);

    /** Cumulative distribution function. */
    double cdf(double x);

    /** Inverse CDF for u in (0, 1): the sampling map of the shared candidates. */
    double quantile(double u);

    /** Infimum of the support (may be {@code -∞}). */
    double supportMin();

    /** Supremum of the support (may be {@code +∞}). */
    double supportMax();
}
