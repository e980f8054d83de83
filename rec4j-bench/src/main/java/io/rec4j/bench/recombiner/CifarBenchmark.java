package io.rec4j.bench.recombiner;

import io.rec4j.bench.combiner.ImageBaselines;
import io.rec4j.bench.report.LinePlot;
import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Stats;
import io.rec4j.bench.report.Table;
import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerEncoder;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.FitSettings;
import io.rec4j.codec.combiner.ProgressiveRefinement;
import io.rec4j.codec.image.Cifar10;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.recombiner.RecombinerCodec;
import io.rec4j.codec.recombiner.RecombinerEncoder;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.core.container.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * RECOMBINER and COMBINER on CIFAR-10 test images beside their papers (RECOMBINER: He et al., ICLR 2024, arXiv
 * 2309.17182, App. G; COMBINER: Guo et al., NeurIPS 2023, arXiv 2305.19185, Fig. 3) and JPEG / WebP / JPEG 2000 at
 * matched sizes: for each model, the first N images of the test file are encoded in batches; per image the file size,
 * the decoder's PSNR, the PSNR of the posterior mean before coding and the KL of the fitted posterior are recorded.
 * The report gives the mean PSNR with its 95 % interval (Student t), the paper's PSNR at the same bpp (linear
 * interpolation of the method's published curve), the baselines at each image's size, encode time per image and
 * decode time per image (warm JVM, median of repeated decodes).
 */
public final class CifarBenchmark {
    /** The RECOMBINER paper's CIFAR-10 curve, bpp → PSNR (App. G). */
    static final double[][] PAPER = {{0.297, 23.592}, {0.719, 27.222}, {0.938, 28.505}, {1.531, 30.911},
            {1.922, 32.168}, {3.344, 35.732}, {4.391, 38.139}};
    /** The COMBINER paper's CIFAR-10 curve, bpp → PSNR (Fig. 3; 58 / 89 / 146 / 224 / 285 blocks of 16 bits). */
    static final double[][] COMBINER_PAPER = {{0.906, 25.54}, {1.391, 28.22}, {2.281, 31.15}, {3.500, 33.62},
            {4.453, 34.73}};

    /** One image's encoding as the report needs it. */
    record Coded(byte[] file, double bpp, double psnr, double fitPsnr, double fitKlBits) {
    }

    /** Encodes a batch of 32×32 images, reporting each finished image to {@code done}. */
    @FunctionalInterface
    public interface BatchEncoder {
        List<Coded> encode(List<RgbImage> batch, Runnable done, int steps, double lr);
    }

    /**
     * A model under test.
     *
     * @param method    {@code RECOMBINER} or {@code COMBINER}
     * @param indexBpp  bits per pixel of the block indices alone
     * @param paper     the method's published curve, bpp → PSNR
     * @param encoder   encodes a batch
     * @param decoder   decodes one of its files (the result is discarded; this is timed)
     */
    public record Entry(String name, String method, double indexBpp, double[][] paper, BatchEncoder encoder,
                        java.util.function.Consumer<byte[]> decoder) {
    }

    /** A RECOMBINER model: the batch is fitted jointly (lock-step coding), {@code steps} inference and refinement. */
    public static Entry of(RecombinerModel model) {
        return new Entry(model.name(), "RECOMBINER", (double) model.indexBits() / model.samples(), PAPER,
                (batch, done, steps, lr) -> {
                    RecombinerEncoder.Settings p = RecombinerEncoder.Settings.paper();
                    RecombinerEncoder encoder = new RecombinerEncoder(model, new RecombinerEncoder.Settings(steps,
                            steps, 20, Double.isNaN(lr) ? p.lr() : lr, p.controlInterval(), p.betaFactor(),
                            p.lowerBufferBits(), p.seed()));
                    List<Coded> out = new ArrayList<>();
                    for (RecombinerEncoder.Encoded e : encoder.encode(batch, RecombinerEncoder.Progress.NONE)) {
                        out.add(new Coded(e.file(), e.bpp(), e.psnr(), e.fitPsnr(), e.fitKlBits()));
                        done.run();
                    }
                    return out;
                }, f -> RecombinerCodec.decode(model, f));
    }

