package io.rec4j.bench.miracle;

import io.rec4j.bench.report.LinePlot;
import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Table;
import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.MiracleEncoder;
import io.rec4j.codec.miracle.MiracleFile;
import io.rec4j.codec.miracle.MiracleNetwork;
import io.rec4j.codec.miracle.WeightHashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rec4j bench miracle}: compressed size (every byte of the file) against test error for MIRACLE with Mean-Var
 * and Mean-KL at several bits per block and budgets, beside the quantisation baselines of
 * {@link QuantisationBaselines} on a deterministic network of the same architecture trained in the same run, and the
 * float32 size ({@code docs/miracle.md}; CSV, Markdown and a PNG plot).
 */
public final class MiracleBenchmark {
    /**
     * One point.
     *
     * @param method      {@code mean-var}, {@code mean-kl}, {@code uniform-kbit}, {@code prune-kmeans} or
     *                    {@code float32}
     * @param setting     its setting, e.g. {@code C=12, 4 kB}
     * @param bytes       size in bytes (MIRACLE: the file; baselines: the ideal code length)
     * @param errorBefore MIRACLE: test error of the posterior means before coding; baselines: of the unquantised net
     * @param error       test error of the decoded (quantised) network
     * @param trainSeconds training time (MIRACLE), 0 for baselines
     * @param codeSeconds  coding time (MIRACLE, with the retraining between blocks), 0 for baselines
     * @param decodeMillis pure-Java decoding time of the file (MIRACLE), 0 for baselines
     * @param blocks       coded blocks (MIRACLE), 0 for baselines
     */
    public record Point(String method, String setting, double bytes, double errorBefore, double error,
                        double trainSeconds, double codeSeconds, double decodeMillis, int blocks) {
        /** A baseline's point: no training, coding or decoding time of its own. */
        static Point baseline(String method, String setting, double bytes, double errorBefore, double error) {
            return new Point(method, setting, bytes, errorBefore, error, 0, 0, 0, 0);
        }
    }

    private MiracleBenchmark() {
    }

    /** MIRACLE at every (parameterisation, C, budget). */
    public static List<Point> miracle(MiracleArchitecture arch, Mnist.Split data, List<MiracleFile.Parameterisation>
            params, int[] bits, double[] budgetsKb, MiracleEncoder.Settings s, ProgressSink progress, Path filesDir)
            throws IOException {
        List<Point> out = new ArrayList<>();
        Runnable step = progress.phase("MIRACLE runs", (long) params.size() * bits.length * budgetsKb.length);
        for (MiracleFile.Parameterisation p : params) {
            for (int c : bits) {
                for (double kb : budgetsKb) {
                    MiracleEncoder.Result r = MiracleEncoder.compress(arch, p, c, Math.round(kb * 8000),
                            data.train(), data.test(), s, MiracleEncoder.Progress.NONE);
                    long t0 = System.nanoTime();
                    MiracleNetwork decoded = MiracleFile.decode(r.file());
                    double decodeMs = (System.nanoTime() - t0) / 1e6;
                    if (filesDir != null) {
                        Files.createDirectories(filesDir);
                        Files.write(filesDir.resolve(String.format(Locale.ROOT, "%s-%s-c%d-%skb.r4j", arch.name(),
                                p.cliName(), c, trim(kb))), r.file());
                    }
                    out.add(new Point(p.cliName(), String.format(Locale.ROOT, "C=%d, %s kB", c, trim(kb)),
                            r.file().length, r.errorBefore(), decoded.errorRate(data.test()), r.trainNanos() / 1e9,
                            r.codeNanos() / 1e9, decodeMs, MiracleFile.header(r.file()).blockCount()));
                    step.run();
                }
            }
        }
        return out;
    }

