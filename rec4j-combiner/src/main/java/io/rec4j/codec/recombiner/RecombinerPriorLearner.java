package io.rec4j.codec.recombiner;

import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.core.rec.plan.KlBudgetPlanner;
import io.rec4j.nn.djl.RecombinerTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Learns a RECOMBINER model from training signals (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182,
 * Alg. 1 and App. D; {@code docs/recombiner.md}, "Training"): an EM loop in which every round trains all training
 * posteriors and the shared network (A and φ) jointly by full-batch Adam on Σ (MSE + β·KL), with one sample per step
 * and a fresh Adam per round; then adjusts β towards the target rate (×1.5 when the average KL per signal exceeds
 * {@code target·samples} bits, ÷1.5 when it is below {@code max(lowest, target − range)·samples}, clamped to
 * [1e−20, 1]); then sets the prior in closed form, per latent, to {@code μ = mean(μ_q)} and
 * {@code σ² = mean(σ_q²) + var(μ_q)} (unbiased variance, as the authors' code). After the last round the block
 * partition is built from the training posteriors' average KL ({@link KlBudgetPlanner}, κ bits per block, no size
 * cap, seeded permutation) and the average ρ becomes where test-time inference starts.
 */
public final class RecombinerPriorLearner {
    /** Lower clamp of β. */
    static final double MIN_BETA = 1e-20;
    /** Upper clamp of β. */
    static final double MAX_BETA = 1;

    /**
     * The training schedule.
     *
     * @param rounds     EM rounds (the authors: 550)
     * @param firstSteps Adam steps of the first round (200)
     * @param steps      Adam steps of later rounds (100)
     * @param lr         Adam learning rate (2e−4)
     * @param targetBpp  target rate, bits per sample
     * @param rangeBpp   width of the accepted rate band below the target (CIFAR-10: 0.3)
     * @param lowestBpp  floor of the accepted band (CIFAR-10: 0.1)
     * @param initialBeta β of the first round (1e−8)
     * @param kappa      bits per block
     * @param seed       seed of the initial values, the noise and the block permutation
     */
    public record Settings(int rounds, int firstSteps, int steps, double lr, double targetBpp, double rangeBpp,
                           double lowestBpp, double initialBeta, int kappa, long seed) {
        public Settings {
            if (rounds < 1 || firstSteps < 0 || steps < 0) {
                throw new IllegalArgumentException("need at least one round and non-negative step counts");
            }
            if (!(lr > 0) || !(targetBpp > 0) || !(rangeBpp >= 0) || !(lowestBpp >= 0) || !(initialBeta > 0)) {
                throw new IllegalArgumentException("learning rate, target rate and β must be positive");
            }
            if (kappa < 1 || kappa > 24) {
                throw new IllegalArgumentException("kappa must be in [1, 24], was " + kappa);
            }
        }

        /** The authors' CIFAR-10 schedule, with {@code rounds} EM rounds. */
        public static Settings cifar10(double targetBpp, int rounds, long seed) {
            return new Settings(rounds, 200, 100, 2e-4, targetBpp, 0.3, 0.1, 1e-8, 16, seed);
        }
    }

    /** What one EM round ended with. */
    public record Round(int round, double beta, double meanKlBits, double meanMse, long nanos) {
    }

    /** Progress hook. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (r, total) -> { };

        void roundDone(Round round, int totalRounds);
    }

    /** The learned model and the history of its rounds. */
    public record Result(RecombinerModel model, List<Round> rounds) {
    }

    private final RecombinerArchitecture arch;
    private final Settings settings;
    private final int blocks;
    /** Whether every {@code A^[l]} is the identity and stays fixed (the ablation without linear reparameterisation). */
    private final boolean identityMatrices;

    public RecombinerPriorLearner(RecombinerArchitecture arch, Settings settings) {
        this(arch, settings, 0, false);
    }

    private RecombinerPriorLearner(RecombinerArchitecture arch, Settings settings, int blocks,
                                   boolean identityMatrices) {
        this.arch = Objects.requireNonNull(arch);
        this.settings = Objects.requireNonNull(settings);
        if (blocks < 0) {
            throw new IllegalArgumentException("blocks must be >= 0, was " + blocks);
        }
        this.blocks = blocks;
        this.identityMatrices = identityMatrices;
    }

    /**
     * This learner, but without linear reparameterisation (the paper's ablation, §5.2): every {@code A^[l]} is the
     * identity and is not learned, so the coded latents are the INR's weights themselves; φ and the prior are still
     * learned. The model file stores the identity matrices, so the decoder needs no special case.
     */
    public RecombinerPriorLearner withoutReparameterisation() {
        return new RecombinerPriorLearner(arch, settings, blocks, true);
    }

    /**
     * This learner, but the final partition has exactly {@code n} blocks (when the greedy grouping can reach that
     * count; else the nearest count it reaches): the grouping budget is chosen by bisection instead of being κ, so
     * that a model lands on a given rate ({@code n·κ} bits per signal) rather than near it. 0 = group by κ.
     */
    public RecombinerPriorLearner withBlocks(int n) {
        return new RecombinerPriorLearner(arch, settings, n, identityMatrices);
    }

