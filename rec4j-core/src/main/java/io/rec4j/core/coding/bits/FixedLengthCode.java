package io.rec4j.core.coding.bits;

/**
 * Plain binary in a fixed number {@code b} of bits, for integers {@code 0 <= n < 2^b}: the code for REC candidate
 * indices drawn from a fixed budget of {@code 2^b} candidates, where every index is equally likely.
 *
 * <p>{@code b} ranges over {@code [0, 63]}; {@code b = 0} codes only {@code n = 0}, in zero bits, and {@code b = 63}
 * covers every non-negative {@code long}. Every bit string of length {@code b} is a valid codeword, so the decoder
 * only fails on a truncated stream.
 */
public final class FixedLengthCode implements IntegerCode {

    /** Largest supported width. */
    public static final int MAX_BITS = 63;

    private final int bits;

    /**
     * The {@code bits}-bit code.
     *
     * @throws IllegalArgumentException unless {@code 0 <= bits <= MAX_BITS}
     */
    public FixedLengthCode(int bits) {
        if (bits < 0 || bits > MAX_BITS) {
            throw new IllegalArgumentException("fixed code width must be in [0, " + MAX_BITS + "], got " + bits);
        }
        this.bits = bits;
    }

    /** The width {@code b} in bits. */
    public int bits() {
        return bits;
    }

    @Override
    public void write(BitWriter w, long n) {
        check(n);
        w.writeBits(n, bits);
    }

    @Override
    public long read(BitReader r) {
        return r.readBits(bits);
    }

    @Override
    public long length(long n) {
        check(n);
        return bits;
    }

    @Override
    public long minValue() {
        return 0;
    }

    @Override
    public long maxValue() {
        return bits == 63 ? Long.MAX_VALUE : (1L << bits) - 1;
    }

    private void check(long n) {
        if (n < 0 || (n >>> bits) != 0) {
            throw new IllegalArgumentException(n + " does not fit the " + bits + "-bit fixed-length code");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedLengthCode && ((FixedLengthCode) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(bits) * 31 + 3;
    }

    @Override
    public String toString() {
        return "FixedLengthCode[bits=" + bits + "]";
    }
}
