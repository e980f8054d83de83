package io.rec4j.codec.miracle;

import io.rec4j.codec.image.Mnist;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockCoder;
import io.rec4j.core.rec.plan.BlockEncoding;
import io.rec4j.core.rec.plan.BlockPlan;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Compresses a classifier with MIRACLE (Havasi, Peharz, Hernández-Lobato, ICLR 2019, arXiv 1810.00440, Alg. 1 and
 * §3; Mean-KL: Lin, Flamich, Hernández-Lobato, arXiv 2307.07816), {@code docs/miracle.md}:
 * <ol>
 *   <li>The total budget of {@code budgetBits} and C bits per block give {@code B = ⌊budget/C⌋} blocks, hence the
 *       block size {@code b = ⌈V/B⌉} of the {@link io.rec4j.core.rec.plan.FixedSizePlanner} partition of the V
 *       hashed variables (then {@code ⌈V/b⌉ ≤ B} blocks are coded).</li>
 *   <li>Pre-training of the means (no noise, no KL), then variational training with the chosen parameterisation:
 *       Mean-Var with per-block penalty annealing toward C bits, or Mean-KL with every block at C bits by
 *       construction.</li>
 *   <li>σ_p frozen at its float32 value; then every block, in plan order, is coded with
 *       {@link io.rec4j.core.rec.OrderedRandomCoding#mrc minimal random coding} of budget C (the correct importance
 *       weights {@code ln q − ln p}, not the doubled prior term of the authors' code), its sample fixed, and the
 *       not-yet-coded variables retrained for a few steps after every {@code ⌈B/rounds⌉} blocks.</li>
 *   <li>The file is decoded again in pure Java and compared with the encoder's sample, weight by weight.</li>
 * </ol>
 */
public final class MiracleEncoder {
    /**
     * Training and coding schedule.
     *
     * @param pretrainEpochs epochs of mean-only training (learning rate: cosine decay from lr to lr/100)
     * @param trainEpochs    epochs of variational training
     * @param batch          minibatch size
     * @param lr             Adam's learning rate
     * @param initialBeta    Mean-Var: the initial KL penalty of every block
     * @param annealRate     Mean-Var: the penalty factor per step while training
     * @param codingRate     Mean-Var: the penalty factor per step while retraining between blocks (MIRACLE: 1.0005)
     * @param retrainRounds  how many times the remaining variables are retrained while coding
     * @param retrainSteps   Adam steps per retraining round
     * @param seed           the file's seed (plan, hash signs, candidates) and the training randomness
     */
    public record Settings(int pretrainEpochs, int trainEpochs, int batch, double lr, double initialBeta,
                           double annealRate, double codingRate, int retrainRounds, int retrainSteps, long seed) {
        public Settings {
            if (pretrainEpochs < 0 || trainEpochs < 0 || batch < 1 || !(lr > 0) || !(initialBeta > 0)
                    || !(annealRate >= 1) || !(codingRate >= 1) || retrainRounds < 0 || retrainSteps < 0) {
                throw new IllegalArgumentException("invalid MIRACLE settings: " + this);
            }
        }

        /**
         * The defaults of {@code rec4j miracle train} for {@code arch} ({@code docs/miracle.md}, "Training"):
         * LeNet-300-100 10 + 30 epochs at lr 10⁻²; LeNet-5 20 + 30 epochs at 3·10⁻³.
         */
        public static Settings defaults(MiracleArchitecture arch) {
            return arch.isConvolutional() ? new Settings(20, 30, 128, 3e-3, 1e-6, 1.002, 1.0005, 50, 20, 42)
                    : new Settings(10, 30, 128, 1e-2, 1e-6, 1.002, 1.0005, 50, 20, 42);
        }

        public Settings withEpochs(int pretrain, int train) {
            return new Settings(pretrain, train, batch, lr, initialBeta, annealRate, codingRate, retrainRounds,
                    retrainSteps, seed);
        }

        public Settings withRetraining(int rounds, int steps) {
            return new Settings(pretrainEpochs, trainEpochs, batch, lr, initialBeta, annealRate, codingRate, rounds,
                    steps, seed);
        }

        public Settings withSeed(long newSeed) {
            return new Settings(pretrainEpochs, trainEpochs, batch, lr, initialBeta, annealRate, codingRate,
                    retrainRounds, retrainSteps, newSeed);
        }
    }

    /** Progress: phases with their done / total counts. */
    public interface Progress {
        /** Nothing. */
        Progress NONE = new Progress() {
        };

        /**
         * Training: {@code epoch} of {@code epochs} done ({@code pretraining} for the first phase; 0 when the phase
         * starts); {@code testError} is NaN except after the last epoch.
         */
        default void epoch(boolean pretraining, int epoch, int epochs, double testError) {
        }

        /**
         * Coding: {@code blocks} of {@code total} coded (0 when coding starts); {@code testError} is NaN except after
         * retraining.
         */
        default void coded(int blocks, int total, double testError) {
        }
    }

    /**
     * The result.
     *
     * @param file             the compressed network
     * @param network          the decoded network (the decoder's, from the file)
     * @param errorBefore      test error of the posterior means before coding (engine)
     * @param errorAfter       test error of the decoded network (pure Java)
     * @param trainNanos       time of both training phases
     * @param codeNanos        time of coding with retraining
     * @param encoding         the block coder's report
     */
    public record Result(byte[] file, MiracleNetwork network, double errorBefore, double errorAfter,
                         long trainNanos, long codeNanos, BlockEncoding encoding) {
    }

    private MiracleEncoder() {
    }

    /** The block size for a total budget: {@code ⌈V / ⌊budget/C⌋⌉}. */
    public static int blockSize(MiracleArchitecture arch, int blockBits, long budgetBits) {
        long blocks = budgetBits / blockBits;
        if (blocks < 1) {
            throw new IllegalArgumentException("a budget of " + budgetBits + " bits holds no block of " + blockBits
                    + " bits");
        }
        long v = arch.variableCount();
        return (int) Math.max(1, (v + blocks - 1) / Math.min(blocks, v));
    }

    /**
     * Trains and compresses.
     *
     * @param budgetBits the total budget of block indices in bits (the file adds its header)
     * @param train      training images
     * @param test       images for the test error
     */
    public static Result compress(MiracleArchitecture arch, MiracleFile.Parameterisation param, int blockBits,
                                  long budgetBits, Mnist.Set train, Mnist.Set test, Settings s, Progress progress) {
        int b = blockSize(arch, blockBits, budgetBits);
        int tensors = arch.tensors().size();
        MiracleFile.Header draft = draft(arch, param, blockBits, b, s.seed());
        BlockPlan plan = draft.plan();
        WeightHashing hashing = draft.hashing();
        long t0 = System.nanoTime();
        double[] means = pretrain(arch, plan, hashing, train, test, s, progress);
        try (VariationalTrainer trainer = variational(arch, plan, hashing, param, blockBits, train, means, s)) {
            progress.epoch(false, 0, s.trainEpochs(), Double.NaN);
            for (int e = 0; e < s.trainEpochs(); e++) {
                trainEpoch(trainer, s);
                progress.epoch(false, e + 1, s.trainEpochs(), e + 1 == s.trainEpochs() ? trainer.errorRate(test)
                        : Double.NaN);
            }
            double errorBefore = trainer.errorRate(test);
            long t1 = System.nanoTime();
            float[] frozen = trainer.freezePriorScales();
            MiracleFile.Header header = new MiracleFile.Header(arch, param, blockBits, b, s.seed(), frozen);
            BlockCoder coder = header.coder();
            int blocks = plan.blockCount();
            int every = s.retrainRounds() == 0 ? Integer.MAX_VALUE
                    : Math.max(1, (blocks + s.retrainRounds() - 1) / s.retrainRounds());
            double[] mean = new double[arch.variableCount()];
            double[] std = new double[mean.length];
            trainer.posterior(mean, std);
            BitWriter out = new BitWriter();
            int[] coded = {0};
            progress.coded(0, blocks, Double.NaN);
            BlockEncoding enc = coder.encode(header.codingDistribution(), DiagonalGaussian.of(mean, std),
                    header.blockRandomness(), out, (block, remaining) -> {
                        trainer.fix(block.indices(), block.sample());
                        coded[0]++;
                        double err = Double.NaN;
                        if (coded[0] % every == 0 && coded[0] < blocks && s.retrainSteps() > 0) {
                            for (int k = 0; k < s.retrainSteps(); k++) {
                                trainer.step();
                                trainer.annealPenalties(s.codingRate());
                            }
                            trainer.posterior(mean, std);
                            for (int d = 0; d < mean.length; d++) {
                                if (!remaining.isCoded(d)) {
                                    remaining.set(d, mean[d], std[d]);
                                }
                            }
                            err = trainer.errorRate(test);
                        }
                        progress.coded(coded[0], blocks, err);
                    });
            byte[] file = MiracleFile.write(header, out.toByteArray());
            long t2 = System.nanoTime();
            MiracleNetwork decoded = MiracleFile.decode(file);
            float[][] expected = hashing.expand(enc.sample());
            for (int t = 0; t < tensors; t++) {
                if (!Arrays.equals(expected[t], decoded.tensor(t))) {
                    throw new IllegalStateException("the decoded " + arch.tensors().get(t).name() + " differs from"
                            + " the encoder's sample");
                }
            }
            return new Result(file, decoded, errorBefore, decoded.errorRate(test), t1 - t0, t2 - t1, enc);
        }
    }

    /** σ_p = 1 for every tensor: the scales before training has set them. */
    private static float[] unitScales(MiracleArchitecture arch) {
        float[] ones = new float[arch.tensors().size()];
        Arrays.fill(ones, 1f);
        return ones;
    }

    /** A header whose plan and hashing are the final file's (they depend on neither σ_p nor the indices). */
    private static MiracleFile.Header draft(MiracleArchitecture arch, MiracleFile.Parameterisation param,
                                            int blockBits, int blockSize, long seed) {
        return new MiracleFile.Header(arch, param, blockBits, blockSize, seed, unitScales(arch));
    }

    private static VariationalTrainer variational(MiracleArchitecture arch, BlockPlan plan, WeightHashing hashing,
                                                  MiracleFile.Parameterisation param, int blockBits, Mnist.Set train,
                                                  double[] means, Settings s) {
        return new VariationalTrainer(arch, plan, hashing, param, blockBits, train, means, initialScales(arch, means),
                s.initialBeta(), s.seed() + 1, s.lr(), s.batch());
    }

    private static void trainEpoch(VariationalTrainer trainer, Settings s) {
        for (int k = 0; k < trainer.stepsPerEpoch(); k++) {
            trainer.step();
            trainer.annealPenalties(s.annealRate());
        }
    }

    /**
     * A learning curve of the variational phase (no coding): after every one of {@code s.trainEpochs()} epochs,
     * started from {@code pretrained} means ({@link #pretrain}), the error on {@code validation} at the posterior
     * means and the KL over budget.
     *
     * @param validation images held out of {@code train}
     * @return {@code [0][e]}: validation error after epoch e+1; {@code [1][e]}: the blocks' KL above C bits, summed,
     *         as a fraction of the whole budget (0 under Mean-KL, by construction)
     */
    public static double[][] curve(MiracleArchitecture arch, MiracleFile.Parameterisation param, int blockBits,
                                   long budgetBits, double[] pretrained, Mnist.Set train, Mnist.Set validation,
                                   Settings s, Progress progress) {
        int b = blockSize(arch, blockBits, budgetBits);
        MiracleFile.Header draft = draft(arch, param, blockBits, b, s.seed());
        double[][] out = new double[2][s.trainEpochs()];
        try (VariationalTrainer trainer = variational(arch, draft.plan(), draft.hashing(), param, blockBits, train,
                pretrained.clone(), s)) {
            double budget = blockBits * Math.log(2);
            progress.epoch(false, 0, s.trainEpochs(), Double.NaN);
            for (int e = 0; e < s.trainEpochs(); e++) {
                trainEpoch(trainer, s);
                out[0][e] = trainer.errorRate(validation);
                double[] kl = trainer.blockKl();
                double over = 0;
                for (double k : kl) {
                    over += Math.max(0, k - budget);
                }
                out[1][e] = over / (budget * kl.length);
                progress.epoch(false, e + 1, s.trainEpochs(), out[0][e]);
            }
        }
        return out;
    }

    /**
     * The first phase alone: the means of a deterministic network with the hashed weights, trained for
     * {@code s.pretrainEpochs()} epochs without noise or KL (also the network the benchmark's quantisation baselines
     * start from).
     */
    public static double[] pretrain(MiracleArchitecture arch, Mnist.Set train, Mnist.Set test, Settings s,
                                    Progress progress) {
        MiracleFile.Header draft = draft(arch, MiracleFile.Parameterisation.MEAN_VAR, 8,
                Math.min(30, arch.variableCount()), s.seed());
        return pretrain(arch, draft.plan(), draft.hashing(), train, test, s, progress);
    }

    private static double[] pretrain(MiracleArchitecture arch, BlockPlan plan, WeightHashing hashing, Mnist.Set train,
                                     Mnist.Set test, Settings s, Progress progress) {
        float[] ones = unitScales(arch);
        double[] means = initialMeans(arch, s.seed());
        try (VariationalTrainer pre = new VariationalTrainer(arch, plan, hashing, MiracleFile.Parameterisation.MEAN_VAR,
                8, train, means, ones, s.initialBeta(), s.seed(), s.lr(), s.batch())) {
            progress.epoch(true, 0, s.pretrainEpochs(), Double.NaN);
            long steps = (long) s.pretrainEpochs() * pre.stepsPerEpoch();
            long step = 0;
            for (int e = 0; e < s.pretrainEpochs(); e++) {
                for (int k = 0; k < pre.stepsPerEpoch(); k++) {
                    pre.setLearningRate(s.lr() * cosine(step++, steps));
                    pre.pretrainStep();
                }
                progress.epoch(true, e + 1, s.pretrainEpochs(), e + 1 == s.pretrainEpochs() ? pre.errorRate(test)
                        : Double.NaN);
            }
            double[] std = new double[means.length];
            pre.posterior(means, std);
        }
        return means;
    }

    /** Cosine decay of the learning-rate factor from 1 at step 0 to 1/100 at step {@code steps} (the end). */
    static double cosine(long step, long steps) {
        return 0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * step / Math.max(1, steps)));
    }

    /** Initial means: N(0, 1/fan-in) for weights (MIRACLE's LeNet initialisation), 0 for biases. */
    static double[] initialMeans(MiracleArchitecture arch, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] m = new double[arch.variableCount()];
        int at = 0;
        for (MiracleArchitecture.Tensor t : arch.tensors()) {
            for (int i = 0; i < t.variables(); i++) {
                m[at++] = t.isBias() ? 0 : gaussian(r) / Math.sqrt(t.fanIn());
            }
        }
        return m;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** σ_p per tensor from pre-trained means: their root mean square, at least 10⁻². */
    static float[] initialScales(MiracleArchitecture arch, double[] means) {
        float[] s = new float[arch.tensors().size()];
        int at = 0;
        for (int t = 0; t < s.length; t++) {
            int n = arch.tensors().get(t).variables();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += means[at + i] * means[at + i];
            }
            at += n;
            s[t] = (float) Math.max(1e-2, Math.sqrt(sum / n));
        }
        return s;
    }
}
