package io.rec4j.codec.combiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.PngStreamWriter;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockListener;
import io.rec4j.core.rec.plan.FixedSizePlanner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming decode ({@link CombinerCodec#decode(CombinerModel, byte[], io.rec4j.codec.image.RowSink,
 * CombinerCodec.Progress)}): the same pixels as the in-memory decode, rows in order, progress per tile, every cheap
 * check before the first tile, and memory that does not grow with the image (a fresh JVM whose heap is smaller than
 * the image streams it to a PNG file).
 */
class StreamingDecodeTest {
    /** A small, fast model: 16×16 tiles, a 1-hidden-layer network of width 4, κ = 8. */
    static CombinerModel tinyModel() {
        SirenArchitecture arch = SirenArchitecture.of(2, 4, 4, 1, 3);
        int p = arch.parameterCount();
        double[] mean = new double[p];
        double[] std = new double[p];
        Arrays.fill(std, 0.4);
        return new CombinerModel(arch, DiagonalGaussian.of(mean, std), new FixedSizePlanner(12).plan(p, 9), 9, 8, 16,
                "stream-test");
    }

    /** A valid file of random block indices (every κ-bit value is a valid index); the padding bits are zero. */
    static byte[] randomFile(CombinerModel m, int width, int height, long seed) {
        return CombinerCodec.randomFile(m, width, height, new SplittableRandom(seed));
    }

    @Test
    void streamedRowsEqualTheInMemoryDecode() throws Exception {
        CombinerModel m = tinyModel();
        int width = 53;
        int height = 37; // 4 x 3 tiles of 16, the last column and row cropped
        byte[] file = randomFile(m, width, height, 4);
        RgbImage whole = CombinerCodec.decode(m, file);
        assertEquals(width, whole.width());
        assertEquals(height, whole.height());
        byte[] samples = whole.samples();

        List<Integer> rows = new ArrayList<>();
        List<int[]> progress = new ArrayList<>();
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        CombinerCodec.Info info = CombinerCodec.decode(m, file, (y, rgb) -> {
            rows.add(y);
            assertArrayEquals(Arrays.copyOfRange(samples, y * width * 3, (y + 1) * width * 3), rgb, "row " + y);
            streamed.writeBytes(rgb);
        }, (done, total) -> progress.add(new int[] {done, total}));
        assertEquals(width, info.width());
        assertEquals(height, info.height());
        for (int y = 0; y < height; y++) {
            assertEquals(y, rows.get(y));
        }
        assertEquals(height, rows.size());
        assertArrayEquals(samples, streamed.toByteArray());
        assertEquals(12, progress.size());
        for (int i = 0; i < progress.size(); i++) {
            assertArrayEquals(new int[] {i + 1, 12}, progress.get(i));
        }

        // through the PNG writer
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try (PngStreamWriter w = new PngStreamWriter(png, width, height)) {
            CombinerCodec.decode(m, file, w, CombinerCodec.Progress.NONE);
            w.finish();
        }
        assertEquals(whole, ImageIo.read(png.toByteArray()));
    }

    @Test
    void inMemoryDecodeStillMatchesTheEncoder() {
        // the encoder's reconstruction (tiles assembled and cropped by TileGrid) is what the row-wise decoder gives
        CombinerModel m = tinyModel();
        List<DiagonalGaussian> posteriors = CombinerCodecTest.posteriors(m, 6, 3);
        CombinerCodec.Encoded e = CombinerCodec.encode(m, 40, 20, posteriors, t -> BlockListener.NONE);
        assertEquals(e.reconstruction(), CombinerCodec.decode(m, e.file()));
    }

