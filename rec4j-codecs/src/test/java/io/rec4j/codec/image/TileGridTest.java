package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tiling with edge padding and reassembly. */
class TileGridTest {
    @Test
    void roundTripForSizesThatAreNotMultiples() {
        for (int[] wh : new int[][] {{37, 23}, {16, 16}, {1, 1}, {17, 5}, {64, 48}}) {
            RgbImage img = TestCard.generate(wh[0], wh[1]);
            for (int t : new int[] {1, 4, 16, 20}) {
                TileGrid grid = TileGrid.of(img, t);
                List<RgbImage> tiles = grid.split(img);
                assertEquals(((wh[0] + t - 1) / t) * ((wh[1] + t - 1) / t), tiles.size());
                for (RgbImage tile : tiles) {
                    assertEquals(t, tile.width());
                    assertEquals(t, tile.height());
                }
                assertEquals(img, grid.assemble(tiles), wh[0] + "x" + wh[1] + " tile " + t);
                RgbImage padded = grid.assemblePadded(tiles);
                assertEquals(grid.paddedWidth(), padded.width());
                assertEquals(img, padded.crop(0, 0, wh[0], wh[1]));
            }
        }
    }

    @Test
    void tileOrderAndPadding() {
        RgbImage img = TestCard.generate(37, 23);
        TileGrid grid = TileGrid.of(img, 16);
        assertEquals(3, grid.columns());
        assertEquals(2, grid.rows());
        List<RgbImage> tiles = grid.split(img);
        // tile 4 = row 1, column 1 covers x 16..31, y 16..31; image rows stop at 22
        RgbImage t4 = tiles.get(4);
        assertEquals(img.rgb(16, 16), t4.rgb(0, 0));
        assertEquals(img.rgb(20, 22), t4.rgb(4, 6));
        assertEquals(img.rgb(20, 22), t4.rgb(4, 15)); // padding repeats the last row
        // tile 2 = row 0, column 2 covers x 32..47; image columns stop at 36
        assertEquals(img.rgb(36, 3), tiles.get(2).rgb(15, 3));
    }

    @Test
    void rejectsMismatches() {
        RgbImage img = TestCard.generate(8, 8);
        TileGrid grid = TileGrid.of(img, 4);
        assertThrows(IllegalArgumentException.class, () -> grid.split(TestCard.generate(8, 7)));
        assertThrows(IllegalArgumentException.class, () -> grid.assemble(grid.split(img).subList(0, 3)));
        assertThrows(IllegalArgumentException.class, () -> new TileGrid(8, 8, 0));
    }
}
