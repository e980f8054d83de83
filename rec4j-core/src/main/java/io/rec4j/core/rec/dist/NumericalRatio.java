package io.rec4j.core.rec.dist;

/**
 * Density ratio of two arbitrary one-dimensional distributions whose ratio is unimodal, by numerical search and
 * quadrature in the target's quantile space {@code x = F_Q⁻¹(u)}: the mode by golden-section search over
 * {@code u ∈ [U_MIN, 1 − U_MIN]}, KL by the composite midpoint rule on {@value #PANELS} panels in u, level sets by
 * bisection. Accurate to about 1e-6 nats for KL, which is ample for diagnostics and budgets; nothing on a decoding
 * path depends on these numbers.
 */
final class NumericalRatio implements DensityRatio1D {
    private static final double U_MIN = 1e-12;
    private static final int PANELS = 20_000;
    private static final double INV_PHI = (StrictMath.sqrt(5) - 1) / 2;

    private final Distribution1D q;
    private final Distribution1D p;
    private final double mode;
    private final double maxLog;
    private final double kl;

    NumericalRatio(Distribution1D q, Distribution1D p) {
        this.q = q;
        this.p = p;
        double a = U_MIN;
        double b = 1 - U_MIN;
        for (int i = 0; i < 200; i++) {
            double c = b - INV_PHI * (b - a);
            double d = a + INV_PHI * (b - a);
            if (logRatio(q.quantile(c)) >= logRatio(q.quantile(d))) {
                b = d;
            } else {
                a = c;
            }
        }
        double m = q.quantile(0.5 * (a + b));
        double lm = logRatio(m);
        // still rising beyond the searched quantile range towards an infinite end: unbounded ratio
        boolean upLow = q.supportMin() == Double.NEGATIVE_INFINITY && logRatio(q.quantile(1e-15)) > lm + 1e-9;
        boolean upHigh = q.supportMax() == Double.POSITIVE_INFINITY && logRatio(q.quantile(1 - 1e-15)) > lm + 1e-9;
        if (upLow || upHigh) {
            this.mode = upHigh ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            this.maxLog = Double.POSITIVE_INFINITY;
        } else {
            this.mode = m;
            this.maxLog = lm;
        }
        double sum = 0;
        for (int i = 0; i < PANELS; i++) {
            double l = logRatio(q.quantile((i + 0.5) / PANELS));
            sum += l;
        }
        this.kl = sum / PANELS;
    }

    @Override
    public double logRatio(double x) {
        double lq = q.logDensity(x);
        if (lq == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return lq - p.logDensity(x);
    }

    @Override
    public double mode() {
        return mode;
    }

    @Override
    public double logSup(double a, double b) {
        if (Double.isInfinite(maxLog)) {
            if ((mode == Double.POSITIVE_INFINITY && b == Double.POSITIVE_INFINITY)
                    || (mode == Double.NEGATIVE_INFINITY && a == Double.NEGATIVE_INFINITY)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double lo = Math.max(a, q.supportMin());
        double hi = Math.min(b, q.supportMax());
        if (lo > hi) {
            return Double.NEGATIVE_INFINITY;
        }
        return logRatio(Math.min(Math.max(mode, lo), hi));
    }

    @Override
    public double klNats() {
        return kl;
    }

    @Override
    public double maxLogRatioNats() {
        return maxLog;
    }

    @Override
    public double[] levelSet(double level) {
        if (Double.isInfinite(maxLog)) {
            throw new UnsupportedOperationException("level sets need a bounded ratio");
        }
        if (level > maxLog) {
            return new double[] {1, 0};
        }
        double um = q.cdf(mode);
        return new double[] {q.quantile(bisect(U_MIN, um, level, true)), q.quantile(bisect(um, 1 - U_MIN, level, false))};
    }

    /** The u in [lo, hi] where ℓ(F_Q⁻¹(u)) crosses {@code level}, rising if {@code rising}. */
    private double bisect(double lo, double hi, double level, boolean rising) {
        if (rising ? logRatio(q.quantile(lo)) >= level : logRatio(q.quantile(hi)) >= level) {
            return rising ? lo : hi;
        }
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (lo + hi);
            boolean above = logRatio(q.quantile(mid)) >= level;
            if (above == rising) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return rising ? hi : lo;
    }

    @Override
    public Distribution1D target() {
        return q;
    }

    @Override
    public Distribution1D coding() {
        return p;
    }
}
