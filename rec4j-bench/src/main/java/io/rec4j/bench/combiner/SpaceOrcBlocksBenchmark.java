package io.rec4j.bench.combiner;

import io.rec4j.bench.report.LinePlot;
import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Stats;
import io.rec4j.bench.report.Table;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.FitSettings;
import io.rec4j.codec.combiner.PosteriorFitter;
import io.rec4j.codec.image.Cifar10;
import io.rec4j.codec.image.Psnr;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.inr.GridRenderer;
import io.rec4j.codec.inr.SineFunction;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.BinHeuristic;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.Partition;
import io.rec4j.core.rec.SpacePartitionedRec;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockCoder;
import io.rec4j.core.rec.plan.BlockEncoding;
import io.rec4j.core.rec.plan.BlockPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Space-partitioned ORC against plain ORC as the block coder of COMBINER on CIFAR-10, the study of He, Flamich and
 * Hernández-Lobato, "Accelerating relative entropy coding with space partitioning", NeurIPS 2024, arXiv 2405.12203
 * (CIFAR-10 rate–distortion figure: 16-bit ORC blocks against 48-bit space-partitioned blocks, no fine-tuning between
 * blocks; {@code docs/algorithms.md}, "Space partitioning").
 *
 * <p>For each model: the per-parameter mutual information {@code I_d} is estimated as the mean KL[q_d‖p_d] (bits)
 * of posteriors fitted to training images (the decoder-known statistic the partition is built from); then every test
 * image's posterior is fitted once and coded, from the same posterior and without fine-tuning, by
 * <ul>
 *   <li><b>ORC-16</b>: the model's plan, ORC with 2^16 candidates and a 16-bit index per block (COMBINER's coder);</li>
 *   <li><b>sp-ORC-16m</b>: every {@code m} consecutive blocks of the plan merged into one (so a merged block holds at
 *       most 16m bits of KL, the β controller having held each part at 16), each coded by sp-orc with 2^16 global
 *       steps on the grid {@link Partition#fromMutualInformation} of {@code log2 J = max(0, ⌊Σ I_d⌋ − 16)} bins,
 *       codeword = bin index + Zipf-coded local index (bits counted as written);</li>
 *   <li><b>exact</b>: a sample drawn from the posterior itself, at a rate equal to its KL (the "theoretical" curve).</li>
 * </ul>
 * Every codeword is decoded back and checked against the encoder's sample. Rates are bits of block codewords per
 * pixel (no container). The report gives mean PSNR per coder and model and, for sp-ORC, the bpp ORC-16 would need
 * for the same PSNR (linear interpolation of ORC-16's curve over the models).
 */
public final class SpaceOrcBlocksBenchmark {
    /** Global steps of sp-orc and candidates of ORC per block: 2^16, as COMBINER's κ. */
    static final int BUDGET_BITS = 16;

    /**
     * @param models      COMBINER models for 32×32 images, in increasing rate
     * @param train       CIFAR-10 training file (for the mutual-information estimate)
     * @param test        CIFAR-10 test file
     * @param trainImages training images fitted for the estimate
     * @param testImages  first N test images
     * @param steps       fitting steps per image
     * @param merge       merge factors m of the sp-ORC variants (each ≥ 1)
     * @param extraBits   offsets δ of the bin bits: each sp-ORC variant has {@code log2 J = max(0, ⌊Σ I_d⌋ − 16 + δ)}
     * @param out         report folder
     */
    public record Settings(List<CombinerModel> models, Path train, Path test, int trainImages, int testImages,
                           int steps, int[] merge, int[] extraBits, Path out) {
        public Settings {
            if (models.isEmpty() || trainImages < 1 || testImages < 2 || steps < 1 || merge.length == 0
                    || Arrays.stream(merge).anyMatch(m -> m < 1) || extraBits.length == 0
                    || Arrays.stream(extraBits).anyMatch(d -> Math.abs(d) > Partition.MAX_TOTAL_BITS)) {
                throw new IllegalArgumentException("need a model, >= 1 training image, >= 2 test images, steps >= 1,"
                        + " merge factors >= 1 and bin-bit offsets within +-" + Partition.MAX_TOTAL_BITS);
            }
            for (CombinerModel m : models) {
                if (m.tile() != Cifar10.SIDE || m.kappa() != BUDGET_BITS) {
                    throw new IllegalArgumentException(m.name() + " is not a 32x32 COMBINER model with 16-bit blocks");
                }
            }
        }
    }

    /** One coder's result on one model: mean PSNR, its 95 % half-width, and mean bits per pixel. */
    record Row(String model, String coder, double bpp, double psnr, double halfWidth, double blocks) {
    }

    private final Settings settings;
    private final ProgressSink progress;

    public SpaceOrcBlocksBenchmark(Settings settings, ProgressSink progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** The plan with every {@code m} consecutive blocks merged into one (the last may hold fewer). */
    static BlockPlan merge(BlockPlan plan, int m) {
        int n = (plan.blockCount() + m - 1) / m;
        int[][] blocks = new int[n][];
        for (int b = 0; b < n; b++) {
            int end = Math.min(plan.blockCount(), (b + 1) * m);
            blocks[b] = java.util.stream.IntStream.range(b * m, end).flatMap(k -> Arrays.stream(plan.block(k)))
                    .toArray();
        }
        return BlockPlan.of(plan.dimension(), blocks);
    }

    /**
     * The sp-orc coder of {@code plan}'s blocks on grids apportioned by {@code miBits} (decoder-known), with
     * {@code log2 J = max(0, ⌊Σ I_d⌋ − 16 + extraBits)} per block.
     */
    static BlockCoder spOrc(BlockPlan plan, double[] miBits, int extraBits) {
        return BlockCoder.of(plan, b -> {
            int[] idx = plan.block(b);
            double[] mi = new double[idx.length];
            double sum = 0;
            for (int i = 0; i < idx.length; i++) {
                mi[i] = Math.max(0, miBits[idx[i]]);
                sum += mi[i];
            }
            int binBits = (int) Math.max(0, Math.min(Partition.MAX_TOTAL_BITS, Math.floor(sum) - BUDGET_BITS + extraBits));
            return SpacePartitionedRec.fixedBudget(mi, binBits, BUDGET_BITS, BinHeuristic.Q_MASS);
        });
    }

    /** KL[q_d ‖ p_d] in bits, per parameter. */
    static double[] klBits(DiagonalGaussian q, DiagonalGaussian p) {
        double[] out = new double[q.dimension()];
        for (int d = 0; d < out.length; d++) {
            double r = q.std(d) / p.std(d);
            double z = (q.mean(d) - p.mean(d)) / p.std(d);
            out[d] = (0.5 * (r * r + z * z - 1) - StrictMath.log(r)) / StrictMath.log(2);
        }
        return out;
    }

    /** Runs the study and writes {@code sp-orc-cifar10.csv}, {@code .md} and {@code .png}. */
    public String run() throws IOException {
        Files.createDirectories(settings.out());
        List<RgbImage> train = images(settings.train(), settings.trainImages());
        List<RgbImage> test = images(settings.test(), settings.testImages());
        List<String> coders = new ArrayList<>();
        coders.add("ORC-16");
        for (int m : settings.merge()) {
            for (int d : settings.extraBits()) {
                coders.add("sp-ORC-" + BUDGET_BITS * m + (d == 0 ? "" : String.format(Locale.ROOT, " (J %+d bits)", d)));
            }
        }
        coders.add("exact sample");
        List<Row> rows = new ArrayList<>();
        Table perImage = new Table("model", "image", "coder", "bits", "psnr_db", "fit_psnr_db", "fit_kl_bits");
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rec4j-sp-orc-bench");
            t.setDaemon(true);
            return t;
        });
        try {
            for (CombinerModel model : settings.models()) {
                FitSettings fit = FitSettings.defaults().withSteps(settings.steps());
                PosteriorFitter fitter = new PosteriorFitter(model, fit);
                Runnable trainBar = progress.phase(model.name() + ": fitting " + train.size()
                        + " training images for the MI estimate", train.size());
                double[] mi = new double[model.architecture().parameterCount()];
                for (double[] kl : map(pool, train, (img, i) -> {
                    PosteriorFitter.Result r = fitter.fit(img, 1_000_000 + i);
                    trainBar.run();
                    return klBits(r.posterior(), model.prior());
                })) {
                    for (int d = 0; d < mi.length; d++) {
                        mi[d] += kl[d] / train.size();
                    }
                }
                BlockPlan plan = model.plan();
                List<BlockPlan> plans = new ArrayList<>();
                List<BlockCoder> coderList = new ArrayList<>();
                plans.add(plan);
                coderList.add(BlockCoder.of(plan, OrderedRandomCoding.orc(BUDGET_BITS)));
                for (int m : settings.merge()) {
                    BlockPlan merged = merge(plan, m);
                    for (int d : settings.extraBits()) {
                        plans.add(merged);
                        coderList.add(spOrc(merged, mi, d));
                    }
                }
                Runnable bar = progress.phase(model.name() + ": fitting and coding " + test.size() + " test images",
                        test.size());
                List<double[][]> results = map(pool, test, (img, i) -> {
                    PosteriorFitter.Result r = fitter.fit(img, i);
                    double[][] res = new double[coderList.size() + 1][];
                    SharedRandomness shared = SharedRandomness.fromSeed(model.seed(), NormalGenerator.ZIGGURAT)
                            .derive(i);
                    GridRenderer renderer = new GridRenderer(model.architecture(), model.tile(), model.tile(),
                            SineFunction.POLYNOMIAL);
                    for (int c = 0; c < coderList.size(); c++) {
                        BlockCoder coder = coderList.get(c);
                        BitWriter w = new BitWriter();
                        BlockEncoding e = coder.encode(model.prior(), r.posterior(), shared, w);
                        double[] decoded = coder.decode(model.prior(), shared, new BitReader(w.toByteArray()));
                        if (!Arrays.equals(decoded, e.sample())) {
                            throw new IllegalStateException(model.name() + ", image " + i + ": coder " + c
                                    + " decoded another sample than it encoded");
                        }
                        res[c] = new double[] {w.bitLength(), psnr(img, renderer.render(e.sample()))};
                    }
                    SplittableRandom rnd = new SplittableRandom(0x5EED_0000L + i);
                    double[] exact = new double[mi.length];
                    for (int d = 0; d < exact.length; d++) {
                        exact[d] = r.posterior().mean(d) + r.posterior().std(d) * rnd.nextGaussian();
                    }
                    res[coderList.size()] = new double[] {r.totalKlBits(), psnr(img, renderer.render(exact)),
                            r.psnr(), r.totalKlBits()};
                    bar.run();
                    return res;
                });
                double pixels = (double) Cifar10.SIDE * Cifar10.SIDE;
                for (int c = 0; c < coders.size(); c++) {
                    double[] p = new double[test.size()];
                    double bits = 0;
                    for (int i = 0; i < test.size(); i++) {
                        double[][] res = results.get(i);
                        p[i] = res[c][1];
                        bits += res[c][0];
                        perImage.row(model.name(), i, coders.get(c), fmt(res[c][0]), fmt(res[c][1]),
                                fmt(res[coders.size() - 1][2]), fmt(res[coders.size() - 1][3]));
                    }
                    double blocks = c < plans.size() ? plans.get(c).blockCount() : Double.NaN;
                    rows.add(new Row(model.name(), coders.get(c), bits / test.size() / pixels, Stats.mean(p),
                            Stats.halfWidth95(p), blocks));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Table summary = new Table("model", "coder", "blocks", "bpp (codewords)", "PSNR dB (mean)", "95% CI ±",
                "ORC-16 bpp at this PSNR", "rate saved vs ORC-16");
        double[][] orc = rows.stream().filter(r -> r.coder().equals("ORC-16"))
                .map(r -> new double[] {r.psnr(), r.bpp()}).sorted((a, b) -> Double.compare(a[0], b[0]))
                .toArray(double[][]::new);
        LinePlot plot = new LinePlot("COMBINER on CIFAR-10: block coders", "bpp (codewords)", "PSNR (dB)");
        for (String c : coders) {
            List<Row> mine = rows.stream().filter(r -> r.coder().equals(c)).toList();
            plot.add(c, mine.stream().mapToDouble(Row::bpp).toArray(), mine.stream().mapToDouble(Row::psnr).toArray(),
                    c.equals("exact sample"));
        }
        for (Row r : rows) {
            double orcBpp = interpolate(orc, r.psnr());
            summary.row(r.model(), r.coder(), Double.isNaN(r.blocks()) ? "" : fmt(r.blocks()), fmt(r.bpp()),
                    fmt(r.psnr()), fmt(r.halfWidth()), fmt(orcBpp),
                    Double.isNaN(orcBpp) ? "" : String.format(Locale.ROOT, "%.1f %%", 100 * (1 - r.bpp() / orcBpp)));
        }
        summary.writeCsv(settings.out(), "sp-orc-cifar10");
        perImage.writeCsv(settings.out(), "sp-orc-cifar10-images");
        plot.write(settings.out().resolve("sp-orc-cifar10.png"));
        String md = "# Space-partitioned ORC against ORC: COMBINER block coders on CIFAR-10\n\n" + summary.toMarkdown()
                + "\nFirst " + test.size() + " images of " + settings.test().getFileName() + "; mutual information per"
                + " parameter from " + train.size() + " images of " + settings.train().getFileName() + "; "
                + settings.steps() + " fitting steps per image, no fine-tuning between blocks; every coder codes the"
                + " same fitted posterior. ORC-16: the model's blocks, 2^16 candidates, 16-bit index. sp-ORC-16m: m"
                + " consecutive blocks merged, 2^16 global steps over 2^max(0, floor(sum I) - 16 + d) bins (d as marked), bits as"
                + " written (bin index + Zipf local index). Exact sample: a draw from the posterior, rate = its KL."
                + " Rate saved: 1 - bpp / (ORC-16's bpp at the same PSNR, interpolated; blank outside its range).\n";
        Files.writeString(settings.out().resolve("sp-orc-cifar10.md"), md);
        return md;
    }

    /** x at which the piecewise-linear curve (y, x) pairs sorted by y reaches {@code y}; NaN outside. */
    static double interpolate(double[][] curve, double y) {
        for (int i = 0; i + 1 < curve.length; i++) {
            if (y >= curve[i][0] && y <= curve[i + 1][0]) {
                double t = (y - curve[i][0]) / (curve[i + 1][0] - curve[i][0]);
                return curve[i][1] + t * (curve[i + 1][1] - curve[i][1]);
            }
        }
        return Double.NaN;
    }

    private static double psnr(RgbImage img, double[] unit) {
        return Psnr.psnr(img, RgbImage.fromUnit(img.width(), img.height(), unit));
    }

    private static List<RgbImage> images(Path file, int n) throws IOException {
        List<RgbImage> out = new ArrayList<>();
        for (Cifar10.Sample s : Cifar10.read(file, n)) {
            out.add(s.image());
        }
        return out;
    }

    @FunctionalInterface
    private interface IndexedTask<T> {
        T apply(RgbImage image, int index);
    }

    private static <T> List<T> map(ExecutorService pool, List<RgbImage> images, IndexedTask<T> task) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            int k = i;
            futures.add(pool.submit(() -> task.apply(images.get(k), k)));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return out;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }
}
