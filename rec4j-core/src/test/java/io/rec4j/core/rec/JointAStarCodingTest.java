package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.Laplace;
import io.rec4j.core.rec.dist.Mixture;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import io.rec4j.testkit.KolmogorovSmirnov;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Joint AS* coding ({@link JointAStarCoding}; Flamich, Markou, Hernández-Lobato, ICML 2022, arXiv 2201.12857;
 * {@code docs/algorithms.md}, "Joint AS* in D dimensions"): exactness per dimension, bit-exact round trips through the
 * real bitstream, corrupt and truncated streams, the codelength gain over per-dimension AS*, and the refusals of the
 * cost model.
 */
class JointAStarCodingTest {
    private static final int DRAWS = 2000;
    private static final double ALPHA = 0.001;

    private static RecProblem problem(List<Distribution1D> q, List<Distribution1D> p) {
        return new RecProblem(ProductDistribution.of(q), ProductDistribution.of(p));
    }

    /** 2-D Gaussian: KL 1.2 + 2.3 bits. */
    static RecProblem gaussian2() {
        return problem(List.of(new Normal(0.5, 0.4), new Normal(-1, 0.3)), List.of(new Normal(0, 1), new Normal(0, 1)));
    }

    /** 5-D Gaussian with different targets per dimension, KL 9.6 bits in all. */
    static RecProblem gaussian5() {
        return problem(List.of(new Normal(0.5, 0.4), new Normal(-1, 0.3), new Normal(0, 0.5), new Normal(1.5, 0.6),
                        new Normal(0.2, 0.8)),
                List.of(new Normal(0, 1), new Normal(0, 1), new Normal(0, 1), new Normal(0, 1), new Normal(0, 1)));
    }

    /**
     * 2-D multimodal pair: a bimodal mixture target against N(0, 3²), and Laplace(1, 0.3) against Laplace(0, 1); both
     * ratios have several local maxima or kinks, so the certified {@code logSup} of mixtures is exercised.
     */
    static RecProblem multimodal2() {
        return problem(List.of(new Mixture(new double[] {0.5, 0.5}, List.of(new Normal(-2, 0.5), new Normal(2, 0.5))),
                        new Laplace(1, 0.3)),
                List.of(new Normal(0, 3), new Laplace(0, 1)));
    }

    /**
     * {@code DRAWS} encodings, each through {@link RoundTrip} (written, read back, decoded from the bits alone and
     * compared with the encoder's sample bit for bit), then a one-sample KS test per dimension at α = 0.001,
     * Bonferroni over the dimensions.
     */
    private static void assertExact(RecProblem problem, long seed) {
        ChannelSimulator sim = RecMethod.ASTAR_JOINT.create(problem, RecMethod.Settings.defaults());
        assertTrue(sim.isExact());
        int dim = problem.dimension();
        double[][] xs = new double[dim][DRAWS];
        SharedRandomness master = SharedRandomness.fromSeed(seed);
        for (int t = 0; t < DRAWS; t++) {
            SharedRandomness shared = master.derive(t);
            Encoding e = sim.encode(problem, shared);
            RoundTrip rt = RoundTrip.of(sim, problem.coding(), shared, e);
            assertEquals(1, e.codeword().size());
            for (int d = 0; d < dim; d++) {
                xs[d][t] = rt.decoded()[d];
            }
        }
        double critical = KolmogorovSmirnov.criticalValue(DRAWS, ALPHA / dim);
        for (int d = 0; d < dim; d++) {
            double ks = KolmogorovSmirnov.statistic(xs[d], problem.target().marginal(d)::cdf);
            assertTrue(ks < critical, "dimension " + d + ": KS " + ks + " >= " + critical);
        }
    }

    @Test
    void exactOnA2dGaussian() {
        assertExact(gaussian2(), 101);
    }

    @Test
    void exactOnA5dGaussian() {
        assertExact(gaussian5(), 102);
    }

    @Test
    void exactOnA2dMultimodalPair() {
        assertExact(multimodal2(), 103);
    }

    /**
     * Mean bits of joint AS* on the 5-D fixture are below those of per-dimension AS* (astar-dl --max-depth 0, one heap
     * path code per dimension) by more than 3 standard errors of the paired difference (same keys per draw).
     */
    @Test
    void jointCodelengthBeatsPerDimensionAStar() {
        RecProblem problem = gaussian5();
        ChannelSimulator joint = RecMethod.ASTAR_JOINT.create(problem, RecMethod.Settings.defaults());
        ChannelSimulator perDim = RecMethod.ASTAR_DL.create(problem,
                new RecMethod.Settings(null, null, 0, null, null, null, null, null, null));
        int n = 500;
        double sum = 0;
        double sum2 = 0;
        double jointBits = 0;
        SharedRandomness master = SharedRandomness.fromSeed(104);
        for (int t = 0; t < n; t++) {
            SharedRandomness shared = master.derive(t);
            long a = RoundTrip.of(joint, problem.coding(), shared, joint.encode(problem, shared)).bits();
            long b = RoundTrip.of(perDim, problem.coding(), shared, perDim.encode(problem, shared)).bits();
            double diff = b - a;
            sum += diff;
            sum2 += diff * diff;
            jointBits += a;
        }
        double mean = sum / n;
        double se = Math.sqrt((sum2 / n - mean * mean) / (n - 1));
        assertTrue(mean > 3 * se, "per-dimension minus joint: " + mean + " bits, SE " + se);
        // and joint AS* stays within the design target KL + log2(KL + 1) + 4 of the joint KL
        double kl = problem.klBits();
        assertTrue(jointBits / n < kl + Math.log(kl + 1) / Math.log(2) + 4, "joint mean bits " + jointBits / n);
    }

