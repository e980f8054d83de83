package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import io.rec4j.core.rec.dist.Triangular;
import io.rec4j.core.rec.dist.Uniform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Exactness, codelength and runtime of PFR. Each KS test uses 2,000 draws at α = 0.001 (Bonferroni-corrected over
 * dimensions for the 5-D fixture).
 */
class PoissonFunctionalRepresentationTest {
    static final int TRIALS = 2000;

    static RecProblem gaussian(int dim, double m, double s) {
        return new RecProblem(ProductDistribution.iid(new Normal(m, s), dim), ProductDistribution.standardNormal(dim));
    }

    @ParameterizedTest
    @CsvSource({"1, 1.0, 0.25, 11", "1, 2.0, 0.3, 12", "5, 0.5, 0.6, 13"})
    void exactCodelengthAndRuntime(int dim, double m, double s, long seed) {
        RecProblem problem = gaussian(dim, m, s);
        ChannelSimulator pfr = PoissonFunctionalRepresentation.withZipf(problem.klBits());
        RecStats.Run run = RecStats.roundTrips(pfr, problem, TRIALS, seed);
        double critical = RecStats.ksCritical(TRIALS, 0.001 / dim);
        for (int d = 0; d < dim; d++) {
            double ks = RecStats.ks(run.dimension(d), problem.target().marginal(d));
            assertTrue(ks < critical, "dim " + d + ": KS " + ks + " >= " + critical);
        }
        assertTrue(run.meanBits() <= RecStats.sflBound(problem.klBits()),
                "mean bits " + run.meanBits() + " vs bound " + RecStats.sflBound(problem.klBits()));
        // E[candidates examined] = 2^{D∞} exactly (the count of arrivals below r_max times the Exp(1) minimum)
        double expected = Math.pow(2, problem.maxLogRatioBits());
        assertTrue(Math.abs(run.meanCandidates() - expected) <= 0.1 * expected,
                "mean candidates " + run.meanCandidates() + " vs 2^D∞ = " + expected);
    }

    /** A non-Gaussian pair: triangular on [0.3, 0.7] against Uniform[0, 1] (2^D∞ = 5). */
    @Test
    void exactForTriangularAgainstUniform() {
        RecProblem problem = new RecProblem(ProductDistribution.of(new Triangular(0.3, 0.5, 0.7)),
                ProductDistribution.of(new Uniform(0, 1)));
        RecStats.Run run = RecStats.roundTrips(PoissonFunctionalRepresentation.withZipf(problem.klBits()), problem, TRIALS, 21);
        double ks = RecStats.ks(run.dimension(0), problem.target().marginal(0));
        assertTrue(ks < RecStats.ksCritical(TRIALS, 0.001), "KS " + ks);
        assertTrue(Math.abs(run.meanCandidates() - 5) <= 0.5, "mean candidates " + run.meanCandidates());
        assertTrue(run.meanBits() <= RecStats.sflBound(problem.klBits()));
    }

    @Test
    void refusesUnboundedRatios() {
        RecProblem wide = gaussian(2, 0, 1.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoissonFunctionalRepresentation.withZipf(1).encode(wide, SharedRandomness.fromSeed(1)));
        assertTrue(e.getMessage().contains("orc"), e.getMessage());
    }

    @Test
    void corruptCodewordsAreRejected() {
        PoissonFunctionalRepresentation pfr = PoissonFunctionalRepresentation.withZipf(3);
        assertThrows(CorruptStreamException.class, () -> pfr.read(new BitReader(new byte[0])));
    }
}
