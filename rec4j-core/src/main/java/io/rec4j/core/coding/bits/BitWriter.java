package io.rec4j.core.coding.bits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes bits most-significant-bit first into a growable byte array.
 *
 * <p>Bit {@code i} of the stream (counting from zero) is bit {@code 7 - (i % 8)} of byte {@code i / 8}: the first bit
 * written is the high bit of the first byte. {@link #toByteArray()} pads the last byte with zero bits; use
 * {@link #bitLength()} when the exact length matters. {@link BitReader} reads the same layout.
 *
 * <p>Pending bits are buffered in a {@code long} accumulator and flushed eight bytes at a time, so the hot path of
 * {@link #writeBits(long, int)} is a shift and an or, and it never allocates except when the array has to grow.
 *
 * <p>Not thread-safe.
 */
public final class BitWriter {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Largest array size we try to allocate (some VMs reserve header words). */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private byte[] buf;
    /** Number of bytes of {@code buf} that hold flushed bits. */
    private int pos;
    /**
     * Pending bits: the low {@link #count} bits, oldest bit highest. Bits above them are stale and are shifted out
     * before they could reach the array.
     */
    private long acc;
    /** Number of pending bits, in {@code [0, 63]} between calls. */
    private int count;

    /** A writer with a small initial buffer. */
    public BitWriter() {
        this(64);
    }

    /**
     * A writer whose buffer starts with room for about {@code initialCapacityBytes} bytes.
     *
     * @throws IllegalArgumentException if {@code initialCapacityBytes} is negative
     */
    public BitWriter(int initialCapacityBytes) {
        if (initialCapacityBytes < 0) {
            throw new IllegalArgumentException("negative capacity: " + initialCapacityBytes);
        }
        buf = new byte[Math.max(16, Math.min(initialCapacityBytes, MAX_ARRAY))];
    }

    /**
     * Writes the low {@code n} bits of {@code value}, most significant first.
     *
     * @param value the bits to write; it must be below {@code 2^n} (read as unsigned when {@code n == 64})
     * @param n     number of bits, {@code 0 <= n <= 64}
     * @throws IllegalArgumentException if {@code n} is out of range or {@code value} has bits set at or above bit
     *                                  {@code n}
     */
    public void writeBits(long value, int n) {
        if (n < 0 || n > 64) {
            throw new IllegalArgumentException("bit count out of [0, 64]: " + n);
        }
        if (n < 64 && (value >>> n) != 0) {
            throw new IllegalArgumentException("value " + Long.toUnsignedString(value) + " does not fit in " + n
                    + " bits");
        }
        int space = 64 - count;
        if (n < space) {
            acc = (acc << n) | value;
            count += n;
            return;
        }
        // The accumulator fills up: emit 64 bits and keep the remaining low bits of value.
        int rest = n - space; // in [0, 63]
        long full = count == 0 ? value : (acc << space) | (value >>> rest);
        putLong(full);
        acc = value; // only the low `rest` bits matter
        count = rest;
    }

    /** Writes one bit: 1 for {@code true}, 0 for {@code false}. */
    public void writeBit(boolean bit) {
        if (count < 63) {
            acc = (acc << 1) | (bit ? 1L : 0L);
            count++;
        } else {
            writeBits(bit ? 1L : 0L, 1);
        }
    }

    /**
     * Writes {@code zeros} zero bits followed by a single one bit ({@code zeros + 1} bits in all). This is the unary
     * code of {@code zeros + 1} in the convention of Elias and of Boldi and Vigna; {@link BitReader#readUnary(int)}
     * reads it back.
     *
     * @throws IllegalArgumentException if {@code zeros} is negative
     */
    public void writeUnary(int zeros) {
        if (zeros < 0) {
            throw new IllegalArgumentException("negative unary run: " + zeros);
        }
        while (zeros >= 64) {
            writeBits(0L, 64);
            zeros -= 64;
        }
        writeBits(1L, zeros + 1);
    }

    /** The exact number of bits written so far. */
    public long bitLength() {
        return ((long) pos << 3) + count;
    }

    /** Discards everything written; the buffer is kept for reuse. */
    public void reset() {
        pos = 0;
        acc = 0;
        count = 0;
    }

    /**
     * The bits written so far in {@code ceil(bitLength() / 8)} bytes; the unused low bits of the last byte are zero.
     * The writer stays usable and can be appended to afterwards.
     */
    public byte[] toByteArray() {
        int tailBytes = (count + 7) >>> 3;
        byte[] out = Arrays.copyOf(buf, pos + tailBytes);
        if (count > 0) {
            long tail = acc << (64 - count); // left-align the pending bits; stale high bits fall off
            for (int i = 0; i < tailBytes; i++) {
                out[pos + i] = (byte) (tail >>> (56 - 8 * i));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "BitWriter[" + bitLength() + " bits]";
    }

    private void putLong(long word) {
        if (buf.length - pos < 8) {
            grow();
        }
        LONG_BE.set(buf, pos, word);
        pos += 8;
    }

    private void grow() {
        long wanted = Math.max((long) pos + 8, 2L * buf.length);
        if (wanted > MAX_ARRAY) {
            if ((long) pos + 8 > MAX_ARRAY) {
                throw new IllegalStateException("bit stream too long for a byte array: " + bitLength() + " bits");
            }
            wanted = MAX_ARRAY;
        }
        buf = Arrays.copyOf(buf, (int) wanted);
    }
}
