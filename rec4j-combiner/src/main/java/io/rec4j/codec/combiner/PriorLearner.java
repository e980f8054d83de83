package io.rec4j.codec.combiner;

import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.core.rec.plan.KlBudgetPlanner;
import io.rec4j.nn.InrPosterior;
import io.rec4j.nn.SirenInit;
import io.rec4j.nn.Softplus;
import io.rec4j.nn.engine.TrainingEngine;
import java.util.List;

/**
 * Prior learning of COMBINER (Guo et al., NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md}, "Prior learning"):
 * coordinate ascent / EM on a set of training tiles, starting from COMBINER's untrained prior
 * ({@link SirenInit#combinerPrior}).
 * <ul>
 *   <li>E-step: each tile's posterior is trained for {@link Settings#eSteps()} Adam steps
 *       ({@link Settings#firstESteps()} in the first iteration) on MSE + β·ΣKL against the current prior,
 *       warm-started from that tile's previous posterior, with a fresh Adam state per iteration;</li>
 *   <li>M-step, closed form per scalar over the M tiles: {@code μp = mean μq},
 *       {@code σp² = mean(σq² + (μq − μp)²)} (the biased 1/M average).</li>
 * </ul>
 * Then every scalar's KL in bits is averaged over the final training posteriors (against the final prior) and
 * {@link KlBudgetPlanner} groups the scalars into blocks of at most κ bits ({@code docs/combiner.md},
 * "Block partition"), giving the {@link CombinerModel}. The operating point is set implicitly by β.
 */
public final class PriorLearner {
    private static final double LN2 = Math.log(2);

    /**
     * EM settings. The reference uses 96 iterations of 200 steps (400 in the first) at lr 1e−4 and β = 5e−7 on 128
     * large crops; {@link #defaults(int)} is a CPU-sized version: 10 iterations of 100 steps (300 in the first) at
     * lr 1e−3.
     *
     * @param iterations   EM iterations (&ge; 1)
     * @param firstESteps  E-step Adam steps per tile in the first iteration
     * @param eSteps       E-step Adam steps per tile in later iterations
     * @param learningRate E-step Adam learning rate
     * @param beta         KL weight β of the E-step (sets the operating point)
     * @param kappa        κ, bits per block
     * @param maxBlockSize largest block (COMBINER: 25)
     * @param seed         seed of posterior initialisation, training noise, the block permutation and the model
     * @param initStdFraction initial σq/σp of the first E-step (see {@link FitSettings#initStdFraction()})
     * @param engine       training engine of the E-steps
     */
    public record Settings(int iterations, int firstESteps, int eSteps, double learningRate, double beta, int kappa,
                           int maxBlockSize, long seed, double initStdFraction, TrainingEngine engine) {
        public Settings {
            java.util.Objects.requireNonNull(engine, "engine");
            if (iterations < 1 || firstESteps < 0 || eSteps < 0) {
                throw new IllegalArgumentException("invalid EM step counts: " + iterations + ", " + firstESteps + ", "
                        + eSteps);
            }
            if (!(learningRate > 0) || !(beta >= 0) || Double.isInfinite(beta) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("invalid lr or β: " + learningRate + ", " + beta);
            }
            new KlBudgetPlanner(kappa, maxBlockSize); // validates κ and the size cap
        }

        /** CPU-sized defaults at budget κ (see the record comment). */
        public static Settings defaults(int kappa) {
            return new Settings(10, 300, 100, 1e-3, FitSettings.REFERENCE_BETA, kappa,
                    KlBudgetPlanner.DEFAULT_MAX_BLOCK_SIZE, FitSettings.REFERENCE_SEED, FitSettings.DEFAULT_INIT_STD_FRACTION,
                    FitSettings.DEFAULT_ENGINE);
        }

        public Settings withIterations(int n, int first, int later) {
            return new Settings(n, first, later, learningRate, beta, kappa, maxBlockSize, seed, initStdFraction, engine);
        }

        public Settings withInit(double stdFraction) {
            return new Settings(iterations, firstESteps, eSteps, learningRate, beta, kappa, maxBlockSize, seed,
                    stdFraction, engine);
        }

        public Settings withEngine(TrainingEngine e) {
            return new Settings(iterations, firstESteps, eSteps, learningRate, beta, kappa, maxBlockSize, seed,
                    initStdFraction, e);
        }

        public Settings withBeta(double b) {
            return new Settings(iterations, firstESteps, eSteps, learningRate, b, kappa, maxBlockSize, seed, initStdFraction, engine);
        }
    }

