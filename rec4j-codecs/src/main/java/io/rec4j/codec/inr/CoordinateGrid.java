package io.rec4j.codec.inr;

/**
 * Pixel-centre coordinate grids in (−1, 1), as COMBINER uses them (Guo et al., NeurIPS 2023, arXiv 2305.19185;
 * {@code docs/combiner.md}, "Coordinates and Fourier features").
 *
 * <p>Along an axis of length {@code s}, sample {@code i} sits at {@code x(i) = −1 + 2·(i + 0.5)/s}, evaluated
 * exactly in that order ({@code (2.0 * (i + 0.5)) / s}, then {@code −1 +}), so the value is the same IEEE double
 * everywhere. Each axis is normalised on its own (anisotropic spacing for non-square images, as in the reference).
 *
 * <p>Points are listed row-major ("ij" indexing): the first axis varies slowest, and each point stores its
 * coordinates in axis order. For an image that means point {@code p = row·W + col} holds
 * {@code (x_row, x_col)} at {@code [2p, 2p + 1]}.
 */
public final class CoordinateGrid {
    private CoordinateGrid() {
    }

    /** The centre of sample {@code i} on an axis of {@code size} samples, in (−1, 1). */
    public static double axis(int i, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("axis size must be positive, was " + size);
        }
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " outside axis of size " + size);
        }
        return -1.0 + (2.0 * (i + 0.5)) / size;
    }

    /** The {@code size} sample centres of one axis. */
    public static double[] axis(int size) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = axis(i, size);
        }
        return out;
    }

    /** Image grid: {@code H·W} points of two coordinates (row, column), row-major; length {@code 2·H·W}. */
    public static double[] image(int height, int width) {
        return grid(height, width);
    }

    /**
     * Grid over an arbitrary shape {@code (s_1, …, s_I)}: {@code Π s_k} points of {@code I} coordinates each,
     * row-major (last axis fastest); point {@code p} occupies {@code [I·p, I·p + I)}.
     */
    public static double[] grid(int... shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a grid needs at least one axis");
        }
        int dims = shape.length;
        long points = 1;
        for (int s : shape) {
            if (s <= 0) {
                throw new IllegalArgumentException("axis sizes must be positive, was " + s);
            }
            points *= s;
        }
        if (points * dims > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("grid too large: " + points + " points of " + dims + " coordinates");
        }
        double[][] axes = new double[dims][];
        for (int k = 0; k < dims; k++) {
            axes[k] = axis(shape[k]);
        }
        double[] out = new double[(int) (points * dims)];
        int[] idx = new int[dims];
        for (int p = 0; p < points; p++) {
            for (int k = 0; k < dims; k++) {
                out[p * dims + k] = axes[k][idx[k]];
            }
            for (int k = dims - 1; k >= 0; k--) { // odometer increment, last axis fastest
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }
}
