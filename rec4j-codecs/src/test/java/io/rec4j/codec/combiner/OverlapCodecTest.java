package io.rec4j.codec.combiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.image.OverlapWindow;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.codec.inr.GridRenderer;
import io.rec4j.codec.inr.SineFunction;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.rec.plan.BlockListener;
import io.rec4j.testkit.FreshJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bitstream revision 4 (overlapping tiles) with synthetic posteriors. */
class OverlapCodecTest {

    private static CombinerCodec.Encoded encode(CombinerModel m, int width, int height, int margin, long seed) {
        TileGrid grid = new TileGrid(width, height, m.tile());
        var posteriors = CombinerCodecTest.posteriors(m, grid.tileCount(), seed);
        List<CombinerCodec.TileCode> codes = new ArrayList<>();
        for (int t = 0; t < grid.tileCount(); t++) {
            codes.add(CombinerCodec.encodeTile(m, t, posteriors.get(t), BlockListener.NONE));
        }
        return CombinerCodec.assemble(m, width, height, margin, codes);
    }

    @Test
    void decodesBitExactlyInProcessAndInFreshJvms(@TempDir Path dir) throws Exception {
        CombinerModel m = CombinerCodecTest.model(22);
        int width = 21;
        int height = 19; // 3 x 3 tiles of 8, edge-padded: inner borders and corners in both directions
        CombinerCodec.Encoded e = encode(m, width, height, 3, 4);
        assertEquals(MethodId.COMBINER_R4, Container.parse(e.file()).methodId());
        CombinerCodec.Info info = CombinerCodec.info(e.file());
        assertEquals(4, info.revision());
        assertEquals(3, info.margin());
        assertEquals(width, info.width());
        assertEquals(height, info.height());
        // every byte counted: one byte more than revision 3 (the margin)
        assertEquals(CombinerCodec.encode(m, width, height, CombinerCodecTest.posteriors(m, 9, 4),
                t -> BlockListener.NONE).file().length + 1, e.file().length);
        RgbImage decoded = CombinerCodec.decode(m, e.file());
        assertEquals(e.reconstruction(), decoded);
        // streaming delivers rows 0..h-1 in order, the same pixels
        int[] next = {0};
        CombinerCodec.decode(m, e.file(), (y, rgb) -> {
            assertEquals(next[0]++, y);
            byte[] want = new byte[width * 3];
            System.arraycopy(decoded.samples(), y * width * 3, want, 0, want.length);
            assertArrayEquals(want, java.util.Arrays.copyOf(rgb, want.length));
        }, CombinerCodec.Progress.NONE);
        assertEquals(height, next[0]);

        Path modelFile = dir.resolve("m.r4j");
        Path imageFile = dir.resolve("i.r4j");
        Files.write(modelFile, m.toBytes());
        Files.write(imageFile, e.file());
        FreshJvm.assertAllPrint(e.reconstruction().sha256(), CombinerDecodeProbe.class, modelFile.toString(),
                imageFile.toString());
    }

    /** The decoder's pixels are the blend of the windows rendered by hand, rounded once. */
    @Test
    void pixelsAreTheBlendOfTheRenderedWindows() {
        CombinerModel m = CombinerCodecTest.model(22);
        int margin = 2;
        TileGrid grid = new TileGrid(16, 16, 8);
        var posteriors = CombinerCodecTest.posteriors(m, 4, 9);
        OverlapWindow w = new OverlapWindow(8, margin);
        GridRenderer r = new GridRenderer(m.architecture(), w.span(), w.span(), SineFunction.POLYNOMIAL);
        double[][] windows = new double[4][];
        List<CombinerCodec.TileCode> codes = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            CombinerCodec.TileCode c = CombinerCodec.encodeTile(m, t, posteriors.get(t), BlockListener.NONE);
            codes.add(c);
            windows[t] = r.render(c.sample());
        }
        double[] blended = w.blend(grid, windows);
        RgbImage want = RgbImage.fromUnit(16, 16, blended);
        CombinerCodec.Encoded e = CombinerCodec.assemble(m, 16, 16, margin, codes);
        assertEquals(want, e.reconstruction());
        assertEquals(want, CombinerCodec.decode(m, e.file()));
    }

    @Test
    void badMarginsAreRejected() {
        CombinerModel m = CombinerCodecTest.model(22);
        byte[] idx = new byte[(int) CombinerCodec.indexBytes(m, 16, 8)];
        assertThrows(IllegalArgumentException.class, () -> CombinerCodec.fromIndices(m, 16, 8, idx, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> CombinerCodec.fromIndices(m, 16, 8, idx, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> CombinerCodec.fromIndices(m, 16, 8, idx, 3, 2));
        // files whose margin is 0 or more than half the model's 8-pixel tile: typed errors before decoding
        for (int margin : new int[] {0, 5}) {
            java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
            payload.writeBytes(java.util.HexFormat.of().parseHex(m.id()));
            payload.writeBytes(io.rec4j.core.coding.bits.Varint.encode(16));
            payload.writeBytes(io.rec4j.core.coding.bits.Varint.encode(8));
            payload.writeBytes(io.rec4j.core.coding.bits.Varint.encode(margin));
            payload.writeBytes(idx);
            byte[] bad = Container.of(MethodId.COMBINER_R4, io.rec4j.core.container.ContainerHeader.empty(),
                    payload.toByteArray()).toBytes();
            Rec4jDataException ex = assertThrows(Rec4jDataException.class, () -> CombinerCodec.decode(m, bad));
            assertTrue(ex.getMessage().contains("margin"), ex.getMessage());
        }
    }
}
