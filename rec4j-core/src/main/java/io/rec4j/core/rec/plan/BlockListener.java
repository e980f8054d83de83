package io.rec4j.core.rec.plan;

/**
 * Progressive-coding hook of a {@link BlockCoder} ({@code docs/algorithms.md}, "Block planning"): called once after
 * each block is coded, in coding order. The view of the remaining posterior is mutable during the call, so the caller
 * can re-optimise the not-yet-coded dimensions given the coded ones, as MIRACLE, COMBINER and RECOMBINER fine-tune
 * between blocks; the coder uses the updated targets for every later block (and, with
 * {@link CodingOrder#DESCENDING_KL}, for choosing the next block). The decoder never runs the listener: it only needs
 * the prior and the codewords.
 */
@FunctionalInterface
public interface BlockListener {
    /** Does nothing. */
    BlockListener NONE = (block, remaining) -> { };

    /**
     * @param block     the block just coded and its sample
     * @param remaining the current posterior; only dimensions of uncoded blocks may be changed, and only during
     *                  this call
     */
    void blockCoded(CodedBlock block, RemainingPosterior remaining);
}
