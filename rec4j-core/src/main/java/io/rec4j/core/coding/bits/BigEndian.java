package io.rec4j.core.coding.bits;

/**
 * Big-endian (network order) reads and writes of 8- to 64-bit integers in byte arrays: the one byte packer of the
 * container, the rANS stack and the range coder. Bounds are the caller's responsibility (an out-of-range offset
 * throws {@link ArrayIndexOutOfBoundsException}).
 */
public final class BigEndian {
    private BigEndian() {
    }

    /** The unsigned byte at {@code off}. */
    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    /** The unsigned 16-bit value at {@code off}. */
    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** The 32-bit value at {@code off}, as a signed {@code int}. */
    public static int i32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** The unsigned 32-bit value at {@code off}. */
    public static long u32(byte[] b, int off) {
        return i32(b, off) & 0xFFFF_FFFFL;
    }

    /** The 64-bit value at {@code off}. */
    public static long i64(byte[] b, int off) {
        return ((long) i32(b, off) << 32) | u32(b, off + 4);
    }

    /** Writes the low 16 bits of {@code v} at {@code off}. */
    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** Writes {@code v} at {@code off}. */
    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** Writes {@code v} at {@code off}. */
    public static void put64(byte[] b, int off, long v) {
        put32(b, off, (int) (v >>> 32));
        put32(b, off + 4, (int) v);
    }
}
