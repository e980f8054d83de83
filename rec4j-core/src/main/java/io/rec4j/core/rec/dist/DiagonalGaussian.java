package io.rec4j.core.rec.dist;

import java.util.Arrays;

/**
 * An immutable diagonal Gaussian {@code N(mean, diag(std²))} over {@code D} dimensions: the prior (coding
 * distribution) and posterior (target) of a {@link io.rec4j.core.rec.plan.BlockCoder}.
 */
public final class DiagonalGaussian {
    private final double[] mean;
    private final double[] std;

    private DiagonalGaussian(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " dimensions but std has " + std.length);
        }
        if (mean.length == 0) {
            throw new IllegalArgumentException("a distribution needs at least one dimension");
        }
        for (int d = 0; d < mean.length; d++) {
            check(d, mean[d], std[d]);
        }
        this.mean = mean;
        this.std = std;
    }

    /** {@code N(mean, diag(std²))}; the arrays are copied. */
    public static DiagonalGaussian of(double[] mean, double[] std) {
        return new DiagonalGaussian(mean.clone(), std.clone());
    }

    /** The standard normal {@code N(0, I_D)}. */
    public static DiagonalGaussian standard(int dimension) {
        double[] s = new double[dimension];
        Arrays.fill(s, 1);
        return new DiagonalGaussian(new double[dimension], s);
    }

    /**
     * Checks one dimension's parameters: a finite mean and a positive, finite standard deviation.
     *
     * @throws IllegalArgumentException naming dimension {@code d} otherwise
     */
    public static void check(int d, double mean, double std) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean of dimension " + d + " must be finite, was " + mean);
        }
        if (!(std > 0) || std == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("std of dimension " + d + " must be positive and finite, was " + std);
        }
    }

    public int dimension() {
        return mean.length;
    }

    public double mean(int d) {
        return mean[d];
    }

    public double std(int d) {
        return std[d];
    }

    /** A copy of the means. */
    public double[] means() {
        return mean.clone();
    }

    /** A copy of the standard deviations. */
    public double[] stds() {
        return std.clone();
    }

    /** The marginal over {@code indices}, in that order, as a product of {@link Normal}s. */
    public ProductDistribution restrict(int[] indices) {
        Normal[] m = new Normal[indices.length];
        for (int i = 0; i < indices.length; i++) {
            m[i] = new Normal(mean[indices[i]], std[indices[i]]);
        }
        return ProductDistribution.of(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiagonalGaussian g && Arrays.equals(g.mean, mean) && Arrays.equals(g.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "DiagonalGaussian[D=" + mean.length + "]";
    }
}
