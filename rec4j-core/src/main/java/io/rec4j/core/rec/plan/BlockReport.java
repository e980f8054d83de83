package io.rec4j.core.rec.plan;

/**
 * What happened to one block during {@link BlockCoder#encode}.
 *
 * @param blockIndex         index in the plan
 * @param step               position in the coding order
 * @param fellBack           coded with the fallback method (its D∞ was infinite or above the primary's limit)
 * @param klBits             KL[Q_b‖P_b] in bits when the block was coded
 * @param maxLogRatioBits    D∞[Q_b‖P_b] in bits when the block was coded (may be {@code +∞})
 * @param codewordBits       bits of the block's codeword
 * @param flagBits           bits of the method flag in front of it (1 if the block's primary method is exact, else 0)
 * @param candidatesExamined candidates the block's encoder evaluated
 */
public record BlockReport(int blockIndex, int step, boolean fellBack, double klBits, double maxLogRatioBits,
                          long codewordBits, int flagBits, long candidatesExamined) {

    /** {@code codewordBits + flagBits}. */
    public long totalBits() {
        return codewordBits + flagBits;
    }
}
