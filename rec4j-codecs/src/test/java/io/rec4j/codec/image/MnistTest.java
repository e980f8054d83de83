package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX digit reader on synthetic files (always) and on the shared MNIST subset (when present). */
class MnistTest {
    /** The shared 10,000 MNIST digits, relative to a module folder (never committed). */
    static final Path MNIST_10K = Path.of(System.getProperty("rec4j.mnist", "../../shared/data/mnist-10k"));

    static byte[] images(int n) {
        byte[] b = new byte[16 + n * 784];
        put(b, 0, 0x803);
        put(b, 4, n);
        put(b, 8, 28);
        put(b, 12, 28);
        for (int i = 0; i < n * 784; i++) {
            b[16 + i] = (byte) (i * 7 + i / 784);
        }
        return b;
    }

    static byte[] labels(int n) {
        byte[] b = new byte[8 + n];
        put(b, 0, 0x801);
        put(b, 4, n);
        for (int i = 0; i < n; i++) {
            b[8 + i] = (byte) (i % 10);
        }
        return b;
    }

    static void put(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void readsPlainAndGzippedFilesAndSplits(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("images-idx3-ubyte.gz"), gzip(images(2003)));
        Files.write(dir.resolve("labels-idx1-ubyte"), labels(2003));
        Mnist.Split s = Mnist.split(dir);
        assertEquals(3, s.train().count());
        assertEquals(2000, s.test().count());
        assertEquals((3 * 784 * 7 + 3) & 0xFF, Math.round(s.test().pixels()[0] * 255));
        assertEquals(3, s.test().labels()[0]);
        assertEquals((784 * 7 + 1) & 0xFF, Math.round(s.train().pixels()[784] * 255));
        for (float p : s.train().pixels()) {
            assertTrue(p >= 0 && p <= 1);
        }
    }

    @Test
    void originalLayoutGivesTrainAndTestSets(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(5)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(5)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(4));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(4));
        Mnist.Split s = Mnist.split(dir);
        assertEquals(5, s.train().count());
        assertEquals(4, s.test().count());
    }

    @Test
    void refusesDamagedFiles(@TempDir Path dir) throws IOException {
        Path img = dir.resolve("i");
        Path lab = dir.resolve("l");
        byte[] good = images(3);
        Files.write(lab, labels(3));
        byte[] magic = good.clone();
        magic[3] = 1;
        Files.write(img, magic);
        assertThrows(ImageFormatException.class, () -> Mnist.read(img, lab));
        Files.write(img, java.util.Arrays.copyOf(good, good.length - 1));
        assertThrows(ImageFormatException.class, () -> Mnist.read(img, lab));
        byte[] size = good.clone();
        put(size, 8, 32);
        Files.write(img, size);
        assertThrows(ImageFormatException.class, () -> Mnist.read(img, lab));
        Files.write(img, good);
        Files.write(lab, labels(2));
        assertThrows(ImageFormatException.class, () -> Mnist.read(img, lab));
        byte[] badLabel = labels(3);
        badLabel[9] = 10;
        Files.write(lab, badLabel);
        assertThrows(ImageFormatException.class, () -> Mnist.read(img, lab));
        byte[] count = good.clone();
        put(count, 4, -1);
        Files.write(img, count);
        Files.write(lab, labels(3));
        assertThrows(ImageFormatException.class, () -> Mnist.read(img, lab));
        Files.write(img, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        assertThrows(ImageFormatException.class, () -> Mnist.read(img, lab));
        assertThrows(java.io.FileNotFoundException.class, () -> Mnist.split(dir));
    }

    @Test
    void sharedSubsetHasTenThousandDigits() throws IOException {
        assumeTrue(Files.isDirectory(MNIST_10K), "skipped: " + MNIST_10K + " (the shared MNIST subset) is absent");
        Mnist.Split s = Mnist.split(MNIST_10K);
        assertEquals(8000, s.train().count());
        assertEquals(2000, s.test().count());
        int[] counts = new int[10];
        for (byte l : s.test().labels()) {
            counts[l]++;
        }
        for (int c : counts) {
            assertTrue(c > 100, "every class appears in the test set");
        }
    }
}
