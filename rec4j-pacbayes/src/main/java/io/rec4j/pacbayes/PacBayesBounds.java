package io.rec4j.pacbayes;

/**
 * PAC-Bayes risk certificates for a bounded loss in {@code [0, 1]}, with a data-independent prior {@code P}: with
 * probability at least {@code 1 − δ} over a sample of {@code n}, simultaneously for every posterior {@code Q},
 * <ul>
 *   <li><b>kl</b> (Seeger 2002, Maurer 2004): {@code L(Q) ≤ kl⁻¹(L̂(Q), (KL(Q‖P) + ln(2√n/δ))/n)};</li>
 *   <li><b>λ</b> (Thiemann, Igel, Wintenberger &amp; Seldin 2017, a relaxation of kl, valid for every
 *       {@code λ ∈ (0, 2)} at once): {@code L(Q) ≤ L̂/(1 − λ/2) + (KL + ln(2√n/δ))/(nλ(1 − λ/2))};</li>
 *   <li><b>quad</b> and <b>classic</b> (Pérez-Ortiz, Rivasplata, Shawe-Taylor &amp; Szepesvári 2021):
 *       {@code (√(L̂ + r) + √r)²} and {@code L̂ + √r}, {@code r = (KL + ln(2√n/δ))/(2n)}.</li>
 * </ul>
 * The empirical risk of {@code Q} itself is known only through {@code m} samples of {@code Q}; {@link
 * #monteCarloRisk} bounds it with probability {@code 1 − δ′} (Langford &amp; Caruana 2002), and {@link #certificate}
 * chains the two: {@code kl⁻¹(kl⁻¹(L̂_m, ln(2/δ′)/m), (KL + ln(2√n/δ))/n)}, valid with probability
 * {@code 1 − δ − δ′} when the {@code m} samples are independent draws from {@code Q}. All of this is as in Ujváry,
 * Flamich, Fortuin &amp; Hernández-Lobato, "Estimating optimal PAC-Bayes bounds with Hamiltonian Monte Carlo" (arXiv
 * 2310.20053), §2; see docs/pacbayes.md.
 */
public final class PacBayesBounds {
    private PacBayesBounds() {
    }

    /** The binary KL divergence {@code kl(q‖p) = q ln(q/p) + (1−q) ln((1−q)/(1−p))}, in nats ({@code 0 ln 0 = 0}). */
    public static double kl(double q, double p) {
        checkUnit(q, "q");
        checkUnit(p, "p");
        double a = q == 0 ? 0 : q * Math.log(q / p);
        double b = q == 1 ? 0 : (1 - q) * Math.log((1 - q) / (1 - p));
        return a + b;
    }

    /**
     * {@code kl⁻¹(q, c) = max{p ∈ [q, 1] : kl(q‖p) ≤ c}}, by bisection to the last representable bit (kl is increasing
     * in {@code p} on {@code [q, 1]}).
     */
    public static double klInverse(double q, double c) {
        checkUnit(q, "q");
        if (!(c >= 0)) {
            throw new IllegalArgumentException("c must be a non-negative number, was " + c);
        }
        if (q == 1 || kl(q, 1) <= c) {
            return 1;
        }
        double lo = q;
        double hi = 1;
        while (true) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                return lo;
            }
            if (kl(q, mid) <= c) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }

    /** {@code ln(2√n/δ)}: the confidence term of the bounds above. */
    public static double confidenceTerm(long n, double delta) {
        checkSample(n, delta);
        return Math.log(2 * Math.sqrt(n) / delta);
    }

    /** The kl bound on the risk of {@code Q}, given its empirical risk and {@code KL(Q‖P)} in nats. */
    public static double klBound(double empiricalRisk, double kl, long n, double delta) {
        checkKl(kl);
        return klInverse(empiricalRisk, (kl + confidenceTerm(n, delta)) / n);
    }

    /** The λ bound ({@code 0 < λ < 2}); may exceed 1 (vacuous). */
    public static double lambdaBound(double empiricalRisk, double kl, long n, double delta, double lambda) {
        checkUnit(empiricalRisk, "empirical risk");
        checkKl(kl);
        if (!(lambda > 0 && lambda < 2)) {
            throw new IllegalArgumentException("λ must be in (0, 2), was " + lambda);
        }
        double h = 1 - lambda / 2;
        return empiricalRisk / h + (kl + confidenceTerm(n, delta)) / (n * lambda * h);
    }

    /** The quad bound; may exceed 1. */
    public static double quadBound(double empiricalRisk, double kl, long n, double delta) {
        checkUnit(empiricalRisk, "empirical risk");
        checkKl(kl);
        double r = (kl + confidenceTerm(n, delta)) / (2.0 * n);
        double s = Math.sqrt(empiricalRisk + r) + Math.sqrt(r);
        return s * s;
    }

    /** The classic (square-root) bound; may exceed 1. */
    public static double classicBound(double empiricalRisk, double kl, long n, double delta) {
        checkUnit(empiricalRisk, "empirical risk");
        checkKl(kl);
        return empiricalRisk + Math.sqrt((kl + confidenceTerm(n, delta)) / (2.0 * n));
    }

    /**
     * An upper bound, with probability {@code 1 − δ′}, on the empirical risk of {@code Q} from the mean loss
     * {@code sampleRisk} of {@code m} independent draws of {@code Q}: {@code kl⁻¹(sampleRisk, ln(2/δ′)/m)}.
     */
    public static double monteCarloRisk(double sampleRisk, long m, double deltaPrime) {
        checkSample(m, deltaPrime);
        return klInverse(sampleRisk, Math.log(2 / deltaPrime) / m);
    }

    /** The certificate: {@link #klBound} of {@link #monteCarloRisk}, valid with probability {@code 1 − δ − δ′}. */
    public static double certificate(double sampleRisk, long m, double deltaPrime, double kl, long n, double delta) {
        return klBound(monteCarloRisk(sampleRisk, m, deltaPrime), kl, n, delta);
    }

    private static void checkUnit(double x, String what) {
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], was " + x);
        }
    }

    private static void checkKl(double kl) {
        if (!(kl >= 0) || Double.isInfinite(kl)) {
            throw new IllegalArgumentException("KL must be a finite non-negative number, was " + kl);
        }
    }

    private static void checkSample(long n, double delta) {
        if (n < 1) {
            throw new IllegalArgumentException("sample size must be at least 1, was " + n);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("δ must be in (0, 1), was " + delta);
        }
    }
}
