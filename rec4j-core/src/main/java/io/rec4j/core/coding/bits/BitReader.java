package io.rec4j.core.coding.bits;

import io.rec4j.core.coding.CorruptStreamException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reads bits most-significant-bit first from a byte array, in the layout written by {@link BitWriter}.
 *
 * <p>The reader sees whole bytes: the zero padding at the end of {@link BitWriter#toByteArray()} is readable like
 * any other bit. Reading past the last byte throws {@link CorruptStreamException}; {@link #readBits(int)} and
 * {@link #readBit()} check before consuming anything, so after such a failure the position is unchanged. After a
 * {@code CorruptStreamException} from {@link #readUnary(int)} the position is unspecified.
 *
 * <p>Bits are cached in a {@code long} and refilled eight bytes at a time. The array is not copied; it must not
 * change while it is being read. Not thread-safe.
 */
public final class BitReader {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The default bound of {@link #readUnary()}. */
    public static final int DEFAULT_MAX_UNARY = 64;

    private final byte[] data;
    private final int start;
    private final int end;
    /** Next byte to move into the cache. */
    private int next;
    /**
     * The next {@link #cacheBits} bits of the stream, left-aligned. The bits below them are either zero or the
     * stream bits that follow, so or-ing in the following bytes again is harmless.
     */
    private long cache;
    /** Number of valid bits in {@link #cache}, in {@code [0, 64]}. */
    private int cacheBits;

    /** A reader over all of {@code data}. */
    public BitReader(byte[] data) {
        this(data, 0, data.length);
    }

    /**
     * A reader over {@code data[offset .. offset + length)}.
     *
     * @throws IndexOutOfBoundsException if the range does not lie inside {@code data}
     */
    public BitReader(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        this.data = data;
        this.start = offset;
        this.end = offset + length;
        this.next = offset;
    }

    /**
     * Reads {@code n} bits as an unsigned number, the first bit read being the most significant.
     *
     * @param n number of bits, {@code 0 <= n <= 64}; for {@code n == 64} the result is the bit pattern of an
     *          unsigned 64-bit number
     * @throws IllegalArgumentException if {@code n} is out of range
     * @throws CorruptStreamException   if fewer than {@code n} bits are left (nothing is consumed then)
     */
    public long readBits(int n) {
        if (n >= 0 && n <= 56) {
            if (cacheBits < n) {
                refill();
                if (cacheBits < n) {
                    throw pastEnd(n);
                }
            }
            long v = (cache >>> 1) >>> (63 - n); // also right for n == 0
            cache <<= n;
            cacheBits -= n;
            return v;
        }
        return readWide(n);
    }

    private long readWide(int n) {
        if (n < 0 || n > 64) {
            throw new IllegalArgumentException("bit count out of [0, 64]: " + n);
        }
        if (bitsRemaining() < n) {
            throw pastEnd(n);
        }
        long hi = readBits(32);
        return (hi << (n - 32)) | readBits(n - 32);
    }

    /**
     * Reads one bit.
     *
     * @return {@code true} for a one bit
     * @throws CorruptStreamException if the stream is exhausted
     */
    public boolean readBit() {
        if (cacheBits == 0) {
            refill();
            if (cacheBits == 0) {
                throw pastEnd(1);
            }
        }
        boolean bit = cache < 0;
        cache <<= 1;
        cacheBits--;
        return bit;
    }

    /** {@link #readUnary(int)} with the bound {@value #DEFAULT_MAX_UNARY}. */
    public int readUnary() {
        return readUnary(DEFAULT_MAX_UNARY);
    }

    /**
     * Reads a run of zero bits and the one bit that ends it, as written by {@link BitWriter#writeUnary(int)}.
     *
     * @param maxZeros the longest run the caller accepts, {@code >= 0}; a longer run means the stream is corrupt. At
     *                 most {@code maxZeros + 64} bits are inspected, so damaged input cannot make this loop long.
     * @return the number of zero bits before the one bit, in {@code [0, maxZeros]}
     * @throws IllegalArgumentException if {@code maxZeros} is negative
     * @throws CorruptStreamException   if the run is longer than {@code maxZeros} or the stream ends inside it
     */
    public int readUnary(int maxZeros) {
        if (maxZeros < 0) {
            throw new IllegalArgumentException("negative unary bound: " + maxZeros);
        }
        long zeros = 0;
        for (;;) {
            if (cacheBits == 0) {
                refill();
                if (cacheBits == 0) {
                    throw new CorruptStreamException("bit stream ends inside a unary run after " + zeros
                            + " zero bits");
                }
            }
            int lz = Long.numberOfLeadingZeros(cache);
            if (lz < cacheBits) {
                zeros += lz;
                if (zeros > maxZeros) {
                    throw tooLongRun(maxZeros);
                }
                cache = (cache << lz) << 1; // lz + 1 may be 64
                cacheBits -= lz + 1;
                return (int) zeros;
            }
            zeros += cacheBits;
            cache = 0;
            cacheBits = 0;
            if (zeros > maxZeros) {
                throw tooLongRun(maxZeros);
            }
        }
    }

    /** Number of bits consumed so far. */
    public long bitsRead() {
        return ((long) (next - start) << 3) - cacheBits;
    }

    /** Number of bits left before the end of the byte range (including any zero padding in the last byte). */
    public long bitsRemaining() {
        return ((long) (end - next) << 3) + cacheBits;
    }

    @Override
    public String toString() {
        return "BitReader[" + bitsRead() + " bits read, " + bitsRemaining() + " left]";
    }

    /** Tops the cache up to at least 57 bits, or to all remaining bits. Only called with {@code cacheBits <= 56}. */
    private void refill() {
        if (end - next >= 8) {
            long word = (long) LONG_BE.get(data, next);
            cache |= word >>> cacheBits;
            int take = (64 - cacheBits) >>> 3;
            next += take;
            cacheBits += take << 3;
        } else {
            while (cacheBits <= 56 && next < end) {
                cache |= (data[next++] & 0xFFL) << (56 - cacheBits);
                cacheBits += 8;
            }
        }
    }

    private CorruptStreamException pastEnd(int n) {
        return new CorruptStreamException("bit stream truncated: need " + n + " bits at bit " + bitsRead() + ", "
                + bitsRemaining() + " left");
    }

    private static CorruptStreamException tooLongRun(int maxZeros) {
        return new CorruptStreamException("unary run longer than " + maxZeros + " zero bits");
    }
}
