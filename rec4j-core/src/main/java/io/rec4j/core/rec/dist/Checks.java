package io.rec4j.core.rec.dist;

final class Checks {
    private Checks() {
    }

    static void finite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, was " + v);
        }
    }

    static void positive(double v, String name) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and positive, was " + v);
        }
    }
}
