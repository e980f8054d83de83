package io.rec4j.core.coding.bits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class VarintTest {
    private static int read(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Varint.read(ByteBuffer.wrap(b));
    }

    @Test
    void goldenEncodings() {
        assertArrayEquals(new byte[] {0}, Varint.encode(0));
        assertArrayEquals(new byte[] {0x7F}, Varint.encode(127));
        assertArrayEquals(new byte[] {(byte) 0x80, 0x01}, Varint.encode(128));
        assertArrayEquals(new byte[] {(byte) 0xE5, (byte) 0x8E, 0x26}, Varint.encode(624_485));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07},
                Varint.encode(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
    }

    @Test
    void roundTripsAcrossByteBoundaries() {
        for (int shift = 0; shift < 31; shift++) {
            for (int v : new int[] {(1 << shift) - 1, 1 << shift, (1 << shift) + 1}) {
                if (v >= 0) {
                    ByteBuffer b = ByteBuffer.wrap(Varint.encode(v));
                    assertEquals(v, Varint.read(b));
                    assertEquals(0, b.remaining());
                }
            }
        }
    }

    /** One value, one encoding: padded, over-long and over-wide forms are refused, truncation is reported. */
    @Test
    void onlyCanonicalEncodingsAreAccepted() {
        assertEquals(-1, read(0xC0, 0x00)); // 64 padded to two bytes
        assertEquals(-1, read(0x80, 0x80, 0x80, 0x80, 0x80, 0x00)); // six bytes
        assertEquals(-1, read(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)); // 2^32 - 1 does not fit in 31 bits
        assertThrows(BufferUnderflowException.class, () -> read(0x80));
    }
}
