package io.rec4j.codec.inr;

/**
 * A sine built only from IEEE-754 double additions, subtractions and multiplications, so that it returns the same
 * bits on every Java 17+ virtual machine and CPU (Java evaluates every double operation strictly and never fuses a
 * multiply with an add), at a fraction of the cost of {@link StrictMath#sin}: the activation of every hidden unit
 * of a SIREN is a sine, so it is most of a decoder's work.
 *
 * <p>Method (Cody and Waite, <i>Software Manual for the Elementary Functions</i>, 1980, chapter 8): the argument is
 * reduced to {@code r = x − k·π/2}, {@code |r| ≲ π/4}, with π/2 split into three parts {@code P1 + P2 + P3} whose
 * first two have 33 significant bits, so that {@code k·P1} and {@code k·P2} are exact for {@code |k| ≤ 2^20}; then
 * {@code sin x} is {@code ±sin r} or {@code ±cos r} by the quadrant {@code k mod 4}, each evaluated by its Taylor
 * series with Estrin's scheme (sine to {@code r^17}, cosine to {@code r^18}; the first omitted terms are below
 * {@code 10^-19} on {@code |r| ≤ π/4}). The quadrant is selected without branches, by bit masks. Arguments beyond
 * {@code ±2^19·π/2} (about 823,550), infinities and NaN go to {@link StrictMath#sin}, which is equally reproducible.
 *
 * <p>Accuracy: within 1 ulp of {@link StrictMath#sin} on {@code [−10^5, 10^5]} (tested on a million points), and
 * exactly odd: {@code sin(−x) = −sin(x)}, {@code sin(±0) = ±0}. It is a different function from
 * {@link StrictMath#sin}, so a format that uses it says so (COMBINER bitstream revision 2, {@code docs/combiner.md}).
 */
public final class Sine {
    /** Beyond this magnitude the reduction would lose exactness; {@link StrictMath#sin} takes over. */
    public static final double MAX_REDUCED = 0x1p19 * 1.5707963267948966;

    private static final double TWO_OVER_PI = 0.6366197723675814;
    /** π/2 = P1 + P2 + P3 to about 2^-122; P1 and P2 have 33 significant bits. */
    private static final double P1 = 0x1.921fb544p0;
    private static final double P2 = 0x1.0b4611a6p-34;
    private static final double P3 = 0x1.3198a2e037073p-69;

    // Taylor coefficients (−1)^n / (2n+1)! and (−1)^n / (2n)!, each the double nearest to the quotient
    private static final double S1 = -1.0 / 6;
    private static final double S2 = 1.0 / 120;
    private static final double S3 = -1.0 / 5040;
    private static final double S4 = 1.0 / 362880;
    private static final double S5 = -1.0 / 39916800;
    private static final double S6 = 1.0 / 6227020800L;
    private static final double S7 = -1.0 / 1307674368000L;
    private static final double S8 = 1.0 / 355687428096000L;
    private static final double C1 = -1.0 / 2;
    private static final double C2 = 1.0 / 24;
    private static final double C3 = -1.0 / 720;
    private static final double C4 = 1.0 / 40320;
    private static final double C5 = -1.0 / 3628800;
    private static final double C6 = 1.0 / 479001600;
    private static final double C7 = -1.0 / 87178291200L;
    private static final double C8 = 1.0 / 20922789888000L;
    private static final double C9 = -1.0 / 6402373705728000L;

    /** 1.5·2^52: {@code (y + ROUND) − ROUND} is y rounded to the nearest integer (ties to even) for |y| &lt; 2^51. */
    private static final double ROUND = 0x1.8p52;
    /**
     * Where {@link #sin(double[], double[], int, double[], double[])}'s rounding of {@code x·2/π} to the nearest
     * integer might differ from {@link #sin(double)}'s: {@code x·2/π} within 2^−20 of a half-integer.
     */
    private static final double NEAR_HALF = 0.5 - 0x1p-20;

    private Sine() {
    }

