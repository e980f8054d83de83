package io.rec4j.core.rec;

import io.rec4j.core.math.SpecialFunctions;
import io.rec4j.core.rec.dist.DensityRatio1D;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.Normal;

/**
 * A table of the GPRS stretch function of one 1-D density ratio r = dQ/dP with a finite supremum
 * {@code r_max = exp(D∞)} (G. Flamich, "Greedy Poisson rejection sampling", NeurIPS 2023,
 * arXiv 2305.15313; {@code docs/algorithms.md}, "Greedy Poisson rejection sampling (GPRS)"):
 *
 * <pre>  σ(h) = ∫₀^h dη / W(η),   W(η) = w_Q(η) − η·w_P(η) = ∫_η^{r_max} w_P(ζ) dζ,   w_P(η) = P[r ≥ η].</pre>
 *
 * The second form of the denominator (equal to the first because {@code w_Q(η) = E_P[r·1{r ≥ η}]}) is the numerically
 * stable one: no cancellation near {@code r_max}; it also gives the inverse σ⁻¹ as the solution of
 * {@code (σ⁻¹)' = W(σ⁻¹)}, σ⁻¹(0) = 0. A handy identity checked in the tests: the probability that GPRS has not
 * accepted by time t is {@code W(σ⁻¹(t))}, and {@code W(0) = E_P[r] = 1}.
 * <p><b>Table.</b> {@code w_P(h)} is the P-mass of the level set {@link DensityRatio1D#levelSet(double)} at
 * {@code ln h}, a union of intervals when the ratio has several modes (each interval's mass computed with survival
 * functions for normal P when it lies above P's median). Nodes are
 * geometric with log-spacing {@value #STEP} in {@code h} from {@code H_MIN_REL·min(r_max/2, 1)} up to {@code r_max/2}
 * and in the gap {@code g = r_max − h} from {@code r_max/2} down to {@code G_MIN_REL·r_max}; between nodes integrands
 * are interpolated as power laws (exact for {@code w_P ∝ g^a} near the top) with a fourth-order curvature
 * correction, so W and σ at the nodes carry relative errors of a few 1e-6 ({@code W(0) = 1} to 1e-6 in the tests);
 * lookups interpolate by cubic Hermite with the exact slopes σ' = 1/W, adding far less. Above the last node σ = +∞ (always accept); the probability of GPRS ever getting there is
 * {@code W(h_last)}, about 1e-15·r_max or less. Built with {@link StrictMath} in a fixed order, so it is reproducible,
 * although only encoders use it. Immutable.
 */
final class StretchFunction {
    /** Log-spacing of the nodes: with the fourth-order rule 0.04 gives relative errors of about 1e-6. */
    static final double STEP = 0.04;
    /** Lowest node relative to min(r_max/2, 1): below it σ(h) = h/W(h_min) to within a relative 1e-12. */
    private static final double H_MIN_REL = 1e-12;
    /** Closest approach to r_max, relative: W there is below 1e-15·r_max for every ratio handled. */
    private static final double G_MIN_REL = 1e-11;
    /**
     * Largest D∞ in nats that the table handles: {@code r_max = e^{D∞}} and the node heights must stay finite doubles
     * (e^700 ≈ 1e304; about 1010 bits).
     */
    static final double MAX_LOG_RMAX_NATS = 700;

    private final double logRmax;
    /** Last node of the lower part; intervals from it on interpolate in ln g instead of ln h. */
    private final int lower;
    private final double[] logH;
    /** Interpolation coordinate: ln h for nodes up to {@code lower}, ln g from {@code lower} on. */
    private final double[] coordLow;
    private final double[] coordHigh;
    private final double[] logSigma;
    /** d ln σ / d(coordinate) at each node, from σ' = 1/W. */
    private final double[] slopeLow;
    private final double[] slopeHigh;
    private final double[] tail;
    private final double totalMass;

