package io.rec4j.nn;

import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * COMBINER's initialisation of a variational SIREN and its untrained prior (Guo et al., "Compression with Bayesian
 * Implicit Neural Representations", NeurIPS 2023, arXiv 2305.19185, and the authors' code; SIREN's weight
 * initialisation: Sitzmann et al., NeurIPS 2020, arXiv 2006.09661). Shared by every training engine, so that
 * engines differ only in how they compute a step. Details in {@code docs/combiner.md}, "Initialisation".
 */
public final class SirenInit {
    /** Raw std ρ of a fresh posterior: σ = softplus(−10) = 4.54e−5. */
    public static final double COMBINER_INIT_RHO = -10.0;
    /** Mean initialisation range as a fraction of the layer scale: U(−(11/12)w, (11/12)w). */
    public static final double INIT_RANGE_FRACTION = 11.0 / 12.0;
    /** COMBINER's prior scale relative to the initialisation scale ({@code init_std_scale}). */
    public static final double COMBINER_INIT_STD_SCALE = 0.5;

    private SirenInit() {
    }

    /**
     * Initialisation scale {@code w} of layer {@code l}: {@code 1/d_in} for the first layer and
     * {@code sqrt(c/d_in)/w0} with c = 6 for every other layer (including the output layer).
     */
    public static double initScale(SirenArchitecture arch, int l) {
        final double c = 6.0; // SIREN initialisation constant
        return l == 0 ? 1.0 / arch.layerInputDim(0) : Math.sqrt(c / arch.layerInputDim(l)) / arch.w0();
    }

    /**
     * COMBINER's initial posterior means: uniform in ±(11/12)·w per layer ({@link #initScale}), drawn from
     * {@code SplittableRandom(seed)} in flat order.
     */
    public static double[] initialMeans(SirenArchitecture arch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[arch.parameterCount()];
        for (int l = 0; l < arch.layerCount(); l++) {
            double bound = INIT_RANGE_FRACTION * initScale(arch, l);
            int off = arch.layerOffset(l);
            for (int i = 0; i < arch.layerParameterCount(l); i++) {
                means[off + i] = (2 * rng.nextDouble() - 1) * bound;
            }
        }
        return means;
    }

    /**
     * COMBINER's untrained prior: μp = 0 and σp = 0.5·w per layer with w from {@link #initScale} (0.0078125 and
     * 0.0058926 for the 6×48 Kodak network).
     */
    public static DiagonalGaussian combinerPrior(SirenArchitecture arch) {
        int p = arch.parameterCount();
        double[] sd = new double[p];
        for (int l = 0; l < arch.layerCount(); l++) {
            int off = arch.layerOffset(l);
            Arrays.fill(sd, off, off + arch.layerParameterCount(l), COMBINER_INIT_STD_SCALE * initScale(arch, l));
        }
        return DiagonalGaussian.of(new double[p], sd);
    }
}
