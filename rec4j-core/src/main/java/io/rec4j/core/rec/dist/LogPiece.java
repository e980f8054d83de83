package io.rec4j.core.rec.dist;

/**
 * One smooth piece of the log density of a simple (non-mixture) marginal:
 * {@code ln f(x) = a·x² + b·x + c + (log ? ln|x − u| : 0)} for {@code x} in {@code [lo, hi]} (normal: one quadratic
 * piece; Laplace: two linear pieces meeting at the location; uniform: one constant piece; triangular: two logarithmic
 * pieces meeting at the mode). Only the shape ({@code a}, {@code b}, {@code log}, {@code u}) is used, to place the
 * stationary points of a log ratio; values always come from {@link Distribution1D#logDensity}.
 */
record LogPiece(double lo, double hi, double a, double b, boolean log, double u) {

    /** The pieces of {@code d}, left to right. */
    static LogPiece[] of(Distribution1D d) {
        if (d instanceof Normal n) {
            double v = n.std() * n.std();
            return new LogPiece[] {new LogPiece(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.5 / v,
                    n.mean() / v, false, 0)};
        }
        if (d instanceof Laplace l) {
            return new LogPiece[] {
                new LogPiece(Double.NEGATIVE_INFINITY, l.mean(), 0, 1 / l.scale(), false, 0),
                new LogPiece(l.mean(), Double.POSITIVE_INFINITY, 0, -1 / l.scale(), false, 0)};
        }
        if (d instanceof Uniform un) {
            return new LogPiece[] {new LogPiece(un.lo(), un.hi(), 0, 0, false, 0)};
        }
        if (d instanceof Triangular t) {
            if (t.mode() == t.lo()) {
                return new LogPiece[] {new LogPiece(t.lo(), t.hi(), 0, 0, true, t.hi())};
            }
            if (t.mode() == t.hi()) {
                return new LogPiece[] {new LogPiece(t.lo(), t.hi(), 0, 0, true, t.lo())};
            }
            return new LogPiece[] {
                new LogPiece(t.lo(), t.mode(), 0, 0, true, t.lo()),
                new LogPiece(t.mode(), t.hi(), 0, 0, true, t.hi())};
        }
        throw new IllegalArgumentException("no piecewise form for " + d + " (mixtures are split into components)");
    }

    /**
     * {@code d/dx ln f(x)} of a simple marginal {@code d} at a point inside one of its pieces (NaN outside the support;
     * at a piece boundary, the right piece's slope).
     */
    static double slope(Distribution1D d, double x) {
        LogPiece[] ps = of(d);
        for (int i = ps.length - 1; i >= 0; i--) {
            LogPiece piece = ps[i];
            if (x >= piece.lo() && x <= piece.hi()) {
                return 2 * piece.a() * x + piece.b() + (piece.log() ? 1 / (x - piece.u()) : 0);
            }
        }
        return Double.NaN;
    }

    /** A length scale of a simple marginal: its std, scale or support width. */
    static double spread(Distribution1D d) {
        if (d instanceof Normal n) {
            return n.std();
        }
        if (d instanceof Laplace l) {
            return l.scale();
        }
        return d.supportMax() - d.supportMin();
    }

    /** A point where the density is largest (the middle of the support for a uniform). */
    static double modeOf(Distribution1D d) {
        if (d instanceof Normal n) {
            return n.mean();
        }
        if (d instanceof Laplace l) {
            return l.mean();
        }
        if (d instanceof Uniform un) {
            return un.lo() + 0.5 * (un.hi() - un.lo());
        }
        if (d instanceof Triangular t) {
            return t.mode();
        }
        throw new IllegalArgumentException("no mode for " + d);
    }
}
