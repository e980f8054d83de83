package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@link PngStreamWriter}: javax.imageio reads back exactly the pixels written, the chunks are well formed and
 * bounded, every filter type is exercised, and misuse is refused.
 */
class PngStreamWriterTest {
    /** Pixels mixing smooth gradients, flat areas, noise and hard edges, so that different rows pick different filters. */
    static byte[] pixels(int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] s = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int kind = (y / 3) % 4;
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = switch (kind) {
                        case 0 -> (x * 7 + y * 3 + c * 40) & 0xFF;    // gradient along the row
                        case 1 -> rnd.nextInt(256);                     // noise
                        case 2 -> (y * 11 + c * 5) & 0xFF;              // constant along the row
                        default -> ((x / 4 + y) % 2) * 200 + c;         // stripes
                    };
                    s[(y * w + x) * 3 + c] = (byte) v;
                }
            }
        }
        return s;
    }

    static byte[] write(int w, int h, byte[] samples) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PngStreamWriter png = new PngStreamWriter(out, w, h)) {
            for (int y = 0; y < h; y++) {
                png.row(y, Arrays.copyOfRange(samples, y * w * 3, (y + 1) * w * 3));
            }
            png.finish();
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"1,1", "1,9", "9,1", "3,2", "7,5", "13,17", "64,64", "100,3", "257,129"})
    void imageIoReadsExactlyThePixelsWritten(int w, int h) throws Exception {
        byte[] samples = pixels(w, h, 31L * w + h);
        byte[] png = write(w, h, samples);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "javax.imageio did not recognise the output");
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                int want = (samples[i] & 0xFF) << 16 | (samples[i + 1] & 0xFF) << 8 | (samples[i + 2] & 0xFF);
                assertEquals(want, img.getRGB(x, y) & 0xFFFFFF, "pixel (" + x + ", " + y + ")");
            }
        }
        assertEquals(RgbImage.of(w, h, samples), ImageIo.read(png));
        assertArrayEquals(png, write(w, h, samples), "the same pixels must give the same bytes");
    }

    /** One parsed chunk. */
    record Chunk(String type, byte[] data) {
    }

    static List<Chunk> chunks(byte[] png) {
        ByteBuffer b = ByteBuffer.wrap(png);
        byte[] sig = new byte[8];
        b.get(sig);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, sig);
        List<Chunk> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[len];
            b.get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            assertEquals((int) crc.getValue(), b.getInt(), "CRC of a chunk");
            out.add(new Chunk(new String(type, java.nio.charset.StandardCharsets.US_ASCII), data));
        }
        return out;
    }

    @Test
    void chunksAreWellFormedBoundedAndUseEveryFilter() throws Exception {
        int w = 300;
        int h = 400; // a quarter of the rows are noise, ~ 90 KB that deflate cannot shrink: several IDAT chunks
        byte[] samples = pixels(w, h, 5);
        List<Chunk> chunks = chunks(write(w, h, samples));
        assertEquals("IHDR", chunks.get(0).type());
        ByteBuffer ihdr = ByteBuffer.wrap(chunks.get(0).data());
        assertEquals(w, ihdr.getInt());
        assertEquals(h, ihdr.getInt());
        assertArrayEquals(new byte[] {8, 2, 0, 0, 0}, Arrays.copyOfRange(chunks.get(0).data(), 8, 13));
        Chunk last = chunks.get(chunks.size() - 1);
        assertEquals("IEND", last.type());
        assertEquals(0, last.data().length);
        List<Chunk> idat = chunks.subList(1, chunks.size() - 1);
        assertTrue(idat.size() >= 2, idat.size() + " IDAT chunks");
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        for (Chunk c : idat) {
            assertEquals("IDAT", c.type());
            assertTrue(c.data().length <= PngStreamWriter.MAX_IDAT_BYTES && c.data().length > 0);
            zlib.writeBytes(c.data());
        }
        Inflater inf = new Inflater();
        inf.setInput(zlib.toByteArray());
        byte[] raw = new byte[h * (3 * w + 1)];
        assertEquals(raw.length, inf.inflate(raw));
        assertTrue(inf.finished());
        inf.end();
        TreeSet<Integer> types = new TreeSet<>();
        for (int y = 0; y < h; y++) {
            types.add((int) raw[y * (3 * w + 1)]);
        }
        assertEquals(new TreeSet<>(List.of(0, 1, 2, 3, 4)), types, "filter types used");
    }

    @Test
    void misuseIsRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class, () -> new PngStreamWriter(out, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new PngStreamWriter(out, 5, -1));
        assertThrows(IllegalArgumentException.class, () -> new PngStreamWriter(out, PngStreamWriter.MAX_WIDTH + 1, 1));
        try (PngStreamWriter png = new PngStreamWriter(out, 2, 2)) {
            assertThrows(IllegalArgumentException.class, () -> png.row(0, new byte[5]));
            assertThrows(IllegalStateException.class, () -> png.row(1, new byte[6]));
            png.row(0, new byte[6]);
            IllegalStateException early = assertThrows(IllegalStateException.class, png::finish);
            assertTrue(early.getMessage().contains("1 of 2"), early.getMessage());
            png.row(new byte[6]);
            assertThrows(IllegalStateException.class, () -> png.row(new byte[6]));
            assertThrows(IllegalStateException.class, () -> png.row(2, new byte[6]));
            png.finish();
            assertThrows(IllegalStateException.class, png::finish);
        }
        assertEquals(RgbImage.of(2, 2, new byte[12]), ImageIo.read(out.toByteArray()));
    }

    @Test
    void paethPredictorPicksTheNearestNeighbour() {
        // p = a + b - c; ties prefer a, then b
        assertEquals(10, PngStreamWriter.paethPredictor(10, 20, 20)); // p = 10: a exact
        assertEquals(20, PngStreamWriter.paethPredictor(10, 20, 10)); // p = 20: b exact
        assertEquals(20, PngStreamWriter.paethPredictor(20, 30, 40)); // p = 10: a nearest
        assertEquals(15, PngStreamWriter.paethPredictor(10, 20, 15)); // p = 15: c exact
        assertEquals(10, PngStreamWriter.paethPredictor(10, 20, 25)); // p = 5: |p-a| = 5 beats b and c
    }
}
