package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import java.math.BigInteger;

/**
 * A uniform code for sequences of symbols in {@code [0, M)}: symbols are packed, most significant first, into
 * mixed-radix numbers of up to {@link #CHUNK} digits, and a chunk of {@code c} digits is written in
 * {@code bitLength(M^c − 1) = ⌈c·log₂M⌉} bits. A sequence of {@code K} symbols therefore costs less than
 * {@code K·log₂M + ⌈K / CHUNK⌉} bits (at most one bit of rounding per chunk), against {@code K·⌈log₂M⌉} for
 * fixed-length fields; the chunking keeps the big-number arithmetic linear in {@code K}. Integer arithmetic only.
 * Immutable.
 */
final class MixedRadix {
    /** Digits per chunk: bounds the rounding loss to one bit per 128 symbols. */
    static final int CHUNK = 128;

    private final int radix;
    private final BigInteger bigRadix;
    /** {@code powers[c] = M^c}, {@code c <= CHUNK}. */
    private final BigInteger[] powers;
    /** {@code bits[c] = bitLength(M^c − 1)}. */
    private final int[] bits;

    MixedRadix(int radix) {
        if (radix < 2) {
            throw new IllegalArgumentException("radix must be at least 2, was " + radix);
        }
        this.radix = radix;
        this.bigRadix = BigInteger.valueOf(radix);
        powers = new BigInteger[CHUNK + 1];
        bits = new int[CHUNK + 1];
        powers[0] = BigInteger.ONE;
        for (int c = 1; c <= CHUNK; c++) {
            powers[c] = powers[c - 1].multiply(bigRadix);
            bits[c] = powers[c].subtract(BigInteger.ONE).bitLength();
        }
    }

    int radix() {
        return radix;
    }

    /** Exact bits for a sequence of {@code count} symbols. */
    long length(long count) {
        return (count / CHUNK) * bits[CHUNK] + bits[(int) (count % CHUNK)];
    }

    /** Writes {@code symbols[from, from + count)}; exactly {@link #length(long) length(count)} bits. */
    void write(BitWriter out, long[] symbols, int from, int count) {
        for (int start = 0; start < count; start += CHUNK) {
            int c = Math.min(CHUNK, count - start);
            BigInteger v = BigInteger.ZERO;
            for (int k = 0; k < c; k++) {
                long s = symbols[from + start + k];
                if (s < 0 || s >= radix) {
                    throw new IllegalArgumentException("symbol " + s + " outside [0, " + radix + ")");
                }
                v = v.multiply(bigRadix).add(BigInteger.valueOf(s));
            }
            writeBig(out, v, bits[c]);
        }
    }

    /**
     * Reads {@code count} symbols into {@code symbols[from, from + count)}.
     *
     * @throws CorruptStreamException if the stream ends early or a chunk's value is not below {@code M^c}
     */
    void read(BitReader in, long[] symbols, int from, int count) {
        for (int start = 0; start < count; start += CHUNK) {
            int c = Math.min(CHUNK, count - start);
            BigInteger v = readBig(in, bits[c]);
            if (v.compareTo(powers[c]) >= 0) {
                throw new CorruptStreamException("mixed-radix chunk " + v + " is not below " + radix + "^" + c);
            }
            for (int k = c - 1; k >= 0; k--) {
                BigInteger[] qr = v.divideAndRemainder(bigRadix);
                symbols[from + start + k] = qr[1].longValue();
                v = qr[0];
            }
        }
    }

    private static final int WORD = 32;

    private static void writeBig(BitWriter out, BigInteger v, int n) {
        int head = n % WORD;
        if (head > 0) {
            out.writeBits(v.shiftRight(n - head).longValue() & ((1L << head) - 1), head);
        }
        for (int shift = n - head - WORD; shift >= 0; shift -= WORD) {
            out.writeBits(v.shiftRight(shift).longValue() & 0xFFFF_FFFFL, WORD);
        }
    }

    private static BigInteger readBig(BitReader in, int n) {
        if (in.bitsRemaining() < n) {
            throw new CorruptStreamException("stream ends inside a mixed-radix chunk of " + n + " bits");
        }
        int head = n % WORD;
        BigInteger v = BigInteger.valueOf(in.readBits(head));
        for (int done = head; done < n; done += WORD) {
            v = v.shiftLeft(WORD).or(BigInteger.valueOf(in.readBits(WORD)));
        }
        return v;
    }
}
