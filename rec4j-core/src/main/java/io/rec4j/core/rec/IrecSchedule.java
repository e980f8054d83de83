package io.rec4j.core.rec;

/**
 * The variance split of iREC's auxiliary variables (G. Flamich, M. Havasi, J. M. Hernández-Lobato, "Compressing images
 * by encoding their latent representations with relative entropy coding", NeurIPS 2020, arXiv 2010.01185;
 * {@code docs/algorithms.md}, "iREC"), in units of the coding distribution's variance.
 *
 * <h2>The family</h2>
 * Steps are transmitted in the order {@code j = 0, ..., K−1}. A schedule is given by the fraction {@code r_j} of the
 * prior variance that is still unallocated after step {@code j} ({@code r_{−1} = 1}, {@code r_{K−1} = 0}); step
 * {@code j} takes the increment {@code w_j = r_{j−1} − r_j}, and the cumulative fraction is {@code c_j = 1 − r_j}.
 * Shape {@code (g, t)} of the 64 shapes (6 bits, {@code shape = 8g + t}) is built in two stages:
 * <ol>
 *   <li>the paper's power-law split: step {@code j} carries the index {@code i = K−1−j} and takes the fraction
 *       {@code ρ(i) = (i+1)^{−γ_g}} of the variance not yet allocated, with
 *       {@code γ_g = γ_paper·2^{(g−4)/3}}, {@code γ_paper = 0.7864636765648174} (the exponent fitted in the authors'
 *       code); {@code ρ(0) = 1}, so the last step takes the remainder;</li>
 *   <li>a geometric warp of the cumulative fraction, {@code c ↦ (1 − e^{−θ_t c})/(1 − e^{−θ_t})} with
 *       {@code θ_0 = 0} (no warp) and {@code θ_t = 2^{1.2(t−2)}} for {@code t ≥ 1} (0.44 up to 64). It moves variance
 *       to the early steps so that the remaining variance shrinks geometrically, as a target much narrower than
 *       the prior needs: its information {@code −½ ln(1 − c(1 − s²))} is concentrated where {@code c → 1}.</li>
 * </ol>
 * {@link #PAPER_SHAPE} ({@code g = 4, t = 0}) is the paper's schedule.
 *
 * <h2>Choosing a shape</h2>
 * The paper fits one split on a data set. rec4j serves arbitrary targets, so the encoder picks, per call, the shape
 * whose largest per-step KL is smallest ({@link #bestShape}) and transmits it. The per-step KL has a closed form:
 * with the target standardised to {@code N(m, s²)} per dimension, the auxiliary target of the partial sum at
 * cumulative fraction {@code c} is {@code N(c·m, s²c² + c·r)} against {@code N(0, c)}, whose KL is
 * {@code ½[c(s² + m² − 1) − ln(r + c·s²)]} per dimension, and by the chain rule step {@code j} carries the
 * difference of this at {@code c_j} and {@code c_{j−1}} (in expectation over the prefix).
 *
 * <p>Decoder path: the schedule is computed with {@link StrictMath} in a fixed order from {@code (K, shape)} only, so
 * every JVM builds the same one. Immutable.
 */
final class IrecSchedule {
    /** Exponent of the power law {@code ρ(i) = (i+1)^{−γ}} fitted in the iREC reference code. */
    static final double POWER_LAW_EXPONENT = 0.7864636765648174;
    /** Number of power-law exponents {@code γ_g}. */
    static final int EXPONENTS = 8;
    /** Number of warps {@code θ_t}. */
    static final int WARPS = 8;
    /** Number of shapes, {@code EXPONENTS × WARPS}. */
    static final int SHAPES = EXPONENTS * WARPS;
    /** Bits of a transmitted shape. */
    static final int SHAPE_BITS = 6;
    /** The paper's schedule: {@code γ = γ_paper}, no warp. */
    static final int PAPER_SHAPE = 4 * WARPS;

    private final int shape;
    private final double[] remaining;
    private final double[] increment;
    private final double[] incrementStd;

