package io.rec4j.core.rec.dist;

import java.util.Arrays;
import java.util.List;

/**
 * A finite mixture {@code Σ_k w_k f_k} of one-dimensional {@link Normal}, {@link Laplace}, {@link Uniform} and
 * {@link Triangular} components (mixtures are flattened: a component may not itself be a mixture). Multimodal
 * targets of this kind are the standard test cases of A* coding (Flamich, Markou &amp; Hernández-Lobato, ICML 2022,
 * arXiv 2201.12857) and GPRS (Flamich, NeurIPS 2023, arXiv 2305.15313); {@link DensityRatio1D#of} bounds their
 * density ratios from the components' own structure ({@code docs/algorithms.md}, "Density ratios").
 *
 * <p>The quantile is found by bisection on the CDF between the smallest and the largest component quantile (the
 * mixture's lies between them), with a fixed number of halvings and {@link StrictMath} only, so shared candidates
 * drawn from a mixture coding distribution are bit-identical on every JVM. Immutable.
 */
public final class Mixture implements Distribution1D {
    /** Largest number of components. */
    public static final int MAX_COMPONENTS = 64;
    /** Tolerance on the sum of the weights before they are normalised. */
    static final double WEIGHT_TOLERANCE = 1e-9;

    private final double[] weights;
    private final double[] logWeights;
    private final Distribution1D[] components;
    private final double min;
    private final double max;

    /**
     * @param weights    positive finite weights summing to 1 (within {@value #WEIGHT_TOLERANCE}; they are then
     *                   normalised exactly)
     * @param components one per weight, none of them a mixture
     * @throws IllegalArgumentException naming the offending weight or component
     */
    public Mixture(double[] weights, List<? extends Distribution1D> components) {
        if (weights.length != components.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + components.size() + " components");
        }
        if (weights.length < 1 || weights.length > MAX_COMPONENTS) {
            throw new IllegalArgumentException("a mixture needs 1 to " + MAX_COMPONENTS + " components, got "
                    + weights.length);
        }
        double sum = 0;
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] > 0) || Double.isInfinite(weights[k])) {
                throw new IllegalArgumentException("mixture weight " + (k + 1) + " must be finite and positive, was "
                        + weights[k]);
            }
            if (components.get(k) == null) {
                throw new IllegalArgumentException("mixture component " + (k + 1) + " is null");
            }
            if (components.get(k) instanceof Mixture) {
                throw new IllegalArgumentException("mixture component " + (k + 1) + " is itself a mixture; flatten it");
            }
            sum += weights[k];
        }
        if (!(Math.abs(sum - 1) <= WEIGHT_TOLERANCE)) {
            throw new IllegalArgumentException("mixture weights must sum to 1, they sum to " + sum);
        }
        this.weights = new double[weights.length];
        this.logWeights = new double[weights.length];
        this.components = components.toArray(new Distribution1D[0]);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < weights.length; k++) {
            this.weights[k] = weights[k] / sum;
            this.logWeights[k] = StrictMath.log(this.weights[k]);
            lo = Math.min(lo, this.components[k].supportMin());
            hi = Math.max(hi, this.components[k].supportMax());
        }
        this.min = lo;
        this.max = hi;
    }

    /** Number of components. */
    public int size() {
        return components.length;
    }

    /** Weight of component {@code k} (normalised). */
    public double weight(int k) {
        return weights[k];
    }

    /** Component {@code k}. */
    public Distribution1D component(int k) {
        return components[k];
    }

    @Override
    public double logDensity(double x) {
        double m = Double.NEGATIVE_INFINITY;
        double[] terms = new double[components.length];
        for (int k = 0; k < components.length; k++) {
            terms[k] = logWeights[k] + components[k].logDensity(x);
            m = Math.max(m, terms[k]);
        }
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        double s = 0;
        for (double t : terms) {
            s += StrictMath.exp(t - m);
        }
        return m + StrictMath.log(s);
    }

    @Override
    public double cdf(double x) {
        double s = 0;
        for (int k = 0; k < components.length; k++) {
            s += weights[k] * components[k].cdf(x);
        }
        return Math.min(Math.max(s, 0), 1);
    }

    @Override
    public double quantile(double u) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Distribution1D c : components) {
            double x = c.quantile(u);
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        if (Double.isInfinite(lo) || Double.isInfinite(hi) || Double.isNaN(lo + hi)) {
            return u < 0.5 ? lo : hi; // u = 0 or 1: the support's end
        }
        // F(lo) <= u <= F(hi): bisect, a fixed number of times (at most 1100 halvings reach adjacent doubles)
        for (int i = 0; i < 1100 && lo < hi; i++) {
            double mid = lo + 0.5 * (hi - lo);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (cdf(mid) < u) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    @Override
    public double supportMin() {
        return min;
    }

    @Override
    public double supportMax() {
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mixture m && Arrays.equals(m.weights, weights) && Arrays.equals(m.components, components);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(components);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Mixture[");
        for (int k = 0; k < components.length; k++) {
            s.append(k > 0 ? ", " : "").append(weights[k]).append(':').append(components[k]);
        }
        return s.append(']').toString();
    }
}
