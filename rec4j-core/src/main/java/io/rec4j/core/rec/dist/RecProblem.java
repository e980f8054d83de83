package io.rec4j.core.rec.dist;

/**
 * One channel-simulation task: a target Q (known to the encoder only) and a coding distribution P (shared), both
 * products over the same dimensions, with the per-dimension density ratios. KL and D∞ add over dimensions
 * ({@code docs/algorithms.md}, "Notation and closed forms"). Immutable.
 */
public final class RecProblem {
    private static final double LN2 = StrictMath.log(2);
    private final ProductDistribution target;
    private final ProductDistribution coding;
    private final DensityRatio1D[] ratios;
    private final double kl;
    private final double maxLog;

    public RecProblem(ProductDistribution target, ProductDistribution coding) {
        if (target.dimension() != coding.dimension()) {
            throw new IllegalArgumentException("target has " + target.dimension() + " dimensions, coding distribution "
                    + coding.dimension());
        }
        this.target = target;
        this.coding = coding;
        this.ratios = new DensityRatio1D[target.dimension()];
        double k = 0;
        double m = 0;
        // marginal pairs repeat (iid products): analyse each distinct pair once
        java.util.Map<java.util.List<Distribution1D>, DensityRatio1D> seen = new java.util.HashMap<>();
        for (int d = 0; d < ratios.length; d++) {
            Distribution1D q = target.marginal(d);
            Distribution1D p = coding.marginal(d);
            ratios[d] = q instanceof Normal && p instanceof Normal ? DensityRatio1D.of(q, p)
                    : seen.computeIfAbsent(java.util.List.of(q, p), pair -> DensityRatio1D.of(pair.get(0), pair.get(1)));
            k += ratios[d].klNats();
            m += ratios[d].maxLogRatioNats();
        }
        this.kl = k;
        this.maxLog = m;
    }

    public ProductDistribution target() {
        return target;
    }

    public ProductDistribution coding() {
        return coding;
    }

    public int dimension() {
        return ratios.length;
    }

    public DensityRatio1D ratio(int d) {
        return ratios[d];
    }

    /** ℓ(x) = ln q(x) − ln p(x). */
    public double logRatio(double[] x) {
        double s = 0;
        for (int d = 0; d < ratios.length; d++) {
            s += ratios[d].logRatio(x[d]);
        }
        return s;
    }

    public double klNats() {
        return kl;
    }

    public double klBits() {
        return kl / LN2;
    }

    /** D∞[Q‖P] in nats ({@code +∞} if any dimension's ratio is unbounded). */
    public double maxLogRatioNats() {
        return maxLog;
    }

    public double maxLogRatioBits() {
        return maxLog / LN2;
    }

    /** True iff D∞ is finite, the condition for the exact (global-bound) methods to terminate. */
    public boolean hasBoundedRatio() {
        return maxLog < Double.POSITIVE_INFINITY;
    }
}
