package io.rec4j.core.rec.plan;

/** The order in which a {@link BlockCoder} codes the blocks of a plan (the bitstream layout does not depend on it). */
public enum CodingOrder {
    /**
     * Next, the not-yet-coded block with the largest <em>current</em> KL[Q_b‖P_b] (after the listener's updates);
     * ties go to the smaller block index. RECOMBINER's order ({@code combiner-recombiner.md} §3.8).
     */
    DESCENDING_KL,
    /** Block 0, 1, 2, ... (MIRACLE, COMBINER). */
    PLAN
}
