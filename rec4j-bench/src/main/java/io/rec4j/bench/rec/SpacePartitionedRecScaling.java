package io.rec4j.bench.rec;

import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Table;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.Encoding;
import io.rec4j.core.rec.RecMethod;
import io.rec4j.core.rec.SpacePartitionedRec;
import io.rec4j.core.rec.SpacePartitionedRec.SearchOrder;
import io.rec4j.core.rec.dist.RecProblem;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Wall time of one space-partitioned PFR encoding (He, Flamich, Hernández-Lobato, NeurIPS 2024, arXiv 2405.12203;
 * {@code docs/algorithms.md}, "Space partitioning") against KL up to 40 bits, in its two search orders: the default
 * lazily merged per-bin order and the global order, measured alternately in the same run. With J = 2^floor(KL) bins
 * the per-bin order used to pay O(J) per encoding; now both follow the candidates examined. Writes
 * {@code rec-sp-pfr-scaling.csv} and a Markdown section.
 */
final class SpacePartitionedRecScaling {
    /** KL values (bits) of the table; 15.5 and 17.5 are the J = 2^15 and 2^17 points. */
    private static final double[] KLS = {5, 10, 15.5, 17.5, 20, 30, 40};
    /** Largest KL per dimension (bits): D = ceil(KL / 4) keeps each axis's target moderately narrow. */
    private static final double MAX_KL_PER_DIM = 4;

    private SpacePartitionedRecScaling() {
    }

    /**
     * Appends the section to {@code md} and writes its CSV into {@code out}.
     *
     * @param quick fewer encodings per point
     */
    static void section(StringBuilder md, Path out, boolean quick, long seed, ProgressSink progress) throws IOException {
        Files.createDirectories(out);
        int trials = quick ? 30 : 200;
        int warmup = quick ? 10 : 50;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        boolean hasCpu = cpu.isCurrentThreadCpuTimeSupported();
        Table table = new Table("KL_bits", "D", "log2_J", "per_bin_mean_candidates", "per_bin_us", "per_bin_cpu_us",
                "global_mean_candidates", "global_us", "global_cpu_us", "per_bin_over_global_cpu");
        Runnable step = progress.phase("sp-PFR time vs KL", KLS.length);
        for (double kl : KLS) {
            int dim = (int) Math.ceil(kl / MAX_KL_PER_DIM);
            RecProblem problem = RecBenchmark.problemWithKl(dim, kl);
            SpacePartitionedRec perBin = (SpacePartitionedRec) RecMethod.SP_PFR.create(problem,
                    RecMethod.Settings.defaults());
            SpacePartitionedRec global = perBin.withSearchOrder(SearchOrder.GLOBAL);
            SharedRandomness master = SharedRandomness.fromSeed(seed);
            for (int t = 0; t < warmup; t++) {
                perBin.encode(problem, master.derive(1_000_000 + t));
                global.encode(problem, master.derive(1_000_000 + t));
            }
            // alternate the two orders encoding by encoding, so that both see the same machine load
            long[] nanos = new long[2];
            long[] cpuNanos = new long[2];
            long[] candidates = new long[2];
            for (int t = 0; t < trials; t++) {
                SharedRandomness shared = master.derive(t);
                for (int o = 0; o < 2; o++) {
                    SpacePartitionedRec sim = o == 0 ? perBin : global;
                    long c0 = hasCpu ? cpu.getCurrentThreadCpuTime() : 0;
                    long t0 = System.nanoTime();
                    Encoding e = sim.encode(problem, shared);
                    nanos[o] += System.nanoTime() - t0;
                    cpuNanos[o] += hasCpu ? cpu.getCurrentThreadCpuTime() - c0 : 0;
                    candidates[o] += e.candidatesExamined();
                }
            }
            table.row(fmt(problem.klBits(), 1), dim, perBin.partition().binIndexBits(),
                    fmt(candidates[0] / (double) trials, 1), fmt(nanos[0] / 1e3 / trials, 1),
                    hasCpu ? fmt(cpuNanos[0] / 1e3 / trials, 1) : "-", fmt(candidates[1] / (double) trials, 1),
                    fmt(nanos[1] / 1e3 / trials, 1), hasCpu ? fmt(cpuNanos[1] / 1e3 / trials, 1) : "-",
                    hasCpu ? fmt(cpuNanos[0] / (double) cpuNanos[1], 2) : "-");
            step.run();
        }
        table.writeCsv(out, "rec-sp-pfr-scaling");
        md.append("\n## sp-PFR wall time per encode vs KL\n\nQ = N(0.5, s^2)^D against N(0, I_D), D = ceil(KL / 4), s set "
                + "so that KL[Q||P] hits each value; the default sp-pfr (J = 2^floor(KL) bins allocated by per-dimension "
                + "KL, sup-r heuristic) in its per-bin search order (lazily merged bins, the default) and in the global "
                + "order, alternating encoding by encoding, ").append(trials).append(" encodings each after ")
                .append(warmup).append(" warm-up encodings: mean wall time and thread CPU time (steadier on a shared "
                        + "machine) per encoding. Times include the per-axis tables (O(sum of J_d)). "
                        + "CSV: `rec-sp-pfr-scaling.csv`.\n\n").append(table.toMarkdown());
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Runs the section alone: {@code [out-dir] [--quick]}; prints the Markdown. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "bench-results");
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        StringBuilder md = new StringBuilder();
        section(md, out, quick, 1, ProgressSink.NONE);
        System.out.print(md);
    }
}
