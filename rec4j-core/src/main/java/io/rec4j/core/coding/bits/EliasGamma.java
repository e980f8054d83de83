package io.rec4j.core.coding.bits;

/**
 * The Elias γ code for integers {@code n >= 1}: {@code floor(log2 n)} zero bits, then {@code n} in binary (which
 * starts with a one bit). The codeword of {@code n} has {@code 2 floor(log2 n) + 1} bits, so γ is the natural code
 * for indices with a roughly power-law (Zipf exponent 2) distribution, {@code P(n) ~ 1 / (2 n^2)}.
 *
 * <p>Every positive {@code long} can be coded, up to {@link Long#MAX_VALUE} (125 bits). The decoder rejects a zero
 * run longer than 62 bits, which would announce a value of {@code 2^63} or more.
 *
 * <p>Reference: P. Elias, "Universal codeword sets and representations of the integers", IEEE Transactions on
 * Information Theory 21(2):194–203, 1975. It equals {@link ZetaCode ζ<sub>1</sub>} of Boldi and Vigna.
 */
public final class EliasGamma implements IntegerCode {

    /** The only instance. */
    public static final EliasGamma INSTANCE = new EliasGamma();

    private static final int MAX_EXPONENT = 62;

    private EliasGamma() {
    }

    @Override
    public void write(BitWriter w, long n) {
        if (n < 1) {
            throw Codes.notPositive("Elias gamma", n);
        }
        int h = Codes.floorLog2(n);
        if (h < 32) {
            w.writeBits(n, 2 * h + 1); // h leading zeros, then n
        } else {
            w.writeBits(0L, h);
            w.writeBits(n, h + 1);
        }
    }

    @Override
    public long read(BitReader r) {
        int h = r.readUnary(MAX_EXPONENT);
        return (1L << h) | r.readBits(h);
    }

    @Override
    public long length(long n) {
        if (n < 1) {
            throw Codes.notPositive("Elias gamma", n);
        }
        return 2L * Codes.floorLog2(n) + 1;
    }

    @Override
    public long minValue() {
        return 1;
    }

    @Override
    public long maxValue() {
        return Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "EliasGamma";
    }
}
