package io.rec4j.codec.recombiner;

import io.rec4j.core.rec.dist.DiagonalGaussian;
import java.util.Objects;

/**
 * RECOMBINER's three-level hierarchy over the INR latents of patched signals (He, Flamich, Guo, Hernández-Lobato,
 * ICLR 2024, arXiv 2309.17182, §3.3, Eq. 6; {@code docs/recombiner.md}, "Hierarchy"): patch {@code π} of group
 * {@code g(π)} has {@code h_w(π) = h1(π) + h2(g(π)) + h3}, a patch-level latent plus its group's latent plus the
 * signal's latent, all of length {@code dim h_w}; the latent grids {@code h_z} have no hierarchy. Without patches
 * there is one level and {@code h_w = h1}.
 *
 * <p>Every sum is evaluated as {@code (h1 + h2) + h3}, one rounded double addition each, so the decoder's weights
 * are the same bits everywhere. Under factorised Gaussian priors at the three levels, the prior of the summed latent
 * of a patch is the factorised Gaussian with mean {@code (μ1 + μ2) + μ3} and variance {@code (σ1² + σ2²) + σ3²}
 * ({@link #composePrior}).
 */
public final class HierarchicalLatents {
    private HierarchicalLatents() {
    }

    /**
     * The summed INR latents {@code h_w} of every patch.
     *
     * @param arch   the architecture (patch and group layout)
     * @param patch  per patch (row-major), the level-1 latents {@code h1_w}
     * @param group  per group, the level-2 latents; {@code null} or empty when {@code arch.levels() == 1}
     * @param signal the level-3 latents; {@code null} when {@code arch.levels() == 1}
     * @return new arrays, one per patch
     */
    public static double[][] compose(RecombinerArchitecture arch, double[][] patch, double[][] group,
            double[] signal) {
        int n = arch.weightLatentCount();
        checkRows(patch, arch.patchCount(), n, "patch-level latents");
        double[][] out = new double[patch.length][];
        if (arch.levels() == 1) {
            if ((group != null && group.length > 0) || signal != null) {
                throw new IllegalArgumentException("an unpatched signal has one level, got group or signal latents");
            }
            for (int p = 0; p < patch.length; p++) {
                out[p] = patch[p].clone();
            }
            return out;
        }
        checkRows(group, arch.groupCount(), n, "group-level latents");
        checkRows(new double[][] {signal}, 1, n, "signal-level latents");
        for (int p = 0; p < patch.length; p++) {
            double[] a = patch[p];
            double[] b = group[arch.group(p)];
            double[] h = new double[n];
            for (int k = 0; k < n; k++) {
                h[k] = (a[k] + b[k]) + signal[k];
            }
            out[p] = h;
        }
        return out;
    }

    /**
     * The prior of a patch's summed latent {@code h1 + h2 + h3} when the three levels are independent factorised
     * Gaussians: means add, variances add ({@code std = sqrt((σ1² + σ2²) + σ3²)}, {@link StrictMath#sqrt}).
     */
    public static DiagonalGaussian composePrior(DiagonalGaussian patch, DiagonalGaussian group,
            DiagonalGaussian signal) {
        Objects.requireNonNull(patch, "patch");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(signal, "signal");
        int n = patch.dimension();
        if (group.dimension() != n || signal.dimension() != n) {
            throw new IllegalArgumentException("level dimensions differ: " + n + ", " + group.dimension() + ", "
                    + signal.dimension());
        }
        double[] mean = new double[n];
        double[] std = new double[n];
        for (int k = 0; k < n; k++) {
            mean[k] = (patch.mean(k) + group.mean(k)) + signal.mean(k);
            double s1 = patch.std(k);
            double s2 = group.std(k);
            double s3 = signal.std(k);
            std[k] = StrictMath.sqrt((s1 * s1 + s2 * s2) + s3 * s3);
        }
        return DiagonalGaussian.of(mean, std);
    }

    private static void checkRows(double[][] rows, int count, int length, String what) {
        if (rows == null || rows.length != count) {
            throw new IllegalArgumentException("expected " + what + " for " + count + " rows, got "
                    + (rows == null ? "none" : rows.length));
        }
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != length) {
                throw new IllegalArgumentException(what + " " + r + " need " + length + " values, got "
                        + (rows[r] == null ? "none" : rows[r].length));
            }
        }
    }
}
