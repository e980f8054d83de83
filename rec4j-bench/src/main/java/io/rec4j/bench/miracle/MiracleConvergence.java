package io.rec4j.bench.miracle;

import io.rec4j.bench.report.LinePlot;
import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Table;
import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.MiracleEncoder;
import io.rec4j.codec.miracle.MiracleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code rec4j bench miracle-curves}: how fast Mean-Var and Mean-KL reach the same validation error at the same
 * budget (the Mean-KL paper, Lin, Flamich, Hernández-Lobato, arXiv 2307.07816: "about twice as fast"). For every
 * seed one pre-trained network is the start of both parameterisations' variational phase; after every epoch the
 * validation error at the posterior means and the KL above the budget are recorded ({@code docs/miracle.md}).
 *
 * <p>The <em>target</em> is the error both reach: the larger of the two parameterisations' median final validation
 * errors. A run reaches it at the first epoch whose error is at most the target; "within budget" further asks that
 * the blocks' KL above C bits sum to at most 1 % of the budget (Mean-Var anneals toward the budget; Mean-KL is on it
 * by construction).
 */
public final class MiracleConvergence {
    /** Fraction of the budget the blocks' KL may exceed it by and still count as within budget. */
    public static final double KL_SLACK = 0.01;

    /**
     * One run's curve.
     *
     * @param param    the parameterisation
     * @param seed     the seed
     * @param error    validation error after each epoch
     * @param klExcess KL above the budget after each epoch, as a fraction of the budget
     */
    public record Curve(MiracleFile.Parameterisation param, long seed, double[] error, double[] klExcess) {
        /** The first epoch (from 1) with an error at most {@code target} (within budget if asked), or 0. */
        public int epochsTo(double target, boolean withinBudget) {
            for (int e = 0; e < error.length; e++) {
                if (error[e] <= target && (!withinBudget || klExcess[e] <= KL_SLACK)) {
                    return e + 1;
                }
            }
            return 0;
        }
    }

    private MiracleConvergence() {
    }

    /** Runs every (seed, parameterisation). */
    public static List<Curve> run(MiracleArchitecture arch, Mnist.Set train, Mnist.Set validation,
                                  List<MiracleFile.Parameterisation> params, int blockBits, long budgetBits,
                                  long[] seeds, MiracleEncoder.Settings s, ProgressSink progress) {
        List<Curve> out = new ArrayList<>();
        Runnable step = progress.phase("training runs", (long) seeds.length * (params.size() + 1));
        for (long seed : seeds) {
            MiracleEncoder.Settings ss = s.withSeed(seed);
            double[] pre = MiracleEncoder.pretrain(arch, train, validation, ss, MiracleEncoder.Progress.NONE);
            step.run();
            for (MiracleFile.Parameterisation p : params) {
                double[][] c = MiracleEncoder.curve(arch, p, blockBits, budgetBits, pre, train, validation, ss,
                        MiracleEncoder.Progress.NONE);
                out.add(new Curve(p, seed, c[0], c[1]));
                step.run();
            }
        }
        return out;
    }

    /** The error both parameterisations reach: the larger of their median final errors. */
    public static double target(List<Curve> curves) {
        double target = 0;
        for (MiracleFile.Parameterisation p : MiracleFile.Parameterisation.values()) {
            double[] last = curves.stream().filter(c -> c.param() == p).mapToDouble(c -> c.error()[c.error().length
                    - 1]).toArray();
            if (last.length > 0) {
                target = Math.max(target, median(last));
            }
        }
        return target;
    }

    /** Writes {@code curves.csv}, {@code curves.md} (per-run epochs to the target) and {@code curves.png}. */
    public static void write(List<Curve> curves, String title, Path dir) throws IOException {
        Files.createDirectories(dir);
        Table raw = new Table("parameterisation", "seed", "epoch", "validation error %", "KL over budget %");
        for (Curve c : curves) {
            for (int e = 0; e < c.error().length; e++) {
                raw.row(c.param().cliName(), c.seed(), e + 1, String.format(Locale.ROOT, "%.2f", 100 * c.error()[e]),
                        String.format(Locale.ROOT, "%.3f", 100 * c.klExcess()[e]));
            }
        }
        raw.writeCsv(dir, "curves");
        double target = target(curves);
        Table t = new Table("parameterisation", "seed", "final validation error %", "best %", "epochs to target",
                "epochs to target within budget");
        for (Curve c : curves) {
            double best = Arrays.stream(c.error()).min().orElse(Double.NaN);
            t.row(c.param().cliName(), c.seed(), String.format(Locale.ROOT, "%.2f", 100 * c.error()[c.error().length
                    - 1]), String.format(Locale.ROOT, "%.2f", 100 * best), never(c.epochsTo(target, false)),
                    never(c.epochsTo(target, true)));
        }
        Files.writeString(dir.resolve("curves.md"), "# " + title + "\n\n" + String.format(Locale.ROOT,
                "Target: %.2f %% validation error (the larger median final error); within budget: KL over budget"
                        + " at most %.0f %% of it.%n%n", 100 * target, 100 * KL_SLACK) + t.toMarkdown());
        LinePlot plot = new LinePlot(title, "epoch of variational training", "validation error (%)").logY();
        for (Curve c : curves) {
            double[] x = new double[c.error().length];
            double[] y = new double[x.length];
            for (int e = 0; e < x.length; e++) {
                x[e] = e + 1;
                y[e] = 100 * c.error()[e];
            }
            plot.add(c.param().cliName() + ", seed " + c.seed(), x, y, c.param()
                    == MiracleFile.Parameterisation.MEAN_VAR);
        }
        plot.write(dir.resolve("curves.png"));
    }

    private static String never(int epochs) {
        return epochs == 0 ? "not reached" : Integer.toString(epochs);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
