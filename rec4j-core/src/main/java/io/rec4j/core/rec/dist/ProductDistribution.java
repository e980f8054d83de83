package io.rec4j.core.rec.dist;

import io.rec4j.core.random.SharedRandomness;
import java.util.Arrays;
import java.util.List;

/**
 * A product of independent one-dimensional marginals over R^D: the shape of every target and coding distribution
 * in rec4j (diagonal Gaussians are the main case). Immutable.
 *
 * <p><b>Shared candidates.</b> Candidate {@code i} (0-based) of a coding distribution is, for a {@link Normal}
 * marginal {@code N(μ, σ²)}, {@code x[d] = μ + σ · shared.normal(d, i)} (the standard normal of the source's
 * {@link io.rec4j.core.random.NormalGenerator}; for the default inversion generator this is bit for bit
 * {@code marginal(d).quantile(u(d, i))}), and for any other marginal
 * {@code x[d] = marginal(d).quantile(u(stream = d, index = i))} with the shared uniforms of
 * {@link SharedRandomness}: encoder and decoder regenerate it bit for bit, in O(D), at any index.
 */
public final class ProductDistribution {
    private final Distribution1D[] marginals;

    private ProductDistribution(Distribution1D[] marginals) {
        if (marginals.length == 0) {
            throw new IllegalArgumentException("a distribution needs at least one dimension");
        }
        for (int d = 0; d < marginals.length; d++) {
            if (marginals[d] == null) {
                throw new IllegalArgumentException("marginal " + d + " is null");
            }
        }
        this.marginals = marginals;
    }

    public static ProductDistribution of(Distribution1D... marginals) {
        return new ProductDistribution(marginals.clone());
    }

    public static ProductDistribution of(List<? extends Distribution1D> marginals) {
        return new ProductDistribution(marginals.toArray(new Distribution1D[0]));
    }

    /** {@code dim} independent copies of {@code marginal}. */
    public static ProductDistribution iid(Distribution1D marginal, int dim) {
        Distribution1D[] m = new Distribution1D[dim];
        Arrays.fill(m, marginal);
        return new ProductDistribution(m);
    }

    /** The diagonal Gaussian N(mean, diag(std²)). */
    public static ProductDistribution gaussian(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " dimensions but std has " + std.length);
        }
        Distribution1D[] m = new Distribution1D[mean.length];
        for (int d = 0; d < m.length; d++) {
            m[d] = new Normal(mean[d], std[d]);
        }
        return new ProductDistribution(m);
    }

    /** N(0, I_dim). */
    public static ProductDistribution standardNormal(int dim) {
        return iid(new Normal(0, 1), dim);
    }

    public int dimension() {
        return marginals.length;
    }

    public Distribution1D marginal(int d) {
        return marginals[d];
    }

    /** True iff every marginal is a {@link Normal}. */
    public boolean isGaussian() {
        for (Distribution1D m : marginals) {
            if (!(m instanceof Normal)) {
                return false;
            }
        }
        return true;
    }

    /** Sum of the marginal log densities. */
    public double logDensity(double[] x) {
        double s = 0;
        for (int d = 0; d < marginals.length; d++) {
            s += marginals[d].logDensity(x[d]);
        }
        return s;
    }

    /** Writes shared candidate {@code index} (0-based) into {@code out}; see the class comment. */
    public void candidate(SharedRandomness shared, long index, double[] out) {
        for (int d = 0; d < marginals.length; d++) {
            out[d] = marginals[d] instanceof Normal n ? n.mean() + n.std() * shared.normal(d, index)
                    : marginals[d].quantile(shared.uniform(d, index));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProductDistribution p && Arrays.equals(p.marginals, marginals);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(marginals);
    }

    @Override
    public String toString() {
        return "ProductDistribution" + Arrays.toString(marginals);
    }
}
