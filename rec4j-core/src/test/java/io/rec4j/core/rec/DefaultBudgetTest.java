package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixed-budget methods' default budgets come from a TV certificate (issue 11, defect 3). The fixture is a 5-D
 * target with KL = 3.3 bits and D∞ = 10.0 bits, where the old defaults (κ = ⌈KL⌉ + 2 = 6 bits for orc and mrc, 2–3
 * bits per bin for sp-orc) gave biased samples. With the default certificate TV ≤ 0.01, each dimension's marginal must
 * pass a KS test at α = 0.001/5 (Bonferroni over the five dimensions) on 4,000 (orc) or 1,000 (mrc and sp-orc, which
 * scan their whole budgets) decoded samples; a TV of 0.01 moves a KS statistic by at most 0.01, below the critical
 * values 0.034 and 0.068. Measured with the old defaults on these draws: orc KS up to 0.054, mrc up to 0.081, sp-orc up
 * to 0.15 (failing in 4, 2 and 4 of the 5 dimensions).
 */
class DefaultBudgetTest {
    private static final int DRAWS = 2000;
    private static final int DIM = 5;

    static RecProblem fixture() {
        return new RecProblem(ProductDistribution.iid(new Normal(0.915, 0.8), DIM), ProductDistribution.standardNormal(DIM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orc", "mrc", "sp-orc"})
    void defaultBudgetsCertifyTheDefaultTvAndPassKs(String method) {
        RecProblem problem = fixture();
        assertTrue(problem.maxLogRatioBits() > 9.9 && problem.maxLogRatioBits() < 10.1, "D_inf about 10 bits");
        RecMethod m = RecMethod.of(method);
        RecMethod.Settings plain = RecMethod.Settings.defaults();
        RecMethod.TvCertificate tv = m.tvBound(problem, plain);
        assertNotNull(tv, method + " has a certificate");
        assertTrue(tv.bound() <= RecMethod.DEFAULT_TV, method + ": certified " + tv);
        ChannelSimulator sim = m.create(problem, plain);
        // mrc scans all 2^17 candidates of its default budget and sp-orc all 2^15 steps: fewer draws keep the test
        // short; orc stops early (PFR's stopping rule) and is cheap
        int draws = method.equals("orc") ? 2 * DRAWS : DRAWS / 2;
        RecStats.Run run = RecStats.roundTrips(sim, problem, draws, 0xB0D6E7L + method.hashCode());
        double crit = RecStats.ksCritical(draws, 0.001 / DIM);
        for (int d = 0; d < DIM; d++) {
            double ks = RecStats.ks(run.dimension(d), problem.target().marginal(d));
            assertTrue(ks < crit, method + " dimension " + d + ": KS " + ks + " >= " + crit);
        }
    }

    @Test
    void certificatesFollowTheirFormulas() {
        RecProblem problem = fixture();
        double dinf = problem.maxLogRatioBits();
        double kl = problem.klBits();
        RecMethod.Settings k12 = RecMethod.Settings.defaults().withBudgetBits(12);
        // orc: min((KL + 1.5307)/κ, 2^(D∞ − κ))
        double orc = RecMethod.ORC.tvBound(problem, k12).bound();
        assertTrue(Math.abs(orc - Math.min((kl + BudgetedPfr.LI_EL_GAMAL_BITS) / 12, Math.pow(2, dinf - 12))) < 1e-12);
        // mrc: (r − 1)/(N + r − 1)
        double r = Math.pow(2, dinf);
        double mrc = RecMethod.MRC.tvBound(problem, k12).bound();
        assertTrue(Math.abs(mrc - (r - 1) / (4096 + r - 1)) < 1e-12);
        // exact methods and methods without a certificate have none
        assertNull(RecMethod.PFR.tvBound(problem, RecMethod.Settings.defaults()));
        assertNull(RecMethod.ASTAR_DL.tvBound(problem, RecMethod.Settings.defaults()));
        // an unbounded ratio: mrc has no certificate and no default budget
        RecProblem wide = new RecProblem(ProductDistribution.iid(new Normal(0, 1.5), 1), ProductDistribution.standardNormal(1));
        assertThrows(RecCostException.class, () -> RecMethod.MRC.create(wide, RecMethod.Settings.defaults()));
        assertNull(RecMethod.MRC.tvBound(wide, RecMethod.Settings.defaults().withBudgetBits(10)));
        // budget and epsilon together are refused
        RecMethod.Settings both = new RecMethod.Settings(10, 0.1, null, null, null, null, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> RecMethod.ORC.create(problem, both));
    }
}
