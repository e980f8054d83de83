package io.rec4j.core.rec.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.EliasGamma;
import io.rec4j.core.random.SharedRandomness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Partition invariants of the planners, the seeded permutation, and the plan serialisation. */
class BlockPlanPropertyTest {

    @Provide
    Arbitrary<double[]> klArrays() {
        // Mostly small KLs with occasional large ones, so that some dimensions exceed small budgets on their own.
        Arbitrary<Double> kl = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.doubles().between(0, 3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0, 30)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0.0)));
        return kl.array(double[].class).ofMinSize(1).ofMaxSize(300);
    }

    /** Checks that the plan is a partition of [0, n) by direct counting. */
    private static void assertPartition(BlockPlan plan, int n) {
        assertEquals(n, plan.dimension());
        int[] count = new int[n];
        for (int b = 0; b < plan.blockCount(); b++) {
            assertTrue(plan.blockSize(b) >= 1, "empty block");
            for (int d : plan.block(b)) {
                count[d]++;
                assertEquals(b, plan.blockOf(d));
            }
        }
        for (int d = 0; d < n; d++) {
            assertEquals(1, count[d], "index " + d);
        }
    }

    private static int[] concatenation(BlockPlan plan) {
        return Arrays.stream(plan.blocks()).flatMapToInt(Arrays::stream).toArray();
    }

    @Property(seed = "20240611", tries = 300)
    void greedyPlanRespectsBudgetCapAndGreediness(@ForAll("klArrays") double[] kl,
                                                  @ForAll @DoubleRange(min = 0.5, max = 20) double budget,
                                                  @ForAll @IntRange(min = 1, max = 30) int cap,
                                                  @ForAll long seed) {
        BlockPlan plan = new KlBudgetPlanner(budget, cap).plan(kl, seed);
        assertPartition(plan, kl.length);
        // The blocks, read in order, are the seeded permutation.
        assertArrayEquals(SeededPermutation.of(kl.length,
                SharedRandomness.fromSeed(seed).derive(KlBudgetPlanner.PERMUTATION_LABEL)), concatenation(plan));
        double[] sums = plan.blockSums(kl);
        for (int b = 0; b < plan.blockCount(); b++) {
            assertTrue(plan.blockSize(b) <= cap, "size cap");
            boolean single = plan.blockSize(b) == 1;
            boolean over = single && kl[plan.index(b, 0)] > budget;
            assertEquals(over, plan.isOversized(b), "oversize flag of block " + b);
            if (!over) {
                assertTrue(sums[b] <= budget, "block " + b + " KL " + sums[b] + " > " + budget);
            }
            // Greedy: a regular block is closed only when the next dimension does not fit (or is oversize).
            if (b + 1 < plan.blockCount() && !over) {
                double next = kl[plan.index(b + 1, 0)];
                assertTrue(plan.blockSize(b) == cap || sums[b] + next > budget,
                        "block " + b + " closed early");
            }
        }
    }

    @Property(seed = "314159", tries = 200)
    void fixedSizePlanCutsThePermutation(@ForAll @IntRange(min = 1, max = 500) int n,
                                         @ForAll @IntRange(min = 1, max = 40) int size, @ForAll long seed) {
        BlockPlan plan = new FixedSizePlanner(size).plan(n, seed);
        assertPartition(plan, n);
        assertEquals((n + size - 1) / size, plan.blockCount());
        for (int b = 0; b + 1 < plan.blockCount(); b++) {
            assertEquals(size, plan.blockSize(b));
        }
        int last = plan.blockSize(plan.blockCount() - 1);
        assertTrue(last >= 1 && last <= size);
        assertEquals(0, plan.oversizedCount());
        assertArrayEquals(SeededPermutation.of(n,
                SharedRandomness.fromSeed(seed).derive(KlBudgetPlanner.PERMUTATION_LABEL)), concatenation(plan));
    }

    @Property(seed = "271828", tries = 200)
    void permutationIsDeterministicPerSeedAndDiffersAcrossSeeds(@ForAll @IntRange(min = 20, max = 400) int n,
                                                                @ForAll long seed) {
        int[] a = SeededPermutation.of(n, SharedRandomness.fromSeed(seed));
        int[] b = SeededPermutation.of(n, SharedRandomness.fromSeed(seed));
        assertArrayEquals(a, b);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
        // Two independent uniform permutations of >= 20 elements coincide with probability 1/20! (never here).
        assertFalse(Arrays.equals(a, SeededPermutation.of(n, SharedRandomness.fromSeed(seed + 1))));
        double[] kl = new double[n];
        Arrays.fill(kl, 1);
        assertNotEquals(KlBudgetPlanner.defaults().plan(kl, seed), KlBudgetPlanner.defaults().plan(kl, seed + 1));
        assertEquals(KlBudgetPlanner.defaults().plan(kl, seed), KlBudgetPlanner.defaults().plan(kl, seed));
    }

    /**
     * Regression pin of the permutation definition (stored plans do not depend on it, but rebuilding a plan from
     * (KL, seed) does): any change to the shuffle or to SharedRandomness shows up here.
     */
    @Test
    void permutationIsPinned() {
        assertArrayEquals(new int[] {8, 4, 7, 2, 9, 3, 11, 5, 0, 6, 10, 1},
                SeededPermutation.of(12, SharedRandomness.fromSeed(42)));
    }

    /** The 6 permutations of 3 elements are equally likely: chi-square with 5 d.o.f. at α = 0.001 (20.515). */
    @Test
    void permutationsOfThreeAreUniform() {
        int draws = 12_000;
        int[] counts = new int[6];
        for (int s = 0; s < draws; s++) {
            int[] p = SeededPermutation.of(3, SharedRandomness.fromSeed(1_000_003L * s + 7));
            counts[p[0] * 2 + (p[1] > p[2] ? 1 : 0)]++;
        }
        double expected = draws / 6.0;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 20.515, "chi2 = " + chi2 + " counts " + Arrays.toString(counts));
    }

    @Property(seed = "161803", tries = 200)
    void serialisationRoundTrips(@ForAll("klArrays") double[] kl, @ForAll long seed) throws IOException {
        BlockPlan plan = new KlBudgetPlanner(4, 25).plan(kl, seed);
        byte[] bytes = plan.toBytes();
        assertEquals(plan, BlockPlan.fromBytes(bytes));
        assertArrayEquals(bytes, referenceBytes(plan.dimension(), plan.blocks(), flags(plan)));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(sink);
        out.writeInt(0x1234);
        plan.writeTo(out);
        out.writeInt(0x5678);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(sink.toByteArray()));
        assertEquals(0x1234, in.readInt());
        assertEquals(plan, BlockPlan.readFrom(in));
        assertEquals(0x5678, in.readInt());
    }

    private static boolean[] flags(BlockPlan plan) {
        boolean[] f = new boolean[plan.blockCount()];
        for (int b = 0; b < f.length; b++) {
            f[b] = plan.isOversized(b);
        }
        return f;
    }

    /** An independent writer of the documented version-1 format, accepting any (even invalid) blocks. */
    private static byte[] referenceBytes(int dimension, int[][] blocks, boolean[] flags) throws IOException {
        int w = 32 - Integer.numberOfLeadingZeros(dimension - 1);
        BitWriter body = new BitWriter();
        for (int b = 0; b < blocks.length; b++) {
            EliasGamma.INSTANCE.write(body, blocks[b].length);
            body.writeBit(flags[b]);
            for (int d : blocks[b]) {
                body.writeBits(d, w);
            }
        }
        byte[] payload = body.toByteArray();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        sink.write(new byte[] {'R', '4', 'B', 'P', 1});
        for (int v : new int[] {dimension, blocks.length, payload.length}) {
            while (v >= 0x80) {
                sink.write((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            sink.write(v);
        }
        sink.write(payload);
        CRC32 crc = new CRC32();
        crc.update(sink.toByteArray());
        new DataOutputStream(sink).writeInt((int) crc.getValue());
        return sink.toByteArray();
    }

    @Test
    void everySingleBitFlipAndTruncationIsRejected() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] kl = rng.doubles(60, 0, 6).toArray();
        kl[7] = 40; // one oversize dimension
        byte[] bytes = new KlBudgetPlanner(10, 8).plan(kl, 99).toBytes();
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = bytes.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThrows(Rec4jDataException.class, () -> BlockPlan.fromBytes(bad), "flip " + i + ":" + bit);
            }
        }
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThrows(PlanFormatException.class, () -> BlockPlan.fromBytes(cut), "truncated to " + len);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(PlanFormatException.class, () -> BlockPlan.fromBytes(longer));
    }

    @Test
    void wellFormedRecordsWithBrokenInvariantsAreRejected() throws IOException {
        // Valid framing and checksum, but a duplicated index, a missing index, a flagged pair, an index >= D.
        byte[][] bad = {
            referenceBytes(4, new int[][] {{0, 1}, {1, 3}}, new boolean[2]),
            referenceBytes(4, new int[][] {{0, 1}, {3}}, new boolean[2]),
            referenceBytes(4, new int[][] {{0, 1}, {2, 3}}, new boolean[] {true, false}),
            referenceBytes(5, new int[][] {{0, 1, 2}, {3, 7}}, new boolean[2]),
        };
        for (byte[] b : bad) {
            assertThrows(PlanFormatException.class, () -> BlockPlan.fromBytes(b));
        }
        byte[] good = referenceBytes(4, new int[][] {{2, 0}, {3}, {1}}, new boolean[] {false, true, false});
        assertEquals(BlockPlan.of(4, new int[][] {{2, 0}, {3}, {1}}, new boolean[] {false, true, false}),
                BlockPlan.fromBytes(good));
        byte[] version2 = good.clone();
        version2[4] = 2;
        assertThrows(PlanFormatException.class, () -> BlockPlan.fromBytes(version2));
    }

    @Test
    void invalidPartitionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BlockPlan.of(3, new int[][] {{0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> BlockPlan.of(3, new int[][] {{0, 1}, {1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> BlockPlan.of(3, new int[][] {{0, 1, 2}, {}}));
        assertThrows(IllegalArgumentException.class, () -> BlockPlan.of(3, new int[][] {{0, 1, 3}}));
        assertThrows(IllegalArgumentException.class, () -> BlockPlan.of(0, new int[0][]));
        assertThrows(IllegalArgumentException.class, () -> new KlBudgetPlanner(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new KlBudgetPlanner(16, 0));
        assertThrows(IllegalArgumentException.class,
                () -> KlBudgetPlanner.defaults().plan(new double[] {1, Double.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> KlBudgetPlanner.defaults().plan(new double[] {-1}, 1));
    }
}
