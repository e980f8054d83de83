package io.rec4j.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * binary16 conversions: every code survives a round trip, decoding agrees with the definition summed in exact decimal
 * arithmetic, and encoding agrees with an independent round-to-nearest-even (a binary search among the 63,490 finite
 * values, sorted) on every float16 midpoint, its neighbouring doubles and ten million random doubles of every scale.
 */
class Float16Test {
    /** The finite non-negative values, ascending, with their codes (independent of the class under test). */
    private static final double[] VALUES = new double[31 * 1024];
    private static final int[] CODES = new int[31 * 1024];

    static {
        for (int code = 0; code < 31 * 1024; code++) {
            int e = code >>> 10;
            int f = code & 0x3FF;
            BigDecimal v = e == 0 ? new BigDecimal(f).multiply(new BigDecimal(0x1p-24))
                    : new BigDecimal(1024 + f).multiply(new BigDecimal(Math.pow(2, e - 25)));
            VALUES[code] = v.doubleValue();
            CODES[code] = code;
        }
    }

    @Test
    void everyCodeRoundTrips() {
        for (int c = 0; c < 65536; c++) {
            short code = (short) c;
            double v = Float16.toDouble(code);
            if (Float16.isNaN(code)) {
                assertTrue(Double.isNaN(v), "code " + c);
                assertTrue(Float16.isNaN(Float16.fromDouble(v)));
                assertFalse(Float16.isFinite(code));
                continue;
            }
            assertEquals(code, Float16.fromDouble(v), "code " + Integer.toHexString(c));
            assertEquals(code, Float16.fromFloat(Float16.toFloat(code)), "code " + Integer.toHexString(c));
            int magnitude = c & 0x7FFF;
            if (magnitude < 0x7C00) {
                assertEquals(VALUES[magnitude], Math.abs(v), 0.0, "value of " + Integer.toHexString(c));
                assertEquals(c >= 0x8000, Double.doubleToRawLongBits(v) < 0, "sign of " + Integer.toHexString(c));
            }
        }
        assertEquals(65504.0, Float16.toDouble(Float16.MAX_VALUE));
        assertEquals(Double.POSITIVE_INFINITY, Float16.toDouble(Float16.POSITIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, Float16.toDouble(Float16.NEGATIVE_INFINITY));
    }

    @Test
    void midpointsAndTheirNeighboursRoundAsTheReference() {
        for (int i = 0; i + 1 < VALUES.length; i++) {
            double mid = (VALUES[i] + VALUES[i + 1]) / 2; // exact: both are doubles with ≤ 11 significant bits
            for (double v : new double[] {mid, Math.nextDown(mid), Math.nextUp(mid)}) {
                assertEquals(reference(v), Float16.fromDouble(v), "at " + v);
                assertEquals(reference(-v), Float16.fromDouble(-v), "at " + -v);
            }
        }
        // the overflow threshold: 65520 is the midpoint to 2^16, and ties go to the even neighbour, which is ∞
        assertEquals(Float16.MAX_VALUE, Float16.fromDouble(Math.nextDown(65520.0)));
        assertEquals(Float16.POSITIVE_INFINITY, Float16.fromDouble(65520.0));
        assertEquals(Float16.NEGATIVE_INFINITY, Float16.fromDouble(Double.NEGATIVE_INFINITY));
        assertEquals((short) 0x8000, Float16.fromDouble(-0.0));
        assertEquals((short) 0, Float16.fromDouble(Double.MIN_VALUE));
        assertEquals((short) 0, Float16.fromDouble(0x1p-25)); // the tie between 0 and 2^-24 goes to 0
        assertEquals((short) 1, Float16.fromDouble(Math.nextUp(0x1p-25)));
        assertEquals(Float16.NaN, Float16.fromDouble(Double.NaN));
    }

    @Test
    void randomDoublesRoundAsTheReference() {
        SplittableRandom r = new SplittableRandom(20261207);
        for (int i = 0; i < 10_000_000; i++) {
            // uniform exponents from far below the subnormals to beyond the overflow, random significands and signs
            double v = Math.scalb(1 + r.nextDouble(), r.nextInt(-30, 18)) * (r.nextBoolean() ? 1 : -1);
            short want = reference(v);
            short got = Float16.fromDouble(v);
            if (want != got) {
                assertEquals(want, got, "at " + v);
            }
        }
    }

    /** Round to nearest, ties to the even code, by search among the sorted values; beyond 65520, infinity. */
    private static short reference(double v) {
        int sign = v < 0 || (v == 0 && 1 / v < 0) ? 0x8000 : 0;
        double a = Math.abs(v);
        if (a >= 65520.0) {
            return (short) (sign | 0x7C00);
        }
        int i = Arrays.binarySearch(VALUES, a);
        int code;
        if (i >= 0) {
            code = CODES[i];
        } else {
            int hi = -i - 1; // first value above a (≤ 65504 exists because a < 65520 … or hi = length)
            int lo = hi - 1;
            if (hi == VALUES.length) {
                code = CODES[lo];
            } else {
                double dLo = a - VALUES[lo];
                double dHi = VALUES[hi] - a;
                code = dLo < dHi ? CODES[lo] : dHi < dLo ? CODES[hi] : ((CODES[lo] & 1) == 0 ? CODES[lo] : CODES[hi]);
            }
        }
        return (short) (sign | code);
    }
}
