package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    private static final RecProblem PROBLEM = new RecProblem(ProductDistribution.iid(new Normal(0.8, 0.5), 2),
            ProductDistribution.standardNormal(2));

    @Test
    void decodesTheEncodersSampleFromTheBitsAlone() {
        ChannelSimulator pfr = PoissonFunctionalRepresentation.withZipf(PROBLEM.klBits());
        SharedRandomness shared = SharedRandomness.fromSeed(5);
        Encoding e = pfr.encode(PROBLEM, shared);
        RoundTrip rt = RoundTrip.of(pfr, PROBLEM.coding(), shared, e);
        assertEquals(e.codeword().bitLength(), rt.bits());
        assertEquals((rt.bits() + 7) / 8, rt.streamBytes());
        assertArrayEquals(e.sample(), rt.decoded());
    }

    /** A simulator whose writer and decoder disagree with its encoder is caught, not passed on as a sample. */
    @Test
    void inconsistentSimulatorsAreCaught() {
        ChannelSimulator pfr = PoissonFunctionalRepresentation.withZipf(PROBLEM.klBits());
        SharedRandomness shared = SharedRandomness.fromSeed(5);
        Encoding e = pfr.encode(PROBLEM, shared);
        ChannelSimulator extraBit = new Delegate(pfr) {
            @Override
            public void write(Codeword codeword, BitWriter out) {
                super.write(codeword, out);
                out.writeBit(false);
            }
        };
        assertThrows(IllegalStateException.class, () -> RoundTrip.of(extraBit, PROBLEM.coding(), shared, e));
        ChannelSimulator otherSeed = new Delegate(pfr) {
            @Override
            public double[] decode(ProductDistribution coding, SharedRandomness s, Codeword codeword) {
                return super.decode(coding, SharedRandomness.fromSeed(6), codeword);
            }
        };
        assertThrows(IllegalStateException.class, () -> RoundTrip.of(otherSeed, PROBLEM.coding(), shared, e));
    }

    /**
     * Simulators whose code needs the coding distribution and the shared randomness (the heap path code of A* coding
     * and split-on-sample GPRS) go through the overloads that take them; a reader that returns another codeword is
     * caught.
     */
    @Test
    void codesMatchedToTheCodingDistributionUseTheOverloads() {
        RecProblem problem = new RecProblem(ProductDistribution.iid(new Normal(0, 0.01), 2),
                ProductDistribution.standardNormal(2));
        SharedRandomness shared = SharedRandomness.fromSeed(9);
        for (ChannelSimulator sim : new ChannelSimulator[] {AStarCoding.exact(2, problem.klBits() / 2 + 1),
                GreedyPoissonRejectionSampling.splitOnSample(2, problem.klBits() / 2 + 1)}) {
            Encoding e = sim.encode(problem, shared);
            assertThrows(UnsupportedOperationException.class, () -> sim.write(e.codeword(), new BitWriter()));
            RoundTrip rt = RoundTrip.of(sim, problem.coding(), shared, e);
            assertEquals(e.codeword().bitLength(), rt.bits());
            assertArrayEquals(e.sample(), rt.decoded());
        }
        ChannelSimulator pfr = PoissonFunctionalRepresentation.withZipf(PROBLEM.klBits());
        Encoding e = pfr.encode(PROBLEM, shared);
        ChannelSimulator wrongIndex = new Delegate(pfr) {
            @Override
            public Codeword read(BitReader in) {
                Codeword c = super.read(in);
                return new Codeword(new long[] {c.value(0) + 1}, c.bitLength());
            }
        };
        assertThrows(IllegalStateException.class, () -> RoundTrip.of(wrongIndex, PROBLEM.coding(), shared, e));
    }

    private static class Delegate implements ChannelSimulator {
        private final ChannelSimulator inner;

        Delegate(ChannelSimulator inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public boolean isExact() {
            return inner.isExact();
        }

        @Override
        public Encoding encode(RecProblem problem, SharedRandomness shared) {
            return inner.encode(problem, shared);
        }

        @Override
        public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
            return inner.decode(coding, shared, codeword);
        }

        @Override
        public void write(Codeword codeword, BitWriter out) {
            inner.write(codeword, out);
        }

        @Override
        public Codeword read(BitReader in) {
            return inner.read(in);
        }
    }
}
