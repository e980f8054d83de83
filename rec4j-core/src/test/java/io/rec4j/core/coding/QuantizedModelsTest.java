package io.rec4j.core.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.math.SpecialFunctions;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class QuantizedModelsTest {

    /**
     * Golden tables. The expected frequencies were computed by an independent Python/mpmath (40 digits)
     * transcription of the formula in {@link QuantizedModels}; they pin the quantisation rule.
     */
    @Test
    void goldenTablesMatchIndependentComputation() {
        assertArrayEquals(new int[] {26, 249, 989, 1567, 989, 249, 27},
                QuantizedModels.gaussian(0, 1, -3, 3, 12).frequencies());
        assertArrayEquals(new int[] {41, 39, 75, 146, 274, 217, 112, 58, 62},
                QuantizedModels.laplace(0.3, 1.5, -4, 4, 10).frequencies());
        assertArrayEquals(new int[] {439, 1354, 5090, 14656, 22458, 14656, 5090, 1793},
                QuantizedModels.logistic(-1, 0.7, -5, 2, 16).frequencies());
    }

    @Property(tries = 200, seed = "41")
    void gaussianTablesAreValidAndClose(@ForAll @DoubleRange(min = -50, max = 50) double mean,
                                        @ForAll @DoubleRange(min = 1e-3, max = 100) @Scale(5) double std,
                                        @ForAll @IntRange(min = 8, max = 24) int precision) {
        int lo = (int) Math.floor(mean - 20);
        int hi = lo + Math.min(200, (1 << precision) - 1);
        CategoricalModel m = QuantizedModels.gaussian(mean, std, lo, hi, precision);
        ModelInvariantsTest.assertValid(m);
        // each symbol's probability is within (1 + 1) / 2^precision of its exact bin mass (floor error + leak)
        double total = 1L << precision;
        for (int k = lo; k <= hi; k++) {
            double a = k == lo ? 0 : SpecialFunctions.normalCdf((k - 0.5 - mean) / std);
            double b = k == hi ? 1 : SpecialFunctions.normalCdf((k + 0.5 - mean) / std);
            double mass = b - a;
            assertTrue(Math.abs(m.frequency(k) / total - mass) <= 2.0 / total + mass * (hi - lo + 1) / total,
                    "symbol " + k + ": " + m.frequency(k) / total + " vs " + mass);
        }
    }

    @Test
    void laplaceAndLogisticTablesAreValid() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 200; i++) {
            double mean = rnd.nextDouble(-10, 10);
            double scale = StrictMath.exp(rnd.nextDouble(-5, 4));
            int precision = 10 + rnd.nextInt(15);
            int lo = -20 + rnd.nextInt(10);
            int hi = lo + rnd.nextInt(Math.min(500, (1 << precision) - 1));
            ModelInvariantsTest.assertValid(QuantizedModels.laplace(mean, scale, lo, hi, precision));
            ModelInvariantsTest.assertValid(QuantizedModels.logistic(mean, scale, lo, hi, precision));
        }
    }

    /** A model far from its range still gives every symbol a frequency of one: nothing becomes uncodable. */
    @Test
    void tailsLeakButNeverVanish() {
        CategoricalModel m = QuantizedModels.gaussian(1000, 0.01, -100, 100, 16);
        ModelInvariantsTest.assertValid(m);
        assertEquals(1, m.frequency(-100));
        assertEquals((1 << 16) - 200, m.frequency(100));
        AnsStack s = new AnsStack();
        s.push(-100, m);
        assertEquals(-100, s.pop(m));
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> QuantizedModels.gaussian(Double.NaN, 1, 0, 10, 12));
        assertThrows(IllegalArgumentException.class, () -> QuantizedModels.gaussian(0, 0, 0, 10, 12));
        assertThrows(IllegalArgumentException.class, () -> QuantizedModels.gaussian(0, Double.POSITIVE_INFINITY, 0, 10, 12));
        assertThrows(IllegalArgumentException.class, () -> QuantizedModels.laplace(0, -1, 0, 10, 12));
        assertThrows(IllegalArgumentException.class, () -> QuantizedModels.logistic(0, 1, 10, 0, 12));
        assertThrows(IllegalArgumentException.class, () -> QuantizedModels.gaussian(0, 1, 0, 300, 8));
        assertThrows(IllegalArgumentException.class, () -> QuantizedModels.fromCdf(x -> Double.NaN, 0, 3, 8));
    }
}
