package io.rec4j.codec.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of labelled 28×28 grey-scale digit sets in the IDX format of MNIST (LeCun, Bottou, Bengio, Haffner, 1998)
 * and Fashion-MNIST (Xiao, Rasul, Vollgraf, 2017, arXiv 1708.07747), plain or gzip-compressed:
 * <pre>
 *   images: 0x00000803, count, rows, cols (u32 big-endian), then count·rows·cols pixel bytes, row-major
 *   labels: 0x00000801, count (u32 big-endian), then count label bytes (0..9)
 * </pre>
 * A folder is read as {@code images-idx3-ubyte[.gz]} + {@code labels-idx1-ubyte[.gz]}, or as the original names
 * {@code train-images-idx3-ubyte[.gz]} / {@code t10k-images-idx3-ubyte[.gz]} (with their label files). Pixels are
 * scaled to [0, 1] ({@code byte / 255f}). Files that are not such records (wrong magic, sizes that disagree with the
 * file length, image and label counts that differ, labels above 9, not 28×28) are refused with an
 * {@link ImageFormatException} that names the file.
 */
public final class Mnist {
    /** Side of an image. */
    public static final int SIDE = 28;
    /** Pixels of an image. */
    public static final int PIXELS = SIDE * SIDE;
    /** Most images a set may hold (MNIST and Fashion-MNIST have 70,000 each). */
    public static final int MAX_IMAGES = 100_000;
    private static final int IMAGE_MAGIC = 0x803;
    private static final int LABEL_MAGIC = 0x801;

    private Mnist() {
    }

    /**
     * A labelled set: image {@code i} is {@code pixels[i·784 .. i·784+783]}, row-major, in [0, 1].
     *
     * @param pixels the images, {@code count·784} values
     * @param labels the classes, 0..9
     */
    public record Set(float[] pixels, byte[] labels) {
        /** Number of images. */
        public int count() {
            return labels.length;
        }

        /** The images {@code from} (inclusive) to {@code to} (exclusive) as a new set. */
        public Set slice(int from, int to) {
            if (from < 0 || to > count() || from > to) {
                throw new IllegalArgumentException("slice [" + from + ", " + to + ") of " + count() + " images");
            }
            float[] p = new float[(to - from) * PIXELS];
            System.arraycopy(pixels, from * PIXELS, p, 0, p.length);
            byte[] l = new byte[to - from];
            System.arraycopy(labels, from, l, 0, l.length);
            return new Set(p, l);
        }
    }

    /**
     * The set in folder {@code dir}: {@code images-idx3-ubyte[.gz]} and {@code labels-idx1-ubyte[.gz]}, else
     * {@code <prefix>-images-idx3-ubyte[.gz]} with {@code prefix} {@code train} then {@code t10k}.
     *
     * @throws java.io.FileNotFoundException if the folder holds no such pair
     */
    public static Set readFolder(Path dir, String prefix) throws IOException {
        String p = prefix == null || prefix.isEmpty() ? "" : prefix + "-";
        Path images = existing(dir, p + "images-idx3-ubyte");
        Path labels = existing(dir, p + "labels-idx1-ubyte");
        if (images == null || labels == null) {
            throw new java.io.FileNotFoundException(dir + " holds no " + p + "images-idx3-ubyte[.gz] and "
                    + p + "labels-idx1-ubyte[.gz]");
        }
        return read(images, labels);
    }

    /**
     * A training set and a test set.
     *
     * @param train       the training images
     * @param test        the test images
     * @param description where they came from, for messages
     */
    public record Split(Set train, Set test, String description) {
    }

    /** Test images held out of a single set (the last ones). */
    public static final int HELD_OUT = 2000;

