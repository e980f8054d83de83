package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Laplace;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import org.junit.jupiter.api.Test;

class OrderedRandomCodingTest {
    static final int TRIALS = 2000;

    /**
     * Bias shrinks as the budget grows (Q = N(2, 0.3²), KL 3.97 bits; {@code docs/algorithms.md},
     * "Ordered random coding (ORC)"). At κ = 2 the selection is visibly biased (KS rejects at α = 0.001); at κ = 10 (≈
     * 2^{KL+6}) it is not; the statistic decreases.
     */
    @Test
    void biasShrinksWithBudget() {
        RecProblem problem = PoissonFunctionalRepresentationTest.gaussian(1, 2.0, 0.3);
        double critical = RecStats.ksCritical(TRIALS, 0.001);
        for (String method : new String[] {"orc", "mrc"}) {
            double previous = Double.POSITIVE_INFINITY;
            double first = 0;
            double last = 0;
            for (int kappa : new int[] {2, 6, 10}) {
                OrderedRandomCoding sim = method.equals("orc") ? OrderedRandomCoding.orc(kappa) : OrderedRandomCoding.mrc(kappa);
                RecStats.Run run = RecStats.roundTrips(sim, problem, TRIALS, 100 + kappa);
                double ks = RecStats.ks(run.dimension(0), problem.target().marginal(0));
                assertEquals(kappa, run.meanBits(), 0.0, "fixed-length index");
                if (kappa == 2) {
                    first = ks;
                }
                last = ks;
                assertTrue(ks < previous, method + " κ=" + kappa + ": KS " + ks + " did not fall below " + previous);
                previous = ks;
            }
            assertTrue(first > critical, method + ": κ=2 should be detectably biased, KS " + first);
            assertTrue(last < critical, method + ": κ=10 should look unbiased, KS " + last);
        }
    }

    /** ORC with N candidates selects exactly PFR's sample whenever PFR's index is at most N. */
    @Test
    void agreesWithPfrWhenPfrIndexFitsTheBudget() {
        RecProblem problem = PoissonFunctionalRepresentationTest.gaussian(3, 0.7, 0.5);
        PoissonFunctionalRepresentation pfr = PoissonFunctionalRepresentation.withZipf(problem.klBits());
        OrderedRandomCoding orc = OrderedRandomCoding.orc(8);
        int agreed = 0;
        for (int t = 0; t < 300; t++) {
            SharedRandomness shared = SharedRandomness.fromSeed(5).derive(t);
            Encoding e = pfr.encode(problem, shared);
            if (e.codeword().value(0) <= 256) {
                Encoding o = orc.encode(problem, shared);
                assertEquals(e.codeword().value(0) - 1, o.codeword().value(0));
                assertArrayEquals(e.sample(), o.sample());
                agreed++;
            }
        }
        assertTrue(agreed > 250, "too few comparable trials: " + agreed);
    }

    /** The Gaussian table path and the generic streaming path select the same candidate. */
    @Test
    void gaussianFastPathMatchesStreaming() {
        RecProblem g = PoissonFunctionalRepresentationTest.gaussian(4, -0.4, 0.7);
        OrderedRandomCoding orc = OrderedRandomCoding.orc(9);
        for (int t = 0; t < 20; t++) {
            SharedRandomness shared = SharedRandomness.fromSeed(9).derive(t);
            Encoding fast = orc.encode(g, shared);
            double[] x = orc.decode(g.coding(), shared, fast.codeword());
            assertArrayEquals(fast.sample(), x);
            double best = Double.NEGATIVE_INFINITY;
            long bestIndex = -1;
            // brute force over the generic candidate map with the same private arrival times
            Arrivals arrivals = new Arrivals(shared, 0);
            double[] c = new double[4];
            for (long n = 0; n < 512; n++) {
                double noise = -io.rec4j.core.math.FastLog.log(arrivals.next());
                g.coding().candidate(shared, n, c);
                double score = g.logRatio(c) + noise;
                if (score > best) {
                    best = score;
                    bestIndex = n;
                }
            }
            assertEquals(bestIndex, fast.codeword().value(0));
        }
    }

    @Test
    void worksForUnboundedRatiosAndNonGaussians() {
        RecProblem wide = PoissonFunctionalRepresentationTest.gaussian(2, 0.3, 1.3);
        RecStats.roundTrips(OrderedRandomCoding.orc(6), wide, 50, 1);
        RecProblem laplace = new RecProblem(ProductDistribution.of(new Laplace(0.5, 0.4)), ProductDistribution.of(new Laplace(0, 1)));
        RecStats.Run run = RecStats.roundTrips(OrderedRandomCoding.orc(10), laplace, TRIALS, 2);
        double ks = RecStats.ks(run.dimension(0), laplace.target().marginal(0));
        assertTrue(ks < RecStats.ksCritical(TRIALS, 0.001), "KS " + ks);
    }

    @Test
    void rejectsOutOfBudgetIndices() {
        OrderedRandomCoding orc = OrderedRandomCoding.orc(4);
        assertThrows(CorruptStreamException.class,
                () -> orc.decode(ProductDistribution.standardNormal(1), SharedRandomness.fromSeed(1), new Codeword(new long[] {16}, 4)));
        assertThrows(IllegalArgumentException.class, () -> OrderedRandomCoding.orc(41));
    }
}
