package io.rec4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Kolmogorov limit law against its tabulated quantiles (1.3581, 1.6276, 1.9495 at 0.05, 0.01, 0.001). */
class KolmogorovSmirnovTest {
    @Test
    void pValuesMatchTheTabulatedQuantilesOfTheKolmogorovDistribution() {
        int n = 10_000;
        assertEquals(0.05, KolmogorovSmirnov.pValue(n, 1.3581 / Math.sqrt(n)), 2e-4);
        assertEquals(0.01, KolmogorovSmirnov.pValue(n, 1.6276 / Math.sqrt(n)), 5e-5);
        assertEquals(0.001, KolmogorovSmirnov.pValue(n, 1.9495 / Math.sqrt(n)), 1e-5);
        assertEquals(1.0, KolmogorovSmirnov.pValue(n, 0), 0);
        // the critical value is the quantile the p-value inverts (up to the dropped alternating terms)
        assertEquals(0.001, KolmogorovSmirnov.pValue(n, KolmogorovSmirnov.criticalValue(n, 0.001)), 1e-6);
    }
}