    /**
     * The learned model and what led to it.
     *
     * @param model            the model (prior, plan, κ, tile, seed)
     * @param averageKlBits    per-scalar KL in bits averaged over the training posteriors (the planner's input)
     * @param meanMsePerIteration training MSE (posterior-mean network, [0, 1] samples) averaged over tiles, after each
     *                         E-step
     * @param klBitsPerIteration total KL in bits averaged over tiles, after each E-step (against the prior it was
     *                         trained with)
     */
    public record Learned(CombinerModel model, double[] averageKlBits, double[] meanMsePerIteration,
                          double[] klBitsPerIteration) {
    }

    private PriorLearner() {
    }

    /**
     * Learns a prior and a block plan from square training tiles of the model's tile size.
     *
     * @param name model name stored in the file
     */
    public static Learned learn(SirenArchitecture arch, List<RgbImage> tiles, int tileSize, Settings s, String name) {
        return learn(arch, tiles, tileSize, s, name, (it, tile) -> { });
    }

    /** Progress of {@link #learn}: called after every E-step of one tile. */
    @FunctionalInterface
    public interface Listener {
        /** The E-step of tile {@code tile} (0-based) in EM iteration {@code iteration} (0-based) is done. */
        void tileDone(int iteration, int tile);
    }

    /** {@link #learn(SirenArchitecture, List, int, Settings, String)} reporting to {@code listener}. */
    public static Learned learn(SirenArchitecture arch, List<RgbImage> tiles, int tileSize, Settings s, String name,
                                Listener listener) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("no training tiles");
        }
        for (RgbImage t : tiles) {
            if (t.width() != tileSize || t.height() != tileSize) {
                throw new IllegalArgumentException("training tile " + t + " is not " + tileSize + "x" + tileSize);
            }
        }
        int m = tiles.size();
        int p = arch.parameterCount();
        DiagonalGaussian prior = SirenInit.combinerPrior(arch);
        double[][] mu = new double[m][];
        double[][] rho = new double[m][];
        double[][] sd = new double[m][];
        double[] mseIt = new double[s.iterations()];
        double[] klIt = new double[s.iterations()];
        for (int it = 0; it < s.iterations(); it++) {
            int steps = it == 0 ? s.firstESteps() : s.eSteps();
            double[] beta = new double[p];
            java.util.Arrays.fill(beta, s.beta());
            for (int j = 0; j < m; j++) {
                long seed = s.seed() + j;
                float[][][] data = PosteriorFitter.toArray(tiles.get(j));
                long noiseSeed = seed + 1_000_003L * it;
                try (InrPosterior q = it == 0
                        ? Init.fresh(s.engine(), arch, data, prior, beta, s.learningRate(), seed, s.initStdFraction(), 0)
                        : s.engine().open(arch, data, prior, beta, s.learningRate(), mu[j], rho[j], noiseSeed)) {
                    q.run(steps);
                    mseIt[it] += q.meanMse() / m;
                    double kl = 0;
                    for (double v : q.klPerScalar()) {
                        kl += v;
                    }
                    klIt[it] += kl / LN2 / m;
                    mu[j] = q.posteriorMeans();
                    sd[j] = q.posteriorStds();
                    rho[j] = inverseSoftplus(sd[j]);
                }
                listener.tileDone(it, j);
            }
            prior = mStep(mu, sd);
        }
        double[] avgKl = new double[p];
        double[] pm = prior.means();
        double[] ps = prior.stds();
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < p; i++) {
                avgKl[i] += InrPosterior.klNats(mu[j][i], sd[j][i], pm[i], ps[i]) / LN2 / m;
            }
        }
        for (int i = 0; i < p; i++) {
            avgKl[i] = Math.max(0, avgKl[i]); // rounding can leave −1e−17 for a posterior equal to the prior
        }
        BlockPlan plan = new KlBudgetPlanner(s.kappa(), s.maxBlockSize()).plan(avgKl, s.seed());
        CombinerModel model = new CombinerModel(arch, DiagonalGaussian.of(pm, ps), plan, s.seed(), s.kappa(), tileSize, name);
        return new Learned(model, avgKl, mseIt, klIt);
    }

    /** ρ with softplus(ρ) = σ. */
    static double[] inverseSoftplus(double[] sd) {
        double[] rho = new double[sd.length];
        for (int i = 0; i < sd.length; i++) {
            rho[i] = Softplus.inverse(sd[i]);
        }
        return rho;
    }

    /** The closed-form M-step ({@code docs/combiner.md}, "Prior learning"). */
    static DiagonalGaussian mStep(double[][] mu, double[][] sd) {
        int m = mu.length;
        int p = mu[0].length;
        double[] mean = new double[p];
        double[] std = new double[p];
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (double[] row : mu) {
                s += row[i];
            }
            mean[i] = s / m;
            double v = 0;
            for (int j = 0; j < m; j++) {
                double d = mu[j][i] - mean[i];
                v += sd[j][i] * sd[j][i] + d * d;
            }
            std[i] = Math.sqrt(v / m);
        }
        return DiagonalGaussian.of(mean, std);
    }
}
