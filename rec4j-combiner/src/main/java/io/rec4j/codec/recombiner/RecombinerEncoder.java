package io.rec4j.codec.recombiner;

import io.rec4j.codec.image.Psnr;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockCoder;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.core.rec.plan.RemainingPosterior;
import io.rec4j.nn.djl.RecombinerTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The RECOMBINER encoder for unpatched images (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182,
 * §3 and App. D; {@code docs/recombiner.md}, "Encoding"). A batch of images is encoded together, as the authors
 * encode 500 CIFAR-10 images at once: one trainer holds every image's posterior (rows), so each Adam step is one
 * batched pass through A and φ.
 * <ol>
 *   <li><b>Inference.</b> Every posterior starts at the prior mean with the model's average training ρ and is fitted
 *       by Adam on Σ (MSE + Σ β·KL), one sample per step. Each (image, block) has its own β, starting at the model's
 *       training β; every {@code controlInterval} steps a block whose KL exceeds κ bits gets β × factor, one at or
 *       below κ − buffer bits gets β / factor (clamped to [0, 10⁴]).</li>
 *   <li><b>Coding with refinement.</b> The images are coded in lock step: at each of the K rounds every image codes
 *       its uncoded block of largest current KL with κ-bit ordered random coding ({@link BlockCoder}, in its own
 *       thread), fixes it, and all images then fine-tune their uncoded latents together for
 *       {@code max(⌊refineSteps/K⌋, minRefineSteps)} steps with a fresh Adam and the same β control.</li>
 * </ol>
 * The file and the reconstruction come from {@link RecombinerCodec}, so the reconstruction is the decoder's, bit for
 * bit. Training noise is seeded, so the same images, model, settings and thread count give the same files.
 */
public final class RecombinerEncoder {
    /** Largest per-block β. */
    static final double MAX_BLOCK_BETA = 1e4;

    /**
     * The encoding schedule.
     *
     * @param fitSteps        Adam steps of inference before coding (the authors: 30 000)
     * @param refineSteps     total fine-tuning steps between blocks, split evenly over the K blocks (30 000)
     * @param minRefineSteps  fewest fine-tuning steps after a block (50)
     * @param lr              Adam learning rate (2e−4)
     * @param controlInterval steps between β-control rounds (10)
     * @param betaFactor      β factor of a control round (1.05)
     * @param lowerBufferBits a block at or below κ minus this many bits gets a smaller β (0.4)
     * @param seed            seed of the training noise
     */
    public record Settings(int fitSteps, int refineSteps, int minRefineSteps, double lr, int controlInterval,
                           double betaFactor, double lowerBufferBits, long seed) {
        public Settings {
            if (fitSteps < 0 || refineSteps < 0 || minRefineSteps < 0 || controlInterval < 1) {
                throw new IllegalArgumentException("step counts must be >= 0 and the control interval >= 1");
            }
            if (!(lr > 0) || !(betaFactor >= 1) || !(lowerBufferBits >= 0)) {
                throw new IllegalArgumentException("need lr > 0, betaFactor >= 1 and lowerBufferBits >= 0");
            }
        }

        /** The authors' schedule (30 000 inference steps, 30 000 refinement steps, at least 50 per block). */
        public static Settings paper() {
            return new Settings(30_000, 30_000, 50, 2e-4, 10, 1.05, 0.4, 0);
        }

        /** These settings with other step counts. */
        public Settings withSteps(int fit, int refine, int minRefine) {
            return new Settings(fit, refine, minRefine, lr, controlInterval, betaFactor, lowerBufferBits, seed);
        }
    }

    /**
     * One encoded image.
     *
     * @param file           the RECOMBINER file
     * @param reconstruction the decoder's image
     * @param psnr           8-bit PSNR of the reconstruction, dB
     * @param fitPsnr        PSNR of the posterior-mean network right after inference, before coding (unquantised)
     * @param fitKlBits      total KL of the posterior after inference, bits
     */
    public record Encoded(byte[] file, RgbImage reconstruction, double psnr, double fitPsnr, double fitKlBits) {
        /** Bits per pixel of the whole file. */
        public double bpp() {
            return 8.0 * file.length / (reconstruction.width() * (double) reconstruction.height());
        }
    }

