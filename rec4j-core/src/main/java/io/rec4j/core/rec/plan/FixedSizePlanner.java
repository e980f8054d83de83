package io.rec4j.core.rec.plan;

import io.rec4j.core.random.SharedRandomness;
import java.util.Arrays;

/**
 * Fixed-size random blocks as in MIRACLE (Havasi, Peharz, Hernández-Lobato, ICLR 2019, arXiv 1810.00440;
 * {@code docs/algorithms.md}, "Block planning"): the dimensions are permuted by a {@link SeededPermutation} and cut
 * into consecutive blocks of {@code blockSize}; the last block holds the remainder and may be shorter (MIRACLE pads
 * instead; no padding is needed here).
 *
 * @param blockSize the size of every block but possibly the last (&ge; 1)
 */
public record FixedSizePlanner(int blockSize) {

    public FixedSizePlanner {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive, was " + blockSize);
        }
    }

    /** {@link #plan(int, SharedRandomness)} with {@code SharedRandomness.fromSeed(seed)}. */
    public BlockPlan plan(int dimension, long seed) {
        return plan(dimension, SharedRandomness.fromSeed(seed));
    }

    /**
     * Cuts {@code dimension} permuted indices into blocks; the permutation is {@link SeededPermutation#of} under
     * {@code shared.derive(KlBudgetPlanner.PERMUTATION_LABEL)}.
     */
    public BlockPlan plan(int dimension, SharedRandomness shared) {
        if (dimension < 1) {
            throw new IllegalArgumentException("no dimensions to plan: " + dimension);
        }
        int[] order = SeededPermutation.of(dimension, shared.derive(KlBudgetPlanner.PERMUTATION_LABEL));
        int count = (dimension + blockSize - 1) / blockSize;
        int[][] blocks = new int[count][];
        for (int b = 0; b < count; b++) {
            int from = b * blockSize;
            blocks[b] = Arrays.copyOfRange(order, from, Math.min(dimension, from + blockSize));
        }
        return BlockPlan.of(dimension, blocks);
    }
}
