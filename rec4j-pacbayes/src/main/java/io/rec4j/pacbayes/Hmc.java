package io.rec4j.pacbayes;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Hamiltonian Monte Carlo (Duane, Kennedy, Pendleton &amp; Roweth 1987; Neal, "MCMC using Hamiltonian dynamics", 2011)
 * with a diagonal mass matrix: kinetic energy {@code K(r) = ½ Σ r_i²·M⁻¹_i}, leapfrog integration, a Metropolis
 * correction with the full (not minibatched) potential, a path length jittered uniformly by ±{@code jitter} to avoid
 * periodic orbits, and the step size adapted during burn-in by dual averaging towards a target acceptance rate
 * (Hoffman &amp; Gelman, "The No-U-Turn Sampler", JMLR 15, 2014, §3.2, Algorithm 5, with their γ = 0.05, t₀ = 10,
 * κ = 0.75), then frozen at the averaged value.
 */
public final class Hmc {
    private Hmc() {
    }

    /**
     * How a chain runs.
     *
     * @param burnIn           transitions spent adapting the step size (not kept)
     * @param draws            transitions kept
     * @param stepSize         the initial step size ε
     * @param steps            leapfrog steps per transition, before jitter
     * @param jitter           relative jitter of the number of steps, in [0, 1)
     * @param targetAcceptance the acceptance rate dual averaging aims at
     * @param adaptMass        also adapt the diagonal mass matrix during burn-in (below)
     */
    public record Settings(int burnIn, int draws, double stepSize, int steps, double jitter, double targetAcceptance,
            boolean adaptMass) {
        /** Settings that keep the mass matrix they are given. */
        public Settings(int burnIn, int draws, double stepSize, int steps, double jitter, double targetAcceptance) {
            this(burnIn, draws, stepSize, steps, jitter, targetAcceptance, false);
        }

        public Settings {
            if (burnIn < 0 || draws < 1 || steps < 1 || !(stepSize > 0) || Double.isInfinite(stepSize)
                    || !(jitter >= 0 && jitter < 1) || !(targetAcceptance > 0 && targetAcceptance < 1)) {
                throw new IllegalArgumentException("need burnIn ≥ 0, draws ≥ 1, steps ≥ 1, ε > 0, jitter in [0, 1),"
                        + " target acceptance in (0, 1)");
            }
        }

        /** The same settings with another initial step size (to warm-start a chain from an adapted one). */
        public Settings withStepSize(double epsilon) {
            return new Settings(burnIn, draws, epsilon, steps, jitter, targetAcceptance, adaptMass);
        }

        /** The same settings keeping another number of draws. */
        public Settings withDraws(int n) {
            return new Settings(burnIn, n, stepSize, steps, jitter, targetAcceptance, adaptMass);
        }
    }

    /**
     * One chain's result.
     *
     * @param statistic  the statistic at each kept draw, in order
     * @param acceptance the mean acceptance probability over the kept transitions
     * @param stepSize   the step size used for the kept draws
     * @param last       the final state
     * @param divergent  kept transitions whose energy was not finite or grew by more than 1,000
     * @param inverseMass the (diagonal) inverse mass the kept draws used
     */
    public record Chain(double[] statistic, double acceptance, double stepSize, double[] last, int divergent,
            double[] inverseMass) {
    }

