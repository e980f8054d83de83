package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.EliasGamma;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Laplace;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Round trips, codeword format and corruption handling of {@link IrecCoder}. */
class IrecCoderTest {

    /** A random diagonal Gaussian pair; some dimensions have σ_q > σ_p (unbounded ratio), which iREC handles. */
    static RecProblem randomProblem(SplittableRandom rng, int dim) {
        double[] mp = new double[dim];
        double[] sp = new double[dim];
        double[] mq = new double[dim];
        double[] sq = new double[dim];
        for (int d = 0; d < dim; d++) {
            mp[d] = rng.nextDouble(-2, 2);
            sp[d] = rng.nextDouble(0.5, 2);
            mq[d] = mp[d] + sp[d] * rng.nextDouble(-3, 3);
            sq[d] = sp[d] * Math.exp(rng.nextDouble(-2.5, 0.5));
        }
        return new RecProblem(ProductDistribution.gaussian(mq, sq), ProductDistribution.gaussian(mp, sp));
    }

    private static void assertBitIdentical(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int d = 0; d < expected.length; d++) {
            assertEquals(Double.doubleToRawLongBits(expected[d]), Double.doubleToRawLongBits(actual[d]),
                    "dimension " + d + ": " + expected[d] + " vs " + actual[d]);
        }
    }

    @Test
    void roundTripThroughBitstreamGreedyAndBeam() {
        SplittableRandom rng = new SplittableRandom(20201);
        IrecCoder[] coders = {
            IrecCoder.defaults(), new IrecCoder(3, 1.2, 4, IrecCoder.Selection.ARGMAX), IrecCoder.lossy(),
            new IrecCoder(2, 1.5, 3), new IrecCoder(3, 1.0, 1),
            new IrecCoder(3, 1.2, 1, IrecCoder.Selection.SAMPLE, IrecCoder.Split.POWER_LAW)
        };
        for (IrecCoder coder : coders) {
            BitWriter out = new BitWriter();
            int trials = 25;
            RecProblem[] problems = new RecProblem[trials];
            Encoding[] encodings = new Encoding[trials];
            long[] seeds = new long[trials];
            long totalBits = 0;
            for (int t = 0; t < trials; t++) {
                problems[t] = randomProblem(rng, 1 + rng.nextInt(10));
                seeds[t] = rng.nextLong();
                SharedRandomness shared = SharedRandomness.fromSeed(seeds[t]);
                encodings[t] = coder.encode(problems[t], shared);
                long before = out.bitLength();
                coder.write(encodings[t].codeword(), out);
                assertEquals(encodings[t].actualBits(), out.bitLength() - before, "charged bits = written bits");
                totalBits += encodings[t].actualBits();
                // direct decode
                assertBitIdentical(encodings[t].sample(), coder.decode(problems[t].coding(), shared, encodings[t].codeword()));
            }
            assertEquals(totalBits, out.bitLength());
            BitReader in = new BitReader(out.toByteArray());
            for (int t = 0; t < trials; t++) {
                Codeword read = coder.read(in);
                assertEquals(encodings[t].codeword(), read, coder + " trial " + t);
                SharedRandomness shared = SharedRandomness.fromSeed(seeds[t]);
                assertBitIdentical(encodings[t].sample(), coder.decode(problems[t].coding(), shared, read));
            }
        }
    }

    @Test
    void roundTripWithManyStepsUsesSeveralChunks() {
        // KL ≈ 80 dims × ~7 nats ≈ 560 nats → K ≈ 190 > one 128-index chunk.
        SplittableRandom rng = new SplittableRandom(7);
        int dim = 80;
        double[] mq = new double[dim];
        double[] sq = new double[dim];
        for (int d = 0; d < dim; d++) {
            mq[d] = rng.nextDouble(-4, 4);
            sq[d] = 0.02 + 0.05 * rng.nextDouble();
        }
        RecProblem problem = new RecProblem(ProductDistribution.gaussian(mq, sq), ProductDistribution.standardNormal(dim));
        for (IrecCoder coder : new IrecCoder[] {IrecCoder.defaults(), new IrecCoder(3, 1.2, 3)}) {
            SharedRandomness shared = SharedRandomness.fromSeed(99);
            Encoding e = coder.encode(problem, shared);
            long k = e.codeword().value(0);
            assertTrue(k > MixedRadix.CHUNK, "K = " + k);
            BitWriter out = new BitWriter();
            coder.write(e.codeword(), out);
            Codeword read = coder.read(new BitReader(out.toByteArray()));
            assertEquals(e.codeword(), read);
            assertBitIdentical(e.sample(), coder.decode(problem.coding(), shared, read));
        }
    }

    /**
     * bits = γ(K) + 6·[adaptive split and K > 1] + Σ_chunks ⌈c·log₂M⌉, with K = max(1, ⌈KL/Ω⌉), within one bit per
     * chunk of K·log₂M.
     */
    @Test
    void codelengthIdentity() {
        assertEquals(403, IrecCoder.defaults().candidatesPerStep());
        assertEquals(36, IrecCoder.lossless().candidatesPerStep());
        assertEquals(20, IrecCoder.lossy().candidatesPerStep());
        SplittableRandom rng = new SplittableRandom(3);
        for (IrecCoder coder : new IrecCoder[] {IrecCoder.defaults(),
                new IrecCoder(3, 1.2, 1, IrecCoder.Selection.SAMPLE, IrecCoder.Split.POWER_LAW)}) {
            int m = coder.candidatesPerStep();
            double log2m = Math.log(m) / Math.log(2);
            boolean adaptive = coder.split() == IrecCoder.Split.ADAPTIVE;
            for (int t = 0; t < 30; t++) {
                RecProblem problem = randomProblem(rng, 1 + rng.nextInt(16));
                Encoding e = coder.encode(problem, SharedRandomness.fromSeed(t));
                long k = e.codeword().value(0);
                assertEquals(Math.max(1, (long) Math.ceil(problem.klNats() / 3.0)), k);
                assertEquals(k + 2, e.codeword().size());
                long shapeBits = adaptive && k > 1 ? IrecSchedule.SHAPE_BITS : 0;
                if (shapeBits == 0) {
                    assertEquals(IrecSchedule.PAPER_SHAPE, e.codeword().value(1));
                }
                long packed = e.actualBits() - EliasGamma.INSTANCE.length(k) - shapeBits;
                double ideal = k * log2m;
                assertTrue(packed >= ideal && packed < ideal + Math.ceil(k / (double) MixedRadix.CHUNK),
                        "packed " + packed + " vs K·log2 M = " + ideal);
                assertEquals(EliasGamma.INSTANCE.length(k) + shapeBits + ideal, e.predictedBits(), 1e-9);
                assertEquals(k * m, e.candidatesExamined());
            }
        }
        // Q = P: KL = 0 still sends one step, and no shape.
        RecProblem same = new RecProblem(ProductDistribution.standardNormal(3), ProductDistribution.standardNormal(3));
        Encoding e = IrecCoder.defaults().encode(same, SharedRandomness.fromSeed(1));
        assertEquals(1, e.codeword().value(0));
        assertEquals(1 + 9, e.actualBits()); // γ(1) = 1 bit, ⌈log₂403⌉ = 9
        // exact chunk lengths: 128 indices over 36 symbols fit in ⌈128·log₂36⌉ = 662 bits
        assertEquals(662, new MixedRadix(36).length(128));
        assertEquals(662 + 6, new MixedRadix(36).length(129));
    }

    @Test
    void corruptAndTruncatedCodewordsAreRejected() {
        IrecCoder coder = new IrecCoder(3, 1.2, 1);
        SplittableRandom rng = new SplittableRandom(11);
        RecProblem problem = randomProblem(rng, 6);
        Encoding e = coder.encode(problem, SharedRandomness.fromSeed(5));
        assertTrue(e.codeword().value(0) > 1, "the fixture needs several steps");
        BitWriter out = new BitWriter();
        coder.write(e.codeword(), out);
        byte[] bytes = out.toByteArray();
        // truncated: drop the last byte (the codeword ends in it)
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
        assertThrows(CorruptStreamException.class, () -> coder.read(new BitReader(cut)));
        assertThrows(CorruptStreamException.class, () -> coder.read(new BitReader(new byte[0])));
        // K = 3 (γ: 011) and a shape (6 bits), then stream ends inside the indices
        BitWriter shortIdx = new BitWriter();
        EliasGamma.INSTANCE.write(shortIdx, 3);
        shortIdx.writeBits(5, IrecSchedule.SHAPE_BITS);
        shortIdx.writeBits(0, 3);
        assertThrows(CorruptStreamException.class, () -> coder.read(new BitReader(shortIdx.toByteArray())));
        // a chunk whose value is not below M^c: K = 3, a shape, then all-ones in ⌈3·log₂36⌉ = 16 bits
        BitWriter bad = new BitWriter();
        EliasGamma.INSTANCE.write(bad, 3);
        bad.writeBits(5, IrecSchedule.SHAPE_BITS);
        bad.writeBits(0xFFFF, 16);
        assertThrows(CorruptStreamException.class, () -> coder.read(new BitReader(bad.toByteArray())));
        // a step count above MAX_STEPS
        BitWriter huge = new BitWriter();
        EliasGamma.INSTANCE.write(huge, IrecCoder.MAX_STEPS + 1L);
        huge.writeBits(0, 64);
        assertThrows(CorruptStreamException.class, () -> coder.read(new BitReader(huge.toByteArray())));
        // malformed codeword objects handed to decode or write
        ProductDistribution p = problem.coding();
        SharedRandomness s = SharedRandomness.fromSeed(5);
        int paper = IrecSchedule.PAPER_SHAPE;
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, s, new Codeword(new long[] {2, 0, 0, 36}, 19)));
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, s, new Codeword(new long[] {2, 0, 0}, 13)));
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, s, new Codeword(new long[] {2, 64, 0, 0}, 19)));
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, s, new Codeword(new long[] {2, -1, 0, 0}, 19)));
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, s, new Codeword(new long[] {1, 3, 0}, 7)));
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, s, new Codeword(new long[] {0, paper}, 1)));
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, s, new Codeword(new long[] {1}, 1)));
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, s, new Codeword(new long[0], 0)));
        assertThrows(CorruptStreamException.class, () -> coder.write(new Codeword(new long[] {2, 64, 0, 0}, 19),
                new BitWriter()));
        // the paper's split sends no shape: any other shape in a codeword object is refused
        IrecCoder powerLaw = new IrecCoder(3, 1.2, 1, IrecCoder.Selection.SAMPLE, IrecCoder.Split.POWER_LAW);
        assertThrows(CorruptStreamException.class, () -> powerLaw.decode(p, s, new Codeword(new long[] {2, 5, 0, 0}, 13)));
        powerLaw.decode(p, s, new Codeword(new long[] {2, paper, 0, 0}, 13));
    }

    @Test
    void refusesNonGaussianAndBadSettings() {
        IrecCoder coder = IrecCoder.defaults();
        RecProblem laplace = new RecProblem(ProductDistribution.of(new Laplace(0, 1)), ProductDistribution.of(new Normal(0, 1)));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> coder.encode(laplace, SharedRandomness.fromSeed(1)));
        assertTrue(ex.getMessage().contains("Gaussian"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> coder.decode(ProductDistribution.of(new Laplace(0, 1)),
                SharedRandomness.fromSeed(1), new Codeword(new long[] {1, 0}, 7)));
        assertThrows(IllegalArgumentException.class, () -> new IrecCoder(0.5, 1.0, 1)); // M = 1
        assertThrows(IllegalArgumentException.class, () -> new IrecCoder(3, 1.2, 0));
        assertThrows(IllegalArgumentException.class, () -> new IrecCoder(Double.NaN, 1.2, 1));
        assertEquals("irec", coder.name());
        assertTrue(!coder.isExact());
    }

    @Test
    void selectionParsesAndKeepsTheFormat() {
        assertEquals(IrecCoder.Selection.SAMPLE, IrecCoder.Selection.parse(" Sample"));
        assertEquals(IrecCoder.Selection.ARGMAX, IrecCoder.Selection.parse("ARGMAX"));
        assertThrows(IllegalArgumentException.class, () -> IrecCoder.Selection.parse("gumbel"));
        IrecCoder argmax = IrecCoder.defaults().withSelection(IrecCoder.Selection.ARGMAX);
        assertEquals(IrecCoder.Selection.ARGMAX, argmax.selection());
        assertEquals(IrecCoder.Selection.SAMPLE, IrecCoder.defaults().selection());
        assertEquals(IrecCoder.Split.ADAPTIVE, IrecCoder.defaults().split());
        assertEquals(IrecCoder.defaults().candidatesPerStep(), argmax.candidatesPerStep());
        // the decoder does not depend on the selection: a codeword of one decodes with the other
        RecProblem problem = randomProblem(new SplittableRandom(4), 5);
        SharedRandomness shared = SharedRandomness.fromSeed(8);
        Encoding e = argmax.encode(problem, shared);
        assertBitIdentical(e.sample(), IrecCoder.defaults().decode(problem.coding(), shared, e.codeword()));
        assertThrows(IllegalArgumentException.class,
                () -> new IrecCoder(3, 1.2, 1, IrecCoder.Selection.SAMPLE, null));
        assertThrows(IllegalArgumentException.class, () -> new IrecCoder(3, 1.2, 1, null));
    }
}
