package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-10 binary reader on synthetic records (always) and on the shared test set (when present). */
class Cifar10Test {
    /** The shared CIFAR-10 test images, relative to the repository root's parent (never committed). */
    static final Path TEST_500 = Path.of(System.getProperty("rec4j.cifar10",
            "../../shared/data/cifar10/test-500.bin"));

    /** A record whose sample at (x, y) of channel c is (x + 2y + 100c) mod 256, label {@code label}. */
    static byte[] record(int label) {
        byte[] r = new byte[Cifar10.RECORD_BYTES];
        r[0] = (byte) label;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    r[1 + c * 1024 + y * 32 + x] = (byte) (x + 2 * y + 100 * c + label);
                }
            }
        }
        return r;
    }

    @Test
    void syntheticFile(@TempDir Path dir) throws IOException {
        byte[] data = new byte[3 * Cifar10.RECORD_BYTES];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(record(3 * i), 0, data, i * Cifar10.RECORD_BYTES, Cifar10.RECORD_BYTES);
        }
        Path f = dir.resolve("three.bin");
        Files.write(f, data);
        List<Cifar10.Sample> s = Cifar10.read(f, 10);
        assertEquals(3, s.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(3 * i, s.get(i).label());
            RgbImage im = s.get(i).image();
            assertEquals(32, im.width());
            for (int c = 0; c < 3; c++) {
                assertEquals((5 + 2 * 7 + 100 * c + 3 * i) & 0xFF, im.get(5, 7, c), "channel " + c);
            }
        }
        assertEquals("cat", s.get(1).className());
        assertEquals(2, Cifar10.read(f, 2).size());
        // a stream ends cleanly after the last record
        try (Cifar10.Reader r = new Cifar10.Reader(new ByteArrayInputStream(data), "stream")) {
            for (int i = 0; i < 3; i++) {
                r.next();
            }
            assertNull(r.next());
            assertEquals(3, r.count());
        }
    }

    @Test
    void damagedFiles(@TempDir Path dir) throws IOException {
        byte[] two = new byte[2 * Cifar10.RECORD_BYTES];
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(two, two.length - 1));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> Cifar10.read(cut, 5));
        assertTrue(e.getMessage().contains("truncated or extra bytes"), e.getMessage());
        Path longer = dir.resolve("longer.bin");
        Files.write(longer, Arrays.copyOf(two, two.length + 7));
        assertThrows(ImageFormatException.class, () -> Cifar10.read(longer, 5));
        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        assertThrows(ImageFormatException.class, () -> Cifar10.read(empty, 5));
        byte[] badLabel = record(0);
        badLabel[0] = 10;
        Path bad = dir.resolve("label.bin");
        Files.write(bad, badLabel);
        assertTrue(assertThrows(ImageFormatException.class, () -> Cifar10.read(bad, 5)).getMessage()
                .contains("label 10"));
        // a stream that ends inside a record
        try (Cifar10.Reader r = new Cifar10.Reader(new ByteArrayInputStream(Arrays.copyOf(record(1), 100)), "s")) {
            assertTrue(assertThrows(ImageFormatException.class, r::next).getMessage().contains("truncated"));
        }
        // more records than the whole data set (the size is checked before reading)
        Path huge = dir.resolve("huge.bin");
        try (var ch = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), (long) (Cifar10.MAX_RECORDS + 1) * Cifar10.RECORD_BYTES - 1);
        }
        assertTrue(assertThrows(ImageFormatException.class, () -> Cifar10.read(huge, 1)).getMessage()
                .contains("more than"));
    }

    @Test
    void sharedTestSet() throws IOException {
        Path f = TEST_500.toAbsolutePath().normalize();
        if (!Files.isRegularFile(f)) {
            System.out.println("Cifar10Test.sharedTestSet SKIPPED: " + f + " is absent (set -Drec4j.cifar10=PATH)");
        }
        assumeTrue(Files.isRegularFile(f), f + " is absent: the CIFAR-10 test set is not committed");
        List<Cifar10.Sample> all = Cifar10.read(f, Integer.MAX_VALUE);
        assertEquals(500, all.size());
        int[] perClass = new int[10];
        for (Cifar10.Sample s : all) {
            perClass[s.label()]++;
            assertEquals(32, s.image().height());
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(perClass[c] > 0, "class " + c + " present");
        }
        // not a constant image: real photos have many distinct sample values
        assertTrue(Arrays.stream(toInts(all.get(0).image().samples())).distinct().count() > 50);
    }

    private static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }
}
