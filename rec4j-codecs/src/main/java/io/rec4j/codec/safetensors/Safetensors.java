package io.rec4j.codec.safetensors;

import io.rec4j.core.math.Float16;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors file format (Hugging Face; the layout every current checkpoint uses): an 8-byte little-endian
 * header length {@code N}, {@code N} bytes of a JSON object naming each tensor's {@code dtype}, {@code shape} and
 * {@code data_offsets} (begin, end, relative to the data section) plus an optional {@code __metadata__} object of
 * strings, then the data, little-endian, row-major.
 *
 * <p>Reading is strict: a header over {@value #MAX_HEADER_BYTES} bytes or beyond the file, malformed JSON, an unknown
 * dtype, a negative or overflowing shape, a byte range that does not match its shape, overlapping tensors, or data
 * that does not end exactly at the end of the file (a truncated download) are {@link ModelFormatException}s naming
 * the tensor. Only the floating-point dtypes a model's weights come in are accepted: F16, BF16, F32, F64.
 */
public final class Safetensors {
    /** Largest header accepted (the reference implementation's limit). */
    public static final int MAX_HEADER_BYTES = 100_000_000;

    private Safetensors() {
    }

    /** Element types accepted, with their safetensors names. */
    public enum DType {
        F16(2), BF16(2), F32(4), F64(8);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }
    }

    /**
     * One tensor: its name, element type, shape and raw little-endian data.
     */
    public record Tensor(String name, DType dtype, long[] shape, byte[] data) {
        public Tensor {
            shape = shape.clone();
            long count = 1;
            for (long s : shape) {
                if (s < 0) {
                    throw new IllegalArgumentException("tensor " + name + ": negative dimension in " + Arrays.toString(shape));
                }
                count = Math.multiplyExact(count, s);
            }
            if (Math.multiplyExact(count, dtype.bytes()) != data.length) {
                throw new IllegalArgumentException("tensor " + name + ": " + data.length + " bytes for shape "
                        + Arrays.toString(shape) + " of " + dtype);
            }
        }

        /** Number of elements. */
        public int size() {
            return data.length / dtype.bytes();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Every element as a double (exact for every accepted dtype). */
        public double[] toDoubles() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = switch (dtype) {
                    case F16 -> Float16.toDouble(b.getShort());
                    case BF16 -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
                    case F32 -> b.getFloat();
                    case F64 -> b.getDouble();
                };
            }
            return out;
        }

        /** The float16 codes of an F16 tensor. */
        public short[] toFloat16Codes() {
            if (dtype != DType.F16) {
                throw new IllegalStateException("tensor " + name + " is " + dtype + ", not F16");
            }
            short[] out = new short[size()];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
            return out;
        }

        /** An F16 tensor from codes. */
        public static Tensor ofFloat16(String name, long[] shape, short[] codes) {
            ByteBuffer b = ByteBuffer.allocate(codes.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            b.asShortBuffer().put(codes);
            return new Tensor(name, DType.F16, shape, b.array());
        }

        /** An F32 tensor from values. */
        public static Tensor ofFloat32(String name, long[] shape, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            return new Tensor(name, DType.F32, shape, b.array());
        }
    }

    /** A file's tensors, in data order, and its metadata. */
    public record File(List<Tensor> tensors, Map<String, String> metadata) {
        public File {
            tensors = List.copyOf(tensors);
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The tensor of that name. */
        public Tensor tensor(String name) throws ModelFormatException {
            for (Tensor t : tensors) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            throw new ModelFormatException("no tensor named " + name);
        }
    }

    /** Reads a safetensors file. */
    public static File read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(path.toString(), new Source() {
                @Override
                public long size() throws IOException {
                    return ch.size();
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return ch.read(dst, position);
                }
            });
        }
    }

    /** Reads a safetensors file held in memory ({@code name} labels it in error messages). */
    public static File parse(byte[] bytes, String name) throws IOException {
        return read(name, new Source() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public int read(ByteBuffer dst, long position) {
                if (position >= bytes.length) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), bytes.length - position);
                dst.put(bytes, (int) position, n);
                return n;
            }
        });
    }

    /** Positional reads, as {@link FileChannel} offers them. */
    private interface Source {
        long size() throws IOException;

        int read(ByteBuffer dst, long position) throws IOException;
    }

    private static File read(String path, Source ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new ModelFormatException(path + ": not a safetensors file (" + size + " bytes)");
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, len, 0);
        long n = len.getLong(0);
        if (n < 2 || n > MAX_HEADER_BYTES || n > size - 8) {
            throw new ModelFormatException(path + ": not a safetensors file (header length " + Long.toUnsignedString(n)
                    + " in a file of " + size + " bytes)");
        }
        ByteBuffer header = ByteBuffer.allocate((int) n);
        readFully(ch, header, 8);
        String json = new String(header.array(), StandardCharsets.UTF_8);
        Map<String, Object> map;
        try {
            map = Json.parseObject(json);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(path + ": safetensors header: " + e.getMessage());
        }
        long dataStart = 8 + n;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new ModelFormatException(path + ": __metadata__ is not an object");
                }
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String s)) {
                        throw new ModelFormatException(path + ": metadata value of " + me.getKey() + " is not a string");
                    }
                    metadata.put(me.getKey().toString(), s);
                }
                continue;
            }
            entries.add(entry(path, e.getKey(), e.getValue(), dataSize));
        }
        entries.sort((a, b) -> Long.compare(a.begin, b.begin));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin != expected) {
                throw new ModelFormatException(path + ": tensor " + e.name + (e.begin < expected ? " overlaps another"
                        : " leaves a gap") + " (data_offsets " + e.begin + ".." + e.end + ")");
            }
            expected = e.end;
        }
        if (expected != dataSize) {
            throw new ModelFormatException(path + ": the data section has " + dataSize + " bytes, the tensors "
                    + expected + (expected > dataSize ? " (truncated file?)" : ""));
        }
        List<Tensor> tensors = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin));
            readFully(ch, data, dataStart + e.begin);
            tensors.add(new Tensor(e.name, e.dtype, e.shape, data.array()));
        }
        return new File(tensors, metadata);
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private static Entry entry(String path, String name, Object v, long dataSize) throws ModelFormatException {
        String where = path + ": tensor " + name + ": ";
        if (!(v instanceof Map<?, ?> m)) {
            throw new ModelFormatException(where + "not an object");
        }
        if (!(m.get("dtype") instanceof String ds)) {
            throw new ModelFormatException(where + "no dtype");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(ds);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + "unsupported dtype " + ds + " (accepted: F16, BF16, F32, F64)");
        }
        if (!(m.get("shape") instanceof List<?> shapeList) || shapeList.size() > 8) {
            throw new ModelFormatException(where + "shape missing or of more than 8 dimensions");
        }
        long[] shape = new long[shapeList.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long s) || s < 0) {
                throw new ModelFormatException(where + "bad shape " + shapeList);
            }
            shape[i] = s;
            try {
                count = Math.multiplyExact(count, s);
            } catch (ArithmeticException ex) {
                throw new ModelFormatException(where + "shape " + shapeList + " overflows");
            }
        }
        if (!(m.get("data_offsets") instanceof List<?> off) || off.size() != 2
                || !(off.get(0) instanceof Long begin) || !(off.get(1) instanceof Long end)) {
            throw new ModelFormatException(where + "bad data_offsets");
        }
        if (begin < 0 || end < begin || end > dataSize) {
            throw new ModelFormatException(where + "data_offsets " + begin + ".." + end + " outside the data section of "
                    + dataSize + " bytes (truncated file?)");
        }
        if (count > Integer.MAX_VALUE / dtype.bytes() || end - begin != count * dtype.bytes()) {
            throw new ModelFormatException(where + (end - begin) + " bytes for shape " + shapeList + " of " + ds
                    + (count > Integer.MAX_VALUE / dtype.bytes() ? " (over 2 GiB per tensor is not supported)" : ""));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void readFully(Source ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new ModelFormatException("unexpected end of file");
            }
            p += r;
        }
    }

    /** Writes tensors (in the given order) and metadata to a file (see {@link #toBytes}). */
    public static void write(Path path, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            out.write(header(tensors, metadata));
            for (Tensor t : tensors) {
                out.write(t.data());
            }
        }
    }

    /**
     * The file of tensors (data back to back in the given order) and metadata, as bytes: the header's JSON lists
     * {@code __metadata__} first, then each tensor as {@code {"dtype","shape","data_offsets"}}, padded with spaces to a
     * multiple of 8 bytes.
     */
    public static byte[] toBytes(List<Tensor> tensors, Map<String, String> metadata) {
        byte[] h = header(tensors, metadata);
        long size = h.length;
        for (Tensor t : tensors) {
            size += t.data().length;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size));
        out.put(h);
        for (Tensor t : tensors) {
            out.put(t.data());
        }
        return out.array();
    }

    /** The length prefix and padded JSON header. */
    private static byte[] header(List<Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<String, Object>(metadata));
        }
        long offset = 0;
        for (Tensor t : tensors) {
            if (header.containsKey(t.name()) || t.name().equals("__metadata__")) {
                throw new IllegalArgumentException("repeated or reserved tensor name " + t.name());
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("dtype", t.dtype().name());
            List<Object> shape = new ArrayList<>();
            for (long s : t.shape()) {
                shape.add(s);
            }
            e.put("shape", shape);
            e.put("data_offsets", List.of(offset, offset + t.data().length));
            offset += t.data().length;
            header.put(t.name(), e);
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        return b.array();
    }
}
