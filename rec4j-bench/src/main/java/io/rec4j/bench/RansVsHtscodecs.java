package io.rec4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * rec4j's order-0 byte coders against htscodecs' {@code rans4x16} on book1 at precision 12, repeated and
 * interleaved so that a shared machine's load hits both alike: each round runs the JMH cells of the old coders
 * ({@code AnsStack} single lane, {@code InterleavedAns} with 4 lanes) and of {@code ByteRans4}, then the htscodecs
 * driver ({@link HtscodecsBaseline}); the table gives the median over the rounds of each figure and of each
 * per-round ratio to htscodecs' scalar coder. Writes {@code rans-vs-htscodecs.md} and prints it.
 *
 * <p>Usage: {@code java -cp rec4j-bench/target/rec4j-benchmarks.jar io.rec4j.bench.RansVsHtscodecs [OUT_DIR]
 * [-Drec4j.book1=PATH] [-Drec4j.bench.rounds=5]}. About 45 s per round.
 */
public final class RansVsHtscodecs {
    /** The JMH cells, each as (benchmark method, label, direction). */
    private static final String[][] CELLS = {
        {"encodeSingle", "rec4j AnsStack, 1 lane (old)", "encode"},
        {"decodeSingle", "rec4j AnsStack, 1 lane (old)", "decode"},
        {"encodeInterleaved4", "rec4j InterleavedAns, 4 lanes (old)", "encode"},
        {"decodeInterleaved4", "rec4j InterleavedAns, 4 lanes (old)", "decode"},
        {"encodeRans4", "rec4j ByteRans4 (new)", "encode"},
        {"decodeRans4", "rec4j ByteRans4 (new)", "decode"},
    };

    private RansVsHtscodecs() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path outDir = Path.of(args.length > 0 ? args[0] : "bench-results");
        Files.createDirectories(outDir);
        int rounds = Integer.getInteger("rec4j.bench.rounds", 5);
        Path book1 = ByteSources.book1Path().toAbsolutePath();
        if (!Files.isRegularFile(book1)) {
            System.err.println("RansVsHtscodecs: book1 not found at " + book1 + " (set -Drec4j.book1=PATH)");
            return;
        }
        long bytes = Files.size(book1);
        String include = RansBenchmark.class.getSimpleName() + ".("
                + String.join("|", Arrays.stream(CELLS).map(c -> c[0]).toList()) + ")$";
        // label -> direction -> one MB/s figure per round; the same for the per-round ratios
        Map<String, Map<String, List<Double>>> mbps = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> ratio = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            Options opt = new OptionsBuilder()
                    .include(include)
                    .param("source", "book1")
                    .param("precision", Integer.toString(RansReport.HTSCODECS_PRECISION))
                    .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1))
                    .forks(1)
                    .jvmArgsAppend("-Drec4j.book1=" + book1)
                    .build();
            Map<String, Double> rec4j = new LinkedHashMap<>();
            for (RunResult r : new Runner(opt).run()) {
                String bench = r.getParams().getBenchmark();
                rec4j.put(bench.substring(bench.lastIndexOf('.') + 1), r.getPrimaryResult().getScore() * bytes / 1e6);
            }
            Optional<List<HtscodecsBaseline.Result>> base = HtscodecsBaseline.measure(book1, 1.0, System.err);
            if (base.isEmpty()) {
                System.err.println("RansVsHtscodecs: no htscodecs baseline; stopping");
                return;
            }
            HtscodecsBaseline.Result scalar = base.get().get(0);
            for (HtscodecsBaseline.Result h : base.get()) {
                String label = "htscodecs " + h.variant();
                add(mbps, label, "encode", h.encodeMBps());
                add(mbps, label, "decode", h.decodeMBps());
                add(ratio, label, "encode", h.encodeMBps() / scalar.encodeMBps());
                add(ratio, label, "decode", h.decodeMBps() / scalar.decodeMBps());
            }
            for (String[] c : CELLS) {
                Double v = rec4j.get(c[0]);
                if (v != null) {
                    add(mbps, c[1], c[2], v);
                    add(ratio, c[1], c[2], v / ("encode".equals(c[2]) ? scalar.encodeMBps() : scalar.decodeMBps()));
                }
            }
            System.out.printf(Locale.ROOT, "round %d of %d: %s%n", round, rounds, mbps);
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "book1 (%d bytes), precision 12; median of %d rounds (each: JMH 2 x 1 s warm-up, 3 x 1 s, then the "
                        + "htscodecs driver, 1 s each way); ratios are medians of the per-round ratios%n%n",
                bytes, rounds));
        md.append("| coder | encode MB/s | decode MB/s | encode / htscodecs scalar | decode / htscodecs scalar |\n");
        md.append("|---|---|---|---|---|\n");
        for (String label : mbps.keySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", label,
                    cell(mbps, label, "encode", "%.0f"), cell(mbps, label, "decode", "%.0f"),
                    cell(ratio, label, "encode", "%.2f"), cell(ratio, label, "decode", "%.2f")));
        }
        Files.writeString(outDir.resolve("rans-vs-htscodecs.md"), md.toString());
        System.out.println(md);
        System.out.println("wrote " + outDir.resolve("rans-vs-htscodecs.md"));
    }

    private static void add(Map<String, Map<String, List<Double>>> m, String label, String direction, double v) {
        m.computeIfAbsent(label, k -> new LinkedHashMap<>()).computeIfAbsent(direction, k -> new ArrayList<>()).add(v);
    }

    private static String cell(Map<String, Map<String, List<Double>>> m, String label, String direction, String fmt) {
        List<Double> v = m.getOrDefault(label, Map.of()).get(direction);
        if (v == null || v.isEmpty()) {
            return "";
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
        return String.format(Locale.ROOT, fmt + " (%s–%s)", median, String.format(Locale.ROOT, fmt, a[0]),
                String.format(Locale.ROOT, fmt, a[a.length - 1]));
    }
}
