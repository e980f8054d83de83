package io.rec4j.core.coding;

import io.rec4j.core.math.SpecialFunctions;
import java.util.function.DoubleUnaryOperator;

/**
 * Continuous distributions quantised to an integer range, as exactly invertible {@link CategoricalModel}s.
 *
 * <p>Symbol {@code k} of {@code [lo, hi]} stands for the interval {@code [k - 1/2, k + 1/2)}; the two end symbols
 * also absorb the tails beyond the range. With {@code n = hi - lo + 1}, {@code M = 2^precision} and F the
 * continuous CDF, the fixed-point cumulative table is
 * <pre>
 *   C(lo) = 0,   C(hi + 1) = M,   C(k) = max(C(k-1) + 1, floor(F(k - 1/2) (M - n)) + (k - lo))  for lo &lt; k &le; hi
 * </pre>
 * so every symbol keeps a frequency of at least one (the "leaky" quantisation of R. Bamler's constriction library,
 * re-derived here) and the table sums exactly to M. The running maximum only matters if F were not monotone at
 * the last ulp; it makes the table valid regardless. All arithmetic is IEEE double with {@link StrictMath}, in a
 * fixed order, so encoder and decoder build identical tables on every JVM.
 */
public final class QuantizedModels {
    /** Largest number of symbols a quantised model may have (its table is built eagerly). */
    public static final int MAX_SYMBOLS = 1 << 22;

    private QuantizedModels() {
    }

    /** N(mean, std²) quantised to {@code [lo, hi]}. */
    public static CategoricalModel gaussian(double mean, double std, int lo, int hi, int precision) {
        checkLocationScale(mean, std, "std");
        return fromCdf(x -> SpecialFunctions.normalCdf((x - mean) / std), lo, hi, precision);
    }

    /** Laplace(mean, scale) quantised to {@code [lo, hi]}; density {@code exp(-|x - mean| / scale) / (2 scale)}. */
    public static CategoricalModel laplace(double mean, double scale, int lo, int hi, int precision) {
        checkLocationScale(mean, scale, "scale");
        return fromCdf(x -> {
            double z = (x - mean) / scale;
            return z < 0 ? 0.5 * StrictMath.exp(z) : 1.0 - 0.5 * StrictMath.exp(-z);
        }, lo, hi, precision);
    }

    /** Logistic(mean, scale) quantised to {@code [lo, hi]}; CDF {@code 1 / (1 + exp(-(x - mean) / scale))}. */
    public static CategoricalModel logistic(double mean, double scale, int lo, int hi, int precision) {
        checkLocationScale(mean, scale, "scale");
        return fromCdf(x -> 1.0 / (1.0 + StrictMath.exp(-(x - mean) / scale)), lo, hi, precision);
    }

    /**
     * Quantises an arbitrary CDF. The caller guarantees that {@code cdf} is deterministic (StrictMath only) if the
     * model is used for decoding on another machine.
     */
    public static CategoricalModel fromCdf(DoubleUnaryOperator cdf, int lo, int hi, int precision) {
        if (precision < 1 || precision > EntropyModel.MAX_PRECISION) {
            throw new IllegalArgumentException("precision must be in [1, " + EntropyModel.MAX_PRECISION + "], was " + precision);
        }
        if (hi < lo) {
            throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        }
        long n = (long) hi - lo + 1;
        long total = 1L << precision;
        if (n > total || n > MAX_SYMBOLS) {
            throw new IllegalArgumentException("range of " + n + " symbols is too large for precision " + precision
                    + " (at most min(2^precision, " + MAX_SYMBOLS + "))");
        }
        double spare = (double) (total - n);
        int[] freq = new int[(int) n];
        long previous = 0;
        for (int i = 1; i < n; i++) {
            double f = cdf.applyAsDouble(lo + i - 0.5);
            if (!(f >= 0.0 && f <= 1.0)) {
                throw new IllegalArgumentException("CDF returned " + f + " at " + (lo + i - 0.5));
            }
            long c = Math.max(previous + 1, (long) Math.floor(f * spare) + i);
            freq[i - 1] = (int) (c - previous);
            previous = c;
        }
        freq[(int) n - 1] = (int) (total - previous);
        return CategoricalModel.fromFrequencies(freq, precision, lo);
    }

    private static void checkLocationScale(double location, double scale, String name) {
        if (!Double.isFinite(location)) {
            throw new IllegalArgumentException("location must be finite, was " + location);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(name + " must be finite and positive, was " + scale);
        }
    }
}
