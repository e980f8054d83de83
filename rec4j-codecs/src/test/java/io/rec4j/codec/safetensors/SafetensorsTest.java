package io.rec4j.codec.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * safetensors and the JSON underneath: every accepted dtype round-trips bit for bit, a file laid out by hand from
 * the format's description reads as written, and damaged or hostile files are {@link ModelFormatException}s — never
 * another exception, a hang or a huge allocation (random byte mutations included).
 */
class SafetensorsTest {
    @TempDir
    Path dir;

    static List<Safetensors.Tensor> sample() {
        SplittableRandom r = new SplittableRandom(1);
        short[] h = new short[12];
        for (int i = 0; i < h.length; i++) {
            h[i] = (short) r.nextInt(65536);
        }
        byte[] bf = new byte[2 * 6];
        r.nextBytes(bf);
        float[] f = {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, 3};
        byte[] d = new byte[8 * 4];
        r.nextBytes(d);
        return List.of(Safetensors.Tensor.ofFloat16("a.weight", new long[] {3, 4}, h),
                new Safetensors.Tensor("b", Safetensors.DType.BF16, new long[] {2, 3}, bf),
                Safetensors.Tensor.ofFloat32("c.bias", new long[] {5}, f),
                new Safetensors.Tensor("d", Safetensors.DType.F64, new long[] {2, 1, 2}, d),
                new Safetensors.Tensor("empty", Safetensors.DType.F32, new long[] {0, 7}, new byte[0]),
                Safetensors.Tensor.ofFloat32("scalar", new long[0], new float[] {2}));
    }

    @Test
    void everyDtypeRoundTrips() throws IOException {
        Path p = dir.resolve("m.safetensors");
        Safetensors.write(p, sample(), Map.of("format", "pt"));
        Safetensors.File f = Safetensors.read(p);
        assertEquals(Map.of("format", "pt"), f.metadata());
        assertEquals(sample().size(), f.tensors().size());
        for (int i = 0; i < sample().size(); i++) {
            Safetensors.Tensor want = sample().get(i);
            Safetensors.Tensor got = f.tensors().get(i);
            assertEquals(want.name(), got.name());
            assertEquals(want.dtype(), got.dtype());
            assertArrayEquals(want.shape(), got.shape());
            assertArrayEquals(want.data(), got.data());
        }
        assertEquals(-0.0, f.tensor("c.bias").toDoubles()[1]);
        assertEquals(Float.MAX_VALUE, f.tensor("c.bias").toDoubles()[3]);
        assertArrayEquals(sample().get(0).toFloat16Codes(), f.tensor("a.weight").toFloat16Codes());
        // the header length is a multiple of 8 and the file is exactly header + data
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, n % 8);
        assertEquals(8 + n + 24 + 12 + 20 + 32 + 4, Files.size(p));
    }

    @Test
    void readsAHandWrittenFile() throws IOException {
        // one F32 tensor [2] = {1, -2} and one BF16 [1] = {0.5}, data in reverse header order, no metadata
        String header = "{\"y\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[8,10]},"
                + " \"x\" : {\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1f).putFloat(-2f).putShort((short) 0x3F00);
        Path p = dir.resolve("hand.safetensors");
        Files.write(p, b.array());
        Safetensors.File f = Safetensors.read(p);
        assertEquals("x", f.tensors().get(0).name()); // data order
        assertArrayEquals(new double[] {1, -2}, f.tensor("x").toDoubles());
        assertArrayEquals(new double[] {0.5}, f.tensor("y").toDoubles());
    }

    @Test
    void rejectsDamagedFiles() throws IOException {
        Path good = dir.resolve("g.safetensors");
        Safetensors.write(good, sample(), Map.of());
        byte[] bytes = Files.readAllBytes(good);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        byte[] data = java.util.Arrays.copyOfRange(bytes, 8 + (int) n, bytes.length);
        // truncated data, and truncated anywhere
        bad(java.util.Arrays.copyOf(bytes, bytes.length - 1), "truncated");
        bad(java.util.Arrays.copyOf(bytes, 5), "safetensors");
        bad(java.util.Arrays.copyOf(bytes, 8 + (int) n / 2), "header");
        // a header length beyond the file or absurd
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        bad(huge, "header length");
        // edited headers
        bad(file(header.replace("\"F16\"", "\"I8\" "), data), "unsupported dtype I8");
        bad(file(header.replace("[3,4]", "[4,4]"), data), "bytes for shape");
        bad(file(header.replace("[3,4]", "[-3,4]"), data), "bad shape");
        bad(file(header.replace("[3,4]", "[3037000500,3037000500]"), data), "overflows");
        bad(file(header.replace("\"data_offsets\":[0,24]", "\"data_offsets\":[2,26]"), data), "data_offsets");
        bad(file("[1,2]" + " ".repeat(header.length() - 5), data), "object");
        bad(file("[".repeat(5000), data), "nested deeper");
        bad(file("{\"a\":1,\"a\":2}", data), "repeated key");
        bad(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8]), "overlaps");
    }

    /** Random byte flips of a valid file: each either reads or fails as a ModelFormatException. */
    @Test
    void mutatedFilesFailCleanly() throws IOException {
        Path good = dir.resolve("g.safetensors");
        Safetensors.write(good, sample(), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(good);
        SplittableRandom r = new SplittableRandom(15);
        Path p = dir.resolve("m.safetensors");
        int failures = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] m = bytes.clone();
            int flips = 1 + r.nextInt(3);
            for (int f = 0; f < flips; f++) {
                m[r.nextInt(Math.min(m.length, 8 + 400))] ^= (byte) (1 << r.nextInt(8));
            }
            Files.write(p, m);
            try {
                Safetensors.read(p);
            } catch (ModelFormatException expected) {
                failures++;
            }
        }
        assertTrue(failures > 1000, "most header mutations are detected: " + failures);
    }

    @Test
    void jsonReadsWhatItWrites() throws ModelFormatException {
        String text = "{\"s\":\"a\\\"b\\\\c\\n\\u00e9\\/\",\"n\":[0,-1,12.5,1e3,-2.5E-3,123456789012345678901],"
                + "\"t\":true,\"f\":false,\"z\":null,\"o\":{}}";
        Map<String, Object> m = Json.parseObject(text);
        assertEquals("a\"b\\c\né/", m.get("s"));
        assertEquals(List.of(0L, -1L, 12.5, 1000.0, -0.0025, 1.2345678901234568E20), m.get("n"));
        assertEquals(m, Json.parseObject(Json.write(m)));
        for (String bad : new String[] {"", "{", "{\"a\"}", "[1,]", "01", "-", "1.", "\"\\x\"", "tru", "{} x", "\"a"}) {
            assertThrows(ModelFormatException.class, () -> Json.parse(bad), bad);
        }
    }

    private byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .put(data).array();
    }

    private void bad(byte[] bytes, String message) throws IOException {
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Safetensors.read(p));
        assertTrue(e.getMessage().contains(message), e.getMessage() + " should mention " + message);
    }
}
