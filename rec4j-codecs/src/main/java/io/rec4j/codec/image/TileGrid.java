package io.rec4j.codec.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Splitting an image into {@code T × T} tiles and putting it back together (the COMBINER authors' code assumes the tile
 * size divides the image; for other sizes we pad by edge replication and crop after reassembly;
 * {@code docs/combiner.md}, "Images and tiles").
 *
 * <p>Tiles are listed row-major: tile {@code k = r·columns + c} covers pixels {@code [c·T, (c+1)·T) ×
 * [r·T, (r+1)·T)} of the padded {@code columns·T × rows·T} image, where {@code columns = ⌈width/T⌉} and
 * {@code rows = ⌈height/T⌉}. Padding pixels copy the nearest edge pixel of the original.
 *
 * @param width    original image width
 * @param height   original image height
 * @param tileSize {@code T}
 */
public record TileGrid(int width, int height, int tileSize) {
    public TileGrid {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + width + " x " + height);
        }
        if (tileSize <= 0) {
            throw new IllegalArgumentException("tile size must be positive, was " + tileSize);
        }
    }

    /** The grid for {@code image} with tile size {@code T}. */
    public static TileGrid of(RgbImage image, int tileSize) {
        return new TileGrid(image.width(), image.height(), tileSize);
    }

    /** Tiles per row, {@code ⌈width/T⌉}. */
    public int columns() {
        return (width + tileSize - 1) / tileSize;
    }

    /** Tiles per column, {@code ⌈height/T⌉}. */
    public int rows() {
        return (height + tileSize - 1) / tileSize;
    }

    public int tileCount() {
        return columns() * rows();
    }

    /** Width of the padded image, {@code columns·T}. */
    public int paddedWidth() {
        return columns() * tileSize;
    }

    /** Height of the padded image, {@code rows·T}. */
    public int paddedHeight() {
        return rows() * tileSize;
    }

    /** The tiles of {@code image} (which must have this grid's size), row-major, edge-padded. */
    public List<RgbImage> split(RgbImage image) {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException(image + " does not match grid " + this);
        }
        List<RgbImage> tiles = new ArrayList<>(tileCount());
        for (int r = 0; r < rows(); r++) {
            for (int c = 0; c < columns(); c++) {
                tiles.add(image.cropPadded(c * tileSize, r * tileSize, tileSize, tileSize));
            }
        }
        return tiles;
    }

    /** The padded {@code paddedWidth × paddedHeight} image assembled from {@code T × T} tiles in row-major order. */
    public RgbImage assemblePadded(List<RgbImage> tiles) {
        if (tiles.size() != tileCount()) {
            throw new IllegalArgumentException("expected " + tileCount() + " tiles, got " + tiles.size());
        }
        int pw = paddedWidth();
        int t = tileSize;
        byte[] out = new byte[pw * paddedHeight() * RgbImage.CHANNELS];
        for (int k = 0; k < tiles.size(); k++) {
            RgbImage tile = tiles.get(k);
            if (tile.width() != t || tile.height() != t) {
                throw new IllegalArgumentException("tile " + k + " is " + tile + ", expected " + t + " x " + t);
            }
            byte[] s = tile.samples();
            int x0 = (k % columns()) * t;
            int y0 = (k / columns()) * t;
            for (int y = 0; y < t; y++) {
                System.arraycopy(s, y * t * RgbImage.CHANNELS, out, ((y0 + y) * pw + x0) * RgbImage.CHANNELS,
                        t * RgbImage.CHANNELS);
            }
        }
        return RgbImage.of(pw, paddedHeight(), out);
    }

    /** The original-size image: the tiles assembled, then cropped to {@code width × height}. */
    public RgbImage assemble(List<RgbImage> tiles) {
        return assemblePadded(tiles).crop(0, 0, width, height);
    }
}
