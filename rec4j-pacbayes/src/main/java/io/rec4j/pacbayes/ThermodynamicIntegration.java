package io.rec4j.pacbayes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * {@code KL(Q_β‖P)} of a Gibbs posterior by thermodynamic integration (Gelman &amp; Meng, "Simulating normalizing
 * constants", Statistical Science 13, 1998; the power-posterior ladder of Friel &amp; Pettitt, JRSS B 70, 2008). With
 * {@code f(t) = E_{Q_t}[L̂]}, {@code ln Z_β = −∫₀^β f(t) dt}, so
 * <pre>  KL(Q_β‖P) = ∫₀^β f(t) dt − β·f(β),</pre>
 * and since {@code f′(t) = −Var_{Q_t}[L̂] ≤ 0}, on a ladder {@code 0 = t₀ < … < t_M = β} the left Riemann sum of the
 * integral bounds it from above and the right sum from below: with exact {@code f_j}, {@code lower ≤ KL ≤ upper}
 * deterministically, and the trapezoid is the point estimate. See docs/pacbayes.md.
 */
public final class ThermodynamicIntegration {
    private ThermodynamicIntegration() {
    }

    /** The point estimate and the monotonicity bounds. */
    public record Estimate(double estimate, double lower, double upper) {
    }

    /** {@code t_j = β·(j/M)^p}, {@code j = 0 … M}: rungs crowd at small {@code t}, where {@code f} changes fastest. */
    public static double[] powerLadder(double beta, int rungs, double power) {
        if (!(beta > 0) || Double.isInfinite(beta) || rungs < 1 || !(power >= 1)) {
            throw new IllegalArgumentException("need β > 0, at least one rung and a power ≥ 1");
        }
        double[] t = new double[rungs + 1];
        for (int j = 0; j <= rungs; j++) {
            t[j] = beta * Math.pow((double) j / rungs, power);
        }
        t[rungs] = beta;
        return t;
    }

    /** Trapezoid, right (lower) and left (upper) sums minus {@code β·f_M}, from {@code f_j} at the ladder's rungs. */
    public static Estimate integrate(double[] ladder, double[] f) {
        if (ladder.length != f.length || ladder.length < 2 || ladder[0] != 0) {
            throw new IllegalArgumentException("need f at every rung of a ladder starting at 0");
        }
        double trap = 0;
        double left = 0;
        double right = 0;
        for (int j = 0; j + 1 < ladder.length; j++) {
            double dt = ladder[j + 1] - ladder[j];
            if (!(dt > 0)) {
                throw new IllegalArgumentException("the ladder must increase strictly");
            }
            trap += dt * (f[j] + f[j + 1]) / 2;
            left += dt * f[j];
            right += dt * f[j + 1];
        }
        double end = ladder[ladder.length - 1] * f[f.length - 1];
        return new Estimate(trap - end, right - end, left - end);
    }

    /**
     * One rung's sampling: {@code f̂} with its Monte-Carlo standard error and the chains' diagnostics.
     *
     * @param acceptance mean acceptance over the chains (1 at {@code t = 0}, drawn exactly from the prior)
     */
    public record Rung(double t, Diagnostics.Summary summary, double acceptance, double stepSize, int divergent) {
    }

    /**
     * A run: the ladder, every rung, the integral from the sampled {@code f̂}, per chain the loss at each of the last
     * rung's draws (for trace plots), and per chain the extra statistic recorded there (empty arrays if none was
     * asked for).
     */
    public record Run(double[] ladder, List<Rung> rungs, Estimate estimate, double[][] endLoss,
            double[][] endStatistic) {
        /** The largest split-R̂ over the sampled rungs. */
        public double maxRHat() {
            return rungs.stream().skip(1).mapToDouble(r -> r.summary().rHat()).max().orElse(1);
        }

        /**
         * The Monte-Carlo standard error of the point estimate: the rungs' standard errors propagated through the
         * trapezoid's weights (rungs taken as independent, as the burn-in at every rung makes them nearly so).
         */
        public double standardError() {
            double variance = 0;
            int last = ladder.length - 1;
            for (int j = 0; j <= last; j++) {
                double w = ((j > 0 ? ladder[j] - ladder[j - 1] : 0) + (j < last ? ladder[j + 1] - ladder[j] : 0)) / 2
                        - (j == last ? ladder[j] : 0);
                double se = rungs.get(j).summary().standardError();
                variance += w * w * se * se;
            }
            return Math.sqrt(variance);
        }

        /** The smallest effective sample size over the sampled rungs. */
        public double minEss() {
            return rungs.stream().skip(1).mapToDouble(r -> r.summary().ess()).min().orElse(0);
        }
    }

    /** Told after each rung (for progress bars). */
    public interface Listener {
        void rung(int done, int total, Rung rung);
    }

    /**
     * Estimates {@code KL(Q_β‖P)} of {@code problem} on {@code ladder}: {@code f₀} from exact prior draws, every
     * later rung by {@code chains} HMC chains (independent random streams split from {@code seed}, run in parallel,
     * results independent of the thread count), each warm-started from its own last state and step size at the
     * previous rung; the mass matrix starts as the prior's ({@code M⁻¹ = σ₀²}) and, with
     * {@link Hmc.Settings#adaptMass}, is re-estimated at every rung from where the chain's last one left it.
     */
    public static Run run(GibbsProblem problem, double[] ladder, int chains, Hmc.Settings settings, long seed,
            Listener listener) {
        return run(problem, ladder, chains, settings, seed, listener, null);
    }

    /**
     * As {@link #run(GibbsProblem, double[], int, Hmc.Settings, long, Listener)}, also recording {@code atEnd(θ)} at
     * every draw of the last rung (e.g. the 0-1 error the certificate needs).
     */
    public static Run run(GibbsProblem problem, double[] ladder, int chains, Hmc.Settings settings, long seed,
            Listener listener, java.util.function.ToDoubleFunction<double[]> atEnd) {
        return run(problem, ladder, chains, settings, settings.draws(), seed, listener, atEnd);
    }

    /**
     * As above, with {@code finalDraws} kept draws per chain at the last rung: its {@code f̂} carries the weight
     * {@code −β + Δt/2} in the estimate (most of its variance) and its draws make the certificate's risk.
     */
    public static Run run(GibbsProblem problem, double[] ladder, int chains, Hmc.Settings settings, int finalDraws,
            long seed, Listener listener, java.util.function.ToDoubleFunction<double[]> atEnd) {
        java.util.function.IntFunction<java.util.function.ToDoubleFunction<double[]>> perChain =
                atEnd == null ? null : c -> atEnd;
        return runPerChain(problem, ladder, chains, settings, finalDraws, seed, listener, perChain);
    }

    /**
     * As above with a statistic per chain ({@code atEnd.apply(c)} sees chain {@code c}'s last-rung draws, in order,
     * on one thread): for accumulating per-chain sums that do not depend on the thread schedule.
     */
    public static Run runPerChain(GibbsProblem problem, double[] ladder, int chains, Hmc.Settings settings,
            int finalDraws, long seed, Listener listener,
            java.util.function.IntFunction<java.util.function.ToDoubleFunction<double[]>> atEnd) {
        if (chains < 1) {
            throw new IllegalArgumentException("need at least one chain");
        }
        int d = problem.dimension();
        double[] std = problem.priorStd();
        double[] inverseMass = new double[d];
        for (int i = 0; i < d; i++) {
            inverseMass[i] = std[i] * std[i];
        }
        double[][] masses = new double[chains][];
        for (int c = 0; c < chains; c++) {
            masses[c] = inverseMass.clone();
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] streams = new SplittableRandom[chains];
        double[][] states = new double[chains][];
        double[] steps = new double[chains];
        for (int c = 0; c < chains; c++) {
            streams[c] = root.split();
        }
        List<Rung> rungs = new ArrayList<>();
        double[] f = new double[ladder.length];
        // t = 0: the prior itself, drawn exactly (its chains are independent draws)
        double[][] prior = new double[chains][settings.draws()];
        for (int c = 0; c < chains; c++) {
            for (int k = 0; k < settings.draws(); k++) {
                double[] theta = problem.samplePrior(streams[c]);
                prior[c][k] = problem.loss(theta);
                if (k == settings.draws() - 1) {
                    states[c] = theta;
                }
            }
            steps[c] = settings.stepSize();
        }
        Rung first = new Rung(0, Diagnostics.summarise(prior), 1, 0, 0);
        rungs.add(first);
        f[0] = first.summary().mean();
        if (listener != null) {
            listener.rung(1, ladder.length, first);
        }
        double[][] end = new double[chains][0];
        double[][] lastLoss = prior;
        for (int j = 1; j < ladder.length; j++) {
            Potential u = problem.at(ladder[j]);
            Hmc.Chain[] out = new Hmc.Chain[chains];
            boolean lastRung = j == ladder.length - 1;
            boolean last = lastRung && atEnd != null;
            Hmc.Settings rung = lastRung ? settings.withDraws(finalDraws) : settings;
            IntStream.range(0, chains).parallel().forEach(c -> {
                java.util.function.ToDoubleFunction<double[]> statistic = problem::loss;
                if (last) {
                    java.util.function.ToDoubleFunction<double[]> chainStatistic = atEnd.apply(c);
                    end[c] = new double[finalDraws];
                    int[] k = {0};
                    statistic = theta -> {
                        end[c][k[0]++] = chainStatistic.applyAsDouble(theta);
                        return problem.loss(theta);
                    };
                }
                out[c] = Hmc.run(u, states[c], masses[c], rung.withStepSize(steps[c]), statistic, streams[c]);
            });
            double[][] stats = new double[chains][];
            double acceptance = 0;
            double stepSum = 0;
            int divergent = 0;
            for (int c = 0; c < chains; c++) {
                stats[c] = out[c].statistic();
                states[c] = out[c].last();
                steps[c] = out[c].stepSize();
                masses[c] = out[c].inverseMass();
                acceptance += out[c].acceptance() / chains;
                stepSum += out[c].stepSize() / chains;
                divergent += out[c].divergent();
            }
            Rung r = new Rung(ladder[j], Diagnostics.summarise(stats), acceptance, stepSum, divergent);
            lastLoss = stats;
            rungs.add(r);
            f[j] = r.summary().mean();
            if (listener != null) {
                listener.rung(j + 1, ladder.length, r);
            }
        }
        return new Run(ladder.clone(), List.copyOf(rungs), integrate(ladder, f), lastLoss, end);
    }
}
