package io.rec4j.core.rec.plan;

/** The order in which a {@link BlockCoder} codes the blocks of a plan (the bitstream layout does not depend on it). */
public enum CodingOrder {
    /**
     * Next, the not-yet-coded block with the largest <em>current</em> KL[Q_b‖P_b] (after the listener's updates);
     * ties go to the smaller block index. The order of RECOMBINER's public code (He et al., ICLR 2024,
     * arXiv 2309.17182; {@code docs/algorithms.md}, "Block planning").
     */
    DESCENDING_KL,
    /** Block 0, 1, 2, ... (MIRACLE, COMBINER). */
    PLAN
}
