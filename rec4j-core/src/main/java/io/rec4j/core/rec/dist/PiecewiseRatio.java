package io.rec4j.core.rec.dist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The density ratio of any two {@link Distribution1D}s built from normal, Laplace, uniform and triangular components
 * (single ones or finite {@link Mixture}s), with no unimodality assumed ({@code docs/algorithms.md}, "Density
 * ratios"). With {@code q = Σ_k w_k q_k} and {@code p = Σ_j v_j p_j}, every component pair {@code (q_k, p_j)} has
 * an exact {@link ComponentPair} analysis (finitely many monotone pieces), and over an interval I:
 * <ul>
 *   <li>{@code sup_I q/p ≤ Σ_k w_k · min_j sup_I (q_k / (v_j p_j))} (each {@code q_k/p ≤ q_k/(v_j p_j)}), finite on
 *       tails whenever the ratio is bounded there;</li>
 *   <li>{@code sup_I q/p ≤ (Σ_k w_k sup_I q_k) / (Σ_j v_j inf_I p_j)} (every simple density is unimodal, so its
 *       sup and inf over I are at the clamped mode and at an end), tight as I shrinks.</li>
 * </ul>
 * {@link #logSup} is the smaller of the two (and of D∞): a certified upper bound on any interval, which is all that
 * A* coding and space partitioning need to stay exact.
 * <p>With one component on each side the first bound is the exact supremum, and the ratio's maximum, level sets and
 * unimodality follow exactly from its monotone pieces. With mixtures the stationary points of ℓ are located by the
 * sign changes of ℓ' on a grid of {@value #GRID} points per component scale (out to 16 scales, then geometric) and
 * bisection; level sets are built from these monotone pieces, and D∞ is certified by branch and bound on the bounds
 * above (an upper bound within {@value #TOLERANCE} nats of the supremum). A mixture ratio is never reported
 * unimodal (that would need a certificate). KL is integrated in each target component's quantile space
 * ({@value #PANELS} midpoint panels per component). Nothing here is on a decoding path. Immutable.
 */
final class PiecewiseRatio implements DensityRatio1D {
    /** Absolute gap (nats) at which the branch and bound for D∞ of a mixture stops. */
    static final double TOLERANCE = 1e-6;
    /** Grid points per component scale when locating the stationary points of a mixture ratio. */
    static final int GRID = 16;
    /** Midpoint panels per target component for KL. */
    static final int PANELS = 20_000;
    /**
     * Cap on the branch-and-bound cells for D∞, divided by the number of component pairs (at least 1,000): reaching
     * it leaves a valid but looser upper bound, never a hang.
     */
    static final int MAX_CELLS = 200_000;

    private final Distribution1D q;
    private final Distribution1D p;
    private final Distribution1D[] qc;
    private final Distribution1D[] pc;
    private final double[] lw;
    private final double[] lv;
    private final ComponentPair[][] pairs;
    private final double[] knots;
    /** Sorted finite points between which ℓ is monotone (numerically, for mixtures). */
    private final double[] pieces;
    private final double maxLog;
    private final double mode;
    private final boolean unimodal;
    private final double kl;

    PiecewiseRatio(Distribution1D q, Distribution1D p) {
        this.q = q;
        this.p = p;
        this.qc = components(q);
        this.pc = components(p);
        this.lw = logWeights(q, qc.length);
        this.lv = logWeights(p, pc.length);
        this.pairs = new ComponentPair[qc.length][pc.length];
        List<Double> ks = new ArrayList<>();
        for (int k = 0; k < qc.length; k++) {
            ks.add(LogPiece.modeOf(qc[k]));
            for (int j = 0; j < pc.length; j++) {
                pairs[k][j] = new ComponentPair(qc[k], pc[j]);
                for (double x : pairs[k][j].points()) {
                    ks.add(x);
                }
            }
        }
        for (Distribution1D c : pc) {
            ks.add(LogPiece.modeOf(c));
        }
        this.knots = ks.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
        this.pieces = single() ? pairs[0][0].points() : mixturePieces();
        double[] best = pieceMax();
        if (single() || best[0] == Double.POSITIVE_INFINITY) {
            this.maxLog = best[0];
        } else {
            this.maxLog = certifiedMax(best[0]);
        }
        this.mode = best[1];
        this.unimodal = single() && monotonePiecesUnimodal();
        this.kl = integrateKl();
    }

    private static Distribution1D[] components(Distribution1D d) {
        if (d instanceof Mixture m) {
            Distribution1D[] c = new Distribution1D[m.size()];
            for (int k = 0; k < c.length; k++) {
                c[k] = m.component(k);
            }
            return c;
        }
        return new Distribution1D[] {d};
    }

    private static double[] logWeights(Distribution1D d, int n) {
        double[] w = new double[n];
        if (d instanceof Mixture m) {
            for (int k = 0; k < n; k++) {
                w[k] = StrictMath.log(m.weight(k));
            }
        }
        return w;
    }

    private boolean single() {
        return qc.length == 1 && pc.length == 1;
    }

    @Override
    public double logRatio(double x) {
        double lq = q.logDensity(x);
        if (lq == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return lq - p.logDensity(x);
    }

    /** ℓ at x, with the limits at ±∞. */
    private double value(double x) {
        if (Double.isInfinite(x)) {
            if (single()) {
                return pairs[0][0].value(x);
            }
            // beyond the last stationary point the ratio is monotone: its value far out stands for the limit
            double far = x < 0 ? pieces[0] - 1e6 * scale() : pieces[pieces.length - 1] + 1e6 * scale();
            return logRatio(far);
        }
        return logRatio(x);
    }

    /** ℓ'(x) for mixtures: posterior-weighted component slopes, {@code Σ π_k (ln q_k)' − Σ ρ_j (ln p_j)'}. */
    private double slope(double x) {
        return weightedSlope(qc, lw, x) - weightedSlope(pc, lv, x);
    }

    private static double weightedSlope(Distribution1D[] cs, double[] logW, double x) {
        double m = Double.NEGATIVE_INFINITY;
        double[] l = new double[cs.length];
        for (int k = 0; k < cs.length; k++) {
            l[k] = logW[k] + cs[k].logDensity(x);
            m = Math.max(m, l[k]);
        }
        if (m == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        double num = 0;
        double den = 0;
        for (int k = 0; k < cs.length; k++) {
            if (l[k] > Double.NEGATIVE_INFINITY) {
                double e = StrictMath.exp(l[k] - m);
                num += e * LogPiece.slope(cs[k], x);
                den += e;
            }
        }
        return num / den;
    }

    /**
     * The knots plus the stationary points of a mixture ratio: sign changes of ℓ' between neighbouring grid points,
     * refined by bisection.
     */
    private double[] mixturePieces() {
        List<Double> grid = new ArrayList<>();
        for (double k : knots) {
            grid.add(k);
        }
        for (Distribution1D[] cs : new Distribution1D[][] {qc, pc}) {
            for (Distribution1D c : cs) {
                double m = LogPiece.modeOf(c);
                double s = LogPiece.spread(c);
                for (int i = 1; i <= 16 * GRID; i++) {
                    grid.add(m - s * i / GRID);
                    grid.add(m + s * i / GRID);
                }
                for (int j = 1; j <= 40; j++) {
                    double d = 16 * s * StrictMath.scalb(1.0, j);
                    grid.add(m - d);
                    grid.add(m + d);
                }
            }
        }
        double[] g = grid.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().distinct()
                .toArray();
        List<Double> out = new ArrayList<>();
        for (double k : knots) {
            out.add(k);
        }
        double prevX = Double.NaN;
        double prevD = Double.NaN;
        for (double x : g) {
            double d = slope(x);
            if (!Double.isNaN(d) && !Double.isNaN(prevD) && d != 0 && prevD != 0 && (d < 0) != (prevD < 0)
                    && !knotBetween(prevX, x)) {
                out.add(bisectSlope(prevX, x, prevD < 0));
            } else if (d == 0) {
                out.add(x);
            }
            prevX = x;
            prevD = d;
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
    }

    /** True iff a knot (where ℓ' may jump) lies strictly between a and b: the sign change is then the knot's. */
    private boolean knotBetween(double a, double b) {
        for (double k : knots) {
            if (k > a && k < b) {
                return true;
            }
        }
        return false;
    }

    private double bisectSlope(double a, double b, boolean negativeAtA) {
        for (int i = 0; i < 2100; i++) {
            double mid = a + 0.5 * (b - a);
            if (mid <= a || mid >= b) {
                break;
            }
            double d = slope(mid);
            if (Double.isNaN(d) || d == 0) {
                return mid;
            }
            if ((d < 0) == negativeAtA) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return a + 0.5 * (b - a);
    }

    /** A certified upper bound on ℓ over [a, b]: exact for one component on each side. */
    double upper(double a, double b) {
        if (single()) {
            return pairs[0][0].sup(a, b);
        }
        // Σ_k w_k min_j sup (q_k / (v_j p_j))
        double[] terms = new double[qc.length];
        for (int k = 0; k < qc.length; k++) {
            double m = Double.POSITIVE_INFINITY;
            for (int j = 0; j < pc.length; j++) {
                m = Math.min(m, pairs[k][j].sup(a, b) - lv[j]);
            }
            terms[k] = lw[k] + m;
        }
        double byPairs = logSumExp(terms);
        // (Σ_k w_k sup q_k) / (Σ_j v_j inf p_j)
        double[] num = new double[qc.length];
        for (int k = 0; k < qc.length; k++) {
            num[k] = lw[k] + supLogDensity(qc[k], a, b);
        }
        double[] den = new double[pc.length];
        for (int j = 0; j < pc.length; j++) {
            den[j] = lv[j] + infLogDensity(pc[j], a, b);
        }
        double n = logSumExp(num);
        double d = logSumExp(den);
        double byDensities = n == Double.NEGATIVE_INFINITY ? n : n - d;
        return Math.min(byPairs, byDensities);
    }

    /** ln sup of a unimodal density over [a, b]: at its mode clamped into the support part of [a, b]. */
    private static double supLogDensity(Distribution1D c, double a, double b) {
        double lo = Math.max(a, c.supportMin());
        double hi = Math.min(b, c.supportMax());
        if (!(lo <= hi)) {
            return Double.NEGATIVE_INFINITY;
        }
        double x = Math.min(Math.max(LogPiece.modeOf(c), lo), hi);
        return c.logDensity(x);
    }

    /** ln inf of a unimodal density over [a, b]: at one of the ends. */
    private static double infLogDensity(Distribution1D c, double a, double b) {
        return Math.min(endLogDensity(c, a), endLogDensity(c, b));
    }

    private static double endLogDensity(Distribution1D c, double x) {
        return Double.isInfinite(x) ? Double.NEGATIVE_INFINITY : c.logDensity(x);
    }

    private static double logSumExp(double[] t) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : t) {
            m = Math.max(m, v);
        }
        if (Double.isInfinite(m)) {
            return m;
        }
        double s = 0;
        for (double v : t) {
            s += StrictMath.exp(v - m);
        }
        return m + StrictMath.log(s);
    }

    /** {max, argmax} over the monotone pieces' ends and the limits (exact for one component on each side). */
    private double[] pieceMax() {
        double best = Double.NEGATIVE_INFINITY;
        double arg = Double.NaN;
        double lowLimit = value(Double.NEGATIVE_INFINITY);
        double highLimit = value(Double.POSITIVE_INFINITY);
        if (lowLimit > best) {
            best = lowLimit;
            arg = Double.NEGATIVE_INFINITY;
        }
        for (double x : pieces) {
            double v = value(x);
            if (v > best) {
                best = v;
                arg = x;
            }
        }
        if (highLimit > best) {
            best = highLimit;
            arg = Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(arg) && best < Double.POSITIVE_INFINITY) {
            // the supremum is approached in a constant tail: any point of the tail attains it
            arg = arg < 0 ? (pieces.length > 0 ? pieces[0] - 1 : 0)
                    : (pieces.length > 0 ? pieces[pieces.length - 1] + 1 : 0);
        }
        return new double[] {best, arg};
    }

    /**
     * Quasi-concavity from the values at the monotone pieces' ends: no strict rise after a strict fall (the −∞
     * outside q's support included).
     */
    private boolean monotonePiecesUnimodal() {
        double[] v = new double[pieces.length + 2];
        v[0] = value(Double.NEGATIVE_INFINITY);
        for (int i = 0; i < pieces.length; i++) {
            v[i + 1] = value(pieces[i]);
        }
        v[v.length - 1] = value(Double.POSITIVE_INFINITY);
        // values within rounding (a relative 1e-12) count as equal: flat pieces are evaluated at different points
        boolean fallen = false;
        for (int i = 1; i < v.length; i++) {
            double tol = 1e-12 * Math.max(1, Math.max(Math.abs(v[i]), Math.abs(v[i - 1])));
            if (v[i] < v[i - 1] - tol) {
                fallen = true;
            } else if (v[i] > v[i - 1] + tol && fallen) {
                return false;
            }
        }
        return true;
    }

    /** A cell of the branch and bound: [a, b] with an upper bound. */
    private record Cell(double a, double b, double bound) {
    }

    /**
     * A certified upper bound on sup ℓ for mixtures, within {@value #TOLERANCE} nats of it: branch and bound on
     * {@link #upper} over the monotone pieces, starting from the best value found ({@code best}). If the cell cap is
     * reached the largest open bound is returned (still an upper bound, only looser).
     */
    private double certifiedMax(double best) {
        PriorityQueue<Cell> open = new PriorityQueue<>((x, y) -> Double.compare(y.bound, x.bound));
        double[] edges = new double[pieces.length + 2];
        edges[0] = Double.NEGATIVE_INFINITY;
        System.arraycopy(pieces, 0, edges, 1, pieces.length);
        edges[edges.length - 1] = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < edges.length; i++) {
            if (edges[i] < edges[i + 1]) {
                open.add(new Cell(edges[i], edges[i + 1], upper(edges[i], edges[i + 1])));
            }
        }
        double scale = scale();
        // each cell costs K·J component-pair bounds: cap the total work, not just the cells
        int maxCells = Math.max(1000, MAX_CELLS / (qc.length * pc.length));
        for (int cells = 0; !open.isEmpty(); cells++) {
            Cell c = open.poll();
            if (c.bound - best <= TOLERANCE || cells >= maxCells || c.bound == Double.POSITIVE_INFINITY
                    && (Double.isInfinite(c.a) || Double.isInfinite(c.b)) && cells > 4000) {
                return Math.max(c.bound, best);
            }
            double mid = split(c.a, c.b, scale);
            if (!(mid > c.a && mid < c.b)) {
                return Math.max(c.bound, best); // cannot split further: its bound stands
            }
            best = Math.max(best, logRatio(mid));
            open.add(new Cell(c.a, mid, upper(c.a, mid)));
            open.add(new Cell(mid, c.b, upper(mid, c.b)));
        }
        return best;
    }

    /** A length scale of the components (the spread of the knots, at least 1). */
    private double scale() {
        double s = 1;
        if (knots.length > 1) {
            s = Math.max(s, knots[knots.length - 1] - knots[0]);
        }
        return s;
    }

    /** The split point of [a, b]: the midpoint, or a point farther out on a tail (distance doubling). */
    private static double split(double a, double b, double scale) {
        if (a == Double.NEGATIVE_INFINITY && b == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (a == Double.NEGATIVE_INFINITY) {
            return b - Math.max(scale, Math.abs(b));
        }
        if (b == Double.POSITIVE_INFINITY) {
            return a + Math.max(scale, Math.abs(a));
        }
        return a + 0.5 * (b - a);
    }

    @Override
    public double mode() {
        return mode;
    }

    @Override
    public boolean isUnimodal() {
        return unimodal;
    }

    @Override
    public double logSup(double a, double b) {
        if (!(a <= b)) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.min(upper(a, b), maxLog);
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
        if (!(maxLog < Double.POSITIVE_INFINITY)) {
            throw new UnsupportedOperationException("level sets need a bounded ratio");
        }
        if (level > maxLog) {
            return new double[0];
        }
        return monotoneLevelSet(level);
    }

    /** On each monotone piece the crossing is found by bisection. */
    private double[] monotoneLevelSet(double level) {
        double[] pts = pieces;
        double[] edges = new double[pts.length + 2];
        edges[0] = Math.max(Double.NEGATIVE_INFINITY, q.supportMin());
        int n = 1;
        for (double x : pts) {
            if (x > edges[0] && x < q.supportMax()) {
                edges[n++] = x;
            }
        }
        edges[n++] = q.supportMax();
        Intervals out = new Intervals();
        for (int i = 0; i + 1 < n; i++) {
            double a = edges[i];
            double b = edges[i + 1];
            double va = value(a);
            double vb = value(b);
            boolean ia = va >= level;
            boolean ib = vb >= level;
            if (ia && ib) {
                out.add(a, b);
            } else if (ia) {
                out.add(a, crossing(a, b, level, true));
            } else if (ib) {
                out.add(crossing(a, b, level, false), b);
            }
        }
        return out.toArray();
    }

    /**
     * The crossing of {@code level} in a monotone piece [a, b]: the last point at or above it if {@code falling}
     * (ℓ(a) ≥ level &gt; ℓ(b)), else the first. Infinite ends are first replaced by finite points on the same side
     * (distance doubling).
     */
    private double crossing(double a, double b, double level, boolean falling) {
        double scale = scale();
        double anchor = Double.isFinite(a) ? a : Double.isFinite(b) ? b : 0;
        double lo = a;
        double hi = b;
        double step = Math.max(scale, Math.abs(anchor));
        for (int i = 0; i < 2100 && Double.isInfinite(lo); i++, step *= 2) {
            double x = anchor - step;
            if (x == Double.NEGATIVE_INFINITY) {
                return falling ? hi : lo; // beyond any double: the set reaches the end
            }
            if ((value(x) >= level) == falling) {
                lo = x;
            } else {
                hi = Math.min(hi, x);
            }
        }
        step = Math.max(scale, Math.abs(anchor));
        for (int i = 0; i < 2100 && Double.isInfinite(hi); i++, step *= 2) {
            double x = anchor + step;
            if (x == Double.POSITIVE_INFINITY) {
                return falling ? hi : lo;
            }
            if ((value(x) >= level) == falling) {
                lo = Math.max(lo, x);
            } else {
                hi = x;
            }
        }
        for (int i = 0; i < 2100; i++) {
            double mid = lo + 0.5 * (hi - lo);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if ((value(mid) >= level) == falling) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return falling ? lo : hi;
    }

    /** A growing union of intervals added left to right; touching intervals are merged. */
    private static final class Intervals {
        private double[] v = new double[8];
        private int n;

        void add(double a, double b) {
            if (n > 0 && v[n - 1] >= a) {
                v[n - 1] = Math.max(v[n - 1], b);
                return;
            }
            if (n + 2 > v.length) {
                v = Arrays.copyOf(v, 2 * v.length);
            }
            v[n++] = a;
            v[n++] = b;
        }

        double[] toArray() {
            return Arrays.copyOf(v, n);
        }
    }

    /** KL[Q‖P] = Σ_k w_k E_{q_k}[ℓ], each by the midpoint rule in the component's quantile space. */
    private double integrateKl() {
        double total = 0;
        for (int k = 0; k < qc.length; k++) {
            double s = 0;
            for (int i = 0; i < PANELS; i++) {
                s += logRatio(qc[k].quantile((i + 0.5) / PANELS));
            }
            total += StrictMath.exp(lw[k]) * s / PANELS;
        }
        return total;
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
