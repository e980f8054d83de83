package io.rec4j.bench.fuzz;

import io.rec4j.bench.report.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary of a {@link FuzzHarness} run: per target the cases tried, outcomes by exit code, hangs, crashes,
 * unexpected outcomes, the slowest case and the case that allocated most; the peak resident set size of the process
 * ({@code VmHWM} in {@code /proc/self/status}, where present). Written as Markdown and CSV.
 *
 * @param settings  how the run was made
 * @param spaces    the size of every target's case space
 * @param records   every case, in run order
 * @param wallNanos the run's wall time
 * @param peakRss   peak resident set size in bytes at the end of the run, or {@code -1} if unknown
 */
public record FuzzReport(FuzzHarness.Settings settings, List<TargetSpace> spaces, List<FuzzHarness.CaseRecord> records,
                         long wallNanos, long peakRss) {
    /** A target's name and the number of cases it has in all. */
    public record TargetSpace(String name, long cases) {
    }

    /**
     * One target's counts.
     *
     * @param byOutcome cases per {@link FuzzHarness.CaseRecord#outcomeName()}
     */
    public record Summary(String target, long space, int tried, Map<String, Integer> byOutcome, int unexpected,
                          FuzzHarness.CaseRecord slowest, FuzzHarness.CaseRecord largest) {
        /** Cases with this outcome name ({@code exit0}, …, {@code hang}, {@code crash}). */
        public int count(String outcome) {
            return byOutcome.getOrDefault(outcome, 0);
        }
    }

    /** Outcome columns, in table order. */
    static final List<String> OUTCOMES = List.of("exit0", "exit1", "exit2", "exit3", "hang", "crash");

    public FuzzReport {
        spaces = List.copyOf(spaces);
        records = List.copyOf(records);
    }

    /** Per-target summaries, in run order. */
    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        for (TargetSpace sp : spaces) {
            Map<String, Integer> by = new LinkedHashMap<>();
            int tried = 0;
            int unexpected = 0;
            FuzzHarness.CaseRecord slowest = null;
            FuzzHarness.CaseRecord largest = null;
            for (FuzzHarness.CaseRecord r : records) {
                if (!r.target().equals(sp.name())) {
                    continue;
                }
                tried++;
                by.merge(r.outcomeName(), 1, Integer::sum);
                if (!r.expected()) {
                    unexpected++;
                }
                if (slowest == null || r.nanos() > slowest.nanos()) {
                    slowest = r;
                }
                if (largest == null || r.allocated() > largest.allocated()) {
                    largest = r;
                }
            }
            out.add(new Summary(sp.name(), sp.cases(), tried, by, unexpected, slowest, largest));
        }
        return out;
    }

    /** The cases whose outcome is not allowed (hangs, crashes, wrong exit codes, over the memory bound). */
    public List<FuzzHarness.CaseRecord> unexpected() {
        return records.stream().filter(r -> !r.expected()).toList();
    }

    /** The summary table: one row per target and a total row. */
    public Table table() {
        Table t = new Table("target", "cases tried", "case space", "exit 0", "exit 1", "exit 2", "exit 3", "hang",
                "crash", "unexpected", "slowest case", "slowest (ms)", "max alloc (MiB)");
        int[] total = new int[OUTCOMES.size()];
        int tried = 0;
        long space = 0;
        int unexpected = 0;
        FuzzHarness.CaseRecord slowest = null;
        long maxAlloc = -1;
        for (Summary s : summaries()) {
            List<Object> row = new ArrayList<>(List.of(s.target(), s.tried(), s.space()));
            for (int i = 0; i < OUTCOMES.size(); i++) {
                row.add(s.count(OUTCOMES.get(i)));
                total[i] += s.count(OUTCOMES.get(i));
            }
            row.add(s.unexpected());
            row.add(s.slowest() == null ? "" : "`" + s.slowest().label() + "`");
            row.add(s.slowest() == null ? "" : millis(s.slowest().nanos()));
            row.add(s.largest() == null ? "" : mib(s.largest().allocated()));
            t.row(row.toArray());
            tried += s.tried();
            space += s.space();
            unexpected += s.unexpected();
            if (s.slowest() != null && (slowest == null || s.slowest().nanos() > slowest.nanos())) {
                slowest = s.slowest();
            }
            if (s.largest() != null) {
                maxAlloc = Math.max(maxAlloc, s.largest().allocated());
            }
        }
        List<Object> row = new ArrayList<>(List.of("**all**", tried, space));
        for (int v : total) {
            row.add(v);
        }
        row.add(unexpected);
        row.add(slowest == null ? "" : "`" + slowest.target() + ": " + slowest.label() + "`");
        row.add(slowest == null ? "" : millis(slowest.nanos()));
        row.add(mib(maxAlloc));
        t.row(row.toArray());
        return t;
    }

    /** Every unexpected case (target, label, outcome, time, allocation, first line of its error output). */
    public Table unexpectedTable() {
        Table t = new Table("target", "case", "outcome", "ms", "alloc (MiB)", "message");
        for (FuzzHarness.CaseRecord r : unexpected()) {
            t.row(r.target(), r.label(), why(r), millis(r.nanos()), mib(r.allocated()), r.firstLine());
        }
        return t;
    }

    /** Outcomes per stratum (seed and mutation family). */
    public Table strataTable() {
        Table t = new Table("target", "stratum", "cases", "exit0", "exit1", "exit2", "exit3", "hang", "crash",
                "unexpected");
        Map<String, int[]> by = new LinkedHashMap<>();
        for (FuzzHarness.CaseRecord r : records) {
            int[] c = by.computeIfAbsent(r.target() + "\u0000" + r.stratum(), k -> new int[OUTCOMES.size() + 2]);
            c[0]++;
            c[1 + OUTCOMES.indexOf(r.outcomeName())]++;
            if (!r.expected()) {
                c[OUTCOMES.size() + 1]++;
            }
        }
        for (Map.Entry<String, int[]> e : by.entrySet()) {
            String[] k = e.getKey().split("\u0000", 2);
            List<Object> row = new ArrayList<>(List.of(k[0], k[1]));
            for (int v : e.getValue()) {
                row.add(v);
            }
            t.row(row.toArray());
        }
        return t;
    }

    /** The Markdown report: settings, the summary table, peak RSS and the unexpected cases (at most {@code maxListed}). */
    public String toMarkdown(String command, int maxListed) {
        StringBuilder b = new StringBuilder("## Fuzzing\n\n");
        if (command != null) {
            b.append("Command: `").append(command).append("`\n\n");
        }
        b.append(String.format(Locale.ROOT, "Seed %d, %s, time bound %d ms per case, memory bound %s per case;"
                        + " Java %s, max heap %s MiB.%n%n", settings.seed(),
                settings.casesPerTarget() > 0 ? settings.casesPerTarget() + " cases per target"
                        : "all cases" + (settings.stratumCap() > 0 ? " (strata over " + settings.stratumCap()
                        + " cases sampled down to it)" : ""),
                settings.timeoutMillis(), settings.maxAllocBytes() > 0 ? mib(settings.maxAllocBytes()) + " MiB allocated"
                        : "none", System.getProperty("java.version"), mib(Runtime.getRuntime().maxMemory())));
        b.append(table().toMarkdown()).append('\n');
        b.append(String.format(Locale.ROOT, "Peak RSS: %s; wall time %.1f s.%n", peakRss >= 0 ? mib(peakRss) + " MiB"
                : "unknown (no /proc/self/status)", wallNanos / 1e9));
        List<FuzzHarness.CaseRecord> bad = unexpected();
        if (!bad.isEmpty()) {
            b.append("\nUnexpected outcomes (").append(bad.size()).append(bad.size() > maxListed ? ", first "
                    + maxListed : "").append("):\n\n");
            Table t = new Table("target", "case", "outcome", "ms", "message");
            for (FuzzHarness.CaseRecord r : bad.subList(0, Math.min(maxListed, bad.size()))) {
                t.row(r.target(), "`" + r.label() + "`", why(r), millis(r.nanos()),
                        r.firstLine().replace("|", "\\|"));
            }
            b.append(t.toMarkdown());
        }
        return b.toString();
    }

    /** Writes {@code fuzz-report.md}, {@code fuzz-summary.csv}, {@code fuzz-strata.csv}, {@code fuzz-unexpected.csv}. */
    public void write(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fuzz-report.md"), toMarkdown(command, 50));
        table().writeCsv(dir, "fuzz-summary");
        strataTable().writeCsv(dir, "fuzz-strata");
        unexpectedTable().writeCsv(dir, "fuzz-unexpected");
    }

    /** {@code VmHWM} of {@code /proc/self/status} in bytes, or {@code -1} where there is none. */
    public static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024; // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The outcome of an unexpected case, with the memory bound when that is what it broke. */
    private String why(FuzzHarness.CaseRecord r) {
        boolean overMemory = settings.maxAllocBytes() > 0 && r.allocated() > settings.maxAllocBytes();
        return r.outcomeName() + (overMemory ? " (allocated " + mib(r.allocated()) + " MiB > bound)" : "");
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
