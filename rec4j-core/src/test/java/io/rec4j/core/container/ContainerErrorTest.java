package io.rec4j.core.container;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BigEndian;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;


class ContainerErrorTest {

    private static byte[] golden() {
        return ContainerTestData.golden().toBytes();
    }

    /** Recomputes the trailing CRC so that a deliberate structural edit is not reported as a checksum mismatch. */
    static byte[] fixCrc(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        BigEndian.put32(b, b.length - 4, (int) crc.getValue());
        return b;
    }

    private static <T extends ContainerFormatException> T parseFails(Class<T> type, byte[] bytes) {
        T e = assertThrows(type, () -> Container.parse(bytes));
        assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
        return e;
    }

    @Test
    void hierarchy() {
        assertTrue(Rec4jDataException.class.isAssignableFrom(ContainerFormatException.class));
        for (Class<?> c : new Class<?>[] {BadMagicException.class, UnsupportedVersionException.class,
                TruncatedContainerException.class, ChecksumMismatchException.class, MalformedContainerException.class,
                ContainerTooLargeException.class}) {
            assertTrue(ContainerFormatException.class.isAssignableFrom(c), c.getName());
        }
    }

    @Test
    void wrongMagic() {
        byte[] b = golden();
        b[1] = 'X';
        BadMagicException e = parseFails(BadMagicException.class, b);
        assertEquals("not a rec4j container: expected magic 52 34 4A 1A at offset 0, found 52 58 4A 1A",
                e.getMessage());
        // a short foreign file is foreign, not truncated
        parseFails(BadMagicException.class, new byte[] {'P', 'K'});
        parseFails(BadMagicException.class, "hello world, this is plain text".getBytes());
    }

    @Test
    void newerVersion() {
        byte[] b = fixCrc(golden());
        b[5] = 3; // version 2 is the compact layout (ContainerCompactTest)
        UnsupportedVersionException e = parseFails(UnsupportedVersionException.class, fixCrc(b));
        assertEquals(3, e.version());
        assertTrue(e.getMessage().contains("written by a newer rec4j"), e.getMessage());
        assertEquals(Container.OFFSET_VERSION, e.offset());
        b[4] = (byte) 0xFF;
        parseFails(UnsupportedVersionException.class, b);
        // a newer version is reported even when the data is shorter than a version-1 container
        parseFails(UnsupportedVersionException.class, Arrays.copyOf(b, 6));
        assertThrows(UnsupportedVersionException.class,
                () -> Container.read(new ByteArrayInputStream(Arrays.copyOf(b, 6)), 1000));
    }

    @Test
    void versionZero() {
        byte[] b = golden();
        b[5] = 0;
        UnsupportedVersionException e = parseFails(UnsupportedVersionException.class, fixCrc(b));
        assertTrue(e.getMessage().contains("invalid container format version 0"), e.getMessage());
    }

