package io.rec4j.core.container;

/** Big-endian reads and writes and hex formatting for the container code. */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static int i32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return i32(b, off) & 0xFFFF_FFFFL;
    }

    static long i64(byte[] b, int off) {
        return ((long) i32(b, off) << 32) | u32(b, off + 4);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void put64(byte[] b, int off, long v) {
        put32(b, off, (int) (v >>> 32));
        put32(b, off + 4, (int) v);
    }

    static byte[] of64(long v) {
        byte[] b = new byte[8];
        put64(b, 0, v);
        return b;
    }

    static byte[] of32(int v) {
        byte[] b = new byte[4];
        put32(b, 0, v);
        return b;
    }

    /** Space-separated upper-case hex of {@code b[off, off+len)}, e.g. {@code "52 34 4A 1A"}. */
    static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 3);
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.toUpperCase(Character.forDigit((b[off + i] >>> 4) & 0xF, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(b[off + i] & 0xF, 16)));
        }
        return sb.toString();
    }

    static String hex32(int v) {
        return String.format("0x%08X", v);
    }
}