    /** The partition of the latents: grouped by κ, or into {@link #blocks} blocks by a bisected budget. */
    static BlockPlan plan(double[] klBits, int kappa, int blocks, long seed) {
        if (blocks == 0) {
            return KlBudgetPlanner.withoutSizeCap(kappa).plan(klBits, seed);
        }
        return KlBudgetPlanner.withoutSizeCap(kappa).planBlocks(klBits, blocks, seed);
    }

    /**
     * Learns a model from {@code signals} (per signal, samples row-major with channels interleaved, in [0, 1]).
     */
    public Result learn(String name, float[][] signals, Listener listener) {
        return learn(name, signals, null, listener);
    }

    /**
     * Learns the prior of a model whose network (A and φ) is given and stays fixed: the same EM, but Adam moves only
     * the training posteriors. This is how models of several rates share one network ({@code docs/recombiner.md},
     * "Shipped models"); the paper learns A and φ per rate.
     *
     * @param fixedNetwork A and φ in {@link RecombinerNetwork#fromParameters} order, or {@code null} to learn them
     */
    public Result learn(String name, float[][] signals, float[] fixedNetwork, Listener listener) {
        return learn(name, signals, fixedNetwork, null, listener);
    }

    /**
     * As {@link #learn(String, float[][], float[], Listener)}, warm-started from {@code start} (a model of the same
     * architecture, or {@code null} for the authors' initialisation): the prior of every level starts at
     * {@code start}'s, every training posterior starts at that prior's mean with {@code start}'s per-latent starting
     * ρ (where test-time inference starts), and a network that is learned starts at {@code start}'s A and φ. A model
     * of another rate so continues from a trained one instead of from scratch (a rec4j departure for short CPU runs;
     * the paper trains every rate from scratch).
     */
    public Result learn(String name, float[][] signals, float[] fixedNetwork, RecombinerModel start,
                        Listener listener) {
        if (start != null && !start.architecture().equals(arch)) {
            throw new IllegalArgumentException("the starting model " + start.name() + " has another architecture");
        }
        int m = signals.length;
        if (m < 2) {
            throw new IllegalArgumentException("prior learning needs at least 2 training signals, got " + m);
        }
        int p = Math.toIntExact(arch.signalLatentCount());
        int levels = arch.levels();
        SplittableRandom rnd = new SplittableRandom(settings.seed());
        double[] network = RecombinerInit.network(arch, rnd);
        if (fixedNetwork != null) {
            if (fixedNetwork.length != network.length) {
                throw new IllegalArgumentException("the fixed network has " + fixedNetwork.length
                        + " parameters; the architecture needs " + network.length);
            }
            for (int i = 0; i < network.length; i++) {
                network[i] = fixedNetwork[i];
            }
        } else if (start != null) {
            network = start.networkParameters();
        }
        if (identityMatrices) {
            if (fixedNetwork != null) {
                throw new IllegalArgumentException("a fixed network brings its own matrices; it cannot be combined with"
                        + " learning without reparameterisation");
            }
            RecombinerInit.identityMatrices(arch, network);
        }
        double[][] means = new double[m][];
        double[][] rhos = new double[m][p];
        for (int r = 0; r < m; r++) {
            means[r] = RecombinerInit.signalMeans(arch, rnd);
            Arrays.fill(rhos[r], RecombinerInit.POSTERIOR_RHO);
        }
        double[][] levelMean = new double[levels][];
        double[][] levelStd = new double[levels][];
        for (int l = 0; l < levels; l++) {
            if (start != null) {
                levelMean[l] = start.levels().get(l).prior().means();
                levelStd[l] = start.levels().get(l).prior().stds();
                continue;
            }
            int d = RecombinerModel.levelDimension(arch, l);
            levelMean[l] = new double[d];
            levelStd[l] = new double[d];
            Arrays.fill(levelStd[l], RecombinerInit.std(RecombinerInit.PRIOR_RHO));
        }
        if (start != null) {
            double[] mean0 = tile(arch, levelMean);
            double[][] rho = new double[levels][];
            for (int l = 0; l < levels; l++) {
                rho[l] = start.levels().get(l).initRho();
            }
            double[] rho0 = tile(arch, rho);
            for (int r = 0; r < m; r++) {
                means[r] = mean0.clone();
                rhos[r] = rho0.clone();
            }
        }
        double beta = settings.initialBeta();
        int samples = arch.signalHeight() * arch.signalWidth();
        double budgetMax = settings.targetBpp() * samples;
        double budgetMin = Math.max(settings.lowestBpp(), settings.targetBpp() - settings.rangeBpp()) * samples;
        List<Round> history = new ArrayList<>();
        double[][] betaRows = new double[m][p];
        for (double[] b : betaRows) {
            Arrays.fill(b, beta);
        }
        boolean learnPhi = fixedNetwork == null;
        try (RecombinerTrainer t = new RecombinerTrainer(arch, network, learnPhi && !identityMatrices, learnPhi,
                signals, means, rhos, tile(arch, levelMean), tile(arch, levelStd), betaRows, settings.lr(),
                rnd.nextLong())) {
            for (int round = 0; round < settings.rounds(); round++) {
                long t0 = System.nanoTime();
                t.resetAdam();
                t.run(round == 0 ? settings.firstSteps() : settings.steps());
                double[][] kl = t.klPerLatent();
                double meanKlBits = 0;
                for (double[] row : kl) {
                    meanKlBits += sum(row) / Math.log(2) / m;
                }
                if (meanKlBits > budgetMax) {
                    beta = Math.min(MAX_BETA, beta * 1.5);
                } else if (meanKlBits < budgetMin) {
                    beta = Math.max(MIN_BETA, beta / 1.5);
                }
                for (double[] b : betaRows) {
                    Arrays.fill(b, beta);
                }
                t.setBeta(betaRows);
                updatePrior(t, levelMean, levelStd);
                t.setPrior(tile(arch, levelMean), tile(arch, levelStd));
                double mse = sum(t.meanMse()) / m;
                Round done = new Round(round + 1, beta, meanKlBits, mse, System.nanoTime() - t0);
                history.add(done);
                listener.roundDone(done, settings.rounds());
            }
            // per level: the plan and the starting ρ, from the posteriors against the final prior
            double[][] kl = t.klPerLatent();
            double[][] rawStds = new double[m][];
            for (int r = 0; r < m; r++) {
                rawStds[r] = t.rawStds(r);
            }
            List<RecombinerModel.Level> out = new ArrayList<>();
            for (int l = 0; l < levels; l++) {
                int d = RecombinerModel.levelDimension(arch, l);
                int count = RecombinerModel.levelRows(arch, l);
                double[] klBits = new double[d];
                double[] rhoMean = new double[d];
                double instances = (double) m * count;
                for (int r = 0; r < m; r++) {
                    for (int k = 0; k < count; k++) {
                        int off = Math.toIntExact(RecombinerLayout.offset(arch, l, k));
                        for (int i = 0; i < d; i++) {
                            klBits[i] += Math.max(0, kl[r][off + i]) / Math.log(2) / instances; // float32 KL may dip below 0
                            rhoMean[i] += rawStds[r][off + i] / instances;
                        }
                    }
                }
                BlockPlan plan = plan(klBits, settings.kappa(), levels == 1 ? blocks : 0, settings.seed() + l);
                out.add(new RecombinerModel.Level(DiagonalGaussian.of(levelMean[l], levelStd[l]), rhoMean, plan));
            }
            float[] net = fixedNetwork != null ? fixedNetwork.clone() : toFloat(t.networkParameters());
            RecombinerModel model = new RecombinerModel(name, arch, net, out, settings.seed(), settings.kappa(),
                    beta);
            return new Result(model, history);
        }
    }

