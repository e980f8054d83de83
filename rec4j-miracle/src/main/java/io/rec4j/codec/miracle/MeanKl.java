package io.rec4j.codec.miracle;

/**
 * The Mean-KL parameterisation of a Gaussian posterior (Lin, Flamich, Hernández-Lobato, "Minimal Random Code Learning
 * with Mean-KL Parameterization", ICML 2023 Neural Compression Workshop, arXiv 2307.07816; {@code docs/miracle.md},
 * "Mean-KL"): a weight is given by its mean μ and its KL budget κ (nats) against the coding distribution
 * {@code N(m, s²)}, and σ is recovered from
 * <pre>
 *   KL[N(μ, σ²) ‖ N(m, s²)] = ln(s/σ) + (σ² + (μ − m)²)/(2s²) − ½ = κ
 * </pre>
 * With {@code a = σ²/s²} and {@code κ_μ = (μ − m)²/(2s²)} this is {@code a − ln a = c}, {@code c = 2(κ − κ_μ) + 1},
 * solvable iff κ ≥ κ_μ. Of its two roots {@code a = −W(−e^{−c})} this takes the principal branch W₀ (Corless et al.,
 * "On the Lambert W function", 1996), {@code a ∈ (0, 1]}: the posterior is never wider than the coding distribution.
 *
 * <p>Numerics: with {@code d = c − 1 ≥ 0} and {@code u = ln a ≤ 0}, Newton's method on
 * {@code h(u) = expm1(u) − u − d} ({@code h'(u) = expm1(u)}), started at {@code −√(2d)(1 − √(2d)/6)} for d &lt; 1.5
 * (from the series {@code u²/2 + u³/6}) and at {@code −c + e^{−c}} otherwise, halving u whenever a step would make it
 * positive, until the step is below {@code 10⁻¹⁴|u|}. {@code expm1} keeps the precision near d = 0. Only
 * {@link StrictMath} is used, so σ is the same on every JVM.
 *
 * <p>Budget split and feasibility ({@code docs/miracle.md}): a block of the MIRACLE partition with budget C bits
 * gives its weight i the share {@code κ_i = C·ln 2·softmax(ψ)_i}, so the block's KL is C bits by construction, and the
 * mean is squashed, {@code μ_i = m + s·√(2κ_i)·tanh(η_i)}, so that {@code κ_μ = κ_i·tanh²(η_i) ≤ κ_i} always and
 * {@code d = 2κ_i·sech²(η_i)}.
 */
public final class MeanKl {
    /** Most Newton iterations (the solver needs at most 5 for d in [1e−12, 60]). */
    static final int MAX_ITERATIONS = 50;

    private MeanKl() {
    }

    /**
     * The root {@code a ∈ (0, 1]} of {@code a − ln a = 1 + d} on the principal branch.
     *
     * @param d {@code c − 1 ≥ 0}
     * @throws IllegalArgumentException if d is negative or NaN
     */
    public static double varianceRatio(double d) {
        return StrictMath.exp(logVarianceRatio(d));
    }

    /** {@code u = ln a} of {@link #varianceRatio}: the root {@code u ≤ 0} of {@code expm1(u) − u = d}. */
    public static double logVarianceRatio(double d) {
        if (!(d >= 0)) {
            throw new IllegalArgumentException("need d = c - 1 >= 0 (kappa >= kappa_mu), was " + d);
        }
        if (d == 0) {
            return 0;
        }
        if (d == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double c = 1 + d;
        double u;
        if (d < 1.5) {
            double r = StrictMath.sqrt(2 * d);
            u = -r * (1 - r / 6);
        } else {
            u = -c + StrictMath.exp(-c);
        }
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double em = StrictMath.expm1(u);
            if (em == 0) {
                break; // u underflowed to 0: only for d below the double resolution of the series
            }
            double step = (em - u - d) / em;
            double next = u - step;
            if (next > 0) {
                next = u / 2;
            }
            boolean done = Math.abs(next - u) <= 1e-14 * Math.abs(next);
            u = next;
            if (done) {
                break;
            }
        }
        return u;
    }

    /**
     * σ of {@code N(μ, σ²)} whose KL from {@code N(m, s²)} is κ nats, on the principal branch (σ ≤ s).
     *
     * @throws IllegalArgumentException if κ &lt; κ_μ = (μ − m)²/(2s²) (no real solution) or s is not positive
     */
    public static double sigma(double mu, double kappa, double m, double s) {
        if (!(s > 0)) {
            throw new IllegalArgumentException("coding scale must be positive, was " + s);
        }
        double z = (mu - m) / s;
        double d = 2 * kappa - z * z;
        if (d < 0 && d > -1e-12 * Math.max(1, 2 * kappa)) {
            d = 0; // rounding of a mean at the edge of its feasible interval
        }
        if (!(d >= 0)) {
            throw new IllegalArgumentException("kappa " + kappa + " is below the mean's share " + (z * z / 2));
        }
        return s * StrictMath.exp(logVarianceRatio(d) / 2);
    }

    /** The closed-form KL[N(μ, σ²) ‖ N(m, s²)] in nats. */
    public static double kl(double mu, double sigma, double m, double s) {
        double r = sigma / s;
        double z = (mu - m) / s;
        return -StrictMath.log(r) + (r * r + z * z) / 2 - 0.5;
    }

    /**
     * The posterior of one block under Mean-KL: from the logits ψ, the squashed means η and the coding scales s of
     * its variables (coding mean 0), the means and standard deviations. The KL of the block is
     * {@code budgetNats} up to rounding.
     *
     * @param budgetNats C·ln 2
     * @param psi        budget logits of the block's variables
     * @param eta        mean parameters of the block's variables
     * @param s          coding scales of the block's variables
     * @param mean       receives the means
     * @param std        receives the standard deviations
     */
    public static void block(double budgetNats, double[] psi, double[] eta, double[] s, double[] mean, double[] std) {
        int n = psi.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double p : psi) {
            max = Math.max(max, p);
        }
        double sum = 0;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = StrictMath.exp(psi[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < n; i++) {
            double kappa = budgetNats * e[i] / sum;
            double t = StrictMath.tanh(eta[i]);
            mean[i] = s[i] * StrictMath.sqrt(2 * kappa) * t;
            double sech2 = 1 - t * t;
            if (Math.abs(eta[i]) > 1) {
                double ch = StrictMath.cosh(eta[i]);
                sech2 = 1 / (ch * ch); // 1 − tanh² cancels for large |η|
            }
            std[i] = s[i] * StrictMath.exp(logVarianceRatio(2 * kappa * sech2) / 2);
        }
    }
}
