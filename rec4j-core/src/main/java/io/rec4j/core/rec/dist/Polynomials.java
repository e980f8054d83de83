package io.rec4j.core.rec.dist;

import java.util.Arrays;

/** Real roots of polynomials of low degree in an interval (encoder-side analysis of density ratios). */
final class Polynomials {
    private static final int MAX_BISECTIONS = 2200;

    private Polynomials() {
    }

    /**
     * The real roots in the open interval (lo, hi) (either end may be infinite) of {@code Σ c[i]·x^i}, degree at most
     * 3 after dropping exact-zero leading coefficients, sorted. Roots are isolated between the roots of the
     * derivative (where the polynomial is monotone) and refined by bisection to adjacent doubles; an identically
     * zero polynomial has no isolated roots and yields none.
     */
    static double[] realRoots(double[] c, double lo, double hi) {
        int deg = c.length - 1;
        while (deg >= 0 && c[deg] == 0) {
            deg--;
        }
        if (deg <= 0) {
            return new double[0];
        }
        if (deg > 3) {
            throw new IllegalArgumentException("degree " + deg + " > 3");
        }
        double[] poly = Arrays.copyOf(c, deg + 1);
        // finite bracket: every root lies within the Cauchy bound 1 + max |c_i / c_deg|
        double bound = 1;
        for (int i = 0; i < deg; i++) {
            bound = Math.max(bound, 1 + Math.abs(poly[i] / poly[deg]));
        }
        bound = Math.min(bound, Double.MAX_VALUE / 4);
        double a = Math.max(lo, -bound);
        double b = Math.min(hi, bound);
        if (!(a < b)) {
            return new double[0];
        }
        double[] deriv = new double[deg];
        for (int i = 1; i <= deg; i++) {
            deriv[i - 1] = i * poly[i];
        }
        double[] turning = deg == 1 ? new double[0] : deg == 2 ? linearRoot(deriv) : quadraticRoots(deriv);
        double[] knots = new double[turning.length + 2];
        int k = 0;
        knots[k++] = a;
        for (double t : turning) {
            if (t > a && t < b) {
                knots[k++] = t;
            }
        }
        knots[k++] = b;
        double[] roots = new double[k];
        int n = 0;
        for (int i = 0; i + 1 < k; i++) {
            double x0 = knots[i];
            double x1 = knots[i + 1];
            double f0 = eval(poly, x0);
            double f1 = eval(poly, x1);
            if (f0 == 0 && x0 > lo && (n == 0 || roots[n - 1] != x0)) {
                roots[n++] = x0;
            }
            if (f0 == 0 || f1 == 0 || (f0 < 0) == (f1 < 0)) {
                continue;
            }
            for (int it = 0; it < MAX_BISECTIONS; it++) {
                double mid = x0 + 0.5 * (x1 - x0);
                if (mid <= x0 || mid >= x1) {
                    break;
                }
                double fm = eval(poly, mid);
                if (fm == 0) {
                    x0 = mid;
                    x1 = mid;
                    break;
                }
                if ((fm < 0) == (f0 < 0)) {
                    x0 = mid;
                } else {
                    x1 = mid;
                }
            }
            roots[n++] = x0 + 0.5 * (x1 - x0);
        }
        if (k >= 2 && eval(poly, b) == 0 && b < hi && (n == 0 || roots[n - 1] != b)) {
            roots[n++] = b;
        }
        double[] r = Arrays.copyOf(roots, n);
        Arrays.sort(r);
        return r;
    }

    static double eval(double[] c, double x) {
        double s = 0;
        for (int i = c.length - 1; i >= 0; i--) {
            s = s * x + c[i];
        }
        return s;
    }

    private static double[] linearRoot(double[] c) {
        return c[1] == 0 ? new double[0] : new double[] {-c[0] / c[1]};
    }

    private static double[] quadraticRoots(double[] c) {
        if (c[2] == 0) {
            return linearRoot(c);
        }
        double disc = c[1] * c[1] - 4 * c[2] * c[0];
        if (disc < 0) {
            return new double[0];
        }
        double sq = StrictMath.sqrt(disc);
        // the numerically stable pair: q = −(b + sign(b)·√disc)/2, roots q/a and c/q
        double qq = -0.5 * (c[1] + (c[1] >= 0 ? sq : -sq));
        double r1 = qq / c[2];
        double r2 = qq != 0 ? c[0] / qq : r1;
        return r1 <= r2 ? new double[] {r1, r2} : new double[] {r2, r1};
    }
}
