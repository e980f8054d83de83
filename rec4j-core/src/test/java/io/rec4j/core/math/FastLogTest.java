package io.rec4j.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastLogTest {

    /** Within 2 ulp of StrictMath.log (itself within 1 ulp of the true value) over the whole double range. */
    @Test
    void agreesWithStrictMathToAFewUlp() {
        SplittableRandom rnd = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double x = switch (i % 4) {
                case 0 -> rnd.nextDouble();                                      // uniforms: the main use
                case 1 -> 1 + (rnd.nextDouble() - 0.5) * 1e-6;                   // near 1, where ln x ≈ 0
                case 2 -> Double.longBitsToDouble(rnd.nextLong(1, 0x7FF0_0000_0000_0000L)); // any positive double
                default -> rnd.nextDouble() * 1e6;                                // arrival times
            };
            double ref = StrictMath.log(x);
            double err = Math.abs(FastLog.log(x) - ref) / Math.ulp(ref);
            worst = Math.max(worst, err);
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp");
    }

    @Test
    void specialValues() {
        assertEquals(Double.NEGATIVE_INFINITY, FastLog.log(0.0));
        assertEquals(Double.NEGATIVE_INFINITY, FastLog.log(-0.0));
        assertEquals(Double.POSITIVE_INFINITY, FastLog.log(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(FastLog.log(-1)));
        assertTrue(Double.isNaN(FastLog.log(Double.NaN)));
        assertEquals(0.0, FastLog.log(1.0));
        assertEquals(StrictMath.log(Double.MIN_VALUE), FastLog.log(Double.MIN_VALUE), Math.ulp(745.0));
        assertEquals(StrictMath.log(Double.MAX_VALUE), FastLog.log(Double.MAX_VALUE), 2 * Math.ulp(709.0));
    }
}
