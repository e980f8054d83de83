package io.rec4j.core.math;

/**
 * A natural logarithm in plain Java arithmetic, for hot encoder-side loops (arrival times, Gumbel noise) where
 * {@link StrictMath#log} (a native call on JDK 17) dominates the cost. Deterministic on every JVM (only IEEE
 * add/multiply/divide in a fixed order, no intrinsics) and accurate to a few ulp; not correctly rounded, so
 * decoders and anything pinned by golden files keep using {@link StrictMath}.
 *
 * <p>Method: write {@code x = 2^k m} with {@code m} in {@code [√2/2, √2)}; then {@code ln x = k ln 2 + ln m} and
 * {@code ln m = 2 atanh(f) = 2 (f + f³/3 + f⁵/5 + ...)} with {@code f = (m − 1)/(m + 1)}, {@code |f| <= 0.1716},
 * so eleven odd terms reach double precision ({@code f^23/23 < 1e-19}). {@code ln 2} is split into a high part
 * with trailing zeros and a low part so that {@code k ln 2} is exact to double precision.
 */
public final class FastLog {
    private static final double SQRT2 = 1.4142135623730951;
    /** ln 2 rounded to 32 significant bits, so that k · LN2_HI is exact for |k| < 2^21. */
    private static final double LN2_HI = 0.6931471803691238;
    private static final double LN2_LO = 1.9082149292705877e-10;

    private FastLog() {
    }

    /**
     * {@code ln x}. Special values as {@link StrictMath#log}: NaN and negative → NaN, ±0 → −∞, +∞ → +∞; subnormal
     * arguments are handled.
     */
    public static double log(double x) {
        if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
            return x == 0 ? Double.NEGATIVE_INFINITY : x == Double.POSITIVE_INFINITY ? x : Double.NaN;
        }
        int k = 0;
        if (x < Double.MIN_NORMAL) {
            x *= 0x1p54;
            k = -54;
        }
        long bits = Double.doubleToRawLongBits(x);
        k += (int) (bits >>> 52) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > SQRT2) {
            m *= 0.5;
            k++;
        }
        double f = (m - 1) / (m + 1);
        double f2 = f * f;
        double s = f2 * (1.0 / 3 + f2 * (1.0 / 5 + f2 * (1.0 / 7 + f2 * (1.0 / 9 + f2 * (1.0 / 11 + f2 * (1.0 / 13
                + f2 * (1.0 / 15 + f2 * (1.0 / 17 + f2 * (1.0 / 19 + f2 * (1.0 / 21 + f2 * (1.0 / 23)))))))))));
        return k * LN2_HI + (2 * f + (2 * f * s + k * LN2_LO));
    }
}
