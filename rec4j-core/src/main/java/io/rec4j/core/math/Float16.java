package io.rec4j.core.math;

/**
 * IEEE 754 binary16 ("half precision", float16) codes held in a {@code short}: conversions to and from {@code double}
 * and {@code float} (Java 17 has none; {@code Float.float16ToFloat} arrived in JDK 20).
 *
 * <p>Layout: sign (bit 15), 5-bit exponent with bias 15 (bits 14–10), 10-bit fraction. Exponent 0 holds ±0 and the
 * subnormals {@code f·2⁻²⁴}; exponent 31 holds ±∞ (fraction 0) and NaNs. The largest finite value is 65504, the
 * smallest normal 2⁻¹⁴, the smallest subnormal 2⁻²⁴.
 *
 * <p>Every conversion is exact arithmetic on the bits: decoding a code is exact; encoding rounds once, to nearest with
 * ties to even (IEEE 754-2008 §4.3.1), straight from the {@code double} (never through {@code float}, which could
 * round twice). Values of magnitude 65520 or more (the midpoint between 65504 and 2¹⁶) round to ±∞; NaNs become the
 * quiet NaN {@code 0x7E00} with the input's sign. The results are therefore the same on every JVM and CPU.
 */
public final class Float16 {
    /** +∞. */
    public static final short POSITIVE_INFINITY = (short) 0x7C00;
    /** −∞. */
    public static final short NEGATIVE_INFINITY = (short) 0xFC00;
    /** The quiet NaN this class produces. */
    public static final short NaN = (short) 0x7E00;
    /** The largest finite value, 65504. */
    public static final short MAX_VALUE = (short) 0x7BFF;
    /** The largest finite value as a double. */
    public static final double MAX = 65504.0;
    /** 2⁻²⁴, the smallest positive subnormal. */
    public static final double MIN_SUBNORMAL = 0x1p-24;
    /** 2⁻¹⁴, the smallest positive normal. */
    public static final double MIN_NORMAL = 0x1p-14;

    private static final double OVERFLOW = 65520.0;

    private Float16() {
    }

    /** The value of a code, exactly. */
    public static double toDouble(short code) {
        int h = code & 0xFFFF;
        int exponent = (h >>> 10) & 0x1F;
        int fraction = h & 0x3FF;
        double magnitude;
        if (exponent == 0) {
            magnitude = fraction * MIN_SUBNORMAL;
        } else if (exponent == 31) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = Math.scalb((double) (1024 + fraction), exponent - 25);
        }
        return (h & 0x8000) != 0 ? -magnitude : magnitude;
    }

    /** The value of a code as a float (every binary16 value is a float exactly). */
    public static float toFloat(short code) {
        return (float) toDouble(code);
    }

    /** The nearest code to {@code v}, ties to even. */
    public static short fromDouble(double v) {
        int sign = (Double.doubleToRawLongBits(v) < 0) ? 0x8000 : 0;
        if (Double.isNaN(v)) {
            return (short) (sign | 0x7E00);
        }
        double a = Math.abs(v);
        int bits;
        if (a >= OVERFLOW) {
            bits = 0x7C00;
        } else if (a < MIN_NORMAL) {
            // a·2²⁴ < 1024 is exact (a power-of-two scaling that neither overflows nor underflows); rint ties to even.
            // A result of 1024 is the smallest normal, whose code is 0x0400: the same integer.
            bits = (int) Math.rint(Math.scalb(a, 24));
        } else {
            int e = Math.getExponent(a); // −14 … 15
            double m = Math.rint(Math.scalb(a, 10 - e)); // in [1024, 2048], exact scaling then one rounding
            int fraction = (int) m - 1024;
            int biased = e + 15;
            if (fraction == 1024) { // rounded up to the next binade
                fraction = 0;
                biased++;
            }
            bits = (biased << 10) | fraction; // biased ≤ 30 here: a < 65520 rounds to at most 65504
        }
        return (short) (sign | bits);
    }

    /** The nearest code to {@code v}, ties to even (one rounding: a float widens to a double exactly). */
    public static short fromFloat(float v) {
        return fromDouble(v);
    }

    /** Whether a code is a NaN. */
    public static boolean isNaN(short code) {
        return (code & 0x7C00) == 0x7C00 && (code & 0x3FF) != 0;
    }

    /** Whether a code is finite (neither infinite nor NaN). */
    public static boolean isFinite(short code) {
        return (code & 0x7C00) != 0x7C00;
    }
}
