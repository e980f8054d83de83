package io.rec4j.codec.image;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reader of the CIFAR-10 binary format (Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", 2009):
 * a file is a sequence of 3,073-byte records, each one label byte (0..9) followed by the 1,024 red, the 1,024 green
 * and the 1,024 blue samples of a 32×32 image, each plane row-major from the top left. The CIFAR-10 experiments of
 * COMBINER (Guo et al., NeurIPS 2023, arXiv 2305.19185) and RECOMBINER (He et al., ICLR 2024, arXiv 2309.17182) use
 * these images; see {@code docs/algorithms.md}.
 *
 * <p>{@link Reader} streams records one at a time (memory for one record); {@link #read(Path, int)} collects the
 * first ones. A file whose length is not a whole number of records, that has no record, a label above 9, or more
 * than {@link #MAX_RECORDS} records is refused with an {@link ImageFormatException} that names the file and the
 * record.
 */
public final class Cifar10 {
    /** Image side. */
    public static final int SIDE = 32;
    /** Bytes of one record: the label and three 32×32 planes. */
    public static final int RECORD_BYTES = 1 + 3 * SIDE * SIDE;
    /** Most records a file may hold (the whole CIFAR-10 set has 60,000 images). */
    public static final int MAX_RECORDS = 60_000;
    /** The class names, by label. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private Cifar10() {
    }

    /** One record: the class label (0..9) and the image. */
    public record Sample(int label, RgbImage image) {
        /** The class name of the label. */
        public String className() {
            return CLASSES.get(label);
        }
    }

    /** The first {@code limit} records of {@code file} (all of them if it has fewer), checking the whole file's length. */
    public static List<Sample> read(Path file, int limit) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        List<Sample> out = new ArrayList<>();
        try (Reader r = Reader.open(file)) {
            Sample s;
            while (out.size() < limit && (s = r.next()) != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** Reads records in order from a stream, one at a time. */
    public static final class Reader implements Closeable {
        private final InputStream in;
        private final String name;
        private final byte[] record = new byte[RECORD_BYTES];
        private int index;

        /**
         * A reader of {@code in}; {@code name} names the data in errors.
         */
        public Reader(InputStream in, String name) {
            this.in = Objects.requireNonNull(in, "in");
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * A reader of a file, checked up front: its length must be a whole number of records, between one and
         * {@link #MAX_RECORDS}.
         */
        public static Reader open(Path file) throws IOException {
            long size = Files.size(file);
            if (size == 0 || size % RECORD_BYTES != 0) {
                throw new ImageFormatException(file + " is not a CIFAR-10 binary file: " + size
                        + " bytes is not a positive multiple of the " + RECORD_BYTES + "-byte record"
                        + (size > 0 ? " (truncated or extra bytes: " + size % RECORD_BYTES + " left over)" : ""));
            }
            if (size / RECORD_BYTES > MAX_RECORDS) {
                throw new ImageFormatException(file + " holds " + size / RECORD_BYTES + " CIFAR-10 records, more than"
                        + " the " + MAX_RECORDS + " of the whole data set");
            }
            return new Reader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), file.toString());
        }

        /**
         * The next record, or null at the end of the data.
         *
         * @throws ImageFormatException if the data ends inside a record, a label is above 9, or there are more than
         *                              {@link #MAX_RECORDS} records
         */
        public Sample next() throws IOException {
            int n = in.readNBytes(record, 0, RECORD_BYTES);
            if (n == 0) {
                return null;
            }
            if (n < RECORD_BYTES) {
                throw new ImageFormatException(name + ": CIFAR-10 record " + index + " is truncated (" + n + " of "
                        + RECORD_BYTES + " bytes)");
            }
            if (index >= MAX_RECORDS) {
                throw new ImageFormatException(name + " has more than " + MAX_RECORDS + " CIFAR-10 records");
            }
            int label = record[0] & 0xFF;
            if (label >= CLASSES.size()) {
                throw new ImageFormatException(name + ": CIFAR-10 record " + index + " has label " + label
                        + ", not 0..9");
            }
            int plane = SIDE * SIDE;
            byte[] rgb = new byte[3 * plane];
            for (int p = 0; p < plane; p++) {
                rgb[3 * p] = record[1 + p];
                rgb[3 * p + 1] = record[1 + plane + p];
                rgb[3 * p + 2] = record[1 + 2 * plane + p];
            }
            index++;
            return new Sample(label, RgbImage.of(SIDE, SIDE, rgb));
        }

        /** How many records were read. */
        public int count() {
            return index;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
