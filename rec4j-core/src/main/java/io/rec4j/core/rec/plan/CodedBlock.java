package io.rec4j.core.rec.plan;

import io.rec4j.core.rec.Encoding;

/**
 * A block that a {@link BlockCoder} has just coded, as passed to a {@link BlockListener}.
 *
 * @param blockIndex the block's index in the plan
 * @param step       its position in the coding order (0 for the first block coded)
 * @param indices    the dimensions of the block, in block order
 * @param sample     the coded values of those dimensions (what the decoder will reproduce), in block order
 * @param fellBack   true iff the block was coded with the fallback method instead of the primary one
 * @param encoding   the channel simulator's encoding of the block
 */
public record CodedBlock(int blockIndex, int step, int[] indices, double[] sample, boolean fellBack,
                         Encoding encoding) {

    public CodedBlock {
        indices = indices.clone();
        sample = sample.clone();
    }

    /** A copy of the block's dimensions. */
    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** A copy of the block's coded values. */
    @Override
    public double[] sample() {
        return sample.clone();
    }
}
