package io.rec4j.core.rec;

/**
 * The variance split of iREC's auxiliary variables (G. Flamich, M. Havasi, J. M. Hernández-Lobato, "Compressing images
 * by encoding their latent representations with relative entropy coding", NeurIPS 2020, arXiv 2010.01185;
 * {@code docs/algorithms.md}, "iREC"), in units of the coding distribution's variance.
 *
 * <p>Steps are transmitted in the order {@code j = 0, ..., K−1}; step {@code j} carries the power-law index
 * {@code i = K−1−j} and takes the fraction {@code ρ(i) = (i+1)^{−γ}}, {@code γ = 0.7864636765648174} (the exponent
 * fitted in the authors' code), of the variance not yet allocated. Since {@code ρ(0) = 1} the last step takes all of
 * the remainder, and its cumulative fraction is set to exactly 1.
 *
 * <p>Decoder path: computed with {@link StrictMath} in a fixed order, so every JVM builds the same schedule.
 * Immutable.
 */
final class IrecSchedule {
    /** Exponent of the power law {@code ρ(i) = (i+1)^{−γ}} fitted in the iREC reference code. */
    static final double POWER_LAW_EXPONENT = 0.7864636765648174;

    private final double[] increment;
    private final double[] incrementStd;
    private final double[] cumulative;

    private IrecSchedule(int steps) {
        increment = new double[steps];
        incrementStd = new double[steps];
        cumulative = new double[steps];
        double allocated = 0;
        for (int j = 0; j < steps; j++) {
            int i = steps - 1 - j;
            double rho = i == 0 ? 1.0 : StrictMath.pow(i + 1, -POWER_LAW_EXPONENT);
            double v = rho * (1.0 - allocated);
            increment[j] = v;
            incrementStd[j] = StrictMath.sqrt(v);
            allocated = i == 0 ? 1.0 : allocated + v;
            cumulative[j] = allocated;
        }
    }

    /** The schedule for {@code steps >= 1} auxiliary variables. */
    static IrecSchedule of(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("iREC needs at least one step, was " + steps);
        }
        return new IrecSchedule(steps);
    }

    int steps() {
        return increment.length;
    }

    /** Variance fraction of step {@code j}'s increment. */
    double increment(int j) {
        return increment[j];
    }

    /** {@code sqrt(increment(j))}. */
    double incrementStd(int j) {
        return incrementStd[j];
    }

    /** Variance fraction allocated after step {@code j} (exactly 1 after the last step). */
    double cumulative(int j) {
        return cumulative[j];
    }
}
