package io.rec4j.codec.combiner;

import io.rec4j.codec.image.Psnr;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.nn.InrPosterior;
import java.util.Arrays;

/**
 * Test-time posterior inference of COMBINER (Guo et al., NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md},
 * "Per-block β control"): a fresh variational SIREN (initialised as in {@code docs/combiner.md}, "Initialisation", not
 * from the prior) is fitted to one tile by Adam on the β-ELBO against the model's prior, with one β per scalar steered
 * by the per-block controller (every {@link FitSettings#controlInterval()} steps after the warm-up, each block of the
 * model's plan whose KL exceeds κ + band bits gets its β multiplied by the factor, each block below κ − band divided by
 * it), and the learning rate halved at {@link FitSettings#lrDropFraction()} of the steps. The schedule is in
 * {@link FitSettings}.
 *
 * <p>{@link #open} keeps the network and its Adam state alive in a {@link Session} so that progressive refinement
 * ({@link ProgressiveRefinement}) can continue training it between coded blocks; {@link #fit} is the one-shot form.
 */
public final class PosteriorFitter {
    private static final double LN2 = Math.log(2);

    private final CombinerModel model;
    private final DiagonalGaussian prior;
    private final FitSettings settings;

    public PosteriorFitter(CombinerModel model, FitSettings settings) {
        this.model = model;
        this.prior = model.prior();
        this.settings = settings;
    }

    public CombinerModel model() {
        return model;
    }

    public FitSettings settings() {
        return settings;
    }

    /**
     * The outcome of a fit.
     *
     * @param posterior   the fitted posterior N(μq, σq²) over the flat parameters (what the block coder codes)
     * @param beta        final per-scalar β
     * @param blockKlBits KL of each block of the plan, in bits
     * @param meanMse     MSE on [0, 1] samples of the posterior-mean network (unclamped, unquantised)
     * @param psnr        {@link Psnr#fromUnitMse} of {@code meanMse}
     * @param steps       Adam steps run
     * @param nanos       wall time of the fit
     */
    public record Result(DiagonalGaussian posterior, double[] beta, double[] blockKlBits, double meanMse, double psnr,
                         int steps, long nanos) {
        /** Σ of the block KLs, in bits. */
        public double totalKlBits() {
            return Arrays.stream(blockKlBits).sum();
        }
    }

    /** Fits tile {@code t} (seed {@code settings.seed() + t}) and releases the network. */
    public Result fit(RgbImage tile, int t) {
        try (Session s = open(tile, t)) {
            return s.run();
        }
    }

    /**
     * Creates a fresh posterior for tile {@code t}; nothing is trained until {@link Session#run()}. {@code tile} is
     * the model's {@code T×T} tile or, for overlapping tiles (bitstream revision 4), the {@code (T+2m)²} window of the
     * tile and its margin, over which the network's coordinate grid (−1, 1) then spans.
     */
    public Session open(RgbImage tile, int t) {
        return open(tile, t, 0);
    }

    /**
     * As {@link #open(RgbImage, int)}, training with {@code threads} threads per step (0: the engine's default).
     * An encoder that fits several tiles at once gives each one thread.
     */
    public Session open(RgbImage tile, int t, int threads) {
        int t0 = model.tile();
        if (tile.width() != tile.height() || tile.width() < t0 || tile.width() > 2 * t0) {
            throw new IllegalArgumentException("tile is " + tile.width() + "x" + tile.height() + ", the model needs "
                    + t0 + "x" + t0 + " (or a square window of its tile and a margin, up to " + 2 * t0 + "x"
                    + 2 * t0 + ")");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        }
        return new Session(tile, settings.seed() + t, threads);
    }

