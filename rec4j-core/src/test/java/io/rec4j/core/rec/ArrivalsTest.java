package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rec4j.core.math.FastLog;
import io.rec4j.core.random.SharedRandomness;
import org.junit.jupiter.api.Test;

/** The block forms of {@link Arrivals} give exactly the values of one call per candidate. */
class ArrivalsTest {
    @Test
    void blockNoiseEqualsOneCallAtATime() {
        SharedRandomness shared = SharedRandomness.fromSeed(31).derive(2);
        Arrivals one = new Arrivals(shared, 0);
        Arrivals block = new Arrivals(shared, 0);
        Arrivals gumbelOne = new Arrivals(shared, 0);
        Arrivals gumbelBlock = new Arrivals(shared, 0);
        double[] out = new double[Arrivals.BLOCK];
        // lengths that start and end inside and across the 256-uniform refills
        for (int len : new int[] {1, 255, 256, 3, 200, 256, 256, 17, 100}) {
            block.nextNegLogArrivals(out, len);
            for (int j = 0; j < len; j++) {
                assertEquals(Double.doubleToRawLongBits(-FastLog.log(one.next())), Double.doubleToRawLongBits(out[j]),
                        "arrival noise, run of " + len + ", j = " + j);
            }
            gumbelBlock.nextGumbels(out, len);
            for (int j = 0; j < len; j++) {
                assertEquals(Double.doubleToRawLongBits(gumbelOne.nextGumbel()), Double.doubleToRawLongBits(out[j]),
                        "Gumbel, run of " + len + ", j = " + j);
            }
        }
    }
}
