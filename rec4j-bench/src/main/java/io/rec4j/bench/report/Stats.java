package io.rec4j.bench.report;

import java.util.Arrays;

/** Sample statistics of benchmark reports: mean, standard deviation and the 95 % interval of a mean. */
public final class Stats {
    private Stats() {
    }

    /** The arithmetic mean; NaN for no values. */
    public static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n − 1 in the denominator). */
    public static double sd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** Half-width of the 95 % Student-t interval of the mean of {@code v} (at least two values). */
    public static double halfWidth95(double[] v) {
        return t975(v.length - 1) * sd(v) / Math.sqrt(v.length);
    }

    /**
     * The 97.5 % quantile of Student's t with {@code df} degrees of freedom: a table to 30, then the Cornish–Fisher
     * expansion in 1/df to its third term (error below 1e−4 from df = 31).
     */
    public static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, was " + df);
        }
        double[] t = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
                2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
                2.048, 2.045, 2.042};
        if (df <= 30) {
            return t[df - 1];
        }
        double z = 1.959963984540054;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * df * df * df);
    }
}
