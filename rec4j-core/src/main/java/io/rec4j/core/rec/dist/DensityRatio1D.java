package io.rec4j.core.rec.dist;

/**
 * The log density ratio {@code ℓ(x) = ln q(x) − ln p(x)} of one coordinate of a target Q against a coding distribution
 * P, with the quantities the REC algorithms need ({@code docs/algorithms.md}, "Notation and closed forms" and "Density
 * ratios"). Obtain one with {@link #of(Distribution1D, Distribution1D)}: closed forms for Gaussian pairs, an exact
 * piecewise analysis for other pairs of normal, Laplace, uniform and triangular marginals, and certified bounds for
 * finite {@link Mixture}s. No ratio is assumed unimodal: {@link #logSup} is a true upper bound over any interval,
 * {@link #maxLogRatioNats} a true upper bound on the supremum, and {@link #levelSet} a union of intervals. Methods that
 * do need a unimodal ratio (split-on-sample GPRS) check {@link #isUnimodal()}.
 */
public interface DensityRatio1D {

    /** {@code ln q(x) − ln p(x)}; {@code −∞} where q vanishes. */
    double logRatio(double x);

    /** A maximiser of the ratio ({@code ±∞} if it grows without bound in a tail; NaN if unbounded in both). */
    double mode();

    /**
     * True iff the ratio is certified quasi-concave (non-decreasing up to {@link #mode()}, non-increasing after it,
     * on the target's support), so that every level set is one interval. Mixtures are never certified.
     */
    boolean isUnimodal();

    /**
     * An upper bound on {@code sup_{x ∈ [a, b]} ℓ(x)}, never below it: exact for Gaussian pairs and for one
     * component on each side; for mixtures a certified bound that tends to the supremum as the interval shrinks.
     * {@code +∞} if the ratio is unbounded on the interval; {@code −∞} if q vanishes on it.
     */
    double logSup(double a, double b);

    /** KL[Q‖P] in nats. */
    double klNats();

    /**
     * D∞[Q‖P] = ln sup q/p in nats, possibly {@code +∞}: exact, or for mixtures a certified upper bound within
     * 1e-10 nats.
     */
    double maxLogRatioNats();

    /**
     * The level set {@code {x : ℓ(x) ≥ level}} as sorted disjoint intervals {@code [lo_0, hi_0, lo_1, hi_1, ...]}
     * (an empty array if empty), for a bounded ratio. Ends are exact up to rounding for closed forms and single
     * components, within a relative 1e-13 for mixtures.
     *
     * @throws UnsupportedOperationException if the ratio is unbounded
     */
    double[] levelSet(double level);

    /** The target marginal. */
    Distribution1D target();

    /** The coding marginal. */
    Distribution1D coding();

    /** The ratio of {@code q} against {@code p}: closed form for two normals, piecewise analysis otherwise. */
    static DensityRatio1D of(Distribution1D q, Distribution1D p) {
        if (q instanceof Normal nq && p instanceof Normal np) {
            return new GaussianRatio(nq, np);
        }
        return new PiecewiseRatio(q, p);
    }
}
