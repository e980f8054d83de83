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
 * "Block partition"), giving the {@link CombinerModel}. The operating point is set implicitly by β, or, with
 * {@link Settings#targetBlocks()}, explicitly: β then starts at {@link Settings#beta()} and is multiplied or divided
 * by {@value #BETA_FACTOR} after every E-step whose average KL lies outside ±{@value #RATE_BAND} of
 * {@code targetBlocks·κ} bits (the automatic β of RECOMBINER, He et al., ICLR 2024, arXiv 2309.17182, Alg. 1), and
 * the final grouping has exactly that many blocks ({@link KlBudgetPlanner#planBlocks}).
 */
public final class PriorLearner {
    private static final double LN2 = Math.log(2);
    /** Factor of one β adjustment towards {@link Settings#targetBlocks()}. */
    public static final double BETA_FACTOR = 1.5;
    /** Relative half-width of the KL band in which β is left alone. */
    public static final double RATE_BAND = 0.1;

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
     * @param targetBlocks 0: β is fixed and the scalars are grouped by κ; n &gt; 0: β adapts towards a training KL of
     *                     n·κ bits per tile and the model has exactly n blocks (where the grouping can reach n)
     */
    public record Settings(int iterations, int firstESteps, int eSteps, double learningRate, double beta, int kappa,
                           int maxBlockSize, long seed, double initStdFraction, TrainingEngine engine,
                           int targetBlocks) {
        public Settings {
            java.util.Objects.requireNonNull(engine, "engine");
            if (targetBlocks < 0) {
                throw new IllegalArgumentException("target blocks must be >= 0, was " + targetBlocks);
            }
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
                    FitSettings.DEFAULT_ENGINE, 0);
        }

        public Settings withIterations(int n, int first, int later) {
            return new Settings(n, first, later, learningRate, beta, kappa, maxBlockSize, seed, initStdFraction, engine,
                    targetBlocks);
        }

        public Settings withInit(double stdFraction) {
            return new Settings(iterations, firstESteps, eSteps, learningRate, beta, kappa, maxBlockSize, seed,
                    stdFraction, engine, targetBlocks);
        }

        public Settings withEngine(TrainingEngine e) {
            return new Settings(iterations, firstESteps, eSteps, learningRate, beta, kappa, maxBlockSize, seed,
                    initStdFraction, e, targetBlocks);
        }

        public Settings withTargetBlocks(int n) {
            return new Settings(iterations, firstESteps, eSteps, learningRate, beta, kappa, maxBlockSize, seed,
                    initStdFraction, engine, n);
        }

        public Settings withBeta(double b) {
            return new Settings(iterations, firstESteps, eSteps, learningRate, b, kappa, maxBlockSize, seed, initStdFraction, engine,
                    targetBlocks);
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
     * @param betaPerIteration β of each E-step
     */
    public record Learned(CombinerModel model, double[] averageKlBits, double[] meanMsePerIteration,
                          double[] klBitsPerIteration, double[] betaPerIteration) {
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
        double[] betaIt = new double[s.iterations()];
        double b = s.beta();
        for (int it = 0; it < s.iterations(); it++) {
            int steps = it == 0 ? s.firstESteps() : s.eSteps();
            double[] beta = new double[p];
            java.util.Arrays.fill(beta, b);
            betaIt[it] = b;
            double[] mse = new double[m];
            double[] kls = new double[m];
            final DiagonalGaussian current = prior;
            final int it0 = it;
            // Tiles are independent within an E-step: with several cores each tile trains on one thread, which is
            // faster than splitting one small tile's products; the sums below run in tile order, so the result does
            // not depend on the scheduling. DJL's PyTorch threads are process-wide, so that engine runs tile by tile.
            int threads = s.engine() == TrainingEngine.DJL ? 1
                    : Math.min(m, Runtime.getRuntime().availableProcessors());
            forEachTile(m, threads, j -> {
                long seed = s.seed() + j;
                float[][][] data = PosteriorFitter.toArray(tiles.get(j));
                long noiseSeed = seed + 1_000_003L * it0;
                int engineThreads = threads > 1 ? 1 : 0;
                try (InrPosterior q = it0 == 0
                        ? Init.fresh(s.engine(), arch, data, current, beta, s.learningRate(), seed,
                                s.initStdFraction(), engineThreads)
                        : s.engine().open(arch, data, current, beta, s.learningRate(), mu[j], rho[j], noiseSeed,
                                engineThreads)) {
                    q.run(steps);
                    mse[j] = q.meanMse();
                    double kl = 0;
                    for (double v : q.klPerScalar()) {
                        kl += v;
                    }
                    kls[j] = kl / LN2;
                    mu[j] = q.posteriorMeans();
                    sd[j] = q.posteriorStds();
                    rho[j] = inverseSoftplus(sd[j]);
                }
                synchronized (listener) {
                    listener.tileDone(it0, j);
                }
            });
            for (int j = 0; j < m; j++) {
                mseIt[it] += mse[j] / m;
                klIt[it] += kls[j] / m;
            }
            prior = mStep(mu, sd);
            if (s.targetBlocks() > 0) {
                double target = (double) s.targetBlocks() * s.kappa();
                if (klIt[it] > target * (1 + RATE_BAND)) {
                    b *= BETA_FACTOR;
                } else if (klIt[it] < target * (1 - RATE_BAND)) {
                    b /= BETA_FACTOR;
                }
            }
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
        KlBudgetPlanner planner = new KlBudgetPlanner(s.kappa(), s.maxBlockSize());
        BlockPlan plan = s.targetBlocks() > 0 ? planner.planBlocks(avgKl, s.targetBlocks(), s.seed())
                : planner.plan(avgKl, s.seed());
        CombinerModel model = new CombinerModel(arch, DiagonalGaussian.of(pm, ps), plan, s.seed(), s.kappa(), tileSize, name);
        return new Learned(model, avgKl, mseIt, klIt, betaIt);
    }

    /** Runs {@code task} for tiles 0..m−1 on {@code threads} threads (in the caller's thread when 1). */
    private static void forEachTile(int m, int threads, java.util.function.IntConsumer task) {
        if (threads <= 1) {
            for (int j = 0; j < m; j++) {
                task.accept(j);
            }
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rec4j-prior-estep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                int jj = j;
                done.add(pool.submit(() -> task.accept(jj)));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("prior learning was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
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