    /** H×W×3 floats in [0, 1] for the trainer. */
    static float[][][] toArray(RgbImage img) {
        float[][][] out = new float[img.height()][img.width()][RgbImage.CHANNELS];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                for (int c = 0; c < RgbImage.CHANNELS; c++) {
                    out[y][x][c] = img.get(x, y, c) / (float) RgbImage.MAX_VALUE;
                }
            }
        }
        return out;
    }

    /** One tile's network, trainer and β, alive until closed. Not thread-safe. */
    public final class Session implements AutoCloseable {
        private final InrPosterior q;
        private final double[] beta;

        private Session(RgbImage tile, long seed, int threads) {
            this.beta = new double[prior.dimension()];
            Arrays.fill(beta, settings.initialBeta());
            this.q = Init.fresh(settings.engine(), model.architecture(), toArray(tile), prior, beta,
                    settings.learningRate(), seed, settings.initStdFraction(), threads);
        }

        /** The posterior being trained (refinement fixes coded scalars in it). */
        public InrPosterior network() {
            return q;
        }

        /** Runs the {@link FitSettings} schedule and reports the result. */
        public Result run() {
            return run(i -> { });
        }

        /**
         * Runs the {@link FitSettings} schedule, calling {@code stepDone} with the number of steps done after each
         * step.
         */
        public Result run(java.util.function.IntConsumer stepDone) {
            long t0 = System.nanoTime();
            int drop = settings.lrDropStep();
            int warm = settings.warmupSteps();
            for (int i = 0; i < settings.steps(); i++) {
                if (i == drop) {
                    q.setLearningRate(settings.learningRate() / 2);
                }
                if (i >= warm && (i - warm) % settings.controlInterval() == 0) {
                    controlBeta();
                }
                q.step();
                stepDone.accept(i + 1);
            }
            return result(settings.steps(), System.nanoTime() - t0);
        }

        /** Runs {@code n} plain Adam steps with the current β and learning rate (progressive refinement). */
        public void train(int n) {
            q.run(n);
        }

        /**
         * One round of the β controller over the blocks that still have free scalars (during the fit and,
         * every few blocks, during progressive refinement).
         *
         * @return the number of blocks whose β changed
         */
        public int controlBeta() {
            double[] kl = blockKlBits(q.klPerScalar());
            BlockPlan plan = model.plan();
            double hi = model.kappa() + settings.bandBits();
            double lo = model.kappa() - settings.bandBits();
            int changed = 0;
            for (int b = 0; b < plan.blockCount(); b++) {
                int[] idx = plan.block(b);
                if (q.isFixed(idx[0])) {
                    continue; // coded block: no KL, no β
                }
                double f = kl[b] > hi ? settings.betaFactor() : kl[b] < lo ? 1 / settings.betaFactor() : 1;
                if (f != 1) {
                    for (int d : idx) {
                        beta[d] *= f;
                    }
                    changed++;
                }
            }
            if (changed > 0) {
                q.setBeta(beta);
            }
            return changed;
        }

        private double[] blockKlBits(double[] klNats) {
            BlockPlan plan = model.plan();
            double[] out = new double[plan.blockCount()];
            for (int b = 0; b < out.length; b++) {
                double s = 0;
                for (int d : plan.block(b)) {
                    s += klNats[d];
                }
                out[b] = s / LN2;
            }
            return out;
        }

        /** The current posterior, with the coded scalars' values as means (their std is reported as 1: unused). */
        public DiagonalGaussian posterior() {
            double[] mu = q.posteriorMeans();
            double[] sd = q.posteriorStds();
            for (int i = 0; i < sd.length; i++) {
                if (q.isFixed(i)) {
                    sd[i] = 1; // a coded scalar's std is never read again; DiagonalGaussian needs std > 0
                }
            }
            return DiagonalGaussian.of(mu, sd);
        }

        /** The current diagnostics. */
        public Result result(int steps, long nanos) {
            double mse = q.meanMse();
            return new Result(posterior(), beta.clone(), blockKlBits(q.klPerScalar()), mse,
                    Psnr.fromUnitMse(mse), steps, nanos);
        }

        @Override
        public void close() {
            q.close();
        }
    }
}
