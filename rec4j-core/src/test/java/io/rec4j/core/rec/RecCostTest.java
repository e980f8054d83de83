package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import org.junit.jupiter.api.Test;

/** The cost model of {@link RecMethod#estimate} against measured search effort, and the refusals of {@link RecMethod#check}. */
class RecCostTest {
    private static final RecMethod.Settings DEFAULTS = RecMethod.Settings.defaults();

    private static RecProblem iid(double mean, double std, int dim) {
        return new RecProblem(ProductDistribution.iid(new Normal(mean, std), dim), ProductDistribution.standardNormal(dim));
    }

    private static double meanCandidates(ChannelSimulator sim, RecProblem problem, int n) {
        double sum = 0;
        for (int t = 0; t < n; t++) {
            sum += sim.encode(problem, SharedRandomness.fromSeed(1000 + t)).candidatesExamined();
        }
        return sum / n;
    }

    /**
     * PFR and global GPRS examine about 2^{D∞} candidates: the search count has a standard deviation of about its
     * mean, so over 2,000 encodings the standard error is about 2.2%; the tolerance of 10% is 4.5 of them.
     */
    @Test
    void exactGlobalSearchesMatchTwoToTheDInf() {
        RecProblem problem = iid(0.5, 0.02, 1); // D∞ ≈ 5.8 bits
        for (RecMethod m : new RecMethod[] {RecMethod.PFR, RecMethod.GPRS}) {
            RecMethod.Settings s = m == RecMethod.GPRS
                    ? new RecMethod.Settings(null, null, null, null, null, null, "global", null, null) : DEFAULTS;
            RecCost cost = m.estimate(problem, s);
            assertEquals(problem.maxLogRatioBits(), cost.log2Candidates(), 1e-12, m.id());
            double measured = meanCandidates(m.create(problem, s), problem, 2000);
            assertEquals(1.0, measured / cost.candidates(), 0.10, m.id() + ": measured " + measured + " vs "
                    + cost.describe());
        }
    }

    /**
     * Split-on-sample GPRS stays below the thesis bound 2.26·KL + 9.66 steps per dimension (and not far below it);
     * AS* has no constant in its O(D∞) theorem, so its estimate D∞ + 2 per dimension is only held to a factor of 2.
     */
    @Test
    void logarithmicSearchesStayWithinTheirEstimates() {
        RecProblem problem = iid(0.7, 0.01, 3);
        RecCost gprs = RecMethod.GPRS.estimate(problem, DEFAULTS);
        double measured = meanCandidates(RecMethod.GPRS.create(problem, DEFAULTS), problem, 500);
        assertTrue(measured <= gprs.candidates() && measured > gprs.candidates() / 4, measured + " vs " + gprs.describe());
        RecMethod.Settings exact = new RecMethod.Settings(null, null, 0, null, null, null, null, null, null);
        RecCost astar = RecMethod.ASTAR_DL.estimate(problem, exact);
        double expansions = meanCandidates(RecMethod.ASTAR_DL.create(problem, exact), problem, 500);
        assertTrue(expansions <= 2 * astar.candidates() && expansions > astar.candidates() / 2,
                expansions + " vs " + astar.describe());
    }

    /** Fixed-work methods: MRC scans exactly 2^κ, iREC exactly steps × M × beams. */
    @Test
    void fixedWorkMethodsAreCountedExactly() {
        RecProblem problem = iid(0.8, 0.5, 4);
        RecMethod.Settings mrc = DEFAULTS.withBudgetBits(9);
        assertEquals(9, RecMethod.MRC.estimate(problem, mrc).log2Candidates());
        assertEquals(512, RecMethod.MRC.create(problem, mrc).encode(problem, SharedRandomness.fromSeed(3))
                .candidatesExamined());
        RecMethod.Settings irec = new RecMethod.Settings(null, null, null, 1.5, 1.2, 3, null, null, null);
        long measured = RecMethod.IREC.create(problem, irec).encode(problem, SharedRandomness.fromSeed(3))
                .candidatesExamined();
        assertEquals(RecMethod.IREC.estimate(problem, irec).candidates(), measured, 1e-6 * measured);
    }

