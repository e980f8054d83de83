package io.rec4j.core.rec;

/**
 * The result of encoding one target: the codeword, the sample the decoder will reproduce, and diagnostics.
 *
 * @param codeword           what is transmitted
 * @param sample             the encoder's copy of the decoded sample (bit-identical to what the decoder produces)
 * @param klBits             KL[Q‖P] in bits
 * @param maxLogRatioBits    D∞[Q‖P] in bits (may be infinite)
 * @param candidatesExamined candidates (or search nodes) the encoder evaluated
 * @param predictedBits      the method's a-priori expected codelength for this target
 */
public record Encoding(Codeword codeword, double[] sample, double klBits, double maxLogRatioBits,
                       long candidatesExamined, double predictedBits) {

    /** Bits actually used: {@code codeword().bitLength()}. */
    public long actualBits() {
        return codeword.bitLength();
    }
}
