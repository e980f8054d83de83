package io.rec4j.bench.combiner;

import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockCoder;
import io.rec4j.core.rec.plan.BlockEncoding;
import io.rec4j.core.rec.plan.BlockPlan;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces of the sp-ORC block study: merged plans, the partitioned coder's round trip, KL and interpolation. */
class SpaceOrcBlocksBenchmarkTest {
    @Test
    void mergingKeepsEveryParameterOnceInPlanOrder() {
        BlockPlan plan = BlockPlan.of(7, new int[][] {{3}, {0, 5}, {6}, {1, 2}, {4}});
        BlockPlan merged = SpaceOrcBlocksBenchmark.merge(plan, 2);
        assertEquals(3, merged.blockCount());
        assertArrayEquals(new int[] {3, 0, 5}, merged.block(0));
        assertArrayEquals(new int[] {6, 1, 2}, merged.block(1));
        assertArrayEquals(new int[] {4}, merged.block(2));
        assertEquals(plan, SpaceOrcBlocksBenchmark.merge(plan, 1));
    }

    @Test
    void partitionedCoderDecodesWhatItEncodedAndCountsItsBits() {
        int dim = 24;
        double[] mu = new double[dim];
        double[] sd = new double[dim];
        double[] mi = new double[dim];
        for (int d = 0; d < dim; d++) {
            mu[d] = 0.9 * ((d % 5) - 2) / 2.0;
            sd[d] = 0.25 + 0.02 * d;
            mi[d] = d % 4 == 0 ? 0 : 2.5; // some axes carry no information and are never cut
        }
        DiagonalGaussian prior = DiagonalGaussian.standard(dim);
        DiagonalGaussian post = DiagonalGaussian.of(mu, sd);
        double kl = Arrays.stream(SpaceOrcBlocksBenchmark.klBits(post, prior)).sum();
        assertTrue(kl > 20 && kl < 60, "KL " + kl);
        BlockPlan plan = BlockPlan.of(dim, new int[][] {
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}});
        BlockCoder coder = SpaceOrcBlocksBenchmark.spOrc(plan, mi, 0);
        SharedRandomness shared = SharedRandomness.fromSeed(99);
        BitWriter w = new BitWriter();
        BlockEncoding e = coder.encode(prior, post, shared, w);
        assertArrayEquals(e.sample(), coder.decode(prior, shared, new BitReader(w.toByteArray())));
        long reported = e.reports().stream().mapToLong(r -> r.codewordBits()).sum();
        assertEquals(reported, w.bitLength());
        // 2 × 22.5 bits of MI per block: 2^6 bins each, so every codeword holds at least its 6-bit bin index
        assertTrue(w.bitLength() >= 12, "bits " + w.bitLength());
    }

    @Test
    void klOfGaussiansIsTheClosedForm() {
        DiagonalGaussian p = DiagonalGaussian.of(new double[] {0, 1}, new double[] {1, 2});
        DiagonalGaussian q = DiagonalGaussian.of(new double[] {1, 1}, new double[] {1, 1});
        double[] kl = SpaceOrcBlocksBenchmark.klBits(q, p);
        assertEquals(0.5 / Math.log(2), kl[0], 1e-12);
        assertEquals((0.5 * (0.25 - 1) + Math.log(2)) / Math.log(2), kl[1], 1e-12);
    }

    @Test
    void orcRateIsInterpolatedAtEqualPsnr() {
        double[][] curve = {{25, 0.9}, {28, 1.4}, {31, 2.3}};
        assertEquals(1.15, SpaceOrcBlocksBenchmark.interpolate(curve, 26.5), 1e-12);
        assertEquals(2.3, SpaceOrcBlocksBenchmark.interpolate(curve, 31), 1e-12);
        assertTrue(Double.isNaN(SpaceOrcBlocksBenchmark.interpolate(curve, 24)));
    }
}
