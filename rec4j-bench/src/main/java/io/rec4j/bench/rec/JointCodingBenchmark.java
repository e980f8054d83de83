package io.rec4j.bench.rec;

import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Table;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.RecCost;
import io.rec4j.core.rec.RecCostException;
import io.rec4j.core.rec.RecMethod;
import io.rec4j.core.rec.dist.RecProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Joint vs per-dimension bits in 1–8 dimensions (issue 11, "Joint multi-dimensional coding";
 * {@code docs/algorithms.md}, "Joint AS* in D dimensions"). Q = N(0.5, s²)^D against P = N(0, 1)^D with s set so that
 * each dimension holds 2 or 4 bits of KL. Methods that code the whole sample with one index: PFR (Li &amp; El Gamal,
 * arXiv 1701.02827), sp-pfr (He, Flamich, Hernández-Lobato, arXiv 2405.12203) and joint AS* ({@code astar-joint}); and
 * the per-dimension ones: exact AS* ({@code astar-dl --max-depth 0}; Flamich, Markou, Hernández-Lobato,
 * arXiv 2201.12857) and split-on-sample GPRS (Flamich, arXiv 2305.15313), one heap path code per dimension. Against
 * KL + log2(KL + 1) and KL + log2(KL + 1) + 4 of the joint KL. Every codeword goes through the real bitstream. PFR and
 * sp-pfr are skipped where they expect more than 2^20 candidates; joint AS* where its cost model refuses.
 */
final class JointCodingBenchmark {
    private static final double LN2 = Math.log(2);
    /** Largest expected candidates (log2) of a PFR or sp-pfr row. */
    private static final double MAX_LOG2_CANDIDATES = 20;

    private JointCodingBenchmark() {
    }

    /** Adds the section to {@code md} and writes {@code rec-joint-coding.csv} into {@code out}. */
    static void section(StringBuilder md, Path out, boolean quick, long seed, ProgressSink progress)
            throws IOException {
        int trials = quick ? 60 : 300;
        int[] dims = {1, 2, 3, 5, 8};
        double[] perDim = {2, 4};
        String[] methods = {"pfr", "sp-pfr", "astar-joint", "astar-dl", "gprs"};
        RecMethod.Settings exactAStar = new RecMethod.Settings(null, null, 0, null, null, null, null, null, null);
        Table table = new Table("D", "KL_per_dim_bits", "KL_bits", "Dinf_bits", "method", "index", "mean_bits",
                "se_bits", "mean_candidates", "kl_log_bound", "kl_log_bound_plus_4");
        Runnable step = progress.phase("joint vs per-dimension", (long) dims.length * perDim.length * methods.length);
        for (double k : perDim) {
            for (int dim : dims) {
                RecProblem problem = RecBenchmark.problemWithKl(dim, k * dim);
                double kl = problem.klBits();
                double bound = kl + Math.log(kl + 1) / LN2;
                for (int i = 0; i < methods.length; i++) {
                    String m = methods[i];
                    RecMethod method = RecMethod.of(m);
                    RecMethod.Settings settings = m.equals("astar-dl") ? exactAStar : RecMethod.Settings.defaults();
                    String index = m.equals("astar-dl") || m.equals("gprs") ? "per dimension" : "joint";
                    String mean = "";
                    String se = "";
                    String cand = "";
                    try {
                        RecCost c = method.estimate(problem, settings);
                        if ((m.equals("pfr") || m.equals("sp-pfr")) && c.log2Candidates() > MAX_LOG2_CANDIDATES) {
                            mean = "skipped (2^" + fmt(c.log2Candidates()) + " candidates)";
                        } else {
                            ChannelSimulator sim = method.create(problem, settings);
                            double[] r = measure(sim, problem, trials, seed + 1000L * dim + 10L * i + (long) k);
                            mean = fmt(r[0]);
                            se = fmt(r[1]);
                            cand = fmt(r[2]);
                        }
                    } catch (RecCostException e) {
                        mean = "refused";
                    }
                    table.row(dim, fmt(k), fmt(kl), fmt(problem.maxLogRatioBits()), m, index, mean, se, cand,
                            fmt(bound), fmt(bound + 4));
                    step.run();
                }
            }
        }
        table.writeCsv(out, "rec-joint-coding");
        md.append("\n## Joint vs per-dimension bits in 1–8 dimensions\n\n")
                .append("Q = N(0.5, s²)^D against P = N(0, 1)^D, s set so that every dimension holds the stated KL; ")
                .append(trials).append(" encodings per row through the real bitstream; bits for all D dimensions ")
                .append("together, `se` the standard error of the mean. `joint` methods send one index for the whole ")
                .append("sample (pfr and sp-pfr: Zipf code, λ = KL + 1; astar-joint: heap path code over boxes, ")
                .append("λ = KL + 1); `per dimension` methods send one heap path code per dimension (astar-dl with ")
                .append("--max-depth 0, i.e. exact AS*, and split-on-sample gprs). Candidates: PFR candidates, sp-pfr ")
                .append("global steps, A* expansions (summed over dimensions for astar-dl), GPRS steps. ")
                .append("`kl_log_bound` is KL + log2(KL + 1) of the joint KL. pfr and sp-pfr are skipped beyond 2^")
                .append((int) MAX_LOG2_CANDIDATES).append(" expected candidates; astar-joint is refused beyond its ")
                .append("cost model (total KL > 24 bits or more than 2^14 expected expansions). GPRS has no joint ")
                .append("variant (see docs/algorithms.md).\n\n")
                .append(table.toMarkdown());
    }

    /** {mean bits, its standard error, mean candidates} over {@code trials} round trips. */
    private static double[] measure(ChannelSimulator sim, RecProblem problem, int trials, long seed) {
        RoundTripStats r = RoundTripStats.of(sim, problem, trials, seed);
        return new double[] {r.meanBits(), r.seBits(), r.meanCandidates()};
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