    /**
     * {@code out[i] = sin(x[i])} for i &lt; n, bit for bit {@link #sin(double)}, in passes that HotSpot compiles to
     * vector instructions ({@code k}, {@code r} and {@code c} are scratch arrays of at least n values; {@code out}
     * must not be {@code x}). Each pass is kept small: HotSpot gives up vectorising larger loop bodies.
     *
     * <p>The vector passes round {@code x·2/π} to the nearest integer by adding and subtracting 1.5·2^52 instead of
     * {@link #sin(double)}'s truncation of {@code x·2/π ± ½} (the same integer except at half-integers) and select
     * the quadrant by arithmetic on that integer; then the sine and cosine series are evaluated with the same
     * operations in the same order as {@link #sin(double)}. A last scalar pass hands to {@link #sin(double)} every
     * element where the two could differ: beyond the reduction's range, NaN, within 2^−20 of a half-integer (the
     * rounding of {@code x·2/π ± ½} cannot cross an integer farther away), and results of ±0 (whose sign depends on
     * how the quadrant was applied).
     */
    static void sin(double[] x, double[] out, int n, double[] k, double[] r, double[] c) {
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            double y = xi * TWO_OVER_PI;
            double kd = (y + ROUND) - ROUND;
            k[i] = kd;
            r[i] = ((xi - kd * P1) - kd * P2) - kd * P3;
        }
        for (int i = 0; i < n; i++) {
            double ri = r[i];
            double r2 = ri * ri;
            double r4 = r2 * r2;
            double r8 = r4 * r4;
            double r3 = ri * r2; // kept apart: HotSpot vectorises this loop only in this form
            out[i] = ri + r3 * ((S1 + r2 * S2) + r4 * (S3 + r2 * S4) + r8 * ((S5 + r2 * S6) + r4 * (S7 + r2 * S8)));
        }
        for (int i = 0; i < n; i++) {
            double ri = r[i];
            double r2 = ri * ri;
            double r4 = r2 * r2;
            double r8 = r4 * r4;
            c[i] = 1.0 + r2 * ((C1 + r2 * C2) + r4 * (C3 + r2 * C4)
                    + r8 * ((C5 + r2 * C6) + r4 * (C7 + r2 * C8) + r8 * C9));
        }
        for (int i = 0; i < n; i++) {
            double kd = k[i];
            double h = kd * 0.5;
            double odd = Math.abs(h - ((h + ROUND) - ROUND)) * 2.0; // 1 in quadrants 1 and 3: the cosine
            double m = (kd - odd) * 0.25;
            double neg = Math.abs(m - ((m + ROUND) - ROUND)) * 2.0; // 1 in quadrants 2 and 3: negated
            out[i] = (out[i] * (1.0 - odd) + c[i] * odd) * (1.0 - 2.0 * neg);
        }
        // r[i] < 0 exactly when element i needs no fix: x·2/π away from half-integers, |x| in range, result not ±0
        // (NaN anywhere makes it NaN, which is not below 0)
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            r[i] = Math.max(Math.max(Math.abs(xi * TWO_OVER_PI - k[i]) - NEAR_HALF, Math.abs(xi) - MAX_REDUCED),
                    -Math.abs(out[i]));
        }
        double worst = -1;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, r[i]);
        }
        if (worst < 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!(r[i] < 0)) {
                out[i] = sin(x[i]);
            }
        }
    }

    /** {@code sin x}, reproducible bit for bit; see the class comment. */
    public static double sin(double x) {
        if (x == 0) {
            return x; // ±0, sign kept
        }
        if (!(x >= -MAX_REDUCED && x <= MAX_REDUCED)) {
            return StrictMath.sin(x); // NaN, infinities and arguments too large for the three-part reduction
        }
        long k = (long) (x * TWO_OVER_PI + (x < 0 ? -0.5 : 0.5));
        double kd = k;
        double r = ((x - kd * P1) - kd * P2) - kd * P3;
        double r2 = r * r;
        double r4 = r2 * r2;
        double r8 = r4 * r4;
        // Estrin's scheme (pairs, then pairs of pairs): shorter dependency chains than Horner, same operation count
        double s = r + r * r2 * ((S1 + r2 * S2) + r4 * (S3 + r2 * S4)
                + r8 * ((S5 + r2 * S6) + r4 * (S7 + r2 * S8)));
        double c = 1.0 + r2 * ((C1 + r2 * C2) + r4 * (C3 + r2 * C4)
                + r8 * ((C5 + r2 * C6) + r4 * (C7 + r2 * C8) + r8 * C9));
        long odd = -(k & 1); // all ones in quadrants 1 and 3: the cosine
        long bits = Double.doubleToRawLongBits(s) & ~odd | Double.doubleToRawLongBits(c) & odd;
        return Double.longBitsToDouble(bits ^ (k & 2) << 62); // quadrants 2 and 3: negated
    }
}
