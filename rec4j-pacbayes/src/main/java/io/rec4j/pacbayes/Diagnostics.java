package io.rec4j.pacbayes;

/**
 * Convergence diagnostics of several Markov chains of one scalar, as in Gelman, Carlin, Stern, Dunson, Vehtari &amp;
 * Rubin, <i>Bayesian Data Analysis</i>, 3rd ed., §11.4–11.5: the split potential scale reduction {@code R̂} (each chain
 * cut in halves) and the effective sample size from the multi-chain autocorrelation, truncated by Geyer's initial
 * monotone sequence (Geyer, "Practical Markov chain Monte Carlo", Statistical Science 7, 1992).
 */
public final class Diagnostics {
    private Diagnostics() {
    }

    /** Summary of a set of chains: mean, Monte-Carlo standard error ({@code sd/√ESS}), ESS and split-R̂. */
    public record Summary(double mean, double standardError, double ess, double rHat, double sd) {
    }

    /** Diagnostics of {@code chains} (equal lengths, at least 4 draws each). */
    public static Summary summarise(double[][] chains) {
        check(chains);
        int c = chains.length;
        int n = chains[0].length;
        double sum = 0;
        for (double[] x : chains) {
            for (double v : x) {
                sum += v;
            }
        }
        double mean = sum / ((double) c * n);
        double ss = 0;
        for (double[] x : chains) {
            for (double v : x) {
                ss += (v - mean) * (v - mean);
            }
        }
        double sd = Math.sqrt(ss / ((double) c * n - 1));
        double ess = ess(chains);
        return new Summary(mean, sd / Math.sqrt(ess), ess, splitRHat(chains), sd);
    }

    /** Split-R̂: every chain cut in two halves (an odd middle draw dropped), then BDA3 eq. 11.4. */
    public static double splitRHat(double[][] chains) {
        check(chains);
        int half = chains[0].length / 2;
        double[][] split = new double[2 * chains.length][];
        for (int i = 0; i < chains.length; i++) {
            split[2 * i] = java.util.Arrays.copyOfRange(chains[i], 0, half);
            split[2 * i + 1] = java.util.Arrays.copyOfRange(chains[i], chains[i].length - half, chains[i].length);
        }
        int m = split.length;
        double[] means = new double[m];
        double w = 0;
        for (int j = 0; j < m; j++) {
            means[j] = mean(split[j]);
            w += variance(split[j], means[j]);
        }
        w /= m;
        double grand = mean(means);
        double b = 0;
        for (double mj : means) {
            b += (mj - grand) * (mj - grand);
        }
        b *= half / (m - 1.0);
        if (w == 0) {
            return b == 0 ? 1 : Double.POSITIVE_INFINITY;
        }
        double varPlus = (half - 1.0) / half * w + b / half;
        return Math.sqrt(varPlus / w);
    }

    /**
     * Effective sample size of all chains together (BDA3 eqs. 11.7–11.8): {@code ρ̂_t = 1 − (W − mean autocovariance
     * at lag t)/var⁺}, summed in pairs while the pair sums stay positive and made non-increasing (Geyer's initial
     * monotone sequence); {@code ESS = m·n/τ}, at most {@code m·n·log₁₀(m·n)} as Stan caps it.
     */
    public static double ess(double[][] chains) {
        check(chains);
        int m = chains.length;
        int n = chains[0].length;
        double[][] centred = new double[m][n];
        double[] means = new double[m];
        double w = 0;
        for (int j = 0; j < m; j++) {
            means[j] = mean(chains[j]);
            for (int i = 0; i < n; i++) {
                centred[j][i] = chains[j][i] - means[j];
            }
            w += autocovariance(centred[j], 0) * n / (n - 1.0);
        }
        w /= m;
        double grand = mean(means);
        double b = 0;
        for (double mj : means) {
            b += (mj - grand) * (mj - grand);
        }
        b = m > 1 ? b * n / (m - 1.0) : 0;
        double varPlus = (n - 1.0) / n * w + b / n;
        if (varPlus == 0) {
            return m * (double) n;
        }
        double tau = -1;
        double previous = Double.POSITIVE_INFINITY;
        for (int t = 0; t + 1 < n; t += 2) {
            double pair = rho(centred, t, w, varPlus) + rho(centred, t + 1, w, varPlus);
            if (pair <= 0) {
                break;
            }
            pair = Math.min(pair, previous);
            previous = pair;
            tau += 2 * pair;
        }
        double total = (double) m * n;
        return Math.min(total / Math.max(tau, 1e-12), total * Math.log10(total));
    }

    /** {@code ρ̂_t} of BDA3 eq. 11.7 from centred chains. */
    private static double rho(double[][] centred, int t, double w, double varPlus) {
        double a = 0;
        for (double[] c : centred) {
            a += autocovariance(c, t);
        }
        return 1 - (w - a / centred.length) / varPlus;
    }

    /** Biased autocovariance (divided by {@code n}) of a centred chain at lag {@code t}. */
    static double autocovariance(double[] centred, int t) {
        double s = 0;
        for (int i = 0; i + t < centred.length; i++) {
            s += centred[i] * centred[i + t];
        }
        return s / centred.length;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }

    private static void check(double[][] chains) {
        if (chains.length < 1 || chains[0].length < 4) {
            throw new IllegalArgumentException("need at least one chain of at least 4 draws");
        }
        for (double[] c : chains) {
            if (c.length != chains[0].length) {
                throw new IllegalArgumentException("chains must have equal lengths");
            }
        }
    }
}
