package io.rec4j.core.coding.bits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints for non-negative {@code int}s: 7 bits per byte, low bits first, the high bit set on every
 * byte but the last; 1 to {@value #MAX_BYTES} bytes. The one varint codec of rec4j's file formats (block plans,
 * COMBINER headers). Readers accept only the canonical (shortest) encoding, so a value has exactly one valid form.
 */
public final class Varint {
    /** Most bytes of a varint of a non-negative {@code int}. */
    public static final int MAX_BYTES = 5;

    /** A source of bytes (0..255) that may fail. */
    @FunctionalInterface
    public interface ByteSource {
        /** The next byte as 0..255. */
        int next() throws IOException;
    }

    private Varint() {
    }

    /**
     * The encoding of {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static byte[] encode(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint " + value);
        }
        byte[] buf = new byte[MAX_BYTES];
        int n = 0;
        int v = value;
        while (v >= 0x80) {
            buf[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[n++] = (byte) v;
        return java.util.Arrays.copyOf(buf, n);
    }

    /**
     * Reads one varint.
     *
     * @return the value, or −1 if the bytes are no canonical varint of a non-negative {@code int} (more than 31
     *         bits, more than {@value #MAX_BYTES} bytes, or a zero final byte after the first)
     * @throws IOException whatever {@code in} throws (e.g. at the end of its data)
     */
    public static int read(ByteSource in) throws IOException {
        long v = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.next();
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return v > Integer.MAX_VALUE || (i > 0 && b == 0) ? -1 : (int) v;
            }
        }
        return -1;
    }

    /**
     * Reads one varint from {@code in}, advancing its position.
     *
     * @return the value, or −1 if the bytes are no canonical varint (see {@link #read(ByteSource)})
     * @throws java.nio.BufferUnderflowException if {@code in} ends inside the varint
     */
    public static int read(ByteBuffer in) {
        try {
            return read(() -> in.get() & 0xFF);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteBuffer throws no IOException
        }
    }
}