    @Test
    void everyTruncationIsTruncated() throws IOException {
        for (Container c : ContainerTestData.samples()) {
            byte[] full = c.toBytes();
            for (int len = 0; len < full.length; len++) {
                byte[] cut = Arrays.copyOf(full, len);
                TruncatedContainerException e = parseFails(TruncatedContainerException.class, cut);
                assertEquals(len, e.offset(), e.getMessage());
                assertThrows(TruncatedContainerException.class,
                        () -> Container.read(new ByteArrayInputStream(cut), 1 << 20), "read, length " + len);
            }
        }
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] full = golden();
        for (int i = 0; i < full.length * 8; i++) {
            byte[] b = full.clone();
            b[i / 8] ^= (byte) (1 << (i % 8));
            assertThrows(ContainerFormatException.class, () -> Container.parse(b), "bit " + i);
        }
    }

    @Test
    void crcFlipIsChecksumMismatch() {
        byte[] b = golden();
        b[b.length - 1] ^= 1;
        ChecksumMismatchException e = parseFails(ChecksumMismatchException.class, b);
        assertEquals(b.length - 4, e.offset());
        assertEquals("checksum mismatch: CRC32C at offset 92 is 0x760D6351, but bytes 0..91 give 0x760D6350"
                + " (the data is damaged)", e.getMessage());
    }

    @Test
    void payloadAndHeaderFlipsAreChecksumMismatch() {
        byte[] b = golden();
        b[b.length - 5] ^= 0x40; // last payload byte
        parseFails(ChecksumMismatchException.class, b);
        byte[] h = golden();
        h[20] ^= 0x01; // inside the first header field's value-length
        parseFails(ChecksumMismatchException.class, h);
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] b = Arrays.copyOf(golden(), 97);
        MalformedContainerException e = parseFails(MalformedContainerException.class, b);
        assertEquals("1 unexpected trailing bytes at offset 96, after the CRC that ends the container",
                e.getMessage());
        assertEquals(96, e.offset());
    }

    @Test
    void headerLengthBelowTwoIsMalformed() {
        byte[] b = golden();
        BigEndian.put32(b, Container.OFFSET_HEADER_LENGTH, 1);
        parseFails(MalformedContainerException.class, b);
    }

    @Test
    void hugeDeclaredLengthsOnTinyFileFailFastWithoutAllocating() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            byte[] tiny = ContainerTestData.empty().toBytes(); // 26 bytes, header length at 8, payload length at 14
            for (long headerLen : new long[] {0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 27}) {
                byte[] b = tiny.clone();
                BigEndian.put32(b, Container.OFFSET_HEADER_LENGTH, (int) headerLen);
                parseFails(TruncatedContainerException.class, fixCrc(b));
                // read: beyond the in-memory maximum it is too large, otherwise the stream ends early
                ContainerFormatException e = assertThrows(ContainerFormatException.class,
                        () -> Container.read(new ByteArrayInputStream(b), Long.MAX_VALUE - 1));
                assertTrue(headerLen > Container.MAX_CONTAINER_BYTES - Container.FIXED_OVERHEAD
                        ? e instanceof ContainerTooLargeException : e instanceof TruncatedContainerException,
                        e.toString());
                if (headerLen > 1000) {
                    assertThrows(ContainerTooLargeException.class,
                            () -> Container.read(new ByteArrayInputStream(b), 1 << 16));
                }
            }
            for (long payloadLen : new long[] {0x7FFF_FFFFL, 1L << 31, Long.MAX_VALUE, Long.MIN_VALUE, -1L}) {
                byte[] b = tiny.clone();
                BigEndian.put64(b, 14, payloadLen);
                ContainerFormatException e = assertThrows(ContainerFormatException.class,
                        () -> Container.parse(fixCrc(b)));
                assertTrue(e instanceof MalformedContainerException || e instanceof TruncatedContainerException,
                        e.toString());
                assertEquals(14, e.offset(), e.getMessage());
                e = assertThrows(ContainerFormatException.class,
                        () -> Container.read(new ByteArrayInputStream(b), Long.MAX_VALUE));
                assertTrue(e instanceof MalformedContainerException || e instanceof ContainerTooLargeException,
                        e.toString());
            }
            byte[] b = tiny.clone();
            BigEndian.put64(b, 14, 1000);
            parseFails(TruncatedContainerException.class, fixCrc(b));
            // a stream that claims a 2 GiB header but ends after 40 bytes
            byte[] claim = Arrays.copyOf(tiny, 40);
            BigEndian.put32(claim, Container.OFFSET_HEADER_LENGTH, 0x7FFF_0000);
            assertThrows(TruncatedContainerException.class,
                    () -> Container.read(new ByteArrayInputStream(claim), Long.MAX_VALUE));
        });
    }

    @Test
    void readNeverReadsMoreThanMaxBytes() throws IOException {
        byte[] full = golden();
        for (long max = Container.MIN_CONTAINER_BYTES; max <= full.length + 2; max++) {
            CountingStream in = new CountingStream(full);
            long limit = max;
            if (max < full.length) {
                ContainerTooLargeException e = assertThrows(ContainerTooLargeException.class,
                        () -> Container.read(in, limit));
                assertFalse(e.getMessage().contains("\n"));
            } else {
                assertEquals(ContainerTestData.golden(), Container.read(in, limit));
            }
            assertTrue(in.count <= max, "read " + in.count + " bytes with limit " + max);
        }
        // an endless stream of a valid prefix followed by zeros: stops at the limit
        byte[] prefix = Arrays.copyOf(ContainerTestData.empty().toBytes(), 14);
        BigEndian.put32(prefix, Container.OFFSET_HEADER_LENGTH, 5000);
        CountingStream endless = new CountingStream(prefix, true);
        assertThrows(ContainerTooLargeException.class, () -> Container.read(endless, 1000));
        assertTrue(endless.count <= 1000);
        assertThrows(IllegalArgumentException.class, () -> Container.read(new ByteArrayInputStream(full), 25));
    }

    @Test
    void readPropagatesStreamFailures() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        assertThrows(IOException.class, () -> Container.read(failing, 1000));
    }

    @Test
    void headerStructureErrorsAreMalformed() {
        // header: count=1, key "a", tag, length, value -- edited, then the CRC is fixed so the structure is reached
        byte[] base = new Container(MethodId.RAW_TEST, ContainerHeader.builder().putInt("a", 1).build(), new byte[0])
                .toBytes();
        int h = Container.OFFSET_HEADER; // count at 12..13, key len 14, key 15, tag 16, value len 17..20, value 21..24

        byte[] b = base.clone();
        b[h + 1] = 2; // count 2 but only room for one
        assertMalformed(b, "field count 2");

        b = base.clone();
        b[h + 2] = 0; // key length 0
        assertMalformed(b, "key length is 0");

        b = base.clone();
        b[h + 3] = ' '; // key not printable ASCII
        assertMalformed(b, "printable ASCII");

        b = base.clone();
        b[h + 4] = 9; // unknown tag
        assertMalformed(b, "unknown type tag 9");

        b = base.clone();
        b[h + 4] = (byte) FieldType.LONG.tag(); // LONG with a 4-byte value
        assertMalformed(b, "needs a value length of 8, found 4");

        b = base.clone();
        BigEndian.put32(b, h + 5, 0x7FFF_FFFF); // value length larger than the header
        assertMalformed(b, "value length 2147483647 exceeds");

        b = base.clone();
        BigEndian.put32(b, h + 5, 3); // value shorter than the header: one unused byte
        b[h + 4] = (byte) FieldType.BYTES.tag();
        assertMalformed(b, "1 unexpected bytes at the end of the header");

        byte[] str = new Container(MethodId.RAW_TEST, ContainerHeader.builder().putString("s", "ok").build(),
                new byte[0]).toBytes();
        str[h + 9] = (byte) 0xC3; // lone UTF-8 lead byte followed by 'k'
        assertMalformed(str, "not valid UTF-8");

        byte[] dup = new Container(MethodId.RAW_TEST,
                ContainerHeader.builder().putInt("a", 1).putInt("b", 2).build(), new byte[0]).toBytes();
        dup[h + 2 + 11 + 1] = 'a'; // second key "b" -> "a"
        assertMalformed(dup, "duplicate header key 'a'");
    }

    private static void assertMalformed(byte[] b, String fragment) {
        MalformedContainerException e = parseFails(MalformedContainerException.class, fixCrc(b));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    /** Serves {@code data} (optionally followed by endless zeros) and counts the bytes handed out. */
    private static final class CountingStream extends InputStream {
        private final byte[] data;
        private final boolean endless;
        private int pos;
        long count;

        CountingStream(byte[] data) {
            this(data, false);
        }

        CountingStream(byte[] data, boolean endless) {
            this.data = data;
            this.endless = endless;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n;
            if (pos < data.length) {
                n = Math.min(len, data.length - pos);
                System.arraycopy(data, pos, b, off, n);
            } else if (endless) {
                n = len;
                Arrays.fill(b, off, off + n, (byte) 0);
            } else {
                return -1;
            }
            pos += n;
            count += n;
            return n;
        }
    }
}
