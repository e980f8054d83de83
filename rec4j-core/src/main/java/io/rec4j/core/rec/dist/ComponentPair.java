package io.rec4j.core.rec.dist;

import java.util.Arrays;

/**
 * The log ratio {@code f(x) = ln q(x) − ln p(x)} of two simple (non-mixture) marginals, with the finite set of points
 * between which it is monotone: the ends of both densities' {@link LogPiece}s (kinks, support ends) and the
 * stationary points inside each common piece. On a common piece {@code f'(x) = 2Δa·x + Δb + [log_q]/(x − u_q) −
 * [log_p]/(x − u_p)}; multiplied by the (sign-definite) denominators this is a polynomial of degree at most 3,
 * whose real roots are isolated between the roots of its derivative and refined by bisection. The supremum (or
 * infimum) of f over any interval is then the largest (smallest) of f at the interval's ends and at the points
 * inside it: exact, whatever the number of modes. Values come from {@link Distribution1D#logDensity}; limits at
 * {@code ±∞} from the leading terms.
 */
final class ComponentPair {
    private final Distribution1D q;
    private final Distribution1D p;
    /** Sorted finite points between which f is monotone. */
    private final double[] points;
    private final double limitLow;
    private final double limitHigh;

    ComponentPair(Distribution1D q, Distribution1D p) {
        this.q = q;
        this.p = p;
        LogPiece[] qp = LogPiece.of(q);
        LogPiece[] pp = LogPiece.of(p);
        double[] pts = new double[4 * (qp.length + pp.length) + 6 * qp.length * pp.length];
        int n = 0;
        for (LogPiece[] ps : new LogPiece[][] {qp, pp}) {
            for (LogPiece piece : ps) {
                if (Double.isFinite(piece.lo())) {
                    pts[n++] = piece.lo();
                }
                if (Double.isFinite(piece.hi())) {
                    pts[n++] = piece.hi();
                }
            }
        }
        for (LogPiece a : qp) {
            for (LogPiece b : pp) {
                double lo = Math.max(a.lo(), b.lo());
                double hi = Math.min(a.hi(), b.hi());
                if (lo < hi) {
                    n = stationaryPoints(a, b, lo, hi, pts, n);
                }
            }
        }
        double[] sorted = Arrays.copyOf(pts, n);
        Arrays.sort(sorted);
        int m = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (m == 0 || sorted[i] != sorted[m - 1]) {
                sorted[m++] = sorted[i];
            }
        }
        this.points = Arrays.copyOf(sorted, m);
        double low = limit(qp[0], pp[0], -1);
        double high = limit(qp[qp.length - 1], pp[pp.length - 1], +1);
        // a constant tail (equal shapes): its value at any point beyond the outermost piece end
        double edgeLow = points.length > 0 ? points[0] - 1 : 0;
        double edgeHigh = points.length > 0 ? points[points.length - 1] + 1 : 0;
        this.limitLow = Double.isNaN(low) ? valueAt(q, p, edgeLow) : low;
        this.limitHigh = Double.isNaN(high) ? valueAt(q, p, edgeHigh) : high;
    }

    private static double valueAt(Distribution1D q, Distribution1D p, double x) {
        double lq = q.logDensity(x);
        return lq == Double.NEGATIVE_INFINITY ? lq : lq - p.logDensity(x);
    }

    /** f(x) = ln q(x) − ln p(x): −∞ where q vanishes, +∞ where only p does. */
    double value(double x) {
        if (x == Double.NEGATIVE_INFINITY) {
            return limitLow;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return limitHigh;
        }
        return valueAt(q, p, x);
    }

    /** sup of f over [a, b] (a ≤ b, either may be infinite). */
    double sup(double a, double b) {
        double m = Math.max(value(a), value(b));
        for (int i = first(a); i < points.length && points[i] < b; i++) {
            m = Math.max(m, value(points[i]));
        }
        return m;
    }

    /** inf of f over [a, b]. */
    double inf(double a, double b) {
        double m = Math.min(value(a), value(b));
        for (int i = first(a); i < points.length && points[i] < b; i++) {
            m = Math.min(m, value(points[i]));
        }
        return m;
    }

    /** The sorted points between which f is monotone (a copy). */
    double[] points() {
        return points.clone();
    }

    /** Index of the first point strictly above a. */
    private int first(double a) {
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (points[mid] <= a) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Limit of f at −∞ ({@code side} −1) or +∞ (+1) from the outermost pieces. */
    private static double limit(LogPiece qPiece, LogPiece pPiece, int side) {
        double qEnd = side < 0 ? qPiece.lo() : qPiece.hi();
        double pEnd = side < 0 ? pPiece.lo() : pPiece.hi();
        if (Double.isFinite(qEnd)) {
            return Double.NEGATIVE_INFINITY; // q has bounded support on this side
        }
        if (Double.isFinite(pEnd)) {
            return Double.POSITIVE_INFINITY; // q > 0 where p = 0
        }
        double da = qPiece.a() - pPiece.a();
        double db = qPiece.b() - pPiece.b();
        if (da != 0) {
            return da > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        if (db != 0) {
            return db * side > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return Double.NaN; // constant tail: resolved below from a far point
    }

    /**
     * Appends to {@code out} the roots in (lo, hi) of f' for the common piece of {@code a} (from q) and {@code b}
     * (from p); returns the new count.
     */
    private static int stationaryPoints(LogPiece a, LogPiece b, double lo, double hi, double[] out, int n) {
        // P(x) = (2Δa x + Δb)·M_q·M_p + [log_q]·M_p − [log_p]·M_q with M = (x − u) for a log piece, 1 otherwise
        double[] lin = {a.b() - b.b(), 2 * (a.a() - b.a())};
        double[] mq = a.log() ? new double[] {-a.u(), 1} : new double[] {1};
        double[] mp = b.log() ? new double[] {-b.u(), 1} : new double[] {1};
        double[] poly = mul(mul(lin, mq), mp);
        if (a.log()) {
            poly = add(poly, mp);
        }
        if (b.log()) {
            poly = add(poly, scale(mq, -1));
        }
        for (double r : Polynomials.realRoots(poly, lo, hi)) {
            out[n++] = r;
        }
        return n;
    }

    private static double[] mul(double[] x, double[] y) {
        double[] r = new double[x.length + y.length - 1];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                r[i + j] += x[i] * y[j];
            }
        }
        return r;
    }

    private static double[] add(double[] x, double[] y) {
        double[] r = new double[Math.max(x.length, y.length)];
        for (int i = 0; i < r.length; i++) {
            r[i] = (i < x.length ? x[i] : 0) + (i < y.length ? y[i] : 0);
        }
        return r;
    }

    private static double[] scale(double[] x, double s) {
        double[] r = x.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] *= s;
        }
        return r;
    }
}