    private StretchFunction(double logRmax, int lower, double[] h, double[] g, double[] logH, double[] sigma,
                            double[] bigW, double totalMass) {
        int n = logH.length;
        this.logRmax = logRmax;
        this.lower = lower;
        this.logH = logH;
        this.coordLow = new double[n];
        this.coordHigh = new double[n];
        this.logSigma = new double[n];
        this.slopeLow = new double[n];
        this.slopeHigh = new double[n];
        for (int i = 0; i < n; i++) {
            coordLow[i] = logH[i];
            coordHigh[i] = StrictMath.log(g[i]);
            logSigma[i] = StrictMath.log(sigma[i]);
            slopeLow[i] = h[i] / (sigma[i] * bigW[i]);
            slopeHigh[i] = -g[i] / (sigma[i] * bigW[i]);
        }
        this.tail = bigW;
        this.totalMass = totalMass;
    }

    /**
     * Tabulates the stretch function of {@code ratio}.
     *
     * @throws IllegalArgumentException if the ratio is unbounded (D∞ = ∞) or D∞ is not positive
     */
    public static StretchFunction of(DensityRatio1D ratio) {
        double logRmax = ratio.maxLogRatioNats();
        if (!(logRmax < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("GPRS needs a bounded density ratio (D∞ < ∞)");
        }
        if (!(logRmax > 0)) {
            throw new IllegalArgumentException("GPRS stretch function needs D∞ > 0 (Q ≠ P), was " + logRmax);
        }
        if (logRmax > MAX_LOG_RMAX_NATS) {
            throw new IllegalArgumentException("D∞ of " + logRmax / StrictMath.log(2) + " bits in one dimension is "
                    + "beyond the range of the GPRS stretch table (at most " + MAX_LOG_RMAX_NATS / StrictMath.log(2)
                    + " bits)");
        }
        double rmax = StrictMath.exp(logRmax);
        double half = 0.5 * rmax;
        double hMin = H_MIN_REL * Math.min(half, 1);
        // in log space: half / hMin overflows for r_max beyond about 1e296
        int lower = (int) StrictMath.ceil((StrictMath.log(half) - StrictMath.log(hMin)) / STEP);
        int upper = (int) StrictMath.ceil(StrictMath.log(0.5 / G_MIN_REL) / STEP);
        int n = lower + upper + 1;
        double[] h = new double[n];
        double[] g = new double[n];
        double[] lh = new double[n];
        for (int i = 0; i <= lower; i++) {
            double hi = half * StrictMath.exp(-(lower - i) * STEP);
            h[i] = hi;
            g[i] = rmax - hi;
            lh[i] = StrictMath.log(hi);
        }
        for (int j = 1; j <= upper; j++) {
            double gj = half * StrictMath.exp(-j * STEP);
            g[lower + j] = gj;
            h[lower + j] = rmax - gj;
            lh[lower + j] = logRmax + StrictMath.log1p(-gj / rmax);
        }
        Distribution1D p = ratio.coding();
        double[] w = new double[n];
        int top = n - 1;
        for (int i = 0; i < n; i++) {
            double[] set = ratio.levelSet(lh[i]);
            double m = 0;
            for (int k = 0; k + 1 < set.length; k += 2) {
                m += mass(p, set[k], set[k + 1]);
            }
            w[i] = i > 0 ? Math.min(m, w[i - 1]) : m; // w_P is non-increasing; enforce against rounding
            if (!(w[i] > 0)) {
                top = i - 1;
                break;
            }
        }
        if (top < lower + 2) {
            throw new IllegalArgumentException("the P-mass of the ratio's level sets underflows (mode too deep in P's "
                    + "tail, D∞ = " + logRmax / StrictMath.log(2) + " bits); cannot tabulate the GPRS stretch function");
        }
        // W(h_i) = ∫_{h_i}^{r_max} w_P, from the top down; beyond the last node w_P ∝ g^a
        double[] bigW = new double[top + 1];
        double a = powerExponent(g[top], w[top], g[top - 1], w[top - 1]);
        bigW[top] = w[top] * g[top] / Math.max(a + 1, 1);
        for (int i = top - 1; i >= 0; i--) {
            bigW[i] = bigW[i + 1] + segment(i, lower, top, h, g, w);
        }
        double totalMass = bigW[0] + h[0] * w[0];
        // σ(h_i) = ∫_0^{h_i} 1/W, from the bottom up; below h_0, W ≈ W(h_0)
        double[] inverseW = new double[top + 1];
        for (int i = 0; i <= top; i++) {
            inverseW[i] = 1 / bigW[i];
        }
        double[] sigma = new double[top + 1];
        sigma[0] = h[0] / bigW[0];
        for (int i = 0; i < top; i++) {
            sigma[i + 1] = sigma[i] + segment(i, lower, top, h, g, inverseW);
        }
        return new StretchFunction(logRmax, lower, java.util.Arrays.copyOf(h, top + 1),
                java.util.Arrays.copyOf(g, top + 1), java.util.Arrays.copyOf(lh, top + 1), sigma, bigW, totalMass);
    }

    /**
     * ∫ of f between nodes i and i+1: f interpolated as a power law in h (lower part, nodes 0..lower) or in g (upper
     * part, nodes lower..top), i.e. {@code ln(f·x)} linear in {@code u = ln x}, plus the curvature correction
     * {@code −(L/12)·Δ²ln f·√(F_i F_{i+1})} (F = f·x, L = |Δu|, Δ² the second difference of ln f on the part's uniform
     * u-grid), which lifts the rule from second to fourth order.
     */
    private static double segment(int i, int lower, int top, double[] h, double[] g, double[] f) {
        boolean low = i < lower;
        double base = low ? powerLawIntegral(h[i], f[i], h[i + 1], f[i + 1])
                : powerLawIntegral(g[i + 1], f[i + 1], g[i], f[i]);
        int from = low ? 0 : lower;
        int to = low ? lower : top;
        double d2 = 0;
        int count = 0;
        for (int k = i; k <= i + 1; k++) {
            if (k > from && k < to) {
                d2 += StrictMath.log(f[k - 1]) - 2 * StrictMath.log(f[k]) + StrictMath.log(f[k + 1]);
                count++;
            }
        }
        if (count == 0) {
            return base;
        }
        double xi = low ? h[i] : g[i];
        double xj = low ? h[i + 1] : g[i + 1];
        double span = Math.abs(StrictMath.log(xj / xi));
        double mid = StrictMath.sqrt(f[i] * xi * f[i + 1] * xj);
        return base - span / 12 * (d2 / count) * mid;
    }

    /** Exponent k of f = A·x^k through (x1, f1), (x2, f2). */
    private static double powerExponent(double x1, double f1, double x2, double f2) {
        return StrictMath.log(f2 / f1) / StrictMath.log(x2 / x1);
    }

    /** ∫_{x1}^{x2} f for f = A·x^k through (x1, f1) and (x2, f2), 0 &lt; x1 &lt; x2, f &gt; 0. */
    static double powerLawIntegral(double x1, double f1, double x2, double f2) {
        double span = StrictMath.log(x2 / x1);
        double k1 = StrictMath.log(f2 / f1) / span + 1;
        double t = k1 * span;
        // f2·x2·(1 − (x1/x2)^{k+1})/(k+1) = f2·x2·span·(−expm1(−t))/t, with the limit span as t → 0
        double factor = Math.abs(t) < 1e-12 ? 1 : -StrictMath.expm1(-t) / t;
        return f2 * x2 * span * factor;
    }

    /**
     * P((a, b]) with full relative accuracy in either tail for a normal P (survival function above the median), and
     * {@code F(b) − F(a)} otherwise.
     */
    static double mass(Distribution1D p, double a, double b) {
        if (p instanceof Normal n) {
            double za = (a - n.mean()) / n.std();
            double zb = (b - n.mean()) / n.std();
            if (za >= 0) {
                return SpecialFunctions.normalSf(za) - SpecialFunctions.normalSf(zb);
            }
            return SpecialFunctions.normalCdf(zb) - SpecialFunctions.normalCdf(za);
        }
        return p.cdf(b) - p.cdf(a);
    }

    /** ln r_max = D∞ in nats. */
    public double logRmax() {
        return logRmax;
    }

    /** {@code ∫₀^{r_max} w_P = E_P[r]}, which is 1 up to the table's accuracy (a self-check). */
    public double totalMass() {
        return totalMass;
    }

    /**
     * Upper bound on the nodes of the table for a ratio with D∞ = {@code logRmaxNats} (a cost-model input): the
     * lower part spans {@code ln(r_max/2) − ln h_min}, the upper part {@code ln(0.5/G_MIN_REL)}, at {@link #STEP}.
     */
    static long nodesFor(double logRmaxNats) {
        double half = logRmaxNats - StrictMath.log(2);
        double lower = half - StrictMath.log(H_MIN_REL * Math.min(StrictMath.exp(half), 1));
        return (long) StrictMath.ceil(lower / STEP) + (long) StrictMath.ceil(StrictMath.log(0.5 / G_MIN_REL) / STEP) + 1;
    }

    /** Number of table nodes. */
    public int size() {
        return logH.length;
    }

    /**
     * {@code ln σ⁻¹(T)} for {@code logT = ln T}: the log-ratio a candidate arriving at time T must reach to be accepted.
     * Cubic Hermite interpolation between nodes (slopes from σ' = 1/W) in {@code ln h} on the lower part and in
     * {@code ln g} on the upper part; {@code σ⁻¹(T) = T·W(h_0)} below the table; the last node's {@code ln h} above it
     * (σ = ∞ there).
     */
    public double logInverse(double logT) {
        int last = logSigma.length - 1;
        if (logT <= logSigma[0]) {
            return logT + (logH[0] - logSigma[0]);
        }
        if (logT >= logSigma[last]) {
            return logH[last];
        }
        int i = search(logSigma, logT);
        boolean low = i < lower;
        double[] c = low ? coordLow : coordHigh;
        double[] m = low ? slopeLow : slopeHigh;
        double x = hermite(logSigma[i], logSigma[i + 1], c[i], c[i + 1], 1 / m[i], 1 / m[i + 1], logT);
        return low ? x : logRmax + SpecialFunctions.log1mexp(logRmax - x);
    }

    /** {@code ln σ(h)} for {@code logH = ln h}: {@code +∞} at or above the last node; interpolated as in {@link #logInverse}. */
    public double logSigma(double logHeight) {
        int last = logH.length - 1;
        if (logHeight <= logH[0]) {
            return logHeight + (logSigma[0] - logH[0]);
        }
        if (logHeight >= logH[last]) {
            return Double.POSITIVE_INFINITY;
        }
        int i = search(logH, logHeight);
        boolean low = i < lower;
        double[] c = low ? coordLow : coordHigh;
        double[] m = low ? slopeLow : slopeHigh;
        double x = low ? logHeight : logRmax + SpecialFunctions.log1mexp(logRmax - logHeight);
        return hermite(c[i], c[i + 1], logSigma[i], logSigma[i + 1], m[i], m[i + 1], x);
    }

    /** The i with {@code a[i] <= v < a[i+1]}, for {@code a[0] < v < a[last]}, a increasing. */
    private static int search(double[] a, double v) {
        int lo = 0;
        int hi = a.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Cubic Hermite interpolant through (x0, y0, slope m0) and (x1, y1, slope m1), evaluated at x. */
    private static double hermite(double x0, double x1, double y0, double y1, double m0, double m1, double x) {
        double d = x1 - x0;
        double t = (x - x0) / d;
        double t2 = t * t;
        double t3 = t2 * t;
        return (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * d * m0 + (-2 * t3 + 3 * t2) * y1
                + (t3 - t2) * d * m1;
    }

    /**
     * {@code W(h) = ∫_h^{r_max} w_P}, the probability that GPRS is still running when the threshold σ⁻¹(T) reaches
     * h; nearest table node at or above h (diagnostics).
     */
    public double tailIntegral(double logHeight) {
        for (int i = 0; i < logH.length; i++) {
            if (logH[i] >= logHeight) {
                return tail[i];
            }
        }
        return tail[tail.length - 1];
    }
}
