package io.rec4j.codec.inr;

/** The sine a SIREN's hidden layers apply; both are reproducible bit for bit on every JVM, but they differ. */
public enum SineFunction {
    /** {@link StrictMath#sin} (fdlibm): COMBINER bitstream revision 1. */
    STRICT_MATH,
    /** {@link Sine#sin}, about 2.7 times faster: COMBINER bitstream revision 2. */
    POLYNOMIAL
}
