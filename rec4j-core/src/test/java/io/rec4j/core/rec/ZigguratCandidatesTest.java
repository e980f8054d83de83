package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import org.junit.jupiter.api.Test;

/** Shared candidates by generator: old candidates unchanged, and encoder and decoder agreeing under the ziggurat. */
class ZigguratCandidatesTest {

    /** Under the default generator a Gaussian candidate is still the quantile of the shared uniform, bit for bit. */
    @Test
    void inversionCandidatesAreTheQuantilesOfTheUniforms() {
        ProductDistribution p = ProductDistribution.gaussian(new double[] {0.3, -1, 5}, new double[] {0.1, 2, 0.7});
        SharedRandomness shared = SharedRandomness.fromSeed(11).derive(4);
        double[] x = new double[3];
        for (long i : new long[] {0, 1, 2, 99, 65_535, 1L << 33}) {
            p.candidate(shared, i, x);
            for (int d = 0; d < 3; d++) {
                assertEquals(Double.doubleToRawLongBits(p.marginal(d).quantile(shared.uniform(d, i))),
                        Double.doubleToRawLongBits(x[d]), "index " + i + " dim " + d);
            }
        }
    }

    @Test
    void zigguratCandidatesAreAffineInTheSharedNormals() {
        Normal n = new Normal(0.25, 0.125);
        ProductDistribution p = ProductDistribution.of(n, n);
        SharedRandomness shared = SharedRandomness.fromSeed(11, NormalGenerator.ZIGGURAT);
        double[] x = new double[2];
        for (long i = 0; i < 1000; i++) {
            p.candidate(shared, i, x);
            assertEquals(0.25 + 0.125 * shared.normal(1, i), x[1]);
        }
    }

    /**
     * ORC and MRC encode → decode with ziggurat candidates, on the table path (2^12 candidates of a 6-D Gaussian)
     * and the streaming path (a budget too large to tabulate for a bounded ratio): the decoder's candidate is the
     * encoder's sample, bit for bit. Each source is encoded several times under both generators (the first time
     * without a table, then from a cached one), so a table cached for the other generator, or a choice that depends
     * on the cache, would be caught.
     */
    @Test
    void encodeDecodeRoundTrip() {
        RecProblem problem = PoissonFunctionalRepresentationTest.gaussian(6, 0.4, 0.5);
        for (OrderedRandomCoding sim : new OrderedRandomCoding[] {OrderedRandomCoding.orc(12),
                OrderedRandomCoding.mrc(12), OrderedRandomCoding.orc(30)}) {
            for (int t = 0; t < 5; t++) {
                java.util.Map<NormalGenerator, Long> first = new java.util.EnumMap<>(NormalGenerator.class);
                for (NormalGenerator g : new NormalGenerator[] {NormalGenerator.INVERSION, NormalGenerator.ZIGGURAT,
                        NormalGenerator.INVERSION, NormalGenerator.ZIGGURAT, NormalGenerator.ZIGGURAT}) {
                    SharedRandomness shared = SharedRandomness.fromSeed(2024, g).derive(t);
                    Encoding e = sim.encode(problem, shared);
                    // first encoding streams the candidates, later ones use a cached table: the same choice
                    assertEquals(first.computeIfAbsent(g, x -> e.codeword().value(0)), e.codeword().value(0));
                    double[] decoded = sim.decode(problem.coding(), shared, e.codeword());
                    assertArrayEquals(e.sample(), decoded, sim.name() + " " + g + " trial " + t);
                    double[] direct = new double[problem.dimension()];
                    problem.coding().candidate(shared, e.codeword().value(0), direct);
                    assertArrayEquals(direct, decoded);
                }
            }
        }
    }

    /**
     * A COMBINER-sized block (2^16 candidates × 25 dimensions, large enough for the parallel paths): the first
     * encoding scores chunks on the fork-join pool without a table, the second builds the table (in parallel) and
     * the third reads it from the cache; all choose the same candidate, which the decoder regenerates bit for bit.
     */
    @Test
    void largeBlockChoosesTheSameWithAndWithoutTable() {
        RecProblem problem = PoissonFunctionalRepresentationTest.gaussian(25, 0.4, 0.5);
        OrderedRandomCoding orc = OrderedRandomCoding.orc(16);
        assertTrue(OrderedRandomCoding.usesTable(problem, 16, OrderedRandomCoding.Selection.ORDERED));
        SharedRandomness shared = SharedRandomness.fromSeed(77, NormalGenerator.ZIGGURAT).derive(5);
        Encoding first = orc.encode(problem, shared);
        for (int i = 0; i < 2; i++) {
            Encoding again = orc.encode(problem, shared);
            assertEquals(first.codeword().value(0), again.codeword().value(0));
            assertArrayEquals(first.sample(), again.sample());
        }
        assertArrayEquals(first.sample(), orc.decode(problem.coding(), shared, first.codeword()));
    }

    /** The two generators choose different candidates for the same key (the revision bump is not a no-op). */
    @Test
    void generatorsGiveDifferentCandidates() {
        RecProblem problem = PoissonFunctionalRepresentationTest.gaussian(6, 0.4, 0.5);
        OrderedRandomCoding orc = OrderedRandomCoding.orc(12);
        int differ = 0;
        for (int t = 0; t < 20; t++) {
            Encoding a = orc.encode(problem, SharedRandomness.fromSeed(9).derive(t));
            Encoding b = orc.encode(problem, SharedRandomness.fromSeed(9, NormalGenerator.ZIGGURAT).derive(t));
            differ += a.codeword().value(0) != b.codeword().value(0) ? 1 : 0;
        }
        assertTrue(differ >= 15, "only " + differ + " of 20 indices differ");
    }
}
