package io.rec4j.core.rec.dist;

/** Laplace(mean, scale): density exp(-|x - mean| / scale) / (2 scale). */
public record Laplace(double mean, double scale) implements Distribution1D {
    public Laplace {
        Checks.finite(mean, "mean");
        Checks.positive(scale, "scale");
    }

    @Override
    public double logDensity(double x) {
        return -Math.abs(x - mean) / scale - StrictMath.log(2 * scale);
    }

    @Override
    public double cdf(double x) {
        double z = (x - mean) / scale;
        return z < 0 ? 0.5 * StrictMath.exp(z) : 1 - 0.5 * StrictMath.exp(-z);
    }

    @Override
    public double quantile(double u) {
        return u < 0.5 ? mean + scale * StrictMath.log(2 * u) : mean - scale * StrictMath.log(2 * (1 - u));
    }

    @Override
    public double supportMin() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    public double supportMax() {
        return Double.POSITIVE_INFINITY;
    }
}