    /** The target: 1 dimension, std 1e-300 (KL ≈ 996 bits). */
    @Test
    void aTargetBeyondReachIsRefusedWithTheCostAndTheOptions() {
        RecProblem far = iid(0, 1e-300, 1);
        RecCostException pfr = assertThrows(RecCostException.class, () -> RecMethod.PFR.create(far, DEFAULTS));
        assertTrue(pfr.getMessage().contains("2^996.6") && pfr.getMessage().contains("--max-candidates"),
                pfr.getMessage());
        assertNotNull(pfr.cost());
        // ORC no longer caps its default budget at 2^24 silently
        RecCostException orc = assertThrows(RecCostException.class, () -> RecMethod.ORC.create(far, DEFAULTS));
        assertTrue(orc.getMessage().contains("--budget-bits"), orc.getMessage());
        // an explicit budget runs, flagged as biased
        RecCost biased = RecMethod.ORC.check(far, DEFAULTS.withBudgetBits(12), 1);
        assertNotNull(biased.bias());
        for (RecMethod m : RecMethod.values()) {
            RecCost c = m.estimate(far, DEFAULTS);
            assertTrue(!c.feasible() || c.log2Candidates() > 32 || c.bias() != null || !m.isExact(), c.describe());
        }
    }

    /** Both variants used to die with NegativeArraySizeException while tabulating the stretch function. */
    @Test
    void gprsAtAThousandBitsFailsWithATypedError() {
        RecProblem far = iid(0, 1e-300, 1);
        for (GreedyPoissonRejectionSampling g : new GreedyPoissonRejectionSampling[] {
            GreedyPoissonRejectionSampling.global(1, 2), GreedyPoissonRejectionSampling.splitOnSample(1, 2)}) {
            assertThrows(IllegalArgumentException.class, () -> g.encode(far, SharedRandomness.fromSeed(1)));
        }
        assertThrows(RecCostException.class, () -> RecMethod.GPRS.create(far, DEFAULTS));
        assertThrows(RecCostException.class, () -> RecMethod.GPRS.create(far,
                new RecMethod.Settings(null, null, null, null, null, null, "global", null, null)));
        // beyond e^700 the table refuses before sizing itself
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> StretchFunction.of(iid(0, 1e-305, 1).ratio(0)));
        assertTrue(range.getMessage().contains("beyond the range"), range.getMessage());
        assertTrue(StretchFunction.nodesFor(StretchFunction.MAX_LOG_RMAX_NATS) < 20_000);
    }

    @Test
    void limitsCountEveryEncodingAndMemory() {
        RecProblem problem = iid(0.5, 0.02, 1);
        RecMethod.Settings tight = DEFAULTS.withMaxCandidates(1L << 10);
        RecMethod.PFR.check(problem, DEFAULTS.withMaxCandidates(1L << 7), 1);
        RecCostException many = assertThrows(RecCostException.class, () -> RecMethod.PFR.check(problem, tight, 1000));
        assertTrue(many.getMessage().contains("1000 encodings") && many.getMessage().contains("runs it anyway"),
                many.getMessage());
        RecCostException memory = assertThrows(RecCostException.class, () -> RecMethod.MRC.check(iid(0.8, 0.5, 4),
                DEFAULTS.withBudgetBits(16).withMaxMemoryBytes(1 << 20), 1));
        assertTrue(memory.getMessage().contains("memory"), memory.getMessage());
        assertNull(RecMethod.PFR.estimate(problem, DEFAULTS).bias());
        assertThrows(RecCostException.class, () -> RecMethod.PFR.check(iid(0, 1.5, 2), DEFAULTS, 1));
    }
}