    /** The baselines and the float32 size, on a deterministic network trained for the same total epochs. */
    public static List<Point> baselines(MiracleArchitecture arch, Mnist.Split data, MiracleEncoder.Settings s,
                                        ProgressSink progress) {
        Runnable step = progress.phase("baseline network (epochs)", 1);
        MiracleEncoder.Settings det = s.withEpochs(s.pretrainEpochs() + s.trainEpochs(), 0);
        double[] v = MiracleEncoder.pretrain(arch, data.train(), data.test(), det, MiracleEncoder.Progress.NONE);
        step.run();
        float[] ones = new float[arch.tensors().size()];
        java.util.Arrays.fill(ones, 1f);
        WeightHashing hashing = new MiracleFile.Header(arch, MiracleFile.Parameterisation.MEAN_VAR, 8, 30, s.seed(),
                ones).hashing();
        double base = new MiracleNetwork(arch, hashing.expand(v)).errorRate(data.test());
        List<Point> out = new ArrayList<>();
        out.add(Point.baseline("float32", "all " + arch.parameterCount() + " weights", 4.0 * arch.parameterCount(),
                base, base));
        out.add(Point.baseline("float32", "the " + arch.variableCount() + " hashed variables",
                4.0 * arch.variableCount(), base, base));
        for (int k = 2; k <= 8; k++) {
            QuantisationBaselines.Quantised q = QuantisationBaselines.uniform(arch, v, k);
            out.add(Point.baseline("uniform-kbit", k + " bits", q.bytes(), base,
                    new MiracleNetwork(arch, hashing.expand(q.variables())).errorRate(data.test())));
        }
        for (double p : new double[] {0.5, 0.7, 0.8, 0.9, 0.95}) {
            for (int k = 2; k <= 5; k++) {
                QuantisationBaselines.Quantised q = QuantisationBaselines.pruneAndCluster(arch, v, p, k);
                out.add(Point.baseline("prune-kmeans", String.format(Locale.ROOT, "%.0f %% pruned, %d centres",
                        100 * p, 1 << k), q.bytes(), base, new MiracleNetwork(arch, hashing.expand(q.variables()))
                        .errorRate(data.test())));
            }
        }
        return out;
    }

    /** Writes {@code miracle.csv}, {@code miracle.md} and {@code miracle.png} into {@code dir}. */
    public static void write(List<Point> points, String title, Path dir) throws IOException {
        Files.createDirectories(dir);
        Table t = new Table("method", "setting", "bytes", "kB", "error before coding %", "test error %", "train s",
                "code s", "code ms per block", "decode ms");
        for (Point p : points) {
            t.row(p.method(), p.setting(), String.format(Locale.ROOT, "%.0f", p.bytes()),
                    String.format(Locale.ROOT, "%.3f", p.bytes() / 1000), String.format(Locale.ROOT, "%.2f",
                            100 * p.errorBefore()), String.format(Locale.ROOT, "%.2f", 100 * p.error()),
                    String.format(Locale.ROOT, "%.1f", p.trainSeconds()), String.format(Locale.ROOT, "%.1f",
                            p.codeSeconds()), p.blocks() == 0 ? "" : String.format(Locale.ROOT, "%.1f",
                            1000 * p.codeSeconds() / p.blocks()), String.format(Locale.ROOT, "%.1f",
                            p.decodeMillis()));
        }
        t.writeCsv(dir, "miracle");
        Files.writeString(dir.resolve("miracle.md"), "# " + title + "\n\n" + t.toMarkdown());
        Map<String, List<Point>> series = new LinkedHashMap<>();
        for (Point p : points) {
            if (!p.method().equals("float32")) {
                series.computeIfAbsent(p.method(), m -> new ArrayList<>()).add(p);
            }
        }
        LinePlot plot = new LinePlot(title, "size (kB)", "test error (%)").logY();
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            List<Point> ps = new ArrayList<>(e.getValue());
            ps.sort(java.util.Comparator.comparingDouble(Point::bytes));
            plot.add(e.getKey(), ps.stream().mapToDouble(p -> p.bytes() / 1000).toArray(),
                    ps.stream().mapToDouble(p -> 100 * p.error()).toArray());
        }
        plot.write(dir.resolve("miracle.png"));
    }

    private static String trim(double kb) {
        return kb == Math.rint(kb) ? Long.toString((long) kb) : Double.toString(kb);
    }
}
