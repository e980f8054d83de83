package io.rec4j.core.coding.bits;

/**
 * The Elias δ code for integers {@code n >= 1}: with {@code h = floor(log2 n)}, the {@link EliasGamma γ} codeword of
 * {@code h + 1} followed by the {@code h} bits of {@code n} below its leading one bit. The codeword of {@code n} has
 * {@code h + 2 floor(log2(h + 1)) + 1} bits, which grows like {@code log2 n + 2 log2 log2 n}: shorter than γ from
 * {@code n = 32} on.
 *
 * <p>Every positive {@code long} can be coded, up to {@link Long#MAX_VALUE} (73 bits). The decoder rejects a length
 * prefix above 63, which would announce a value of {@code 2^63} or more.
 *
 * <p>Reference: P. Elias, "Universal codeword sets and representations of the integers", IEEE Transactions on
 * Information Theory 21(2):194–203, 1975.
 */
public final class EliasDelta implements IntegerCode {

    /** The only instance. */
    public static final EliasDelta INSTANCE = new EliasDelta();

    /** γ-coded {@code h + 1} is at most 63, whose γ codeword starts with 5 zeros. */
    private static final int MAX_PREFIX_ZEROS = 5;

    private EliasDelta() {
    }

    @Override
    public void write(BitWriter w, long n) {
        if (n < 1) {
            throw Codes.notPositive("Elias delta", n);
        }
        int h = Codes.floorLog2(n);
        int l = h + 1; // in [1, 63]
        w.writeBits(l, 2 * Codes.floorLog2(l) + 1); // γ(l)
        w.writeBits(n ^ (1L << h), h);
    }

    @Override
    public long read(BitReader r) {
        int z = r.readUnary(MAX_PREFIX_ZEROS);
        int h = (int) ((1L << z) | r.readBits(z)) - 1; // in [0, 62]
        return (1L << h) | r.readBits(h);
    }

    @Override
    public long length(long n) {
        if (n < 1) {
            throw Codes.notPositive("Elias delta", n);
        }
        int h = Codes.floorLog2(n);
        return h + 2L * Codes.floorLog2(h + 1) + 1;
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
        return "EliasDelta";
    }
}
