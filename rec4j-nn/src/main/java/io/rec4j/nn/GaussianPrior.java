package io.rec4j.nn;

import io.rec4j.codec.inr.SirenArchitecture;
import java.util.Arrays;

/**
 * Factorised Gaussian prior {@code N(μp, σp²)} over the flat parameter vector of a {@link SirenArchitecture} (spec
 * combiner-recombiner.md §2.2: σp is stored directly, not through a softplus).
 *
 * @param mean per-scalar prior means
 * @param std  per-scalar prior standard deviations, all positive and finite
 */
public record GaussianPrior(double[] mean, double[] std) {

    /** COMBINER's prior scale relative to the initialisation scale ({@code init_std_scale}, §2.3). */
    public static final double COMBINER_INIT_STD_SCALE = 0.5;

    public GaussianPrior {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std lengths differ: " + mean.length + " vs " + std.length);
        }
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || Double.isInfinite(std[i]) || !Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("invalid prior at " + i + ": N(" + mean[i] + ", " + std[i] + "²)");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Number of scalars. */
    public int size() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    public double meanAt(int i) {
        return mean[i];
    }

    public double stdAt(int i) {
        return std[i];
    }

    /**
     * COMBINER's untrained prior (§2.3): μp = 0 and σp = 0.5·w' with w' = 1/E for the first layer and
     * {@code sqrt(6/d_in)/w0} otherwise (0.0078125 and 0.0058926 for the Kodak config).
     */
    public static GaussianPrior combinerDefault(SirenArchitecture arch) {
        int p = arch.parameterCount();
        double[] sd = new double[p];
        for (int l = 0; l < arch.layerCount(); l++) {
            int off = arch.layerOffset(l);
            Arrays.fill(sd, off, off + arch.layerParameterCount(l), COMBINER_INIT_STD_SCALE * VariationalSiren.initScale(arch, l));
        }
        return new GaussianPrior(new double[p], sd);
    }
}