    /**
     * A COMBINER model (one tile per image): the batch is encoded one image per core, each on one thread
     * ({@link CombinerEncoder#encodeAll}), with {@code steps} fitting steps and the COMBINER authors' fine-tuning
     * schedule ({@link ProgressiveRefinement.Schedule#reference()}).
     */
    public static Entry of(CombinerModel model) {
        long pixels = (long) model.tile() * model.tile();
        return new Entry(model.name(), "COMBINER", (double) model.plan().blockCount() * model.kappa() / pixels,
                COMBINER_PAPER, (batch, done, steps, lr) -> {
                    FitSettings fit = FitSettings.defaults().withSteps(steps);
                    CombinerEncoder encoder = new CombinerEncoder(model,
                            Double.isNaN(lr) ? fit : fit.withLearningRate(lr),
                            ProgressiveRefinement.Schedule.reference());
                    List<Coded> out = new ArrayList<>();
                    for (CombinerEncoder.Encoded e : encoder.encodeAll(batch, i -> done.run())) {
                        // the file as rec4j compress writes it: the compact container (13 bytes of framing, not 26)
                        byte[] file = Container.parse(e.file()).withFormatVersion(Container.COMPACT_VERSION)
                                .toBytes();
                        out.add(new Coded(file, 8.0 * file.length / pixels, e.psnr(), e.fits().get(0).psnr(),
                                e.fits().get(0).totalKlBits()));
                    }
                    return out;
                }, f -> CombinerCodec.decode(model, f));
    }

    /**
     * @param models     RECOMBINER models
     * @param data       CIFAR-10 test file
     * @param images     first N test images
     * @param steps      inference steps (refinement uses as many, at least 20 per block)
     * @param batch      images encoded together
     * @param lr         Adam learning rate of inference and refinement (NaN: each method's default)
     * @param out        report folder
     */
    public record Settings(List<Entry> models, Path data, int images, int steps, int batch, double lr, Path out) {
        public Settings {
            if (models.isEmpty() || images < 2 || steps < 1 || batch < 1 || !(lr > 0 || Double.isNaN(lr))) {
                throw new IllegalArgumentException("need a model, at least 2 images, steps >= 1, batch >= 1 and"
                        + " lr > 0 (NaN: each method's default)");
            }
        }
    }

    /** One model's summary. */
    record Summary(String model, String method, int images, double bpp, double indexBpp, double psnr, double halfWidth,
                   double fitPsnr, double paperPsnr, double jpegBpp, double jpegPsnr, double webpBpp, double webpPsnr,
                   double j2kBpp, double j2kPsnr, double encodeSeconds, double decodeMillis) {
    }

    private final Settings settings;
    private final ProgressSink progress;

