package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import org.junit.jupiter.api.Test;

class RecMethodTest {
    private static final RecProblem BOUNDED = new RecProblem(ProductDistribution.iid(new Normal(0.8, 0.5), 2),
            ProductDistribution.standardNormal(2));

    @Test
    void everyNameParsesBackToItsMethod() {
        for (RecMethod m : RecMethod.values()) {
            assertSame(m, RecMethod.of(m.id()));
            assertTrue(RecMethod.names().contains(m.id()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecMethod.of("a-star"));
        assertTrue(e.getMessage().contains("sp-pfr"), e.getMessage());
    }

    /** The registry's exactness flag is the simulator's own, so the CLI and the reports never disagree with it. */
    @Test
    void exactnessFlagMatchesTheSimulator() {
        for (RecMethod m : RecMethod.values()) {
            ChannelSimulator sim = m.create(BOUNDED, RecMethod.Settings.defaults());
            assertEquals(m.isExact(), sim.isExact(), m.id());
            assertEquals(m.id(), sim.name(), m.id());
        }
        RecMethod.Settings unlimited = new RecMethod.Settings(null, null, 0, null, null, null, null, null, null);
        assertTrue(RecMethod.ASTAR_DL.isExact(unlimited));
        assertTrue(RecMethod.ASTAR_DL.create(BOUNDED, unlimited).isExact());
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RecMethod.GPRS.create(BOUNDED,
                new RecMethod.Settings(null, null, null, null, null, null, "both", null, null)));
        assertThrows(IllegalArgumentException.class, () -> RecMethod.BUDGETED.create(BOUNDED,
                new RecMethod.Settings(8, 0.1, null, null, null, null, null, null, null)));
    }
}
