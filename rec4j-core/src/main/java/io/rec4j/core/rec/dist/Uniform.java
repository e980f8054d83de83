package io.rec4j.core.rec.dist;

/** Uniform on [lo, hi]. */
public record Uniform(double lo, double hi) implements Distribution1D {
    public Uniform {
        Checks.finite(lo, "lo");
        Checks.finite(hi, "hi");
        if (!(hi > lo)) {
            throw new IllegalArgumentException("need lo < hi, got [" + lo + ", " + hi + "]");
        }
    }

    @Override
    public double logDensity(double x) {
        return x >= lo && x <= hi ? -StrictMath.log(hi - lo) : Double.NEGATIVE_INFINITY;
    }

    @Override
    public double cdf(double x) {
        return x <= lo ? 0 : x >= hi ? 1 : (x - lo) / (hi - lo);
    }

    @Override
    public double quantile(double u) {
        return lo + u * (hi - lo);
    }

    @Override
    public double supportMin() {
        return lo;
    }

    @Override
    public double supportMax() {
        return hi;
    }
}