    public CifarBenchmark(Settings settings, ProgressSink progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * The paper's PSNR at {@code bpp}: linear interpolation, NaN outside its range. The paper prints rates rounded to
     * three decimals (0.297 for 19·16/1024 = 0.296875), so a rate within 0.0005 of a printed point is that point.
     */
    static double paperAt(double bpp) {
        return paperAt(PAPER, bpp);
    }

    /** {@link #paperAt(double)} on the curve {@code paper}. */
    static double paperAt(double[][] paper, double bpp) {
        for (double[] p : paper) {
            if (Math.abs(bpp - p[0]) <= 5e-4) {
                return p[1];
            }
        }
        for (int i = 0; i + 1 < paper.length; i++) {
            if (bpp >= paper[i][0] && bpp <= paper[i + 1][0]) {
                double t = (bpp - paper[i][0]) / (paper[i + 1][0] - paper[i][0]);
                return paper[i][1] + t * (paper[i + 1][1] - paper[i][1]);
            }
        }
        return Double.NaN;
    }



    /** Runs the benchmark and writes {@code recombiner-cifar10.csv}, {@code -images.csv}, {@code .md}, {@code .png}. */
    public String run() throws IOException {
        Files.createDirectories(settings.out());
        List<RgbImage> test = new ArrayList<>();
        for (Cifar10.Sample s : Cifar10.read(settings.data(), settings.images())) {
            test.add(s.image());
        }
        int n = test.size();
        Table perImage = new Table("model", "image", "bytes", "bpp", "psnr_db", "fit_psnr_db", "fit_kl_bits",
                "jpeg_bpp", "jpeg_psnr_db", "webp_bpp", "webp_psnr_db", "j2k_bpp", "j2k_psnr_db");
        List<Summary> summaries = new ArrayList<>();
        boolean webp = ImageBaselines.hasWebp();
        boolean j2k = ImageBaselines.hasJpeg2000();
        for (Entry model : settings.models()) {
            Runnable bar = progress.phase(model.method() + " " + model.name() + " on " + n + " CIFAR-10 images", n);
            double[] psnr = new double[n];
            double[] fit = new double[n];
            double[] jpeg = new double[n];
            double[] jpegBpp = new double[n];
            double[] wp = new double[n];
            double[] wpBpp = new double[n];
            double[] jk = new double[n];
            double[] jkBpp = new double[n];
            long bytes = 0;
            long t0 = System.nanoTime();
            List<byte[]> files = new ArrayList<>();
            for (int first = 0; first < n; first += settings.batch()) {
                int last = Math.min(n, first + settings.batch());
                List<Coded> done = model.encoder().encode(test.subList(first, last), bar, settings.steps(), settings.lr());
                for (int i = first; i < last; i++) {
                    Coded e = done.get(i - first);
                    files.add(e.file());
                    psnr[i] = e.psnr();
                    fit[i] = e.fitPsnr();
                    bytes += e.file().length;
                    double bpp = e.bpp();
                    ImageBaselines.Point j = ImageBaselines.closest(ImageBaselines.jpegSweep(test.get(i)), bpp);
                    jpeg[i] = j.psnr();
                    jpegBpp[i] = j.bpp();
                    ImageBaselines.Point w = null;
                    ImageBaselines.Point k = null;
                    Path tmp = Files.createTempDirectory("rec4j-baselines");
                    if (webp) {
                        w = ImageBaselines.closest(ImageBaselines.webpSweep(test.get(i), tmp), bpp);
                        wp[i] = w.psnr();
                        wpBpp[i] = w.bpp();
                    }
                    if (j2k) {
                        k = ImageBaselines.closest(ImageBaselines.jpeg2000(test.get(i), tmp,
                                new double[] {bpp / 2, bpp, 1.5 * bpp, 2 * bpp, 3 * bpp}), bpp);
                        jk[i] = k.psnr();
                        jkBpp[i] = k.bpp();
                    }
                    deleteTree(tmp);
                    perImage.row(model.name(), i, e.file().length, fmt(bpp), fmt(e.psnr()), fmt(e.fitPsnr()),
                            fmt(e.fitKlBits()), fmt(j.bpp()), fmt(j.psnr()), w == null ? "" : fmt(w.bpp()),
                            w == null ? "" : fmt(w.psnr()), k == null ? "" : fmt(k.bpp()),
                            k == null ? "" : fmt(k.psnr()));
                }
            }
            double encodeSeconds = (System.nanoTime() - t0) / 1e9 / n;
            double decodeMillis = decodeMillis(model, files);
            double bpp = 8.0 * bytes / n / (Cifar10.SIDE * Cifar10.SIDE);
            double mean = Stats.mean(psnr);
            double half = Stats.halfWidth95(psnr);
            summaries.add(new Summary(model.name(), model.method(), n, bpp, model.indexBpp(), mean, half,
                    Stats.mean(fit), paperAt(model.paper(), model.indexBpp()), Stats.mean(jpegBpp), Stats.mean(jpeg),
                    webp ? Stats.mean(wpBpp) : Double.NaN, webp ? Stats.mean(wp) : Double.NaN, j2k ? Stats.mean(jkBpp) : Double.NaN,
                    j2k ? Stats.mean(jk) : Double.NaN, encodeSeconds, decodeMillis));
        }
        Table summary = new Table("model", "method", "images", "bpp (file)", "bpp (indices)", "PSNR dB (mean)", "95% CI ±",
                "PSNR before coding", "paper PSNR at the index bpp", "JPEG bpp (closest to the file size)", "JPEG PSNR",
                "WebP bpp (closest)", "WebP PSNR", "JPEG 2000 bpp (closest)", "JPEG 2000 PSNR", "encode s/image",
                "decode ms/image");
        LinePlot plot = new LinePlot("CIFAR-10", "bpp", "PSNR (dB)");
        for (Summary s : summaries) {
            summary.row(s.model(), s.method(), s.images(), fmt(s.bpp()), fmt(s.indexBpp()), fmt(s.psnr()), fmt(s.halfWidth()),
                    fmt(s.fitPsnr()), fmt(s.paperPsnr()), fmt(s.jpegBpp()), fmt(s.jpegPsnr()), fmt(s.webpBpp()),
                    fmt(s.webpPsnr()), fmt(s.j2kBpp()), fmt(s.j2kPsnr()),
                    fmt(s.encodeSeconds()), fmt(s.decodeMillis()));
        }
        for (String method : List.of("RECOMBINER", "COMBINER")) {
            List<Summary> mine = summaries.stream().filter(s -> s.method().equals(method)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            double[][] paper = method.equals("COMBINER") ? COMBINER_PAPER : PAPER;
            plot.add(method + " (paper)", Arrays.stream(paper).mapToDouble(p -> p[0]).toArray(),
                    Arrays.stream(paper).mapToDouble(p -> p[1]).toArray(), true);
            plot.add("rec4j " + method, mine.stream().mapToDouble(Summary::indexBpp).toArray(),
                    mine.stream().mapToDouble(Summary::psnr).toArray());
        }
        plot.add("JPEG (closest size)", summaries.stream().mapToDouble(Summary::jpegBpp).toArray(),
                summaries.stream().mapToDouble(Summary::jpegPsnr).toArray());
        if (webp) {
            plot.add("WebP (closest size)", summaries.stream().mapToDouble(Summary::webpBpp).toArray(),
                    summaries.stream().mapToDouble(Summary::webpPsnr).toArray());
        }
        if (j2k) {
            plot.add("JPEG 2000 (closest size)", summaries.stream().mapToDouble(Summary::j2kBpp).toArray(),
                    summaries.stream().mapToDouble(Summary::j2kPsnr).toArray());
        }
        summary.writeCsv(settings.out(), "recombiner-cifar10");
        perImage.writeCsv(settings.out(), "recombiner-cifar10-images");
        plot.write(settings.out().resolve("recombiner-cifar10.png"));
        String md = "# RECOMBINER and COMBINER on CIFAR-10\n\n" + summary.toMarkdown() + "\n"
                + "First " + n + " images of " + settings.data().getFileName() + "; RECOMBINER: " + settings.steps()
                + " inference and " + settings.steps() + " refinement steps (at least 20 per block); COMBINER: "
                + settings.steps() + " fitting steps and the authors' fine-tuning schedule (100 / 50 / 30 / 2 steps"
                + " after each block); Adam lr "
                + (Double.isNaN(settings.lr()) ? "each method's default (RECOMBINER 2e-4, COMBINER 1e-3)"
                        : settings.lr()) + ", batches of " + settings.batch() + "; " + Runtime.getRuntime().availableProcessors()
                + " cores. Baselines at each image's file size: JPEG (ImageIO, q swept in steps of 0.02), "
                + (webp ? "WebP (cwebp -q swept in steps of 5)" : "WebP n/a (cwebp not installed)") + ", "
                + (j2k ? "JPEG 2000 (opj_compress -r at 0.5, 1, 1.5, 2 and 3 times the file's bpp)"
                        : "JPEG 2000 n/a (opj_compress not installed)")
                + "; each takes its setting with the closest bpp.\n";
        Files.writeString(settings.out().resolve("recombiner-cifar10.md"), md);
        return md;
    }

    /** Median over 5 rounds of the mean decode time per file, after a warm-up round. */
    private static double decodeMillis(Entry model, List<byte[]> files) {
        double[] rounds = new double[6];
        for (int r = 0; r < rounds.length; r++) {
            long t0 = System.nanoTime();
            for (byte[] f : files) {
                model.decoder().accept(f);
            }
            rounds[r] = (System.nanoTime() - t0) / 1e6 / files.size();
        }
        double[] timed = Arrays.copyOfRange(rounds, 1, rounds.length);
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
