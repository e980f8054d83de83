package io.rec4j.core.container;

import io.rec4j.core.coding.bits.BigEndian;

/** Byte-array constructors and hex formatting for the container code (the packing itself is {@link BigEndian}). */
final class Bytes {
    private Bytes() {
    }

    static byte[] of64(long v) {
        byte[] b = new byte[8];
        BigEndian.put64(b, 0, v);
        return b;
    }

    static byte[] of32(int v) {
        byte[] b = new byte[4];
        BigEndian.put32(b, 0, v);
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
