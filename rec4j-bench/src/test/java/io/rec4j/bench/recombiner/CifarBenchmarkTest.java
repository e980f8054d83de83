package io.rec4j.bench.recombiner;

import io.rec4j.bench.report.Stats;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper curve and the interval the CIFAR-10 report prints. */
class CifarBenchmarkTest {
    @Test
    void paperCurveIsInterpolatedBetweenItsPublishedPointsOnly() {
        assertEquals(23.592, CifarBenchmark.paperAt(0.297), 1e-12);
        assertEquals(23.592, CifarBenchmark.paperAt(19 * 16 / 1024.0), 1e-12); // printed as 0.297
        assertEquals(30.911, CifarBenchmark.paperAt(1.531), 1e-12);
        // halfway between (0.719, 27.222) and (0.938, 28.505)
        assertEquals((27.222 + 28.505) / 2, CifarBenchmark.paperAt((0.719 + 0.938) / 2), 1e-12);
        assertTrue(Double.isNaN(CifarBenchmark.paperAt(0.2)));
        assertTrue(Double.isNaN(CifarBenchmark.paperAt(5)));
    }

    @Test
    void studentQuantilesMatchTables() {
        assertEquals(12.706, Stats.t975(1), 1e-3);
        assertEquals(2.093, Stats.t975(19), 1e-3);
        assertEquals(2.0395, Stats.t975(31), 1e-3);
        assertEquals(1.9842, Stats.t975(99), 1e-3);
        assertEquals(1.9600, Stats.t975(1_000_000), 1e-3);
    }
}
