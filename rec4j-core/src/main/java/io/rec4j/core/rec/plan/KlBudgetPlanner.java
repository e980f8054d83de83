package io.rec4j.core.rec.plan;

import io.rec4j.core.random.SharedRandomness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy KL-budget grouping of COMBINER (Guo et al., NeurIPS 2023, arXiv 2305.19185) and RECOMBINER (He et al.,
 * ICLR 2024, arXiv 2309.17182), with the budget and size cap of the COMBINER authors' public configuration
 * ({@code docs/algorithms.md}, "Block planning"; {@code docs/combiner.md}, "Block partition").
 *
 * <p>Input: each dimension's expected KL in bits, averaged over the training set (so the plan is shared and fixed
 * before any test datum is seen). The dimensions are visited in the order of a {@link SeededPermutation}; the
 * current block is closed, and a new one started, when adding the next dimension would push the block's summed KL
 * above the budget κ or the block already has {@code maxBlockSize} members. A single dimension whose KL alone
 * exceeds κ gets a block of its own, flagged {@linkplain BlockPlan#isOversized(int) oversize} (it will be coded
 * with more bias, or needs a larger budget). Defaults: κ = 16 bits and at most 25 dimensions (COMBINER);
 * RECOMBINER has no size cap ({@link #withoutSizeCap(double)}).
 *
 * @param budgetBits   κ, the largest summed expected KL of a block, in bits (&gt; 0)
 * @param maxBlockSize the largest block (&ge; 1)
 */
public record KlBudgetPlanner(double budgetBits, int maxBlockSize) {
    /** COMBINER's and RECOMBINER's budget: 16 bits per block. */
    public static final double DEFAULT_BUDGET_BITS = 16;
    /** COMBINER's cap: 25 dimensions per block. */
    public static final int DEFAULT_MAX_BLOCK_SIZE = 25;
    /** Derivation label of the permutation key ("PERMUTE"), far above any block index. */
    public static final long PERMUTATION_LABEL = 0x5045524D555445L;

    public KlBudgetPlanner {
        if (!(budgetBits > 0) || budgetBits == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the budget must be positive and finite, was " + budgetBits);
        }
        if (maxBlockSize < 1) {
            throw new IllegalArgumentException("the maximum block size must be positive, was " + maxBlockSize);
        }
    }

    /** κ = 16 bits, at most 25 dimensions per block (COMBINER). */
    public static KlBudgetPlanner defaults() {
        return new KlBudgetPlanner(DEFAULT_BUDGET_BITS, DEFAULT_MAX_BLOCK_SIZE);
    }

    /** Budget only, no size cap (RECOMBINER). */
    public static KlBudgetPlanner withoutSizeCap(double budgetBits) {
        return new KlBudgetPlanner(budgetBits, Integer.MAX_VALUE);
    }

    /** {@link #plan(double[], SharedRandomness)} with {@code SharedRandomness.fromSeed(seed)}. */
    public BlockPlan plan(double[] klBits, long seed) {
        return plan(klBits, SharedRandomness.fromSeed(seed));
    }

    /**
     * A partition into exactly {@code blocks} blocks, when the greedy grouping can reach that count (else the nearest
     * count it reaches): the grouping of {@link #plan(double[], long)} under this size cap, with the budget found by
     * bisection (on a log scale, at most 100 halvings) instead of being {@link #budgetBits()}. This lands a model on a
     * given rate ({@code blocks·κ} bits per item) rather than near it; the encoder's per-block β control then holds
     * each block at κ. {@link #budgetBits()} itself is not used.
     *
     * @throws IllegalArgumentException if {@code blocks} is not in {@code 1..klBits.length}, or {@code klBits} is invalid
     */
    public BlockPlan planBlocks(double[] klBits, int blocks, long seed) {
        if (blocks < 1 || blocks > klBits.length) {
            throw new IllegalArgumentException(blocks + " blocks for " + klBits.length + " dimensions");
        }
        double total = 0;
        for (double v : klBits) {
            total += v;
        }
        double lo = 1e-9;
        double hi = Math.max(total, lo) * 2; // one block, or the fewest the size cap allows
        BlockPlan best = new KlBudgetPlanner(hi, maxBlockSize).plan(klBits, seed);
        for (int i = 0; i < 100 && best.blockCount() != blocks; i++) {
            double mid = StrictMath.sqrt(lo * hi); // correctly rounded either way; StrictMath by the project rule
            BlockPlan p = new KlBudgetPlanner(mid, maxBlockSize).plan(klBits, seed);
            if (Math.abs(p.blockCount() - blocks) < Math.abs(best.blockCount() - blocks)) {
                best = p;
            }
            if (p.blockCount() > blocks) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return best;
    }

    /**
     * Groups the dimensions. The permutation is {@link SeededPermutation#of} under
     * {@code shared.derive(PERMUTATION_LABEL)}, so the same source may also key the block coder.
     *
     * @param klBits per-dimension expected KL in bits; finite or {@code +∞}, never negative or NaN
     * @throws IllegalArgumentException for an empty or invalid {@code klBits}
     */
    public BlockPlan plan(double[] klBits, SharedRandomness shared) {
        int n = klBits.length;
        if (n == 0) {
            throw new IllegalArgumentException("no dimensions to plan");
        }
        for (int d = 0; d < n; d++) {
            if (!(klBits[d] >= 0)) {
                throw new IllegalArgumentException("expected KL of dimension " + d + " must be >= 0, was " + klBits[d]);
            }
        }
        int[] order = SeededPermutation.of(n, shared.derive(PERMUTATION_LABEL));
        List<int[]> blocks = new ArrayList<>();
        List<Boolean> flags = new ArrayList<>();
        int[] current = new int[Math.min(n, maxBlockSize)];
        int size = 0;
        double sum = 0;
        for (int d : order) {
            double kl = klBits[d];
            if (kl > budgetBits) {
                if (size > 0) {
                    blocks.add(Arrays.copyOf(current, size));
                    flags.add(false);
                    size = 0;
                    sum = 0;
                }
                blocks.add(new int[] {d});
                flags.add(true);
                continue;
            }
            if (size > 0 && (sum + kl > budgetBits || size == maxBlockSize)) {
                blocks.add(Arrays.copyOf(current, size));
                flags.add(false);
                size = 0;
                sum = 0;
            }
            current[size++] = d;
            sum += kl;
        }
        if (size > 0) {
            blocks.add(Arrays.copyOf(current, size));
            flags.add(false);
        }
        boolean[] oversized = new boolean[flags.size()];
        for (int b = 0; b < oversized.length; b++) {
            oversized[b] = flags.get(b);
        }
        return BlockPlan.of(n, blocks.toArray(new int[0][]), oversized);
    }
}
