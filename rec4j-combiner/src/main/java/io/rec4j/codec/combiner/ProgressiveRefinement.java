package io.rec4j.codec.combiner;

import io.rec4j.core.rec.plan.BlockListener;
import io.rec4j.core.rec.plan.CodedBlock;
import io.rec4j.core.rec.plan.RemainingPosterior;

/**
 * Progressive posterior refinement of COMBINER (Guo et al., NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md},
 * "Block coding and progressive refinement"): after each coded block, its scalars are fixed to the coded values in the
 * tile's network ({@code InrPosterior.fix}: no KL, no updates), the uncoded scalars are fine-tuned for a few Adam steps
 * with the same optimiser (never reset), every {@link Schedule#controlEvery()} blocks the β controller runs on the
 * uncoded blocks, and the new means and stds of the uncoded scalars are written back into the coder's
 * {@link RemainingPosterior}. The decoder repeats none of this.
 *
 * <p>Not included: the reference's per-element gradient clipping to [−1, 1] (the trainer has no clipping hook).
 */
public final class ProgressiveRefinement {
    private ProgressiveRefinement() {
    }

    /**
     * Fine-tuning steps after the block coded at position {@code k} (0-based) of the coding order. The COMBINER
     * authors' code uses 100 steps for k &lt; 5, 50 for k &lt; 100, 30 when k is a multiple of 10, 2 otherwise, and
     * runs the β controller every 10 blocks; {@link #defaults()} scales the step counts down by 5 for small CPU models.
     *
     * @param earlyBlocks   blocks that get {@code earlySteps}
     * @param earlySteps    steps after each of the first {@code earlyBlocks} blocks
     * @param middleBlocks  blocks (counted from 0) that get at least {@code middleSteps}
     * @param middleSteps   steps for blocks {@code earlyBlocks ≤ k < middleBlocks}
     * @param periodicSteps steps for later blocks with {@code k % controlEvery == 0}
     * @param otherSteps    steps for every other block
     * @param controlEvery  the β controller runs after every block with {@code k % controlEvery == 0} (&ge; 1)
     */
    public record Schedule(int earlyBlocks, int earlySteps, int middleBlocks, int middleSteps, int periodicSteps,
                           int otherSteps, int controlEvery) {
        public Schedule {
            if (earlyBlocks < 0 || earlySteps < 0 || middleBlocks < 0 || middleSteps < 0 || periodicSteps < 0
                    || otherSteps < 0 || controlEvery < 1) {
                throw new IllegalArgumentException("invalid refinement schedule " + this);
            }
        }

        /** The COMBINER authors' schedule. */
        public static Schedule reference() {
            return new Schedule(5, 100, 100, 50, 30, 2, 10);
        }

        /** The reference's step counts divided by 5 (at least 1 step): 20, 10, 6, 1; controller every 10 blocks. */
        public static Schedule defaults() {
            return new Schedule(5, 20, 100, 10, 6, 1, 10);
        }

        /** No fine-tuning at all (the coder sees the posterior fitted before coding). */
        public static Schedule none() {
            return new Schedule(0, 0, 0, 0, 0, 0, Integer.MAX_VALUE);
        }

        /** Steps after the block at coding position {@code k}. */
        public int stepsAfter(int k) {
            if (k < earlyBlocks) {
                return earlySteps;
            }
            if (k < middleBlocks) {
                return middleSteps;
            }
            return k % controlEvery == 0 ? periodicSteps : otherSteps;
        }

        boolean isNone() {
            return earlySteps == 0 && middleSteps == 0 && periodicSteps == 0 && otherSteps == 0
                    && controlEvery == Integer.MAX_VALUE;
        }
    }

    /**
     * The listener for one tile's session; the session must stay open while its tile is coded. Returns
     * {@link BlockListener#NONE} for {@link Schedule#none()}.
     */
    static BlockListener listener(PosteriorFitter.Session session, Schedule schedule) {
        if (schedule.isNone()) {
            return BlockListener.NONE;
        }
        return (CodedBlock block, RemainingPosterior remaining) -> {
            session.network().fix(block.indices(), block.sample());
            if (remaining.remainingBlocks() == 0) {
                return;
            }
            int k = block.step();
            if (k % schedule.controlEvery() == 0) {
                session.controlBeta();
            }
            int n = schedule.stepsAfter(k);
            if (n == 0) {
                return;
            }
            session.train(n);
            double[] mu = session.network().posteriorMeans();
            double[] sd = session.network().posteriorStds();
            for (int d = 0; d < mu.length; d++) {
                if (!remaining.isCoded(d)) {
                    remaining.set(d, mu[d], sd[d]);
                }
            }
        };
    }
}
