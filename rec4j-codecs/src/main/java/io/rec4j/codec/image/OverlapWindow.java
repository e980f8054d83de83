package io.rec4j.codec.image;

/**
 * The fixed blending window of overlapping tiles ({@code docs/combiner.md}, "Overlapping tiles"): tile {@code k} of a
 * {@link TileGrid} with tile size {@code T} owns its core {@code [k·T, (k+1)·T)} along an axis and is rendered over
 * the window {@code [k·T − m, (k+1)·T + m)} of {@code T + 2m} samples, {@code m} being the margin. Across each border
 * between tiles {@code k − 1} and {@code k} lies a band of {@code 2m} samples that both windows cover; in it the two
 * tiles are mixed with a linear ramp, in integers out of {@link #denominator()} {@code D = 4m}: at band sample
 * {@code j} (0 … 2m − 1) tile {@code k} weighs {@code 2j + 1} and tile {@code k − 1} weighs {@code D − 2j − 1}, so the
 * two weights sum to {@code D} at every sample, and every weight off the bands is {@code D} (the tile's core) or 0
 * (outside its window, or outside the padded image at the outer edges).
 *
 * <p>In two dimensions a tile's weight at a pixel is the product of its two axis weights, so the weights of the (up to
 * four) tiles covering any pixel sum to {@code D²} exactly. Weights are small integers (at most {@code D²}), exact in
 * a {@code double}, and {@link #blend} sums the weighted samples in tile order with plain Java double arithmetic,
 * which is reproducible on every JVM; nothing on this path calls {@code Math}'s transcendental functions.
 *
 * <p>This is the decoder-side half of the overlap scheme that COMBINER's tiles lack (Guo et al., "Compression with
 * Bayesian Implicit Neural Representations", NeurIPS 2023, arXiv 2305.19185, code each patch independently);
 * RECOMBINER (He et al., ICLR 2024, arXiv 2309.17182, §3.3) answers the same seams with stitched positional encodings
 * and a hierarchical prior instead.
 *
 * @param tileSize {@code T}, at least 1
 * @param margin   {@code m}, in {@code [1, T/2]} (so that a sample lies in at most two windows per axis)
 */
public record OverlapWindow(int tileSize, int margin) {
    public OverlapWindow {
        if (tileSize < 1) {
            throw new IllegalArgumentException("tile size must be positive, was " + tileSize);
        }
        if (margin < 1 || 2 * margin > tileSize) {
            throw new IllegalArgumentException("margin must be in [1, " + tileSize / 2 + "] for tiles of "
                    + tileSize + ", was " + margin);
        }
    }

    /** Samples of a window along one axis, {@code T + 2m}. */
    public int span() {
        return tileSize + 2 * margin;
    }

    /** The sum of the axis weights at every sample, {@code D = 4m}. */
    public int denominator() {
        return 4 * margin;
    }

    /**
     * The integer weight of tile {@code k} (of {@code tiles} along this axis) at window sample {@code i}
     * (0 … T + 2m − 1, which is padded-image sample {@code k·T − m + i}): 0 outside the padded image, a ramp
     * across the inner borders, {@link #denominator()} elsewhere.
     */
    public int weight(int k, int tiles, int i) {
        if (k < 0 || k >= tiles || i < 0 || i >= span()) {
            throw new IndexOutOfBoundsException("tile " + k + " of " + tiles + ", sample " + i + " of " + span());
        }
        int d = denominator();
        int band = 2 * margin;
        if (i < band) { // the band shared with tile k − 1
            if (k == 0) {
                return i < margin ? 0 : d; // before the padded image, or the first tile's own edge
            }
            return 2 * i + 1;
        }
        if (i >= tileSize) { // the band shared with tile k + 1
            if (k == tiles - 1) {
                return i >= tileSize + margin ? 0 : d;
            }
            return d - (2 * (i - tileSize) + 1);
        }
        return d;
    }

    /**
     * Blends rendered windows into the padded image of a grid: {@code windows[k]} is tile {@code k}'s rendering
     * ({@code span² · 3} values, row-major pixels then channels, tiles row-major as in {@link TileGrid}); the result
     * is the padded image's {@code paddedWidth · paddedHeight · 3} values, each {@code Σ w·v / D²} summed in tile order.
     */
    public double[] blend(TileGrid grid, double[][] windows) {
        requireGrid(grid);
        if (windows.length != grid.tileCount()) {
            throw new IllegalArgumentException(grid.tileCount() + " tiles, got " + windows.length + " windows");
        }
        int pw = grid.paddedWidth();
        double[] acc = new double[pw * grid.paddedHeight() * RgbImage.CHANNELS];
        for (int k = 0; k < windows.length; k++) {
            add(grid, k, windows[k], acc, 0, grid.paddedHeight());
        }
        return normalise(acc);
    }

    /**
     * Adds tile {@code k}'s weighted window into {@code acc}, which holds padded-image rows
     * {@code [rowStart, rowStart + rows)} of {@code paddedWidth · 3} values each; samples of the window outside those
     * rows are skipped. The weighted value {@code wx·wy·v} is added with one product and one sum.
     */
    public void add(TileGrid grid, int k, double[] window, double[] acc, int rowStart, int rows) {
        requireGrid(grid);
        int s = span();
        int c = RgbImage.CHANNELS;
        if (window.length != s * s * c) {
            throw new IllegalArgumentException("a window holds " + s * s * c + " values, got " + window.length);
        }
        int columns = grid.columns();
        int tileRows = grid.rows();
        int col = k % columns;
        int row = k / columns;
        int pw = grid.paddedWidth();
        int x0 = col * tileSize - margin;
        int y0 = row * tileSize - margin;
        for (int j = 0; j < s; j++) {
            int y = y0 + j;
            int wy = weight(row, tileRows, j);
            if (wy == 0 || y < rowStart || y >= rowStart + rows) {
                continue;
            }
            for (int i = 0; i < s; i++) {
                int wx = weight(col, columns, i);
                if (wx == 0) {
                    continue;
                }
                double w = (double) (wx * wy);
                int src = (j * s + i) * c;
                int dst = ((y - rowStart) * pw + x0 + i) * c;
                for (int ch = 0; ch < c; ch++) {
                    acc[dst + ch] += w * window[src + ch];
                }
            }
        }
    }

    /** Divides accumulated sums by {@code D²} in place and returns {@code acc}. */
    public double[] normalise(double[] acc) {
        double dd = (double) denominator() * denominator();
        for (int i = 0; i < acc.length; i++) {
            acc[i] /= dd;
        }
        return acc;
    }

    /** The {@code span × span} windows of {@code image}, row-major by tile, edge-padded as {@link TileGrid#split}. */
    public java.util.List<RgbImage> split(TileGrid grid, RgbImage image) {
        requireGrid(grid);
        if (image.width() != grid.width() || image.height() != grid.height()) {
            throw new IllegalArgumentException(image + " does not match grid " + grid);
        }
        java.util.List<RgbImage> out = new java.util.ArrayList<>(grid.tileCount());
        for (int r = 0; r < grid.rows(); r++) {
            for (int col = 0; col < grid.columns(); col++) {
                out.add(image.cropPadded(col * tileSize - margin, r * tileSize - margin, span(), span()));
            }
        }
        return out;
    }

    private void requireGrid(TileGrid grid) {
        if (grid.tileSize() != tileSize) {
            throw new IllegalArgumentException("grid of tiles " + grid.tileSize() + ", window of tiles " + tileSize);
        }
    }
}
