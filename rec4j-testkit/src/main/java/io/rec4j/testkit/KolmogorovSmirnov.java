package io.rec4j.testkit;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The one-sample Kolmogorov–Smirnov statistic {@code D_n = sup_x |F_n(x) − F(x)|} and its asymptotic critical
 * value, used by rec4j's diagnostics, demos and statistical tests of exactness.
 */
public final class KolmogorovSmirnov {
    private KolmogorovSmirnov() {
    }

    /** {@code D_n} of the sample {@code xs} (not modified) against the continuous CDF {@code cdf}. */
    public static double statistic(double[] xs, DoubleUnaryOperator cdf) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double c = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - c, c - (double) i / n));
        }
        return d;
    }

    /**
     * The asymptotic p-value of a statistic {@code d} on {@code n} samples: {@code P[K > √n·d]} with Kolmogorov's limit
     * law {@code P[K > t] = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²t²}} (100 terms; 1 for t below 0.2, where the series converges
     * slowly and the p-value exceeds 0.9999).
     */
    public static double pValue(int n, double d) {
        if (n < 1 || !(d >= 0)) {
            throw new IllegalArgumentException("need n >= 1 and d >= 0");
        }
        double t = StrictMath.sqrt(n) * d;
        if (t < 0.2) {
            return 1;
        }
        double s = 0;
        for (int k = 1; k <= 100; k++) {
            double term = StrictMath.exp(-2.0 * k * k * t * t);
            s += (k % 2 == 1 ? term : -term);
            if (term < 1e-300) {
                break;
            }
        }
        return Math.min(1, Math.max(0, 2 * s));
    }

    /**
     * The asymptotic critical value at level α: {@code sqrt(−ln(α/2)/2) / sqrt(n)} (Smirnov's limit law, dropping
     * the alternating tail terms; 1.949/√n at α = 0.001), slightly conservative for finite n.
     */
    public static double criticalValue(int n, double alpha) {
        if (n < 1 || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("need n >= 1 and 0 < alpha < 1");
        }
        return StrictMath.sqrt(-StrictMath.log(alpha / 2) / 2) / StrictMath.sqrt(n);
    }
}
