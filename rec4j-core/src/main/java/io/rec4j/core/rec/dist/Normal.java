package io.rec4j.core.rec.dist;

import io.rec4j.core.math.SpecialFunctions;

/** N(mean, std²). */
public record Normal(double mean, double std) implements Distribution1D {
    private static final double HALF_LN_2PI = 0.5 * StrictMath.log(2 * StrictMath.PI);

    public Normal {
        Checks.finite(mean, "mean");
        Checks.positive(std, "std");
    }

    @Override
    public double logDensity(double x) {
        double z = (x - mean) / std;
        return -0.5 * z * z - StrictMath.log(std) - HALF_LN_2PI;
    }

    @Override
    public double cdf(double x) {
        return SpecialFunctions.normalCdf((x - mean) / std);
    }

    @Override
    public double quantile(double u) {
        return mean + std * SpecialFunctions.normalQuantile(u);
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
