package io.rec4j.core.rec;

import io.rec4j.core.random.SharedRandomness;

/**
 * Exact channel simulation by the Poisson functional representation (C. T. Li and A. El Gamal, "Strong functional
 * representation lemma and applications to coding theorems", IEEE Trans. Inf. Theory 64(11), 2018), run as
 * global-bound A* coding (G. Flamich, S. Markou and J. M. Hernández-Lobato, "Fast relative entropy coding with A*
 * coding", ICML 2022).
 *
 * <p>Shared candidates {@code X_1, X_2, ...} are drawn i.i.d. from P ({@link GaussianCandidates}); the encoder
 * pairs them with the arrival times {@code T_n = E_1 + ... + E_n} of a unit-rate Poisson process (private to the
 * encoder) and selects {@code N = argmin_n T_n / r(X_n)} with {@code r = dQ/dP}. {@code X_N} is an exact sample
 * of Q. Since {@code T_n} increases and {@code r <= r_max = exp(D∞)}, the search stops as soon as
 * {@code T_n / r_max} exceeds the best score found, after about {@code 2^{D∞[Q‖P]}} candidates on average
 * (spec §4.1). The decoder needs only {@code N}.
 */
public final class PoissonFunctionalRepresentation {
    /** Label of the encoder-private randomness (arrival times) under the shared seed. */
    private static final long ARRIVALS_LABEL = 0x5046525F41525256L; // "PFR_ARRV"

    private PoissonFunctionalRepresentation() {
    }

    /** What the encoder selected. */
    public record Selection(long index, double[] sample, long candidatesExamined) {
    }

    /**
     * Selects the candidate index for target {@code q} under coding distribution {@code p}.
     *
     * @throws IllegalArgumentException if D∞[q‖p] is infinite (some σ_q &ge; σ_p with a shifted mean, or
     *         σ_q &gt; σ_p): the exact method would run forever; use a fixed-budget method instead
     * @throws IllegalStateException if more than {@code maxCandidates} candidates would be needed
     */
    public static Selection encode(DiagonalGaussian q, DiagonalGaussian p, SharedRandomness shared, long maxCandidates) {
        double logRmax = q.maxLogRatioNats(p);
        if (Double.isInfinite(logRmax)) {
            throw new IllegalArgumentException("D∞[Q‖P] is infinite (some target std is not smaller than the coding "
                    + "std): exact PFR would not terminate; use a fixed-budget method such as ordered random coding");
        }
        SharedRandomness arrivals = shared.derive(ARRIVALS_LABEL);
        int dim = p.dimension();
        double[] x = new double[dim];
        double t = 0;
        double best = Double.POSITIVE_INFINITY;
        long bestIndex = 0;
        double[] bestX = new double[dim];
        for (long n = 1; ; n++) {
            if (n > maxCandidates) {
                throw new IllegalStateException("PFR needed more than " + maxCandidates + " candidates (D∞ = "
                        + logRmax / StrictMath.log(2.0) + " bits)");
            }
            t += -StrictMath.log(arrivals.uniform(0, n - 1));
            double logT = StrictMath.log(t);
            if (logT - logRmax >= best) {
                return new Selection(bestIndex, bestX, n - 1);
            }
            GaussianCandidates.candidate(p, shared, n, x);
            double score = logT - q.logRatio(p, x);
            if (score < best) {
                best = score;
                bestIndex = n;
                System.arraycopy(x, 0, bestX, 0, dim);
            }
        }
    }

    /** Regenerates the sample for index {@code n}. */
    public static double[] decode(DiagonalGaussian p, SharedRandomness shared, long n) {
        double[] x = new double[p.dimension()];
        GaussianCandidates.candidate(p, shared, n, x);
        return x;
    }
}
