package io.rec4j.core.rec.dist;

/** Triangular distribution on [lo, hi] with its mode at {@code mode}. */
public record Triangular(double lo, double mode, double hi) implements Distribution1D {
    public Triangular {
        Checks.finite(lo, "lo");
        Checks.finite(mode, "mode");
        Checks.finite(hi, "hi");
        if (!(lo < hi && lo <= mode && mode <= hi)) {
            throw new IllegalArgumentException("need lo <= mode <= hi and lo < hi, got " + lo + ", " + mode + ", " + hi);
        }
    }

    @Override
    public double logDensity(double x) {
        if (x < lo || x > hi) {
            return Double.NEGATIVE_INFINITY;
        }
        double w = hi - lo;
        double d = x < mode ? 2 * (x - lo) / (w * (mode - lo)) : x > mode ? 2 * (hi - x) / (w * (hi - mode)) : 2 / w;
        return StrictMath.log(d);
    }

    @Override
    public double cdf(double x) {
        if (x <= lo) {
            return 0;
        }
        if (x >= hi) {
            return 1;
        }
        double w = hi - lo;
        return x <= mode ? (x - lo) * (x - lo) / (w * (mode - lo)) : 1 - (hi - x) * (hi - x) / (w * (hi - mode));
    }

    @Override
    public double quantile(double u) {
        double w = hi - lo;
        double f = (mode - lo) / w;
        return u < f ? lo + StrictMath.sqrt(u * w * (mode - lo)) : hi - StrictMath.sqrt((1 - u) * w * (hi - mode));
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
