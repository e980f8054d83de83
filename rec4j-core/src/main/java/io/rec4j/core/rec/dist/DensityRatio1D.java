package io.rec4j.core.rec.dist;

/**
 * The log density ratio {@code ℓ(x) = ln q(x) − ln p(x)} of one coordinate of a target Q against a coding distribution
 * P, with the quantities the REC algorithms need ({@code docs/algorithms.md}, "Notation and closed forms"). Obtain one
 * with {@link #of(Distribution1D, Distribution1D)}: closed forms for Gaussian pairs, numerical ones otherwise. Every
 * ratio handled here is <em>unimodal</em> (non-decreasing up to {@link #mode()}, non-increasing after it), which the
 * A*, GPRS and space-partitioning searches rely on.
 */
public interface DensityRatio1D {

    /** {@code ln q(x) − ln p(x)}; {@code −∞} where q vanishes. */
    double logRatio(double x);

    /** The maximiser of the ratio (any maximiser if the ratio is flat there). */
    double mode();

    /**
     * {@code sup_{x ∈ [a, b]} ℓ(x)}: {@code ℓ(clamp(mode, a, b))} by unimodality; {@code +∞} if the ratio is
     * unbounded on the interval (possible only for infinite endpoints).
     */
    double logSup(double a, double b);

    /** KL[Q‖P] in nats. */
    double klNats();

    /** D∞[Q‖P] = ln sup q/p in nats, possibly {@code +∞}. */
    double maxLogRatioNats();

    /**
     * The level set {@code {x : ℓ(x) ≥ level}} as an interval {@code [lo, hi]} (unimodality makes it one), for
     * {@code level ≤ maxLogRatioNats()}; an empty result is returned as {@code lo > hi}.
     */
    double[] levelSet(double level);

    /** The target marginal. */
    Distribution1D target();

    /** The coding marginal. */
    Distribution1D coding();

    /** The ratio of {@code q} against {@code p}: closed form for two normals, numerical otherwise. */
    static DensityRatio1D of(Distribution1D q, Distribution1D p) {
        if (q instanceof Normal nq && p instanceof Normal np) {
            return new GaussianRatio(nq, np);
        }
        return new NumericalRatio(q, p);
    }
}