    /** Progress: {@code done} of {@code total} training steps (inference, then refinement). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long done, long total);
    }

    private final RecombinerModel model;
    private final Settings settings;

    public RecombinerEncoder(RecombinerModel model, Settings settings) {
        this.model = Objects.requireNonNull(model);
        this.settings = Objects.requireNonNull(settings);
    }

    /**
     * Steps after each coded block of level {@code l} (0-based): level 1 spreads {@code refineSteps} over its blocks,
     * levels 2 and 3 half as many (the authors: 30 000 and 15 000), at least {@code minRefineSteps} each.
     */
    int refineStepsPerBlock(int l) {
        int total = l == 0 ? settings.refineSteps() : settings.refineSteps() / 2;
        return Math.max(total / model.levels().get(l).plan().blockCount(), settings.minRefineSteps());
    }

    /** The image as [0, 1] samples, row-major, channels interleaved. */
    public static float[] signal(RgbImage image) {
        float[] out = new float[image.width() * image.height() * RgbImage.CHANNELS];
        int i = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < RgbImage.CHANNELS; c++) {
                    out[i++] = image.get(x, y, c) / (float) RgbImage.MAX_VALUE;
                }
            }
        }
        return out;
    }

    /** Encodes a batch of images of the model's size. */
    public List<Encoded> encode(List<RgbImage> images, Progress progress) {
        RecombinerArchitecture arch = model.architecture();
        for (RgbImage im : images) {
            if (im.width() != arch.signalWidth() || im.height() != arch.signalHeight()) {
                throw new IllegalArgumentException("model " + model.name() + " codes " + arch.signalWidth() + "x"
                        + arch.signalHeight() + " images, got " + im.width() + "x" + im.height());
            }
        }
        List<float[]> signals = images.stream().map(RecombinerEncoder::signal).toList();
        List<Coded> coded = encodeSignals(signals, progress);
        List<Encoded> out = new ArrayList<>(coded.size());
        for (int r = 0; r < coded.size(); r++) {
            Coded c = coded.get(r);
            RgbImage rec = RecombinerCodec.decode(model, c.file());
            out.add(new Encoded(c.file(), rec, Psnr.psnr(images.get(r), rec), Psnr.fromUnitMse(c.fitMse()),
                    c.fitKlBits()));
        }
        return out;
    }

    /**
     * One coded signal of any modality.
     *
     * @param file      the RECOMBINER file
     * @param fitMse    MSE of the posterior-mean network right after inference, on the [0, 1] scale
     * @param fitKlBits total KL of the posterior after inference, bits
     */
    public record Coded(byte[] file, double fitMse, double fitKlBits) {
    }

    /**
     * Encodes a batch of signals of the model's size (per signal, samples row-major with channels interleaved, in
     * [0, 1]): inference, then the levels from the top down, each in lock step over every coded row of every signal.
     */
    public List<Coded> encodeSignals(List<float[]> input, Progress progress) {
        RecombinerArchitecture arch = model.architecture();
        int rows = input.size();
        if (rows == 0) {
            return List.of();
        }
        int p = Math.toIntExact(arch.signalLatentCount());
        int levels = model.levels().size();
        double[][] levelMean = new double[levels][];
        double[][] levelStd = new double[levels][];
        double[][] levelRho = new double[levels][];
        for (int l = 0; l < levels; l++) {
            RecombinerModel.Level lv = model.levels().get(l);
            levelMean[l] = lv.prior().means();
            levelStd[l] = lv.prior().stds();
            levelRho[l] = lv.initRho();
        }
        double[] priorMean = RecombinerPriorLearner.tile(arch, levelMean);
        double[] priorStd = RecombinerPriorLearner.tile(arch, levelStd);
        double[] initRho = RecombinerPriorLearner.tile(arch, levelRho);
        float[][] signals = input.toArray(float[][]::new);
        double[][] means = new double[rows][];
        double[][] rhos = new double[rows][];
        double[][] beta = new double[rows][p];
        for (int r = 0; r < rows; r++) {
            means[r] = priorMean.clone();
            rhos[r] = initRho.clone();
            Arrays.fill(beta[r], model.beta());
        }
        long total = settings.fitSteps();
        for (int l = 0; l < levels; l++) {
            total += (long) model.levels().get(l).plan().blockCount() * refineStepsPerBlock(l);
        }
        total -= refineStepsPerBlock(0); // nothing is left to refine after the last block
        long[] done = {0};
        try (RecombinerTrainer t = new RecombinerTrainer(arch, model.networkParameters(), false, signals, means,
                rhos, priorMean, priorStd, beta, settings.lr(), settings.seed())) {
            progress.update(0, total);
            BetaControl control = new BetaControl(t, beta);
            train(t, control, settings.fitSteps(), done, total, progress);
            double[] fitMse = t.meanMse();
            double[][] kl = t.klPerLatent();
            List<RecombinerLayout.Row> layout = model.layout().rows();
            BitWriter[][] bits = new BitWriter[rows][layout.size()];
            for (int l = levels - 1; l >= 0; l--) {
                code(t, control, l, bits, done, total, progress);
            }
            List<Coded> out = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                BitWriter all = new BitWriter();
                for (BitWriter w : bits[r]) {
                    append(all, w);
                }
                out.add(new Coded(RecombinerCodec.fromIndices(model, all.toByteArray()), fitMse[r],
                        Arrays.stream(kl[r]).sum() / Math.log(2)));
            }
            return out;
        }
    }

    /** Appends the bits of {@code w} to {@code all}. */
    private static void append(BitWriter all, BitWriter w) {
        long n = w.bitLength();
        BitReader in = new BitReader(w.toByteArray());
        while (n > 0) {
            int k = (int) Math.min(56, n);
            all.writeBits(in.readBits(k), k);
            n -= k;
        }
    }

    private void train(RecombinerTrainer t, BetaControl control, int steps, long[] done, long total,
                       Progress progress) {
        for (int i = 0; i < steps; i++) {
            if (i > 0 && i % settings.controlInterval() == 0) {
                control.update();
            }
            t.step();
            done[0]++;
            if ((done[0] & 15) == 0 || i == steps - 1) {
                progress.update(done[0], total);
            }
        }
    }

    /**
     * Codes every row of level {@code l} of every signal in lock step (one thread per coded row), refining all
     * uncoded latents between blocks; each row's bits go to {@code bits[signal][layout row]}.
     */
    private void code(RecombinerTrainer t, BetaControl control, int l, BitWriter[][] bits, long[] done, long total,
                      Progress progress) {
        int signals = t.rows();
        List<RecombinerLayout.Row> layout = model.layout().rows();
        List<Integer> mine = new ArrayList<>();
        for (int k = 0; k < layout.size(); k++) {
            if (layout.get(k).level() == l) {
                mine.add(k);
            }
        }
        int tasks = signals * mine.size();
        RecombinerModel.Level level = model.levels().get(l);
        int blocks = level.plan().blockCount();
        int perBlock = refineStepsPerBlock(l);
        boolean lastLevel = l == 0;
        BlockCoder coder = RecombinerCodec.coder(model, l);
        double[][][] fresh = new double[signals][][]; // per signal: means, stds after the latest refinement
        for (int s = 0; s < signals; s++) {
            fresh[s] = new double[][] {t.posteriorMeans(s), floor(t.posteriorStds(s))};
        }
        int[] round = {0};
        CyclicBarrier barrier = new CyclicBarrier(tasks, () -> {
            round[0]++;
            if (round[0] < blocks || !lastLevel) {
                t.resetAdam();
                train(t, control, perBlock, done, total, progress);
            }
            for (int s = 0; s < signals; s++) {
                fresh[s] = new double[][] {t.posteriorMeans(s), floor(t.posteriorStds(s))};
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(tasks, run -> {
            Thread th = new Thread(run, "rec4j-recombiner-row");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < signals; s++) {
                for (int k : mine) {
                    int signal = s;
                    RecombinerLayout.Row row = layout.get(k);
                    int[] at = row.at();
                    DiagonalGaussian posterior = DiagonalGaussian.of(RecombinerLayout.gather(row, fresh[s][0]),
                            RecombinerLayout.gather(row, fresh[s][1]));
                    futures.add(pool.submit(() -> {
                        BitWriter w = new BitWriter();
                        coder.encode(level.prior(), posterior, RecombinerLayout.shared(model, row), w,
                                (block, remaining) -> {
                                    int[] idx = block.indices();
                                    int[] flat = new int[idx.length];
                                    for (int d = 0; d < idx.length; d++) {
                                        flat[d] = at[idx[d]];
                                    }
                                    synchronized (t) {
                                        t.fix(signal, flat, block.sample());
                                    }
                                    await(barrier);
                                    refresh(remaining, at, fresh[signal]);
                                });
                        bits[signal][k] = w;
                        return null;
                    }));
                }
            }
            Throwable first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // the row whose failure broke the barrier is the one to report
                    Throwable c = e.getCause();
                    boolean secondary = c.getCause() instanceof BrokenBarrierException;
                    if (first == null || (!secondary && first.getCause() instanceof BrokenBarrierException)) {
                        first = c;
                    }
                }
            }
            if (first instanceof RuntimeException re) {
                throw re;
            } else if (first instanceof Error err) {
                throw err;
            } else if (first != null) {
                throw new IllegalStateException("coding failed", first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while coding", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Standard deviations floored at 1e−30 (a float32 softplus can underflow to 0; coded latents report 0). */
    private static double[] floor(double[] std) {
        for (int i = 0; i < std.length; i++) {
            std[i] = Math.max(std[i], 1e-30);
        }
        return std;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while coding", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("another image's coding failed", e);
        }
    }

    /** Copies the refined posterior of a coded row's uncoded latents (flat places {@code at}) into the coder's view. */
    private static void refresh(RemainingPosterior remaining, int[] at, double[][] meanStd) {
        for (int d = 0; d < remaining.dimension(); d++) {
            if (!remaining.isCoded(d)) {
                remaining.set(d, meanStd[0][at[d]], meanStd[1][at[d]]);
            }
        }
    }

    /**
     * Per-(coded row, block) β control: {@code β} of every latent of a block of a coded row moves together, by the
     * block's KL against κ.
     */
    private final class BetaControl {
        private final RecombinerTrainer t;
        private final double[][] beta;

        BetaControl(RecombinerTrainer t, double[][] beta) {
            this.t = t;
            this.beta = beta;
        }

        void update() {
            double[][] kl = t.klPerLatent();
            double hi = model.kappa();
            double lo = model.kappa() - settings.lowerBufferBits();
            boolean changed = false;
            for (int r = 0; r < beta.length; r++) {
                for (RecombinerLayout.Row row : model.layout().rows()) {
                    BlockPlan plan = model.levels().get(row.level()).plan();
                    int[] at = row.at();
                    for (int b = 0; b < plan.blockCount(); b++) {
                        int[] idx = plan.block(b);
                        if (t.isFixed(r, at[idx[0]])) {
                            continue;
                        }
                        double bits = 0;
                        for (int d : idx) {
                            bits += kl[r][at[d]];
                        }
                        bits /= Math.log(2);
                        double f = bits > hi ? settings.betaFactor() : bits <= lo ? 1 / settings.betaFactor() : 1;
                        if (f != 1) {
                            double nb = Math.min(MAX_BLOCK_BETA, beta[r][at[idx[0]]] * f);
                            for (int d : idx) {
                                beta[r][at[d]] = nb;
                            }
                            changed = true;
                        }
                    }
                }
            }
            if (changed) {
                t.setBeta(beta);
            }
        }
    }
}