    private static byte[] written(ChannelSimulator sim, RecProblem problem, SharedRandomness shared, long[] bits) {
        Encoding e = sim.encode(problem, shared);
        BitWriter w = new BitWriter();
        sim.write(e.codeword(), problem.coding(), shared, w);
        bits[0] = w.bitLength();
        return w.toByteArray();
    }

    /** Every byte-aligned proper prefix of a codeword is refused with a {@link CorruptStreamException}. */
    @Test
    void truncatedStreamsAreRefused() {
        RecProblem problem = gaussian5();
        ChannelSimulator sim = RecMethod.ASTAR_JOINT.create(problem, RecMethod.Settings.defaults());
        SharedRandomness master = SharedRandomness.fromSeed(105);
        int checked = 0;
        for (int t = 0; t < 50; t++) {
            SharedRandomness shared = master.derive(t);
            long[] bits = new long[1];
            byte[] bytes = written(sim, problem, shared, bits);
            for (int keep = 0; 8L * keep < bits[0]; keep++) {
                BitReader r = new BitReader(Arrays.copyOf(bytes, keep));
                assertThrows(CorruptStreamException.class, () -> sim.read(problem.coding(), shared, r),
                        "kept " + keep + " bytes");
                checked++;
            }
        }
        assertTrue(checked > 50, "checked " + checked);
    }