    private IrecSchedule(int steps, int shape) {
        this.shape = shape;
        remaining = new double[steps];
        increment = new double[steps];
        incrementStd = new double[steps];
        double gamma = exponent(shape / WARPS);
        double theta = warp(shape % WARPS);
        double rest = 1.0;
        for (int j = 0; j < steps; j++) {
            int i = steps - 1 - j;
            rest = i == 0 ? 0.0 : rest * (1.0 - StrictMath.pow(i + 1, -gamma));
            remaining[j] = rest;
        }
        if (theta > 0) {
            // 1 − W(1 − r) = e^{−θ(1−r)}·(1 − e^{−θr})/(1 − e^{−θ}), exact for small r
            double norm = -StrictMath.expm1(-theta);
            for (int j = 0; j < steps - 1; j++) {
                double r = remaining[j];
                remaining[j] = StrictMath.exp(-theta * (1.0 - r)) * -StrictMath.expm1(-theta * r) / norm;
            }
        }
        double before = 1.0;
        for (int j = 0; j < steps; j++) {
            increment[j] = before - remaining[j];
            incrementStd[j] = StrictMath.sqrt(increment[j]);
            before = remaining[j];
        }
    }

    /** The paper's schedule for {@code steps >= 1} auxiliary variables. */
    static IrecSchedule of(int steps) {
        return of(steps, PAPER_SHAPE);
    }

    /** Shape {@code shape} in {@code [0, SHAPES)} for {@code steps >= 1} auxiliary variables. */
    static IrecSchedule of(int steps, int shape) {
        if (steps < 1) {
            throw new IllegalArgumentException("iREC needs at least one step, was " + steps);
        }
        if (shape < 0 || shape >= SHAPES) {
            throw new IllegalArgumentException("iREC schedule shape must be in [0, " + SHAPES + "), was " + shape);
        }
        return new IrecSchedule(steps, shape);
    }

    /** {@code γ_g = γ_paper·2^{(g−4)/3}}. */
    static double exponent(int g) {
        return POWER_LAW_EXPONENT * StrictMath.pow(2, (g - 4) / 3.0);
    }

    /** {@code θ_0 = 0}, {@code θ_t = 2^{1.2(t−2)}}. */
    static double warp(int t) {
        return t == 0 ? 0.0 : StrictMath.pow(2, 1.2 * (t - 2));
    }

    int steps() {
        return increment.length;
    }

    int shape() {
        return shape;
    }

    /** Variance fraction of step {@code j}'s increment. */
    double increment(int j) {
        return increment[j];
    }

    /** {@code sqrt(increment(j))}. */
    double incrementStd(int j) {
        return incrementStd[j];
    }

    /** Variance fraction still unallocated after step {@code j} (exactly 0 after the last step). */
    double remaining(int j) {
        return remaining[j];
    }

    /** Variance fraction allocated after step {@code j} (exactly 1 after the last step). */
    double cumulative(int j) {
        return 1.0 - remaining[j];
    }

    /**
     * Expected KL in nats of each step for the standardised target {@code N(m_d, s2_d)} against {@code N(0, 1)}:
     * {@code KL(c_j) − KL(c_{j−1})}; the values add up to {@code KL[Q‖P]}.
     */
    double[] stepKlNats(double[] m, double[] s2) {
        double[] out = new double[steps()];
        double before = 0;
        for (int j = 0; j < out.length; j++) {
            double now = partialSumKl(m, s2, remaining[j]);
            out[j] = now - before;
            before = now;
        }
        return out;
    }

    /** The largest of {@link #stepKlNats}. */
    double maxStepKlNats(double[] m, double[] s2) {
        double max = 0;
        for (double v : stepKlNats(m, s2)) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** KL of the auxiliary target of the partial sum against its proposal, with {@code r} of the variance left. */
    static double partialSumKl(double[] m, double[] s2, double r) {
        double c = 1.0 - r;
        double kl = 0;
        for (int d = 0; d < m.length; d++) {
            kl += 0.5 * (c * (s2[d] + m[d] * m[d] - 1.0) - StrictMath.log(r + c * s2[d]));
        }
        return kl;
    }

    /**
     * The shape whose largest per-step KL is smallest for the standardised target {@code N(m_d, s2_d)}; ties keep
     * {@link #PAPER_SHAPE}, then the smaller shape. With one step every shape is the same and the paper's is returned.
     * Encoder only: {@code SHAPES·K·D} logarithms.
     */
    static int bestShape(int steps, double[] m, double[] s2) {
        int best = PAPER_SHAPE;
        double bestMax = of(steps, PAPER_SHAPE).maxStepKlNats(m, s2);
        if (steps == 1) {
            return best;
        }
        for (int shape = 0; shape < SHAPES; shape++) {
            double max = of(steps, shape).maxStepKlNats(m, s2);
            if (max < bestMax) {
                best = shape;
                bestMax = max;
            }
        }
        return best;
    }
}
