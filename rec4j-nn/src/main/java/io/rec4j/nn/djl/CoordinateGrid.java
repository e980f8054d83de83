package io.rec4j.nn.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Pixel-centre coordinate grids in (−1, 1) ({@code docs/combiner.md}, "Coordinates and Fourier features"): along an
 * axis of length s, {@code x(i) = −1 + 2·(i + 0.5)/s}; each axis is normalised on its own; pixels are listed row-major
 * ("ij"), the first coordinate being the row.
 */
final class CoordinateGrid {
    private CoordinateGrid() {
    }

    /** Pixel-centre coordinate of index {@code i} on an axis of length {@code s} (the decoder's formula). */
    public static double centre(int i, int s) {
        return io.rec4j.codec.inr.CoordinateGrid.axis(i, s);
    }

    /** Row-major (H·W)×2 coordinates {@code [row, column]}, identical to the decoder's grid. */
    public static double[] coordinates(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("empty image " + height + "×" + width);
        }
        return io.rec4j.codec.inr.CoordinateGrid.image(height, width);
    }

    /** The grid as an (H·W, 2) array of the given type on {@code manager}. */
    public static NDArray of(NDManager manager, int height, int width, DataType type) {
        double[] c = coordinates(height, width);
        if (type == DataType.FLOAT64) {
            return manager.create(c).reshape(height * (long) width, 2);
        }
        float[] f = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            f[i] = (float) c[i];
        }
        return manager.create(f).reshape(height * (long) width, 2).toType(type, false);
    }
}
