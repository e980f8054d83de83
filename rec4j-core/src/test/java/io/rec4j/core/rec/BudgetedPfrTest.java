package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.rec.dist.RecProblem;
import org.junit.jupiter.api.Test;

class BudgetedPfrTest {
    static final int TRIALS = 3000;

    @Test
    void budgetAndCertificateAreInverse() {
        // Flamich and Wells (arXiv 2405.04363): KL = 10 bits, ε = 0.5 needs log2 N >= (10 + 1.5307)/0.5 = 23.06
        assertEquals(24, BudgetedPfr.budgetBitsFor(10, 0.5));
        BudgetedPfr b = new BudgetedPfr(24, 11);
        assertTrue(b.certifiedEpsilon(10) <= 0.5);
        assertTrue(new BudgetedPfr(23, 11).certifiedEpsilon(10) > 0.5);
        assertEquals(1.0, new BudgetedPfr(2, 11).certifiedEpsilon(10));
        double previous = 1;
        for (int k = 12; k <= 30; k++) {
            double e = new BudgetedPfr(k, 11).certifiedEpsilon(10);
            assertTrue(e <= previous);
            previous = e;
        }
        assertThrows(IllegalArgumentException.class, () -> BudgetedPfr.budgetBitsFor(30, 0.01));
    }

    /**
     * The certificate bounds the measured distance: the KS distance is a lower bound on TV, so a KS statistic
     * significantly above the certified ε (beyond the α = 0.001 sampling allowance) would refute it.
     */
    @Test
    void certifiedEpsilonBoundsTheMeasuredDistance() {
        RecProblem problem = PoissonFunctionalRepresentationTest.gaussian(1, 2.0, 0.3);
        for (int kappa : new int[] {3, 6, 9}) {
            BudgetedPfr b = new BudgetedPfr(kappa, problem.klBits() + 1);
            RecStats.Run run = RecStats.roundTrips(b, problem, TRIALS, 40 + kappa);
            double ks = RecStats.ks(run.dimension(0), problem.target().marginal(0));
            double eps = b.certifiedEpsilon(problem.klBits());
            assertTrue(ks - RecStats.ksCritical(TRIALS, 0.001) <= eps, "κ=" + kappa + ": KS " + ks + " vs certified " + eps);
            assertTrue(run.meanBits() <= RecStats.sflBound(problem.klBits()), "mean bits " + run.meanBits());
        }
    }
}
