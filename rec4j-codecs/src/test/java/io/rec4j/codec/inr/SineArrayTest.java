package io.rec4j.codec.inr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The array sine against the scalar one, bit for bit, where the two take different routes. */
class SineArrayTest {
    private static void check(double[] x) {
        int n = x.length;
        double[] out = new double[n];
        Sine.sin(x, out, n, new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(Sine.sin(x[i])), Double.doubleToRawLongBits(out[i]),
                    "sin(" + x[i] + ")");
        }
    }

    @Test
    void equalsTheScalarSineOnFourMillionPointsOfEveryScale() {
        SplittableRandom rnd = new SplittableRandom(61206);
        double[] x = new double[4096];
        for (int round = 0; round < 1000; round++) {
            double scale = new double[] {1, 30, 1e3, 1e5, 8e5}[round % 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = (2 * rnd.nextDouble() - 1) * scale;
            }
            check(x);
        }
    }

    @Test
    void equalsTheScalarSineAtHalfIntegersOfTwoOverPiZerosAndSpecialValues() {
        double twoOverPi = 0.6366197723675814;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x = new double[4000];
        for (int i = 0; i < 3000; i++) {
            // x·2/π at or within a few ulps of k + ½, where rounding to nearest and truncating x·2/π ± ½ may differ
            double k = rnd.nextInt(-400000, 400000) + 0.5;
            double v = k / twoOverPi;
            for (int u = rnd.nextInt(-3, 4); u != 0; u -= Integer.signum(u)) {
                v = u > 0 ? Math.nextUp(v) : Math.nextDown(v);
            }
            x[i] = v;
        }
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Sine.MAX_REDUCED, Math.nextUp(Sine.MAX_REDUCED), -Sine.MAX_REDUCED, 1e300, -1e-310, Double.MIN_VALUE,
            Math.PI, -Math.PI, Math.PI / 2, 0.5 / twoOverPi, -0.5 / twoOverPi, 1.5 / twoOverPi};
        for (int i = 0; i < 1000; i++) {
            x[3000 + i] = special[i % special.length] * (i < special.length ? 1 : 1 + i % 7);
        }
        check(x);
    }
}
