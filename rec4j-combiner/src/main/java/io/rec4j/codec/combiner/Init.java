package io.rec4j.codec.combiner;

import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.InrPosterior;
import io.rec4j.nn.SirenInit;
import io.rec4j.nn.Softplus;
import io.rec4j.nn.engine.TrainingEngine;
import java.util.Arrays;

/**
 * Fresh posteriors: COMBINER's initial means ({@code docs/combiner.md}, "Initialisation"), and either the authors' ρ =
 * −10 or σq = fraction·σp.
 */
final class Init {
    private Init() {
    }

    /**
     * Opens a fresh posterior on {@code image}.
     *
     * @param stdFraction if &gt; 0, every scalar starts with σq = stdFraction·σp (σp from {@code prior}); otherwise
     *                    the reference's ρ = −10 (σq = 4.54e−5)
     * @param threads     threads per training step (0: the engine's default)
     */
    static InrPosterior fresh(TrainingEngine engine, SirenArchitecture arch, float[][][] image, DiagonalGaussian prior,
                              double[] beta, double lr, long seed, double stdFraction, int threads) {
        double[] mu = SirenInit.initialMeans(arch, seed);
        double[] rho = new double[mu.length];
        if (stdFraction > 0) {
            for (int i = 0; i < rho.length; i++) {
                rho[i] = Softplus.inverse(stdFraction * prior.std(i));
            }
        } else {
            Arrays.fill(rho, SirenInit.COMBINER_INIT_RHO);
        }
        return engine.open(arch, image, prior, beta, lr, mu, rho, seed, threads);
    }
}
