package io.rec4j.core.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Format version 2, the compact framing: layout, round trips, and every kind of damage. */
class ContainerCompactTest {

    /** The empty RAW_TEST container in version 2: magic, 00 02, method 0, header 0, payload 0, CRC. */
    @Test
    void emptyGolden() {
        Container c = Container.compact(MethodId.RAW_TEST, ContainerHeader.empty(), new byte[0]);
        byte[] b = c.toBytes();
        assertEquals(Container.COMPACT_MIN_OVERHEAD, b.length);
        assertEquals("52344a1a0002000000", HexFormat.of().formatHex(b, 0, 9));
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 9);
        assertEquals((int) crc.getValue(), java.nio.ByteBuffer.wrap(b, 9, 4).getInt());
        assertEquals(c, Container.parse(b));
    }

    static List<Container> samples() {
        List<Container> out = new ArrayList<>();
        for (Container c : ContainerTestData.samples()) {
            out.add(c.withFormatVersion(2));
        }
        out.add(Container.compact(MethodId.COMBINER_R3, ContainerHeader.empty(), new byte[300])); // 2-byte length
        return out;
    }

    @Test
    void roundTripsAndIsSmaller() throws IOException {
        for (Container c : samples()) {
            byte[] b = c.toBytes();
            assertEquals(c.encodedLength(), b.length);
            Container back = Container.parse(b);
            assertEquals(2, back.formatVersion());
            assertEquals(c, back);
            assertArrayEquals(b, back.toBytes());
            java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
            c.writeTo(o);
            assertArrayEquals(b, o.toByteArray());
            // the stream reader stops right after the CRC
            byte[] twice = Arrays.copyOf(b, 2 * b.length);
            System.arraycopy(b, 0, twice, b.length, b.length);
            ByteArrayInputStream in = new ByteArrayInputStream(twice);
            assertEquals(c, Container.read(in, 1 << 20));
            assertEquals(b.length, in.available());
            assertEquals(c, Container.read(in, 1 << 20));
            Container v1 = c.withFormatVersion(1);
            assertTrue(b.length < v1.toBytes().length);
            assertEquals(c.payloadLength(), Container.parse(v1.toBytes()).payloadLength());
        }
        // an empty header and a payload below 128 bytes: 13 bytes of framing, against 26
        Container small = Container.compact(MethodId.COMBINER_R3, ContainerHeader.empty(), new byte[100]);
        assertEquals(113, small.toBytes().length);
        assertEquals(126, small.withFormatVersion(1).toBytes().length);
    }

    @Test
    void versionOneStillReadsAndWrites() {
        Container g = ContainerTestData.golden();
        assertEquals(1, g.formatVersion());
        assertEquals(ContainerTestData.GOLDEN_HEX.toLowerCase(), HexFormat.of().formatHex(g.toBytes()));
        assertEquals(g, Container.parse(HexFormat.of().parseHex(ContainerTestData.GOLDEN_HEX)));
    }

    @Test
    void everyTruncationIsTruncated() {
        for (Container c : samples()) {
            byte[] full = c.toBytes();
            for (int len = 0; len < full.length; len++) {
                byte[] cut = Arrays.copyOf(full, len);
                assertThrows(TruncatedContainerException.class, () -> Container.parse(cut), "length " + len);
                assertThrows(TruncatedContainerException.class,
                        () -> Container.read(new ByteArrayInputStream(cut), 1 << 20), "length " + len);
            }
        }
    }

    @Test
    void everyBitFlipIsCaught() {
        for (Container c : samples()) {
            byte[] full = c.toBytes();
            for (int i = 0; i < full.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] b = full.clone();
                    b[i] ^= (byte) (1 << bit);
                    assertThrows(ContainerFormatException.class, () -> Container.parse(b), "byte " + i + " bit " + bit);
                }
            }
        }
    }

    @Test
    void trailingBytesAndBadFraming() {
        byte[] b = Container.compact(MethodId.RAW_TEST, ContainerHeader.empty(), new byte[] {1, 2}).toBytes();
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        assertThrows(MalformedContainerException.class, () -> Container.parse(longer));
        // a non-shortest varint (method 0 as 80 00), with the CRC repaired
        byte[] overlong = new byte[b.length + 1];
        System.arraycopy(b, 0, overlong, 0, 6);
        overlong[6] = (byte) 0x80;
        overlong[7] = 0;
        System.arraycopy(b, 7, overlong, 8, b.length - 7);
        fixCrc(overlong);
        assertTrue(assertThrows(MalformedContainerException.class, () -> Container.parse(overlong)).getMessage()
                .contains("shortest form"));
        // header length 1, and an empty header written as a field count of 0
        byte[] one = b.clone();
        one[8] = 1;
        fixCrc(one);
        assertThrows(ContainerFormatException.class, () -> Container.parse(one));
        byte[] zeroCount = {0x52, 0x34, 0x4A, 0x1A, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0};
        fixCrc(zeroCount);
        assertTrue(assertThrows(MalformedContainerException.class, () -> Container.parse(zeroCount)).getMessage()
                .contains("length 0"));
        // a declared size over the stream limit is refused before reading on
        byte[] huge = {0x52, 0x34, 0x4A, 0x1A, 0, 2, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 0, 0, 0};
        assertThrows(ContainerTooLargeException.class, () -> Container.read(new ByteArrayInputStream(huge), 1000));
        // a varint of six bytes
        byte[] six = {0x52, 0x34, 0x4A, 0x1A, 0, 2, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
        assertThrows(MalformedContainerException.class, () -> Container.parse(six));
        assertThrows(MalformedContainerException.class, () -> Container.read(new ByteArrayInputStream(six), 1000));
    }

    private static void fixCrc(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            b[b.length - 4 + i] = (byte) (v >>> (24 - 8 * i));
        }
    }
}