    /** Each level's per-latent values repeated over the level's rows, in the flat layout of {@link RecombinerLayout}. */
    static double[] tile(RecombinerArchitecture arch, double[][] perLevel) {
        double[] out = new double[Math.toIntExact(arch.signalLatentCount())];
        for (int l = 0; l < perLevel.length; l++) {
            for (int k = 0; k < RecombinerModel.levelRows(arch, l); k++) {
                System.arraycopy(perLevel[l], 0, out, Math.toIntExact(RecombinerLayout.offset(arch, l, k)),
                        perLevel[l].length);
            }
        }
        return out;
    }

    /**
     * Per level and latent, over all rows of that level in all training signals: μ = mean(μ_q), σ² = mean(σ_q²) +
     * unbiased var(μ_q).
     */
    private void updatePrior(RecombinerTrainer t, double[][] mean, double[][] std) {
        int m = t.rows();
        double[][] mu = new double[m][];
        double[][] sd = new double[m][];
        for (int r = 0; r < m; r++) {
            mu[r] = t.posteriorMeans(r);
            sd[r] = t.posteriorStds(r);
        }
        for (int l = 0; l < mean.length; l++) {
            int d = mean[l].length;
            int count = RecombinerModel.levelRows(arch, l);
            int n = m * count;
            int[] offsets = new int[count];
            for (int k = 0; k < count; k++) {
                offsets[k] = Math.toIntExact(RecombinerLayout.offset(arch, l, k));
            }
            for (int i = 0; i < d; i++) {
                double a = 0;
                double meanVar = 0;
                for (int r = 0; r < m; r++) {
                    for (int off : offsets) {
                        a += mu[r][off + i];
                        meanVar += sd[r][off + i] * sd[r][off + i];
                    }
                }
                a /= n;
                meanVar /= n;
                double v = 0;
                for (int r = 0; r < m; r++) {
                    for (int off : offsets) {
                        double e = mu[r][off + i] - a;
                        v += e * e;
                    }
                }
                v /= n - 1;
                mean[l][i] = a;
                std[l][i] = Math.sqrt(meanVar + v);
            }
        }
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
