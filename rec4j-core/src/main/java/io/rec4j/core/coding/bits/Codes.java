package io.rec4j.core.coding.bits;

import io.rec4j.core.coding.CorruptStreamException;

/** Helpers shared by the integer codes. */
final class Codes {

    private Codes() {
    }

    /** {@code floor(log2(n))} for {@code n >= 1}. */
    static int floorLog2(long n) {
        return 63 - Long.numberOfLeadingZeros(n);
    }

    static IllegalArgumentException notPositive(String code, long n) {
        return new IllegalArgumentException(code + " encodes integers n >= 1, got " + n);
    }

    /** Writes {@code v} (known to be below {@code 2^bits} and non-negative) in {@code bits} bits, any count. */
    static void writeWide(BitWriter w, long v, int bits) {
        if (bits > 63) {
            w.writeBits(0L, bits - 63);
            w.writeBits(v, 63);
        } else {
            w.writeBits(v, bits);
        }
    }

    /**
     * Reads a {@code bits}-bit number that must be below {@code 2^63}: leading bits beyond 63 must be zero.
     *
     * @throws CorruptStreamException on overflow or truncation
     */
    static long readWide(BitReader r, int bits, String code) {
        if (bits > 63) {
            if (r.readBits(bits - 63) != 0) {
                throw overflow(code);
            }
            return r.readBits(63);
        }
        return r.readBits(bits);
    }

    static CorruptStreamException overflow(String code) {
        return new CorruptStreamException(code + " codeword decodes to a value above Long.MAX_VALUE");
    }
}
