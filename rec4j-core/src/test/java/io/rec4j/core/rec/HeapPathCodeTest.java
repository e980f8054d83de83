package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.Laplace;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import io.rec4j.core.rec.dist.Triangular;
import io.rec4j.core.rec.dist.Uniform;
import io.rec4j.testkit.FreshJvm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The heap path code ({@link HeapPathCode}; {@code docs/algorithms.md}, "Index codes") of A* coding (Flamich, Markou,
 * Hernández-Lobato, ICML 2022, arXiv 2201.12857) and split-on-sample GPRS (Flamich, NeurIPS 2023, arXiv 2305.15313,
 * Alg. 5): exact lengths, round trips down to depth 62, the length against the model's information content,
 * truncated and random streams, determinism across JVMs.
 */
class HeapPathCodeTest {
    private static final Distribution1D[] CODINGS = {new Normal(0, 1), new Normal(-3, 0.01), new Laplace(1, 2),
        new Uniform(-1, 1), new Triangular(-1, 0, 2)};

    /** The AS* tree of {@code p} under {@code seed}: split at each node's own candidate. */
    static HeapPathCode.Tree tree(Distribution1D p, long seed, int maxDepth) {
        RestrictedSampler s = RestrictedSampler.of(p);
        SharedRandomness cand = SharedRandomness.fromSeed(seed);
        return new HeapPathCode.Tree(s, p.supportMin(), p.supportMax(), (a, b, h) -> s.sample(a, b, cand, h),
                maxDepth);
    }

    /**
     * The heap index of the path of {@code depth} steps that homes in on {@code t} (right while the split point is
     * below t), stopping early where an interval would become empty; intervals around an interior point stay
     * representable to depth 62 for the tail-safe samplers.
     */
    static long homingPath(HeapPathCode.Tree tree, double t, int depth) {
        double a = tree.lo();
        double b = tree.hi();
        long h = 1;
        for (int k = 0; k < depth; k++) {
            double x = tree.splitter().split(a, b, h);
            boolean right = x < t;
            double na = right ? x : a;
            double nb = right ? b : x;
            if (!(na < nb)) {
                break;
            }
            a = na;
            b = nb;
            h = 2 * h + (right ? 1 : 0);
        }
        return h;
    }

    /** Writes h between an unrelated prefix and suffix, reads it back and checks index, length and position. */
    static void assertRoundTrip(HeapPathCode code, HeapPathCode.Tree tree, long h) {
        BitWriter w = new BitWriter();
        w.writeBits(0b1011, 4);
        code.write(w, h, tree);
        long len = code.length(h, tree);
        assertEquals(4 + len, w.bitLength(), "length() must equal the bits written, h = " + h);
        w.writeBits(0x2A5, 10);
        BitReader r = new BitReader(w.toByteArray());
        assertEquals(0b1011, r.readBits(4));
        HeapPathCode.Read read = code.read(r, tree);
        assertEquals(h, read.index());
        assertEquals(len, read.bits());
        assertEquals(0x2A5, r.readBits(10), "the reader must stop exactly at the end of the codeword");
    }

    @Test
    void theRootCostsExactlyTheStopBits() {
        for (double lambda : new double[] {0.01, 1, 1.46, 3, 10.24, 1e3, 1e12}) {
            HeapPathCode code = new HeapPathCode(lambda);
            int j = HeapPathCode.stopBits(lambda);
            assertEquals(Math.min(Math.max(Math.round(Math.log(lambda + 1) / Math.log(2)), 1), 31), j);
            assertEquals(j, code.length(1, tree(new Normal(0, 1), 3, 62)), "λ = " + lambda);
            assertEquals(0, code.length(1, tree(new Normal(0, 1), 3, 0)), "a root at the depth limit costs nothing");
            assertRoundTrip(code, tree(new Normal(0, 1), 3, 62), 1);
        }
    }

