package io.rec4j.core.rec.dist;

/**
 * Closed forms for Q = N(μ_q, σ_q²) against P = N(μ_p, σ_p²) ({@code docs/algorithms.md}, "Notation and closed forms").
 * In standardised units {@code μ = (μ_q − μ_p)/σ_p}, {@code s = σ_q/σ_p}: KL = −ln s + (s² + μ²)/2 − 1/2; for s &lt; 1
 * the log ratio is a concave quadratic with mode {@code μ/(1 − s²)} and D∞ = −ln s + μ²/(2(1 − s²)); for s &gt; 1 (or s
 * = 1 with μ ≠ 0) D∞ is infinite.
 */
final class GaussianRatio implements DensityRatio1D {
    private final Normal q;
    private final Normal p;
    private final double mu;
    private final double s;
    private final double logS;

    GaussianRatio(Normal q, Normal p) {
        this.q = q;
        this.p = p;
        this.mu = (q.mean() - p.mean()) / p.std();
        this.s = q.std() / p.std();
        this.logS = StrictMath.log(s);
    }

    @Override
    public double logRatio(double x) {
        double zq = (x - q.mean()) / q.std();
        double zp = (x - p.mean()) / p.std();
        return -logS - 0.5 * zq * zq + 0.5 * zp * zp;
    }

    @Override
    public double mode() {
        if (s < 1) {
            return p.mean() + p.std() * mu / (1 - s * s);
        }
        if (s == 1) {
            return mu == 0 ? q.mean() : mu > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return Double.NaN; // s > 1: convex, the supremum is at ±∞
    }

    @Override
    public boolean isUnimodal() {
        return s < 1 || (s == 1 && mu == 0);
    }

    @Override
    public double logSup(double a, double b) {
        if (s > 1 || (s == 1 && mu != 0)) {
            if (Double.isInfinite(a) || Double.isInfinite(b)) {
                return Double.POSITIVE_INFINITY;
            }
            return Math.max(logRatio(a), logRatio(b)); // convex or monotone: the maximum is at an endpoint
        }
        double m = mode();
        return logRatio(Math.min(Math.max(m, a), b));
    }

    @Override
    public double klNats() {
        return -logS + 0.5 * (s * s + mu * mu) - 0.5;
    }

    @Override
    public double maxLogRatioNats() {
        if (s > 1 || (s == 1 && mu != 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return s == 1 ? 0 : -logS + mu * mu / (2 * (1 - s * s));
    }

    @Override
    public double[] levelSet(double level) {
        if (!(s < 1)) {
            throw new UnsupportedOperationException("level sets need σ_q < σ_p");
        }
        // standardised: ℓ(z) = −ln s − (z−μ)²/(2s²) + z²/2 ≥ level; roots z± = (μ ± s·sqrt(μ² − 2(1−s²)(level + ln s)))/(1−s²)
        double disc = mu * mu - 2 * (1 - s * s) * (level + logS);
        if (disc < 0) {
            return new double[0];
        }
        double root = s * StrictMath.sqrt(disc);
        double zlo = (mu - root) / (1 - s * s);
        double zhi = (mu + root) / (1 - s * s);
        return new double[] {p.mean() + p.std() * zlo, p.mean() + p.std() * zhi};
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