    /**
     * The split of a folder: a single set ({@code images-idx3-ubyte[.gz]}, e.g. the 10,000 shuffled MNIST digits of
     * rec4j's data folder) gives its last {@value #HELD_OUT} images for testing and the rest for training; the
     * original layout ({@code train-…} and {@code t10k-…}, MNIST or Fashion-MNIST) gives its two sets.
     *
     * @throws java.io.FileNotFoundException if the folder holds neither layout
     */
    public static Split split(Path dir) throws IOException {
        if (hasSet(dir, "")) {
            Set all = readFolder(dir, "");
            if (all.count() <= HELD_OUT) {
                throw new ImageFormatException(dir + " holds " + all.count() + " images; need more than " + HELD_OUT
                        + " (the last " + HELD_OUT + " are the test set)");
            }
            return new Split(all.slice(0, all.count() - HELD_OUT), all.slice(all.count() - HELD_OUT, all.count()),
                    dir + ": first " + (all.count() - HELD_OUT) + " images for training, last " + HELD_OUT
                            + " for testing");
        }
        if (hasSet(dir, "train") && hasSet(dir, "t10k")) {
            Set train = readFolder(dir, "train");
            Set test = readFolder(dir, "t10k");
            return new Split(train, test, dir + ": " + train.count() + " training and " + test.count()
                    + " test images");
        }
        throw new java.io.FileNotFoundException(dir + " holds neither images-idx3-ubyte[.gz] with"
                + " labels-idx1-ubyte[.gz] nor the train-/t10k- files of MNIST or Fashion-MNIST");
    }

    /** Whether {@code dir} holds the pair {@link #readFolder} reads for {@code prefix}. */
    public static boolean hasSet(Path dir, String prefix) {
        String p = prefix == null || prefix.isEmpty() ? "" : prefix + "-";
        return existing(dir, p + "images-idx3-ubyte") != null && existing(dir, p + "labels-idx1-ubyte") != null;
    }

    private static Path existing(Path dir, String stem) {
        for (String name : new String[] {stem, stem + ".gz"}) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    /** Reads an image file and its label file. */
    public static Set read(Path images, Path labels) throws IOException {
        byte[] img = load(images);
        byte[] lab = load(labels);
        int n = header(img, IMAGE_MAGIC, images, 16);
        int rows = u32(img, 8);
        int cols = u32(img, 12);
        if (rows != SIDE || cols != SIDE) {
            throw new ImageFormatException(images + ": images are " + cols + "x" + rows + ", not 28x28");
        }
        if ((long) n * PIXELS + 16 != img.length) {
            throw new ImageFormatException(images + ": " + n + " images of 784 bytes need " + ((long) n * PIXELS + 16)
                    + " bytes, the file has " + img.length);
        }
        int m = header(lab, LABEL_MAGIC, labels, 8);
        if (m + 8L != lab.length) {
            throw new ImageFormatException(labels + ": " + m + " labels need " + (m + 8L) + " bytes, the file has "
                    + lab.length);
        }
        if (m != n) {
            throw new ImageFormatException(images + " has " + n + " images, " + labels + " has " + m + " labels");
        }
        float[] pixels = new float[n * PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (img[16 + i] & 0xFF) / 255f;
        }
        byte[] labelsOut = new byte[n];
        for (int i = 0; i < n; i++) {
            int l = lab[8 + i] & 0xFF;
            if (l > 9) {
                throw new ImageFormatException(labels + ": label " + i + " is " + l + ", not 0..9");
            }
            labelsOut[i] = (byte) l;
        }
        return new Set(pixels, labelsOut);
    }

    private static int header(byte[] b, int magic, Path file, int length) {
        if (b.length < length) {
            throw new ImageFormatException(file + ": " + b.length + " bytes, too short for an IDX header");
        }
        if (u32(b, 0) != magic) {
            throw new ImageFormatException(String.format("%s: IDX magic 0x%08x, expected 0x%08x", file, u32(b, 0),
                    magic));
        }
        int n = u32(b, 4);
        if (n < 1 || n > MAX_IMAGES) {
            throw new ImageFormatException(file + ": " + Integer.toUnsignedString(n) + " items, expected 1 to "
                    + MAX_IMAGES);
        }
        return n;
    }

    private static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /** The file's bytes, gunzipped when they start with the gzip magic; at most 16 + 784·MAX_IMAGES bytes. */
    private static byte[] load(Path f) throws IOException {
        long limit = 16L + (long) PIXELS * MAX_IMAGES;
        try (InputStream raw = Files.newInputStream(f)) {
            InputStream in = raw.markSupported() ? raw : new java.io.BufferedInputStream(raw);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new ImageFormatException(f + ": more than " + limit + " bytes, not an IDX digit set");
                }
            }
            return out.toByteArray();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new ImageFormatException(f + ": damaged or truncated gzip data: " + e.getMessage());
        }
    }
}