    /** Paths to depth 62 (to the limit where the interval stays non-empty) in every coding distribution. */
    @Test
    void deepPathsRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(17);
        int deepest = 0;
        for (Distribution1D p : CODINGS) {
            for (int i = 0; i < 40; i++) {
                HeapPathCode code = new HeapPathCode(rnd.nextDouble(0.5, 40));
                HeapPathCode.Tree tree = tree(p, rnd.nextLong(), 62);
                double lo = Math.max(p.supportMin(), -5);
                double hi = Math.min(p.supportMax(), 5);
                double t = i == 0 ? p.supportMin() : i == 1 ? p.supportMax() : rnd.nextDouble(lo, hi);
                long h = homingPath(tree, t, 1 + rnd.nextInt(62));
                deepest = Math.max(deepest, HeapPathCode.depthOf(h));
                assertRoundTrip(code, tree, h);
            }
        }
        assertEquals(62, deepest);
    }

    /** A depth limit makes its nodes leaves: no stop decision is coded there, and deeper indices are refused. */
    @Test
    void depthLimitedTrees() {
        HeapPathCode code = new HeapPathCode(5);
        for (int limit = 1; limit <= 8; limit++) {
            HeapPathCode.Tree tree = tree(new Normal(0, 1), 100 + limit, limit);
            for (long h = 1; h < 1L << (limit + 1); h++) {
                assertRoundTrip(code, tree, h);
            }
            long deeper = 1L << (limit + 1);
            assertThrows(IllegalArgumentException.class, () -> code.length(deeper, tree));
        }
        assertThrows(IllegalArgumentException.class, () -> code.length(0, tree(new Normal(0, 1), 1, 4)));
    }

    /**
     * The codeword of a node is the shortest dyadic interval inside the node's interval, whose width W (a product of
     * the quantised probabilities of the decisions) gives {@code −log2 W ≤ n < −log2 W + 2}.
     */
    @Test
    void lengthIsWithinTwoBitsOfTheInformationContent() {
        SplittableRandom rnd = new SplittableRandom(23);
        for (Distribution1D p : new Distribution1D[] {new Normal(0, 1), new Laplace(0, 1), new Uniform(0, 1)}) {
            for (int i = 0; i < 300; i++) {
                double lambda = rnd.nextDouble(0.5, 30);
                HeapPathCode code = new HeapPathCode(lambda);
                HeapPathCode.Tree tree = tree(p, rnd.nextLong(), 62);
                long h = homingPath(tree, rnd.nextDouble(Math.max(p.supportMin(), -3), Math.min(p.supportMax(), 3)),
                        rnd.nextInt(30));
                double info = information(code, tree, h);
                long n = code.length(h, tree);
                assertTrue(n >= info - 1e-9 && n < info + 2, "n = " + n + ", −log2 W = " + info + ", h = " + h);
            }
        }
    }

    /** {@code −log2} of the product of the quantised probabilities of the decisions on the path to {@code h}. */
    private static double information(HeapPathCode code, HeapPathCode.Tree tree, long h) {
        int k = HeapPathCode.depthOf(h);
        double stop = Math.pow(2, -HeapPathCode.stopBits(code.lambda()));
        double bits = k < tree.maxDepth() ? -Math.log(stop) / Math.log(2) : 0;
        double a = tree.lo();
        double b = tree.hi();
        long node = 1;
        for (int i = k - 1; i >= 0; i--) {
            double x = tree.splitter().split(a, b, node);
            double left = code.leftFrequency(tree.p(), a, x, b) / 0x1p32;
            boolean right = ((h >>> i) & 1) == 1;
            bits -= Math.log(right ? 1 - stop - left : left) / Math.log(2);
            if (right) {
                a = x;
            } else {
                b = x;
            }
            node = 2 * node + (right ? 1 : 0);
        }
        return bits;
    }

    /** Every byte-aligned proper prefix of a codeword is refused: the decoder needs all of its bits. */
    @Test
    void truncatedCodewordsAreRefused() {
        SplittableRandom rnd = new SplittableRandom(29);
        for (int i = 0; i < 100; i++) {
            HeapPathCode code = new HeapPathCode(rnd.nextDouble(1, 20));
            HeapPathCode.Tree tree = tree(new Normal(0, 1), rnd.nextLong(), 62);
            long h = homingPath(tree, rnd.nextDouble(-2, 2), 20 + rnd.nextInt(40));
            BitWriter w = new BitWriter();
            code.write(w, h, tree);
            byte[] bytes = w.toByteArray();
            for (int keep = 0; 8L * keep < w.bitLength(); keep++) {
                BitReader r = new BitReader(java.util.Arrays.copyOf(bytes, keep));
                assertThrows(CorruptStreamException.class, () -> code.read(r, tree), "kept " + keep + " bytes");
            }
        }
    }

    /**
     * Arbitrary bytes either decode to a node whose canonical codeword is exactly the bits consumed, or are refused
     * with a {@link CorruptStreamException} (a non-canonical codeword, an empty interval, or too few bits); never
     * anything else, and the decoder never reads past its bound.
     */
    @Test
    void randomStreamsDecodeCanonicallyOrAreRefused() {
        SplittableRandom rnd = new SplittableRandom(31);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            HeapPathCode code = new HeapPathCode(rnd.nextDouble(0.5, 20));
            Distribution1D p = CODINGS[rnd.nextInt(CODINGS.length)];
            HeapPathCode.Tree tree = tree(p, rnd.nextLong(), 1 + rnd.nextInt(62));
            byte[] bytes = new byte[1 + rnd.nextInt(300)];
            rnd.nextBytes(bytes);
            BitReader r = new BitReader(bytes);
            try {
                HeapPathCode.Read read = code.read(r, tree);
                assertEquals(read.bits(), r.bitsRead());
                assertTrue(HeapPathCode.depthOf(read.index()) <= tree.maxDepth());
                BitWriter w = new BitWriter();
                code.write(w, read.index(), tree);
                BitReader again = new BitReader(bytes);
                BitReader mine = new BitReader(w.toByteArray());
                for (long k = 0; k < read.bits(); k++) {
                    assertEquals(again.readBit(), mine.readBit(), "bit " + k + " of a decoded random stream");
                }
                accepted++;
            } catch (CorruptStreamException e) {
                refused++;
            }
        }
        assertTrue(accepted > 0 && refused > 0, accepted + " accepted, " + refused + " refused");
    }

    /**
     * Real encodings with deep paths: exact AS* and split-on-sample GPRS on Q = N(0, (10^{-10})²) against
     * P = N(0, 1) (KL 32.5 bits, selected depths around 40–50), through the real bitstream.
     */
    @Test
    void deepEncodingsRoundTrip() {
        RecProblem problem = new RecProblem(ProductDistribution.of(new Normal(0, 1e-10)),
                ProductDistribution.standardNormal(1));
        double lambda = problem.klBits() + 1;
        int deepest = 0;
        for (ChannelSimulator sim : new ChannelSimulator[] {AStarCoding.exact(1, lambda),
                GreedyPoissonRejectionSampling.splitOnSample(1, lambda)}) {
            for (int i = 0; i < 60; i++) {
                SharedRandomness shared = SharedRandomness.fromSeed(5_000 + i);
                Encoding e = sim.encode(problem, shared);
                RoundTrip rt = RoundTrip.of(sim, problem.coding(), shared, e);
                assertArrayEquals(e.sample(), rt.decoded());
                deepest = Math.max(deepest, HeapPathCode.depthOf(e.codeword().value(0)));
            }
        }
        assertTrue(deepest > 40, "deepest selected node " + deepest);
    }

    /** Random multi-dimensional problems (Gaussian, Laplace, uniform P) through {@link RoundTrip}, both searches. */
    @Test
    void randomProblemsRoundTripBitForBit() {
        SplittableRandom rnd = new SplittableRandom(37);
        for (int i = 0; i < 150; i++) {
            int dims = 1 + rnd.nextInt(3);
            Distribution1D[] q = new Distribution1D[dims];
            Distribution1D[] p = new Distribution1D[dims];
            for (int d = 0; d < dims; d++) {
                double pm = rnd.nextDouble(-3, 3);
                double ps = rnd.nextDouble(0.2, 5);
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        p[d] = new Normal(pm, ps);
                        q[d] = new Normal(pm + ps * rnd.nextDouble(-4, 4), ps * Math.pow(10, -rnd.nextDouble(0.05, 4)));
                    }
                    case 1 -> {
                        p[d] = new Laplace(pm, ps);
                        q[d] = new Laplace(pm + ps * rnd.nextDouble(-4, 4), ps * Math.pow(10, -rnd.nextDouble(0.05, 3)));
                    }
                    default -> {
                        p[d] = new Uniform(pm - ps, pm + ps);
                        double c = rnd.nextDouble(pm - 0.9 * ps, pm + 0.9 * ps);
                        double w = Math.min(ps * Math.pow(10, -rnd.nextDouble(0.1, 4)), pm + ps - c);
                        w = Math.min(w, c - (pm - ps)); // Q inside P's support
                        q[d] = new Triangular(c - w, c, c + w);
                    }
                }
            }
            RecProblem problem = new RecProblem(ProductDistribution.of(q), ProductDistribution.of(p));
            double lambda = problem.klBits() / dims + 1;
            ChannelSimulator sim = i % 2 == 0 ? AStarCoding.exact(dims, lambda)
                    : GreedyPoissonRejectionSampling.splitOnSample(dims, lambda);
            SharedRandomness shared = SharedRandomness.fromSeed(rnd.nextLong());
            Encoding e = sim.encode(problem, shared);
            RoundTrip rt = RoundTrip.of(sim, problem.coding(), shared, e);
            assertArrayEquals(e.sample(), rt.decoded(), "problem " + problem);
        }
    }

    /** The pinned digest of a fixed set of codewords; fresh JVMs (JIT, interpreter only, C1 only) reproduce it. */
    @Test
    void codewordsArePinnedAcrossJvms() throws Exception {
        assertEquals(HeapPathCodeDigestProbe.GOLDEN, HeapPathCodeDigestProbe.digest());
        FreshJvm.assertAllPrint(HeapPathCodeDigestProbe.GOLDEN, HeapPathCodeDigestProbe.class);
    }

    @Test
    void parametersAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new HeapPathCode(0));
        assertThrows(IllegalArgumentException.class, () -> new HeapPathCode(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new HeapPathCode(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> tree(new Normal(0, 1), 1, 63));
        assertEquals(new HeapPathCode(2.5), new HeapPathCode(2.5));
    }
}
