package io.rec4j.nn.engine;

import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.InrPosterior;
import io.rec4j.nn.djl.DjlInrPosterior;
import io.rec4j.nn.fused.FusedInrPosterior;
import io.rec4j.nn.fused.FusedKernels;

/** The engines that can train an {@link InrPosterior}. */
public enum TrainingEngine {
    /** DJL with the PyTorch CPU engine (autograd). */
    DJL {
        /** PyTorch's thread count is process-wide: {@code threads} is ignored. */
        @Override
        public InrPosterior open(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta,
                                 double lr, double[] initMeans, double[] initRho, long seed, int threads) {
            return new DjlInrPosterior(arch, image, prior, beta, lr, initMeans, initRho, seed);
        }
    },
    /**
     * Hand-written float32 forward/backward in pure Java, multi-threaded ({@link FusedInrPosterior}), with the
     * {@linkplain FusedKernels#best() best kernels} the JVM can run: the Vector API ones where the JVM was started with
     * {@code --add-modules jdk.incubator.vector}, else the plain-Java ones.
     */
    FUSED {
        @Override
        public InrPosterior open(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta,
                                 double lr, double[] initMeans, double[] initRho, long seed, int threads) {
            return new FusedInrPosterior(arch, image, prior, beta, lr, initMeans, initRho, seed, FusedKernels.best(),
                    threads);
        }
    },
    /** {@link #FUSED} with its plain-Java kernels on every JVM ({@link FusedKernels#SCALAR}): the earlier engine. */
    FUSED_SCALAR {
        @Override
        public InrPosterior open(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta,
                                 double lr, double[] initMeans, double[] initRho, long seed, int threads) {
            return new FusedInrPosterior(arch, image, prior, beta, lr, initMeans, initRho, seed, FusedKernels.SCALAR,
                    threads);
        }
    };

    /**
     * Binds a fresh posterior to {@code image} (H×W×C floats, C = the architecture's outputs).
     *
     * @param prior     prior the KL is measured against
     * @param beta      per-scalar β
     * @param lr        Adam learning rate
     * @param initMeans initial flat means
     * @param initRho   initial flat raw stds ρ, σ = softplus(ρ)
     * @param seed      seed of the training noise
     */
    public InrPosterior open(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta,
                             double lr, double[] initMeans, double[] initRho, long seed) {
        return open(arch, image, prior, beta, lr, initMeans, initRho, seed, 0);
    }

    /**
     * As {@link #open(SirenArchitecture, float[][][], DiagonalGaussian, double[], double, double[], double[], long)},
     * with at most {@code threads} threads per step ({@code 0}: the engine's default). Callers that train several
     * posteriors at once give each one thread. The thread count is part of the arithmetic (sums are split by
     * thread), so a fixed count repeats a fit bit for bit.
     */
    public abstract InrPosterior open(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior,
                                      double[] beta, double lr, double[] initMeans, double[] initRho, long seed,
                                      int threads);
}
