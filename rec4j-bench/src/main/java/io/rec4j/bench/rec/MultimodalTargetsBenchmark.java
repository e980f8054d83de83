package io.rec4j.bench.rec;

import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Table;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.RecMethod;
import io.rec4j.core.rec.dist.DistributionSpec;
import io.rec4j.core.rec.dist.RecProblem;
import io.rec4j.testkit.KolmogorovSmirnov;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Exactness on density ratios with several modes ({@code docs/algorithms.md}, "Density ratios"): every exact method
 * on mixture targets (and the three pairs that were silently biased before issue 11), with the KS statistic and
 * p-value of its decoded samples against Q, mean bits and mean candidates; a refusal is reported as such. Writes
 * {@code rec-multimodal.csv} and a Markdown section.
 */
final class MultimodalTargetsBenchmark {
    /** (name, target, coding), each one-dimensional. */
    private static final List<String[]> PAIRS = List.of(
            new String[] {"N(0,1) vs Laplace(0,1)", "normal(0,1)", "laplace(0,1)"},
            new String[] {"U(-0.5,1) vs N(0,1)", "uniform(-0.5,1)", "normal(0,1)"},
            new String[] {"U(-1.5,1.5) vs N(0,1)", "uniform(-1.5,1.5)", "normal(0,1)"},
            new String[] {"2 normals vs N(0,3^2)", "mixture(0.5:normal(-2,0.5),0.5:normal(2,0.5))", "normal(0,3)"},
            new String[] {"3 normals vs N(0,2^2)",
                "mixture(0.2:normal(-3,0.3),0.5:normal(0,0.2),0.3:normal(2.5,0.4))", "normal(0,2)"},
            new String[] {"normal + Laplace vs Laplace(0,2)", "mixture(0.6:normal(-1,0.2),0.4:laplace(1.5,0.3))",
                "laplace(0,2)"},
            new String[] {"2 uniforms vs N(0,1)", "mixture(0.5:uniform(-1.5,-0.5),0.5:uniform(0.5,1.5))",
                "normal(0,1)"},
            new String[] {"N(0.3,0.5^2) vs 2 normals", "normal(0.3,0.5)", "mixture(0.3:normal(-1,1),0.7:normal(1,1.5))"},
            new String[] {"Tri(-1,0.2,1) vs N(0,1) (unimodal)", "triangular(-1,0.2,1)", "normal(0,1)"});

    /** (label, method, settings) of every exact method. */
    private static final List<Object[]> METHODS = List.of(
            new Object[] {"pfr", "pfr", RecMethod.Settings.defaults()},
            new Object[] {"sp-pfr", "sp-pfr", RecMethod.Settings.defaults()},
            new Object[] {"gprs global", "gprs", new RecMethod.Settings(null, null, null, null, null, null, "global",
                null, null)},
            new Object[] {"gprs split", "gprs", new RecMethod.Settings(null, null, null, null, null, null, "split",
                null, null)},
            new Object[] {"gprs dyadic", "gprs", new RecMethod.Settings(null, null, null, null, null, null, "dyadic",
                null, null)},
            new Object[] {"AS* (astar-dl, depth 0)", "astar-dl", new RecMethod.Settings(null, null, 0, null, null, null,
                null, null, null)},
            new Object[] {"astar-joint", "astar-joint", RecMethod.Settings.defaults()},
            new Object[] {"grc", "grc", RecMethod.Settings.defaults()},
            new Object[] {"grcd", "grcd", RecMethod.Settings.defaults()});

    private MultimodalTargetsBenchmark() {
    }

    static void section(StringBuilder md, Path out, boolean quick, long seed, ProgressSink progress) throws IOException {
        Files.createDirectories(out);
        int n = quick ? 2000 : 20_000;
        Table table = new Table("pair", "method", "KL_bits", "Dinf_bits", "draws", "mean_bits", "mean_candidates",
                "KS", "KS_p_value");
        Runnable step = progress.phase("multimodal targets", PAIRS.size() * METHODS.size());
        for (String[] pair : PAIRS) {
            RecProblem problem = new RecProblem(DistributionSpec.parse(pair[1], 1), DistributionSpec.parse(pair[2], 1));
            for (Object[] m : METHODS) {
                RecMethod method = RecMethod.of((String) m[1]);
                RecMethod.Settings settings = (RecMethod.Settings) m[2];
                ChannelSimulator sim;
                try {
                    sim = method.create(problem, settings);
                } catch (IllegalArgumentException refused) {
                    table.row(pair[0], m[0], f(problem.klBits()), f(problem.maxLogRatioBits()), 0, "refused",
                            "refused", "-", "-");
                    step.run();
                    continue;
                }
                RoundTripStats r = RoundTripStats.of(sim, problem, n, seed);
                double ks = KolmogorovSmirnov.statistic(r.firstCoordinate(), problem.target().marginal(0)::cdf);
                table.row(pair[0], m[0], f(problem.klBits()), f(problem.maxLogRatioBits()), n, f(r.meanBits()),
                        f(r.meanCandidates()), String.format(Locale.ROOT, "%.4f", ks),
                        String.format(Locale.ROOT, "%.3g", KolmogorovSmirnov.pValue(n, ks)));
                step.run();
            }
        }
        table.writeCsv(out, "rec-multimodal.csv");
        md.append("## Exact methods on multimodal density ratios\n\n")
                .append("One-dimensional pairs whose ratio q/p has several modes, kinks or jumps, written in the ")
                .append("`--target`/`--coding` grammar; ").append(n).append(" encodings per row through the real ")
                .append("bitstream, KS test of the decoded samples against Q (a p-value below 0.001 would flag a ")
                .append("biased method; with ").append(METHODS.size() * PAIRS.size())
                .append(" rows about one in a thousand rows falls there by chance). Split-on-sample and dyadic GPRS, ")
                .append("grc and grcd refuse ratios that are not certified unimodal (\"refused\"); the last pair adds ")
                .append("a unimodal one, where they run.\n\n")
                .append(table.toMarkdown()).append('\n');
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