    /**
     * Damaged and random streams either decode to a node whose canonical codeword is exactly the bits consumed (and
     * whose sample the decoder regenerates), or are refused with a {@link CorruptStreamException}; never anything else.
     */
    @Test
    void corruptStreamsDecodeCanonicallyOrAreRefused() {
        RecProblem problem = gaussian2();
        ChannelSimulator sim = RecMethod.ASTAR_JOINT.create(problem, RecMethod.Settings.defaults());
        SplittableRandom rnd = new SplittableRandom(106);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            SharedRandomness shared = SharedRandomness.fromSeed(rnd.nextLong());
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[1 + rnd.nextInt(40)];
                rnd.nextBytes(bytes);
            } else {
                bytes = written(sim, problem, shared, new long[1]);
                bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            BitReader r = new BitReader(bytes);
            try {
                Codeword c = sim.read(problem.coding(), shared, r);
                assertEquals(c.bitLength(), r.bitsRead());
                BitWriter w = new BitWriter();
                sim.write(c, problem.coding(), shared, w);
                BitReader again = new BitReader(bytes);
                BitReader mine = new BitReader(w.toByteArray());
                for (long k = 0; k < c.bitLength(); k++) {
                    assertEquals(again.readBit(), mine.readBit(), "bit " + k);
                }
                assertEquals(2, sim.decode(problem.coding(), shared, c).length);
                accepted++;
            } catch (CorruptStreamException e) {
                refused++;
            }
        }
        assertTrue(accepted > 0 && refused > 0, accepted + " accepted, " + refused + " refused");
        // indices that no stream produces are refused by the decoder
        SharedRandomness s = SharedRandomness.fromSeed(1);
        assertThrows(CorruptStreamException.class,
                () -> sim.decode(problem.coding(), s, new Codeword(new long[] {0}, 1)));
        assertThrows(CorruptStreamException.class,
                () -> sim.decode(problem.coding(), s, new Codeword(new long[] {-5}, 1)));
    }

    /**
     * The walk-based entry of the heap path code is the tree-based one when the walk replays a one-dimensional AS*
     * tree: the same bits for the same node.
     */
    @Test
    void theWalkCodeAgreesWithTheIntervalCodeInOneDimension() {
        Distribution1D p = new Normal(0, 1);
        RestrictedSampler s = RestrictedSampler.of(p);
        SplittableRandom rnd = new SplittableRandom(107);
        for (int i = 0; i < 200; i++) {
            SharedRandomness cand = SharedRandomness.fromSeed(rnd.nextLong());
            HeapPathCode code = new HeapPathCode(rnd.nextDouble(0.5, 30));
            HeapPathCode.Tree tree = new HeapPathCode.Tree(s, p.supportMin(), p.supportMax(),
                    (a, b, h) -> s.sample(a, b, cand, h), 62);
            long h = HeapPathCodeTest.homingPath(tree, rnd.nextDouble(-3, 3), rnd.nextInt(50));
            BitWriter viaTree = new BitWriter();
            code.write(viaTree, h, tree);
            BitWriter viaWalk = new BitWriter();
            code.write(viaWalk, h, intervalWalk(s, p, cand), 62);
            assertEquals(viaTree.bitLength(), viaWalk.bitLength());
            assertEquals(viaTree.bitLength(), code.length(h, intervalWalk(s, p, cand), 62));
            assertTrue(Arrays.equals(viaTree.toByteArray(), viaWalk.toByteArray()), "h = " + h);
            HeapPathCode.Read r = code.read(new BitReader(viaWalk.toByteArray()), intervalWalk(s, p, cand), 62);
            assertEquals(h, r.index());
        }
    }

    private static HeapPathCode.Walk intervalWalk(RestrictedSampler s, Distribution1D p, SharedRandomness cand) {
        return new HeapPathCode.Walk() {
            double a = p.supportMin();
            double b = p.supportMax();
            long h = 1;

            @Override
            public double leftFraction() {
                return HeapPathCode.leftFraction(s, a, s.sample(a, b, cand, h), b);
            }

            @Override
            public boolean descend(boolean right) {
                double x = s.sample(a, b, cand, h);
                if (right) {
                    a = x;
                } else {
                    b = x;
                }
                h = 2 * h + (right ? 1 : 0);
                return a < b;
            }
        };
    }

    /** Problems beyond the path cap, the measured range of the search, or with D∞ = ∞ are refused up front. */
    @Test
    void hopelessProblemsAreRefusedBeforeEncoding() {
        RecMethod.Settings defaults = RecMethod.Settings.defaults();
        // total KL 30 bits: beyond the 62-level path
        RecProblem deep = new RecProblem(ProductDistribution.iid(new Normal(0.5, 0.05), 8),
                ProductDistribution.standardNormal(8));
        RecCostException e = assertThrows(RecCostException.class, () -> RecMethod.ASTAR_JOINT.create(deep, defaults));
        assertTrue(e.getMessage().contains("astar-dl"), e.getMessage());
        // 20 dimensions of 1 bit: KL 20 bits, but about 2^26 expansions
        RecProblem wide = new RecProblem(ProductDistribution.iid(new Normal(0.5, 0.6), 20),
                ProductDistribution.standardNormal(20));
        assertTrue(wide.klBits() < RecMethod.MAX_JOINT_ASTAR_KL_BITS);
        RecCost c = RecMethod.ASTAR_JOINT.estimate(wide, defaults);
        assertTrue(!c.feasible() && c.blocker().contains("expansions"), c.describe());
        assertThrows(RecCostException.class, () -> RecMethod.ASTAR_JOINT.create(wide, defaults));
        // σ_q > σ_p: unbounded ratio
        RecProblem unbounded = new RecProblem(ProductDistribution.iid(new Normal(0, 1.5), 2),
                ProductDistribution.standardNormal(2));
        assertThrows(RecCostException.class, () -> RecMethod.ASTAR_JOINT.create(unbounded, defaults));
        assertThrows(IllegalArgumentException.class,
                () -> JointAStarCoding.of(2, 3).encode(unbounded, SharedRandomness.fromSeed(1)));
        // the estimate of a problem in range is feasible and not far from the measured mean
        RecCost ok = RecMethod.ASTAR_JOINT.estimate(gaussian5(), defaults);
        assertTrue(ok.feasible(), ok.describe());
        assertNotNull(ok.basis());
    }

    /** The running cap ends a search that runs past it with a typed exception, never a hang. */
    @Test
    void theRunningCapThrows() {
        RecProblem problem = gaussian5();
        JointAStarCoding tiny = new JointAStarCoding(5, new HeapPathCode(problem.klBits() + 1), 3);
        RecCostException e = assertThrows(RecCostException.class,
                () -> tiny.encode(problem, SharedRandomness.fromSeed(7)));
        assertTrue(e.getMessage().contains("expansions"), e.getMessage());
    }

    /** The plain write/read forms need the coding distribution and are refused; dimensions must match. */
    @Test
    void interfaceContracts() {
        JointAStarCoding sim = JointAStarCoding.of(2, 4);
        assertThrows(UnsupportedOperationException.class,
                () -> sim.write(new Codeword(new long[] {1}, 1), new BitWriter()));
        assertThrows(UnsupportedOperationException.class, () -> sim.read(new BitReader(new byte[4])));
        assertThrows(IllegalArgumentException.class, () -> sim.encode(gaussian5(), SharedRandomness.fromSeed(1)));
        assertThrows(IllegalArgumentException.class, () -> new JointAStarCoding(0, new HeapPathCode(1), 10));
        assertEquals("astar-joint", sim.name());
    }
}
