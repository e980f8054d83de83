package io.rec4j.bench;

import io.rec4j.core.coding.AnsStack;
import io.rec4j.core.coding.ByteRans4;
import io.rec4j.core.coding.CategoricalModel;
import io.rec4j.core.coding.InterleavedAns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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
 * Runs {@link RansBenchmark} and writes {@code rans-throughput.csv} and {@code rans-throughput.md}: MB/s
 * (10^6 bytes of symbols per second) per source, precision and coder, the memory-copy ceiling of the same run,
 * and the compressed size against the order-0 entropy. ("Rans4" is {@link ByteRans4}.) For the repeated,
 * interleaved comparison with htscodecs alone see {@link RansVsHtscodecs}.
 *
 * <p>Usage: {@code java -cp rec4j-bench/target/rec4j-benchmarks.jar io.rec4j.bench.RansReport [OUT_DIR]
 * [-Drec4j.book1=PATH] [-Drec4j.bench.quick=true]}.
 */
public final class RansReport {
    /** htscodecs' rans4x16 codes frequencies with 12 bits; rec4j's figures at this precision are compared. */
    static final int HTSCODECS_PRECISION = 12;

    private RansReport() {
    }

    /**
     * A Markdown table: rec4j's coders on book1 (this JMH run) against htscodecs' rans4x16 timed right after it on
     * the same file and machine, with rec4j / htscodecs-scalar ratios; empty where the baseline is unavailable.
     */
    static String againstHtscodecs(Map<String, double[]> rec4j, byte[] book1, double seconds) throws IOException {
        Path tmp = Files.createTempFile("book1", ".bin");
        try {
            Files.write(tmp, book1);
            Optional<List<HtscodecsBaseline.Result>> base = HtscodecsBaseline.measure(tmp, seconds, System.err);
            if (base.isEmpty()) {
                return "";
            }
            HtscodecsBaseline.Result scalar = base.get().get(0);
            StringBuilder md = new StringBuilder("\n| coder on book1 | encode MB/s | decode MB/s | encode / htscodecs "
                    + "scalar | decode / htscodecs scalar | bytes |\n|---|---|---|---|---|---|\n");
            for (HtscodecsBaseline.Result r : base.get()) {
                md.append(String.format(Locale.ROOT, "| htscodecs %s | %.0f | %.0f | %.2f | %.2f | %d |%n", r.variant(),
                        r.encodeMBps(), r.decodeMBps(), r.encodeMBps() / scalar.encodeMBps(),
                        r.decodeMBps() / scalar.decodeMBps(), r.compressedBytes()));
            }
            for (String lanes : new String[] {"Single", "Interleaved2", "Interleaved4", "Rans4"}) {
                double[] enc = rec4j.get("encode" + lanes);
                double[] dec = rec4j.get("decode" + lanes);
                if (enc == null || dec == null) {
                    continue;
                }
                double e = enc[0] * book1.length / 1e6;
                double d = dec[0] * book1.length / 1e6;
                md.append(String.format(Locale.ROOT, "| rec4j %s (precision %d) | %.0f | %.0f | %.2f | %.2f | |%n",
                        lanes, HTSCODECS_PRECISION, e, d, e / scalar.encodeMBps(), d / scalar.decodeMBps()));
            }
            return md.toString();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path outDir = Path.of(args.length > 0 ? args[0] : "bench-results");
        Files.createDirectories(outDir);
        boolean quick = Boolean.getBoolean("rec4j.bench.quick");
        List<String> sources = new ArrayList<>(List.of("H2", "H4", "H7"));
        if (Files.isRegularFile(ByteSources.book1Path())) {
            sources.add("book1");
        } else {
            System.err.println("RansReport: book1 not found at " + ByteSources.book1Path().toAbsolutePath()
                    + "; skipping it (set -Drec4j.book1=PATH)");
        }
        Options opt = new OptionsBuilder()
                .include(RansBenchmark.class.getSimpleName())
                .param("source", sources.toArray(new String[0]))
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))
                .forks(1)
                .jvmArgsAppend("-Drec4j.book1=" + ByteSources.book1Path().toAbsolutePath())
                .build();
        Collection<RunResult> results = new Runner(opt).run();

        // (source, precision) -> benchmark -> [score ops/s, error]
        Map<String, Map<String, double[]>> table = new LinkedHashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            bench = bench.substring(bench.lastIndexOf('.') + 1);
            String key = r.getParams().getParam("source") + "/" + r.getParams().getParam("precision");
            table.computeIfAbsent(key, k -> new LinkedHashMap<>())
                    .put(bench, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        String[] coders = {"encodeSingle", "decodeSingle", "encodeInterleaved2", "decodeInterleaved2",
            "encodeInterleaved4", "decodeInterleaved4", "encodeRans4", "decodeRans4", "copy"};
        StringBuilder csv = new StringBuilder("source,precision,bytes,entropy_bits_per_byte,coded_bits_per_byte");
        for (String c : coders) {
            csv.append(',').append(c).append("_MBps,").append(c).append("_err_MBps");
        }
        csv.append('\n');
        StringBuilder md = new StringBuilder();
        md.append("| source | precision | bytes | H0 (bits/B) | coded (bits/B) |");
        for (String c : coders) {
            md.append(' ').append(c).append(" MB/s |");
        }
        md.append("\n|---|---|---|---|---|");
        for (int i = 0; i < coders.length; i++) {
            md.append("---|");
        }
        md.append('\n');
        for (Map.Entry<String, Map<String, double[]>> e : table.entrySet()) {
            String[] sp = e.getKey().split("/");
            byte[] data = ByteSources.load(sp[0]);
            int precision = Integer.parseInt(sp[1]);
            CategoricalModel m = ByteSources.order0(data, precision);
            AnsStack s = new AnsStack(data.length / 4 + 16);
            s.pushBytes(data, 0, data.length, m);
            double coded = s.bitLength() / (double) data.length;
            int interleavedBytes = InterleavedAns.encodeBytes(data, 0, data.length, m, 4).length;
            int rans4Bytes = ByteRans4.encode(data, 0, data.length, m).length;
            double entropy = ByteSources.empiricalEntropy(data);
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.5f,%.5f", sp[0], precision, data.length, entropy, coded));
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f |", sp[0], precision, data.length, entropy, coded));
            for (String c : coders) {
                double[] v = e.getValue().get(c);
                double mbps = v == null ? Double.NaN : v[0] * data.length / 1e6;
                double err = v == null ? Double.NaN : v[1] * data.length / 1e6;
                csv.append(String.format(Locale.ROOT, ",%.1f,%.1f", mbps, err));
                md.append(String.format(Locale.ROOT, " %.0f ± %.0f |", mbps, err));
            }
            csv.append('\n');
            md.append('\n');
            System.out.printf(Locale.ROOT, "%s p=%d: 4-lane stream %d bytes, ByteRans4 stream %d bytes%n", sp[0],
                    precision, interleavedBytes, rans4Bytes);
        }
        if (table.containsKey("book1/" + HTSCODECS_PRECISION)) {
            md.append(againstHtscodecs(table.get("book1/" + HTSCODECS_PRECISION), ByteSources.load("book1"),
                    quick ? 0.5 : 2.0));
        }
        Files.writeString(outDir.resolve("rans-throughput.csv"), csv.toString());
        Files.writeString(outDir.resolve("rans-throughput.md"), md.toString());
        System.out.println(md);
        System.out.println("wrote " + outDir.resolve("rans-throughput.csv") + " and " + outDir.resolve("rans-throughput.md"));
    }
}
