package io.rec4j.core.rec.plan;

import io.rec4j.core.rec.dist.DiagonalGaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.Encoding;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.PoissonFunctionalRepresentation;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Block-wise coding of a ~200-dimensional diagonal Gaussian posterior. */
class BlockCoderTest {
    private static final int D = 200;
    /** Dimensions with σ_q > σ_p (unbounded ratio). */
    private static final int[] WIDE = {17, 58, 101, 150, 199};
    /** A dimension with σ_q = σ_p and a shifted mean (also unbounded). */
    private static final int SHIFTED_EQUAL = 73;
    /** Two-sided z critical value at α = 0.001. */
    private static final double Z_CRIT = 3.29;

    private final DiagonalGaussian prior;
    private final DiagonalGaussian posterior;
    private final double[] klBits;

    BlockCoderTest() {
        SplittableRandom rng = new SplittableRandom(20240611);
        double[] mp = new double[D];
        double[] sp = new double[D];
        double[] mq = new double[D];
        double[] sq = new double[D];
        for (int d = 0; d < D; d++) {
            mp[d] = 0.5 * (rng.nextDouble() - 0.5);
            sp[d] = rng.nextDouble(0.5, 2);
            // Standardised posterior: s in [0.4, 0.7], mu in [-0.8, 0.8] keeps D∞ per dimension below ~1.6 bits.
            mq[d] = mp[d] + sp[d] * rng.nextDouble(-0.8, 0.8);
            sq[d] = sp[d] * rng.nextDouble(0.4, 0.7);
        }
        for (int d : WIDE) {
            sq[d] = 1.3 * sp[d];
        }
        sq[SHIFTED_EQUAL] = sp[SHIFTED_EQUAL];
        mq[SHIFTED_EQUAL] = mp[SHIFTED_EQUAL] + 0.3 * sp[SHIFTED_EQUAL];
        prior = DiagonalGaussian.of(mp, sp);
        posterior = DiagonalGaussian.of(mq, sq);
        klBits = new double[D];
        for (int d = 0; d < D; d++) {
            klBits[d] = RemainingPosterior.gaussianKlNats(mq[d], sq[d], mp[d], sp[d]) / StrictMath.log(2);
        }
    }