    /**
     * Runs one chain from {@code start}, recording {@code statistic(θ)} at every kept draw.
     *
     * <p>With {@link Settings#adaptMass}, as Stan's warm-up does in spirit (Stan Reference Manual, "HMC algorithm
     * parameters"): the variance of every coordinate is estimated over the draws of burn-in's middle window (15 % to
     * 75 %), the inverse mass set to it (shrunk towards a thousandth of the mean variance, weight 5/(n+5)), and dual
     * averaging restarted for the last quarter of burn-in.
     *
     * @param inverseMass {@code M⁻¹} (diagonal), or null for the identity
     */
    public static Chain run(Potential potential, double[] start, double[] inverseMass, Settings s,
            ToDoubleFunction<double[]> statistic, SplittableRandom random) {
        int d = potential.dimension();
        if (start.length != d || (inverseMass != null && inverseMass.length != d)) {
            throw new IllegalArgumentException("start and mass must have the potential's dimension " + d);
        }
        double[] minv = inverseMass != null ? inverseMass.clone() : ones(d);
        int windowStart = (int) (0.15 * s.burnIn());
        int windowEnd = (int) (0.75 * s.burnIn());
        boolean adaptMass = s.adaptMass() && windowEnd - windowStart >= 10;
        double[] wMean = new double[d];
        double[] wM2 = new double[d];
        int wCount = 0;
        int restart = 0; // dual averaging's iteration count starts again here
        double[] theta = start.clone();
        double[] grad = new double[d];
        double u = potential.valueAndGradient(theta, grad);
        if (!Double.isFinite(u)) {
            throw new IllegalArgumentException("the potential is not finite at the starting point");
        }
        double[] proposal = new double[d];
        double[] propGrad = new double[d];
        double[] r = new double[d];
        // dual averaging state
        double logEps = Math.log(s.stepSize());
        double mu = Math.log(10 * s.stepSize());
        double hBar = 0;
        double logEpsBar = 0;
        double[] stat = new double[s.draws()];
        double acceptSum = 0;
        int divergent = 0;
        for (int it = 0; it < s.burnIn() + s.draws(); it++) {
            boolean adapting = it < s.burnIn();
            double eps = Math.exp(adapting ? logEps : logEpsBar);
            if (s.burnIn() == 0) {
                eps = s.stepSize();
            }
            for (int i = 0; i < d; i++) {
                r[i] = random.nextGaussian() / Math.sqrt(minv[i]);
            }
            double h0 = u + kinetic(r, minv);
            int steps = Math.max(1, (int) Math.round(s.steps() * (1 + s.jitter() * (2 * random.nextDouble() - 1))));
            System.arraycopy(theta, 0, proposal, 0, d);
            System.arraycopy(grad, 0, propGrad, 0, d);
            double uNew = leapfrog(potential, proposal, r, propGrad, eps, steps, minv);
            double h1 = uNew + kinetic(r, minv);
            double alpha = Double.isFinite(h1) ? Math.min(1, Math.exp(h0 - h1)) : 0;
            if (random.nextDouble() < alpha) {
                System.arraycopy(proposal, 0, theta, 0, d);
                System.arraycopy(propGrad, 0, grad, 0, d);
                u = uNew;
            }
            if (adapting && adaptMass && it >= windowStart && it < windowEnd) {
                wCount++;
                for (int i = 0; i < d; i++) {
                    double delta = theta[i] - wMean[i];
                    wMean[i] += delta / wCount;
                    wM2[i] += delta * (theta[i] - wMean[i]);
                }
                if (it == windowEnd - 1) {
                    double mean = 0;
                    for (int i = 0; i < d; i++) {
                        mean += wM2[i] / (wCount - 1) / d;
                    }
                    for (int i = 0; i < d; i++) {
                        double var = wM2[i] / (wCount - 1);
                        minv[i] = (wCount * var + 5 * 1e-3 * mean) / (wCount + 5);
                    }
                    double current = Math.exp(logEps);
                    mu = Math.log(10 * current);
                    hBar = 0;
                    logEpsBar = 0;
                    restart = it + 1;
                    continue;
                }
            }
            if (adapting) {
                double m = it + 1 - restart;
                double w = 1 / (m + 10);
                hBar = (1 - w) * hBar + w * (s.targetAcceptance() - alpha);
                logEps = mu - Math.sqrt(m) / 0.05 * hBar;
                double eta = Math.pow(m, -0.75);
                logEpsBar = eta * logEps + (1 - eta) * logEpsBar;
            } else {
                int k = it - s.burnIn();
                stat[k] = statistic.applyAsDouble(theta);
                acceptSum += alpha;
                if (!Double.isFinite(h1) || h1 - h0 > 1000) {
                    divergent++;
                }
            }
        }
        double used = s.burnIn() == 0 ? s.stepSize() : Math.exp(logEpsBar);
        return new Chain(stat, acceptSum / s.draws(), used, theta, divergent, minv);
    }

    /**
     * {@code steps} leapfrog steps of size {@code eps} from {@code (θ, r)} with {@code gradient = ∇U(θ)} on entry; all
     * three are updated in place. Returns {@code U} at the end (infinite if the trajectory left the potential's finite
     * region, in which case the state is unspecified).
     */
    public static double leapfrog(Potential potential, double[] theta, double[] r, double[] gradient, double eps,
            int steps, double[] inverseMass) {
        int d = theta.length;
        double u = Double.NaN;
        for (int i = 0; i < d; i++) {
            r[i] -= 0.5 * eps * gradient[i];
        }
        for (int step = 0; step < steps; step++) {
            for (int i = 0; i < d; i++) {
                theta[i] += eps * inverseMass[i] * r[i];
            }
            u = potential.valueAndGradient(theta, gradient);
            if (!Double.isFinite(u)) {
                return Double.POSITIVE_INFINITY;
            }
            double scale = step == steps - 1 ? 0.5 * eps : eps;
            for (int i = 0; i < d; i++) {
                r[i] -= scale * gradient[i];
            }
        }
        return u;
    }

    /** {@code ½ Σ r_i²·M⁻¹_i}. */
    public static double kinetic(double[] r, double[] inverseMass) {
        double k = 0;
        for (int i = 0; i < r.length; i++) {
            k += r[i] * r[i] * inverseMass[i];
        }
        return 0.5 * k;
    }

    static double[] ones(int d) {
        double[] a = new double[d];
        java.util.Arrays.fill(a, 1);
        return a;
    }
}
