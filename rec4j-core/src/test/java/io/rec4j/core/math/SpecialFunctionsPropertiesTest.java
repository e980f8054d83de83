package io.rec4j.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/** Randomised properties of {@link SpecialFunctions} (jqwik). */
class SpecialFunctionsPropertiesTest {

    @Property
    void erfIsOddAndBounded(@ForAll double x) {
        double e = SpecialFunctions.erf(x);
        if (Double.isNaN(x)) {
            assertTrue(Double.isNaN(e));
            return;
        }
        assertEquals(Double.doubleToRawLongBits(-e), Double.doubleToRawLongBits(SpecialFunctions.erf(-x)));
        assertTrue(e >= -1 && e <= 1);
        double c = SpecialFunctions.erfc(x);
        assertTrue(c >= 0 && c <= 2);
    }

    @Property
    void normalCdfIsAProbabilityAndComplementsSf(@ForAll @DoubleRange(min = -50, max = 50) @Scale(15) double x) {
        double cdf = SpecialFunctions.normalCdf(x);
        double sf = SpecialFunctions.normalSf(x);
        assertTrue(cdf >= 0 && cdf <= 1 && sf >= 0 && sf <= 1);
        assertTrue(Math.abs(cdf + sf - 1.0) <= 2 * Math.ulp(1.0), "Phi + Q at " + x);
    }

    @Property
    void quantileRoundTripsInTheBody(@ForAll @DoubleRange(min = 1e-6, max = 0.999999) @Scale(17) double p) {
        double x = SpecialFunctions.normalQuantile(p);
        // condition number |x| phi(x) / Phi(x) <= 1 + x^2 (see SpecialFunctionsTest#quantileRoundTrip)
        assertTrue(Math.abs(SpecialFunctions.normalCdf(x) - p) <= 1e-14 * (1 + x * x) * p, "p = " + p);
    }

    @Property
    void logAddExpDominatesAndIsSymmetric(@ForAll @DoubleRange(min = -1e3, max = 1e3) @Scale(15) double a,
                                          @ForAll @DoubleRange(min = -1e3, max = 1e3) @Scale(15) double b) {
        double s = SpecialFunctions.logAddExp(a, b);
        assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(SpecialFunctions.logAddExp(b, a)));
        assertTrue(s >= Math.max(a, b) && s <= Math.max(a, b) + 0.6931471805599454);
    }

    @Property
    void logSumExpOfConstantArray(@ForAll @DoubleRange(min = -700, max = 700) @Scale(15) double v) {
        double[] values = {v, v, v, v};
        double expected = v + StrictMath.log(4.0);
        assertTrue(Math.abs(SpecialFunctions.logSumExp(values) - expected)
                <= 2 * Math.ulp(Math.max(Math.abs(expected), Math.abs(v))));
    }
}
