package io.rec4j.core.rec.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link KlBudgetPlanner#planBlocks}: an exact block count where the greedy grouping can reach it. */
class KlBudgetPlannerBlocksTest {
    private static double[] randomKl(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] kl = new double[n];
        for (int i = 0; i < n; i++) {
            // mostly small, some near zero (pruned), a few large: the shape of trained INR posteriors
            double u = r.nextDouble();
            kl[i] = u < 0.2 ? 1e-6 * r.nextDouble() : u < 0.95 ? 0.5 * r.nextDouble() : 3 + 5 * r.nextDouble();
        }
        return kl;
    }

    @Test
    void everyCountFromOneToTheDimensionCountIsReachedWithoutSizeCap() {
        double[] kl = randomKl(300, 1);
        for (int blocks : new int[] {1, 2, 7, 19, 58, 89, 146, 299, 300}) {
            BlockPlan p = KlBudgetPlanner.withoutSizeCap(16).planBlocks(kl, blocks, 22);
            assertEquals(blocks, p.blockCount(), "blocks");
            assertEquals(300, p.dimension());
        }
    }

    @Test
    void theSizeCapBoundsTheCountFromBelowAndIsRespected() {
        double[] kl = randomKl(300, 2);
        KlBudgetPlanner capped = new KlBudgetPlanner(16, 25);
        // 300 scalars in blocks of at most 25: at least 12 blocks; asking for fewer gives the nearest, 12
        assertEquals(12, capped.planBlocks(kl, 3, 5).blockCount());
        BlockPlan p = capped.planBlocks(kl, 40, 5);
        assertEquals(40, p.blockCount());
        for (int b = 0; b < p.blockCount(); b++) {
            assertTrue(p.block(b).length <= 25);
        }
    }

    @Test
    void sameInputsGiveTheSamePlanAndTheBudgetIsOnlyAStart() {
        double[] kl = randomKl(200, 3);
        assertEquals(new KlBudgetPlanner(16, 64).planBlocks(kl, 31, 9),
                new KlBudgetPlanner(3, 64).planBlocks(kl, 31, 9));
    }

    @Test
    void invalidCountsAreRejected() {
        double[] kl = randomKl(10, 4);
        assertThrows(IllegalArgumentException.class, () -> KlBudgetPlanner.defaults().planBlocks(kl, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> KlBudgetPlanner.defaults().planBlocks(kl, 11, 1));
    }
}
