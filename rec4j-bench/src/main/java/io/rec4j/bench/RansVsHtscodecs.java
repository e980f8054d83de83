package io.rec4j.bench;

import io.rec4j.core.coding.AnsStack;
import io.rec4j.core.coding.ByteRans4;
import io.rec4j.core.coding.CategoricalModel;
import io.rec4j.core.coding.InterleavedAns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * rec4j's order-0 byte coders against htscodecs' {@code rans4x16} on book1 at precision 12, in many short rounds so
 * that a shared machine's load hits every coder alike. Each round times, one after the other, each rec4j cell for
 * about {@code window} seconds (the old coders: {@code AnsStack} single lane and {@code InterleavedAns} with 4
 * lanes; the new {@code ByteRans4}; each operation codes all of book1, its tables built from the model inside the
 * operation, as in {@link RansBenchmark}), then the htscodecs driver ({@link HtscodecsBaseline}) for
 * {@code window} seconds each way. The table gives, per figure, the median over the rounds (with the range) and
 * the median of the per-round ratios to htscodecs' scalar coder. JMH is not used here: it forks one JVM per cell,
 * which cannot interleave with the C driver at this grain; the JMH figures of the same cells come from
 * {@link RansReport}. Writes {@code rans-vs-htscodecs.md} and prints it.
 *
 * <p>Usage: {@code java -cp rec4j-bench/target/rec4j-benchmarks.jar io.rec4j.bench.RansVsHtscodecs [OUT_DIR]
 * [-Drec4j.book1=PATH] [-Drec4j.bench.rounds=21] [-Drec4j.bench.window=0.25]}: about 3 s per round after a 10 s
 * warm-up.
 */
public final class RansVsHtscodecs {
    private RansVsHtscodecs() {
    }

    /** One timed rec4j operation on book1. */
    private record Cell(String label, String direction, Runnable op) {
    }

    public static void main(String[] args) throws IOException {
        Path outDir = Path.of(args.length > 0 ? args[0] : "bench-results");
        Files.createDirectories(outDir);
        int rounds = Integer.getInteger("rec4j.bench.rounds", 21);
        double window = Double.parseDouble(System.getProperty("rec4j.bench.window", "0.25"));
        Path book1 = ByteSources.book1Path().toAbsolutePath();
        if (!Files.isRegularFile(book1)) {
            System.err.println("RansVsHtscodecs: book1 not found at " + book1 + " (set -Drec4j.book1=PATH)");
            return;
        }
        byte[] data = Files.readAllBytes(book1);
        CategoricalModel model = ByteSources.order0(data, RansReport.HTSCODECS_PRECISION);
        byte[] out = new byte[data.length];
        AnsStack stack = new AnsStack(data.length / 4 + 16);
        stack.pushBytes(data, 0, data.length, model);
        byte[] stackEncoded = stack.toBytes();
        byte[] enc4 = InterleavedAns.encodeBytes(data, 0, data.length, model, 4);
        byte[] encRans4 = ByteRans4.encode(data, 0, data.length, model);
        String single = "rec4j AnsStack, 1 lane (old)";
        String four = "rec4j InterleavedAns, 4 lanes (old)";
        String rans4 = "rec4j ByteRans4 (new)";
        List<Cell> cells = List.of(
                new Cell(single, "encode", () -> {
                    AnsStack s = new AnsStack(data.length / 4 + 16);
                    s.pushBytes(data, 0, data.length, model);
                    sink(s.toBytes());
                }),
                new Cell(single, "decode", () -> AnsStack.fromBytes(stackEncoded).popBytes(out, 0, out.length, model)),
                new Cell(four, "encode", () -> sink(InterleavedAns.encodeBytes(data, 0, data.length, model, 4))),
                new Cell(four, "decode", () -> InterleavedAns.decodeBytes(enc4, 0, enc4.length, out, 0, out.length,
                        model, 4)),
                new Cell(rans4, "encode", () -> sink(ByteRans4.encode(data, 0, data.length, model))),
                new Cell(rans4, "decode", () -> ByteRans4.decode(encRans4, 0, encRans4.length, out, 0, out.length,
                        model)));
        for (Cell c : cells) {
            time(c.op(), 10.0 / cells.size(), data.length); // warm-up: compile every path
        }
        Optional<HtscodecsBaseline.Driver> driver = HtscodecsBaseline.Driver.build(System.err);
        if (driver.isEmpty()) {
            System.err.println("RansVsHtscodecs: no htscodecs baseline; stopping");
            return;
        }
        // label -> direction -> one MB/s figure per round; the same for the per-round ratios
        Map<String, Map<String, List<Double>>> mbps = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> ratio = new LinkedHashMap<>();
        long[] sizes = new long[3];
        try (HtscodecsBaseline.Driver d = driver.get()) {
            for (int round = 1; round <= rounds; round++) {
                Map<Cell, Double> rec4j = new LinkedHashMap<>();
                for (Cell c : cells) {
                    rec4j.put(c, time(c.op(), window, data.length));
                }
                Optional<List<HtscodecsBaseline.Result>> base = d.time(book1, window, System.err);
                if (base.isEmpty()) {
                    System.err.println("RansVsHtscodecs: the htscodecs driver failed; stopping");
                    return;
                }
                HtscodecsBaseline.Result scalar = base.get().get(0);
                sizes[0] = scalar.compressedBytes();
                for (HtscodecsBaseline.Result h : base.get()) {
                    String label = "htscodecs " + h.variant();
                    add(mbps, label, "encode", h.encodeMBps());
                    add(mbps, label, "decode", h.decodeMBps());
                    add(ratio, label, "encode", h.encodeMBps() / scalar.encodeMBps());
                    add(ratio, label, "decode", h.decodeMBps() / scalar.decodeMBps());
                }
                for (Map.Entry<Cell, Double> e : rec4j.entrySet()) {
                    Cell c = e.getKey();
                    add(mbps, c.label(), c.direction(), e.getValue());
                    add(ratio, c.label(), c.direction(),
                            e.getValue() / ("encode".equals(c.direction()) ? scalar.encodeMBps() : scalar.decodeMBps()));
                }
                System.out.printf(Locale.ROOT, "round %d of %d done%n", round, rounds);
            }
        }
        sizes[1] = enc4.length;
        sizes[2] = encRans4.length;
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "book1 (%d bytes), precision 12: median (range) of %d rounds of %.2f s per cell and direction; ratios "
                        + "are medians of the per-round ratios. Stream bytes: htscodecs rans4x16 %d, InterleavedAns "
                        + "4 lanes %d, ByteRans4 %d.%n%n",
                data.length, rounds, window, sizes[0], sizes[1], sizes[2]));
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

    private static volatile int sink;

    private static void sink(byte[] b) {
        sink += b.length;
    }

    /** MB/s of {@code op} (which codes {@code bytes} symbols) repeated for at least {@code seconds}. */
    private static double time(Runnable op, double seconds, int bytes) {
        long budget = (long) (seconds * 1e9);
        long reps = 0;
        long t0 = System.nanoTime();
        long t;
        do {
            op.run();
            reps++;
            t = System.nanoTime();
        } while (t - t0 < budget);
        return (double) bytes * reps / (t - t0) * 1e3;
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