    private static long[] bits(double[] x) {
        long[] b = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Double.doubleToRawLongBits(x[i]);
        }
        return b;
    }

    private static boolean unbounded(DiagonalGaussian q, DiagonalGaussian p, int d) {
        return q.std(d) > p.std(d) || (q.std(d) == p.std(d) && q.mean(d) != p.mean(d));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 10, 12})
    void orcRoundTripIsBitExact(int kappa) {
        // Blocks of at most kappa - 2 bits of expected KL, so that ORC with 2^kappa candidates has a 2-bit margin.
        BlockPlan plan = new KlBudgetPlanner(kappa - 2, 25).plan(klBits, 7);
        BlockCoder coder = BlockCoder.of(plan, OrderedRandomCoding.orc(kappa));
        SharedRandomness shared = SharedRandomness.fromSeed(1000 + kappa);
        BitWriter out = new BitWriter();
        BlockEncoding enc = coder.encode(prior, posterior, shared, out);

        assertEquals(0, enc.fallbackCount(), "an approximate primary never falls back");
        assertEquals((long) kappa * plan.blockCount(), enc.totalBits(), "kappa bits per block, no flags");
        assertEquals(enc.totalBits(), out.bitLength());
        double[] decoded = coder.decode(prior, shared, new BitReader(out.toByteArray()));
        assertArrayEquals(bits(enc.sample()), bits(decoded));
    }

    @Test
    void pfrRoundTripFallsBackExactlyForUnboundedBlocks() {
        BlockPlan plan = new KlBudgetPlanner(4, 25).plan(klBits, 11);
        double[] blockKl = plan.blockSums(klBits);
        // The Zipf code of block b is tuned to its expected KL, which the decoder knows from the shared model.
        BlockCoder coder = BlockCoder.of(plan, b -> PoissonFunctionalRepresentation.withZipf(blockKl[b]))
                .withFallbackBudget(12);
        SharedRandomness shared = SharedRandomness.fromSeed(77);
        BitWriter out = new BitWriter();
        out.writeBits(0b101, 3); // the message is appended to whatever the writer holds
        BlockEncoding enc = coder.encode(prior, posterior, shared, out);

        Set<Integer> expectedFallbacks = new HashSet<>();
        for (int d = 0; d < D; d++) {
            if (unbounded(posterior, prior, d)) {
                expectedFallbacks.add(plan.blockOf(d));
            }
        }
        long unboundedDims = java.util.stream.IntStream.range(0, D).filter(d -> unbounded(posterior, prior, d)).count();
        assertEquals(WIDE.length + 1, unboundedDims, "fixture: the wide dimensions and the shifted equal-std one");
        long codewordBits = 0;
        for (BlockReport r : enc.reports()) {
            assertEquals(expectedFallbacks.contains(r.blockIndex()), r.fellBack(), "block " + r.blockIndex());
            assertEquals(r.fellBack(), r.maxLogRatioBits() == Double.POSITIVE_INFINITY);
            assertEquals(1, r.flagBits());
            if (r.fellBack()) {
                assertEquals(12, r.codewordBits(), "fallback ORC spends kappa bits");
            }
            codewordBits += r.codewordBits();
        }
        assertEquals(expectedFallbacks.size(), enc.fallbackCount());
        assertTrue(enc.fallbackCount() >= 1);
        assertEquals(codewordBits + plan.blockCount(), enc.totalBits(), "codewords plus one flag per block");
        assertEquals(3 + enc.totalBits(), out.bitLength());

        BitReader in = new BitReader(out.toByteArray());
        assertEquals(0b101, in.readBits(3));
        double[] decoded = coder.decode(prior, shared, in);
        assertArrayEquals(bits(enc.sample()), bits(decoded));
        assertEquals(3 + enc.totalBits(), in.bitsRead());

        // Descending initial KL (no listener changes anything); ties to the smaller index.
        int[] order = enc.codingOrder();
        double[] kl = new double[plan.blockCount()];
        for (int b = 0; b < kl.length; b++) {
            kl[b] = enc.report(b).klBits();
        }
        Integer[] expected = new Integer[plan.blockCount()];
        for (int b = 0; b < expected.length; b++) {
            expected[b] = b;
        }
        Arrays.sort(expected, (x, y) -> kl[x] != kl[y] ? Double.compare(kl[y], kl[x]) : Integer.compare(x, y));
        assertArrayEquals(Arrays.stream(expected).mapToInt(Integer::intValue).toArray(), order);
    }

    @Test
    void truncatedMessageIsRejected() {
        BlockPlan plan = new FixedSizePlanner(10).plan(D, 3);
        BlockCoder coder = BlockCoder.of(plan, PoissonFunctionalRepresentation.withZipf(8));
        SharedRandomness shared = SharedRandomness.fromSeed(5);
        BitWriter out = new BitWriter();
        BlockEncoding enc = coder.encode(prior, posterior, shared, out);
        byte[] bytes = out.toByteArray();
        byte[] cut = Arrays.copyOf(bytes, (int) (enc.totalBits() / 8) - 2);
        assertThrows(Rec4jDataException.class, () -> coder.decode(prior, shared, new BitReader(cut)));
    }

    /**
     * A listener that moves every remaining mean after each block (standardised target mean 0.8·sin(step + d),
     * s = 0.5) from a starting posterior far from it (mean −1.5): the coded samples must follow the updates. A
     * mirror of the expected state checks that (i) each block is the uncoded one of largest current KL, (ii) its
     * sample is exactly a direct encoding of its updated target, and (iii) statistically, the exact PFR samples
     * standardised by the updated targets have mean ~ N(0, 1/n).
     */
    @Test
    void listenerUpdatesTakeEffectAndOrderFollowsCurrentKl() {
        BlockPlan plan = new FixedSizePlanner(4).plan(D, 21);
        ChannelSimulator pfr = PoissonFunctionalRepresentation.withZipf(6);
        BlockCoder coder = BlockCoder.of(plan, pfr);
        SharedRandomness shared = SharedRandomness.fromSeed(2024);
        double[] mq = new double[D];
        double[] sq = new double[D];
        for (int d = 0; d < D; d++) {
            mq[d] = prior.mean(d) - 1.5 * prior.std(d);
            sq[d] = 0.5 * prior.std(d);
        }
        DiagonalGaussian start = DiagonalGaussian.of(mq, sq);
        double[] mirrorMean = mq.clone();
        boolean[] coded = new boolean[plan.blockCount()];
        List<Integer> calls = new ArrayList<>();
        double[] z = new double[D];
        RemainingPosterior[] leaked = new RemainingPosterior[1];

        BlockEncoding enc = coder.encode(prior, start, shared, new BitWriter(), (block, remaining) -> {
            int b = block.blockIndex();
            assertEquals(calls.size(), block.step());
            calls.add(b);
            // (i) b has the largest current KL among the uncoded blocks (smallest index on ties).
            double klB = mirrorKl(plan, b, mirrorMean, sq);
            for (int c = 0; c < plan.blockCount(); c++) {
                if (!coded[c] && c != b) {
                    double klC = mirrorKl(plan, c, mirrorMean, sq);
                    assertTrue(klC < klB || (klC == klB && c > b), "block " + c + " should have come first");
                }
            }
            // (ii) the sample is the direct encoding of the block's current target.
            int[] idx = block.indices();
            Normal[] q = new Normal[idx.length];
            for (int i = 0; i < idx.length; i++) {
                q[i] = new Normal(mirrorMean[idx[i]], sq[idx[i]]);
            }
            Encoding direct = pfr.encode(new RecProblem(ProductDistribution.of(q), prior.restrict(idx)),
                    shared.derive(b));
            assertArrayEquals(bits(direct.sample()), bits(block.sample()));
            for (int i = 0; i < idx.length; i++) {
                z[idx[i]] = (block.sample()[i] - mirrorMean[idx[i]]) / sq[idx[i]];
                assertEquals(block.sample()[i], remaining.codedValue(idx[i]));
            }
            coded[b] = true;
            assertThrows(IllegalStateException.class, () -> remaining.setMean(idx[0], 0));
            // Move the remaining targets.
            for (int d = 0; d < D; d++) {
                if (!remaining.isCoded(d)) {
                    double m = prior.mean(d) + 0.8 * StrictMath.sin(calls.size() + d) * prior.std(d);
                    remaining.setMean(d, m);
                    mirrorMean[d] = m;
                }
            }
            leaked[0] = remaining;
        });

        assertEquals(plan.blockCount(), calls.size(), "one call per block");
        assertEquals(plan.blockCount(), new HashSet<>(calls).size());
        assertArrayEquals(calls.stream().mapToInt(Integer::intValue).toArray(), enc.codingOrder());
        assertThrows(IllegalStateException.class, () -> leaked[0].setStd(0, 1), "view closes after the call");
        // (iii) every block but the first was coded after at least one update.
        int first = calls.get(0);
        double sum = 0;
        int n = 0;
        for (int d = 0; d < D; d++) {
            if (plan.blockOf(d) != first) {
                sum += z[d];
                n++;
            }
        }
        double zMean = sum / Math.sqrt(n);
        assertTrue(Math.abs(zMean) < Z_CRIT, "standardised mean " + zMean);
    }

    private double mirrorKl(BlockPlan plan, int b, double[] mean, double[] std) {
        double kl = 0;
        for (int d : plan.block(b)) {
            kl += RemainingPosterior.gaussianKlNats(mean[d], std[d], prior.mean(d), prior.std(d));
        }
        return kl;
    }

    @Test
    void planOrderAndDinfLimit() {
        BlockPlan plan = new FixedSizePlanner(8).plan(D, 4);
        BlockCoder coder = BlockCoder.of(plan, PoissonFunctionalRepresentation.withZipf(8))
                .withOrder(CodingOrder.PLAN).withMaxLogRatioBitsForPrimary(0).withFallbackBudget(10);
        SharedRandomness shared = SharedRandomness.fromSeed(8);
        BitWriter out = new BitWriter();
        BlockEncoding enc = coder.encode(prior, posterior, shared, out);
        int[] order = enc.codingOrder();
        for (int s = 0; s < order.length; s++) {
            assertEquals(s, order[s]);
        }
        assertEquals(plan.blockCount(), enc.fallbackCount(), "D∞ > 0 everywhere, so every block falls back");
        assertEquals(11L * plan.blockCount(), enc.totalBits());
        assertArrayEquals(bits(enc.sample()), bits(coder.decode(prior, shared, new BitReader(out.toByteArray()))));
        assertThrows(IllegalArgumentException.class,
                () -> coder.withFallback(PoissonFunctionalRepresentation.withZipf(3)));
        assertFalse(coder.fallback().isExact());
    }
}