    @Test
    void everyCheapCheckHappensBeforeTheFirstTile() {
        CombinerModel m = tinyModel();
        byte[] good = randomFile(m, 40, 40, 1);
        int[] tiles = {0};
        CombinerCodec.Progress count = (done, total) -> tiles[0]++;

        // a header edited to a larger image, checksum recomputed: the payload is too short for it
        byte[] bigger = withSize(m, good, 4000, 4000);
        Rec4jDataException e = assertThrows(Rec4jDataException.class,
                () -> CombinerCodec.decode(m, bigger, (y, rgb) -> { }, count));
        long expected = CombinerCodec.indexBytes(m, 4000, 4000);
        long actual = CombinerCodec.indexBytes(m, 40, 40);
        assertTrue(e.getMessage().contains(expected + " bytes") && e.getMessage().contains("holds " + actual),
                e.getMessage());
        assertThrows(Rec4jDataException.class, () -> CombinerCodec.check(m, bigger));
        assertEquals(4000, CombinerCodec.info(bigger).width(), "info alone reads the header without the model");

        // one byte too many or too few
        assertThrows(Rec4jDataException.class, () -> CombinerCodec.decode(m, withExtraBytes(m, good, 1),
                (y, rgb) -> { }, count));
        assertThrows(Rec4jDataException.class, () -> CombinerCodec.decode(m, withExtraBytes(m, good, -1),
                (y, rgb) -> { }, count));
        // another model
        CombinerModel other = new CombinerModel(m.architecture(), m.prior(), m.plan(), 10, 8, 16, "other");
        assertThrows(Rec4jDataException.class, () -> CombinerCodec.decode(other, good, (y, rgb) -> { }, count));
        assertEquals(0, tiles[0]);

        assertEquals(40, CombinerCodec.check(m, good).width());
        assertThrows(Rec4jDataException.class, () -> CombinerCodec.check(other, good));
    }

    @Test
    void fromIndicesRefusesAWrongLength() {
        CombinerModel m = tinyModel();
        long n = CombinerCodec.indexBytes(m, 20, 20);
        assertThrows(IllegalArgumentException.class, () -> CombinerCodec.fromIndices(m, 20, 20, new byte[(int) n + 1]));
        assertThrows(IllegalArgumentException.class, () -> CombinerCodec.fromIndices(m, 0, 20, new byte[0]));
        assertEquals(20, CombinerCodec.check(m, CombinerCodec.fromIndices(m, 20, 20, new byte[(int) n])).height());
    }

    /** The same payload with the header's image size replaced, in a container with a valid checksum. */
    static byte[] withSize(CombinerModel m, byte[] file, int width, int height) {
        Container c = Container.parse(file);
        byte[] payload = c.payload();
        int indexAt = payload.length - (int) CombinerCodec.indexBytes(m, CombinerCodec.info(file).width(),
                CombinerCodec.info(file).height());
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(payload, 0, CombinerCodec.MODEL_ID_BYTES);
        p.writeBytes(io.rec4j.core.coding.bits.Varint.encode(width));
        p.writeBytes(io.rec4j.core.coding.bits.Varint.encode(height));
        p.write(payload, indexAt, payload.length - indexAt);
        return Container.of(MethodId.COMBINER, ContainerHeader.empty(), p.toByteArray()).toBytes();
    }

    /** The same file with {@code extra} bytes appended to (or, if negative, removed from) the payload. */
    static byte[] withExtraBytes(CombinerModel m, byte[] file, int extra) {
        byte[] payload = Container.parse(file).payload();
        return Container.of(MethodId.COMBINER, ContainerHeader.empty(), Arrays.copyOf(payload, payload.length + extra))
                .toBytes();
    }

    /**
     * A 1024×8192 image (24 MiB of pixels) streamed to a PNG file in a fresh JVM with a 16 MiB heap: holding the
     * image would not fit, the streaming decoder needs one 16-pixel tile row (48 KiB). The PNG read back here has the
     * size of the header and the pixels whose digest the probe computed row by row.
     */
    @Test
    void aFreshJvmWithAHeapSmallerThanTheImageStreamsIt(@TempDir Path dir) throws Exception {
        CombinerModel m = tinyModel();
        int width = 1024;
        int height = 8192;
        Path modelFile = dir.resolve("m.r4m");
        Path file = dir.resolve("big.r4j");
        Path png = dir.resolve("big.png");
        Files.write(modelFile, m.toBytes());
        Files.write(file, randomFile(m, width, height, 7));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx16m", "-cp", System.getProperty("java.class.path"),
                StreamDecodeProbe.class.getName(), modelFile.toString(), file.toString(), png.toString())
                .redirectErrorStream(true).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the streaming decode did not finish in 300 s");
        }
        String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\\R");
        assertEquals(0, p.exitValue(), String.join("\n", out));
        long maxHeap = Long.parseLong(out[0]);
        long imageBytes = 3L * width * height;
        assertTrue(maxHeap < imageBytes, "heap " + maxHeap + " must be smaller than the image, " + imageBytes);
        RgbImage back = ImageIo.read(png);
        assertEquals(width, back.width());
        assertEquals(height, back.height());
        assertEquals(back.sha256(), out[1]);
    }
}
