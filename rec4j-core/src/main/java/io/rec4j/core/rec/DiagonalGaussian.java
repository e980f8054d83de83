package io.rec4j.core.rec;

import java.util.Arrays;

/**
 * A product of independent normals N(mean[d], std[d]²), the main target and coding distribution of REC.
 * Immutable (arrays are copied in and out).
 */
public final class DiagonalGaussian {
    private static final double LN2 = StrictMath.log(2.0);
    private final double[] mean;
    private final double[] std;

    public DiagonalGaussian(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " dimensions but std has " + std.length);
        }
        if (mean.length == 0) {
            throw new IllegalArgumentException("a distribution needs at least one dimension");
        }
        for (int d = 0; d < mean.length; d++) {
            if (!Double.isFinite(mean[d])) {
                throw new IllegalArgumentException("mean[" + d + "] must be finite, was " + mean[d]);
            }
            if (!(std[d] > 0) || Double.isInfinite(std[d])) {
                throw new IllegalArgumentException("std[" + d + "] must be finite and positive, was " + std[d]);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** N(0, 1)^dim. */
    public static DiagonalGaussian standard(int dim) {
        double[] m = new double[dim];
        double[] s = new double[dim];
        Arrays.fill(s, 1.0);
        return new DiagonalGaussian(m, s);
    }

    /** N(m, s²) in every one of {@code dim} dimensions. */
    public static DiagonalGaussian isotropic(int dim, double m, double s) {
        double[] mm = new double[dim];
        double[] ss = new double[dim];
        Arrays.fill(mm, m);
        Arrays.fill(ss, s);
        return new DiagonalGaussian(mm, ss);
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

    public double[] means() {
        return mean.clone();
    }

    public double[] stds() {
        return std.clone();
    }

    /**
     * KL[this ‖ p] in nats: Σ_d ln(σ_p/σ_q) + (σ_q² + (μ_q − μ_p)²) / (2σ_p²) − 1/2 (spec §1.2).
     */
    public double klNats(DiagonalGaussian p) {
        checkSameDimension(p);
        double kl = 0;
        for (int d = 0; d < mean.length; d++) {
            double s = std[d] / p.std[d];
            double mu = (mean[d] - p.mean[d]) / p.std[d];
            kl += -StrictMath.log(s) + 0.5 * (s * s + mu * mu) - 0.5;
        }
        return kl;
    }

    /** KL[this ‖ p] in bits. */
    public double klBits(DiagonalGaussian p) {
        return klNats(p) / LN2;
    }

    /**
     * D∞[this ‖ p] = ln sup q/p in nats: Σ_d −ln s + μ²/(2(1 − s²)) with s = σ_q/σ_p and μ standardised,
     * or +∞ if any dimension has s &gt; 1, or s = 1 with a shifted mean (spec §1.2).
     */
    public double maxLogRatioNats(DiagonalGaussian p) {
        checkSameDimension(p);
        double total = 0;
        for (int d = 0; d < mean.length; d++) {
            double s = std[d] / p.std[d];
            double mu = (mean[d] - p.mean[d]) / p.std[d];
            if (s > 1 || (s == 1 && mu != 0)) {
                return Double.POSITIVE_INFINITY;
            }
            total += s == 1 ? 0 : -StrictMath.log(s) + mu * mu / (2 * (1 - s * s));
        }
        return total;
    }

    /** ln q(x) − ln p(x) for this = q. */
    public double logRatio(DiagonalGaussian p, double[] x) {
        double r = 0;
        for (int d = 0; d < mean.length; d++) {
            double zq = (x[d] - mean[d]) / std[d];
            double zp = (x[d] - p.mean[d]) / p.std[d];
            r += StrictMath.log(p.std[d] / std[d]) - 0.5 * zq * zq + 0.5 * zp * zp;
        }
        return r;
    }

    void checkSameDimension(DiagonalGaussian other) {
        if (other.mean.length != mean.length) {
            throw new IllegalArgumentException("dimension mismatch: " + mean.length + " vs " + other.mean.length);
        }
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
        return "DiagonalGaussian[dim=" + mean.length + "]";
    }
}
