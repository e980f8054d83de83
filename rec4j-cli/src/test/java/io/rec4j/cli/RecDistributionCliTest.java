package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.testkit.KolmogorovSmirnov;
import io.rec4j.core.rec.dist.DistributionSpec;
import io.rec4j.core.rec.dist.ProductDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rec4j rec roundtrip --target DIST --coding DIST} (issue 11): the grammar, the CSV contract, the exactness of
 * the decoded samples for a multimodal target, refusals that name a method that can, and the TV summary of
 * approximate methods.
 */
class RecDistributionCliTest {
    private static final String MIXTURE_2D = "mixture(0.5:normal(-2,0.5),0.5:normal(2,0.5));laplace(1,0.3)";

    /** The issue's example pairs Laplace(1, 0.3) with N(0, 1), whose ratio is unbounded: exact methods refuse it. */
    @Test
    void theIssuesExampleIsRefusedByExactMethodsWithMethodsThatFit() {
        CliTest.Result r = CliTest.run("rec", "roundtrip", "--method", "pfr", "--dim", "2", "--target", MIXTURE_2D,
                "--coding", "normal(0,3);normal(0,1)", "--trials", "5");
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        assertTrue(r.err().contains("D∞[Q‖P] is infinite") && r.err().contains("methods that fit"), r.err());
        CliTest.Result orc = CliTest.run("rec", "roundtrip", "--method", "orc", "--dim", "2", "--target", MIXTURE_2D,
                "--coding", "normal(0,3);normal(0,1)", "--trials", "5", "--budget-bits", "12");
        assertEquals(Main.EXIT_OK, orc.code(), orc.err());
    }

    @Test
    void aMultimodalTargetRunsAndItsDecodedSamplesFollowTheTarget() {
        int n = 600;
        CliTest.Result r = CliTest.run("rec", "roundtrip", "--method", "pfr", "--dim", "2", "--target", MIXTURE_2D,
                "--coding", "normal(0,3);laplace(0,1)", "--trials", Integer.toString(n), "--seed", "7");
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("trial,bits,candidates,x1,x2", lines[0]);
        assertEquals(n + 1, lines.length);
        ProductDistribution q = DistributionSpec.parse(MIXTURE_2D, 2);
        double crit = KolmogorovSmirnov.criticalValue(n, 0.001 / 2);
        for (int d = 0; d < 2; d++) {
            double[] xs = new double[n];
            for (int t = 0; t < n; t++) {
                xs[t] = Double.parseDouble(lines[t + 1].split(",")[3 + d]);
            }
            int dim = d;
            double ks = KolmogorovSmirnov.statistic(xs, x -> q.marginal(dim).cdf(x));
            assertTrue(ks < crit, "dimension " + (d + 1) + ": KS " + ks + " >= " + crit);
        }
        assertTrue(r.err().contains("largest per-dimension KS distance"), r.err());
    }

    @Test
    void splitGprsRefusesAMultimodalRatioAndNamesAMethodThatCan() {
        CliTest.Result r = CliTest.run("rec", "roundtrip", "--method", "gprs", "--dim", "1", "--target",
                "normal(0,1)", "--coding", "laplace(0,1)", "--trials", "5");
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--gprs-variant global"), r.err());
        assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
        CliTest.Result global = CliTest.run("rec", "roundtrip", "--method", "gprs", "--gprs-variant", "global",
                "--dim", "1", "--target", "normal(0,1)", "--coding", "laplace(0,1)", "--trials", "5");
        assertEquals(Main.EXIT_OK, global.code(), global.err());
    }

    @Test
    void approximateMethodsPrintTheirCertifiedTv() {
        CliTest.Result r = CliTest.run("rec", "roundtrip", "--method", "orc", "--dim", "3", "--target",
                "laplace(0.5,0.4)", "--coding", "laplace(0,1)", "--trials", "20");
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        assertTrue(r.err().contains("certified TV[decoded law, Q] <= "), r.err());
        CliTest.Result astar = CliTest.run("rec", "roundtrip", "--method", "astar-dl", "--dim", "1", "--target",
                "uniform(-1,1)", "--coding", "normal(0,1)", "--trials", "20");
        assertEquals(Main.EXIT_OK, astar.code(), astar.err());
        assertTrue(astar.err().contains("TV: no certificate"), astar.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal(0,", "normal(0,-1)", "uniform(1,0)", "mixture(0.7:normal(0,1),0.7:normal(1,1))",
        "gamma(1,1)", "normal(0,1);normal(0,1);normal(0,1)", "normal(NaN,1)", ""})
    void badDistributionsAreUsageErrorsOnOneLine(String dist) {
        CliTest.Result r = CliTest.run("rec", "roundtrip", "--method", "pfr", "--dim", "2", "--target", dist,
                "--trials", "1");
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void shorthandAndDistributionFormsAreExclusive() {
        CliTest.Result both = CliTest.run("rec", "roundtrip", "--method", "pfr", "--dim", "1", "--target",
                "normal(0,0.5)", "--target-mean", "0", "--target-std", "0.5", "--trials", "1");
        assertEquals(Main.EXIT_USAGE, both.code());
        CliTest.Result none = CliTest.run("rec", "roundtrip", "--method", "pfr", "--dim", "1", "--trials", "1");
        assertEquals(Main.EXIT_USAGE, none.code());
        CliTest.Result codingOnly = CliTest.run("rec", "roundtrip", "--method", "pfr", "--dim", "1",
                "--target-mean", "0", "--target-std", "0.5", "--coding", "normal(0,2)", "--trials", "1");
        assertEquals(Main.EXIT_USAGE, codingOnly.code());
        // the shorthand is the same problem as its DIST form: same bytes, same samples
        CliTest.Result shorthand = CliTest.run("rec", "roundtrip", "--method", "pfr", "--dim", "2",
                "--target-mean", "0.3", "--target-std", "0.5", "--trials", "5");
        CliTest.Result spelled = CliTest.run("rec", "roundtrip", "--method", "pfr", "--dim", "2",
                "--target", "normal(0.3,0.5)", "--coding", "normal(0,1)", "--trials", "5");
        assertEquals(shorthand.out(), spelled.out());
    }
}
