package io.rec4j.codec.recombiner;

import java.util.Objects;

/**
 * A multi-channel map over a 2-D grid of samples, channel-major: value {@code (c, y, x)} sits at
 * {@code values[(c·height + y)·width + x]}. One-dimensional signals (audio) are maps of height 1. This is the
 * data type of RECOMBINER's latent positional grids and of their upsampled encodings (He, Flamich, Guo,
 * Hernández-Lobato, "RECOMBINER: Robust and Enhanced Compression with Bayesian Implicit Neural Representations",
 * ICLR 2024, arXiv 2309.17182, §3.2; {@code docs/recombiner.md}, "Learned positional encodings").
 *
 * <p>The array is not copied; treat a map as immutable once built.
 *
 * @param channels number of channels, positive
 * @param height   rows, positive (1 for 1-D signals)
 * @param width    columns, positive
 * @param values   {@code channels·height·width} values, channel-major
 */
public record FeatureMap(int channels, int height, int width, double[] values) {
    public FeatureMap {
        Objects.requireNonNull(values, "values");
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("feature map sizes must be positive, was " + channels + " x "
                    + height + " x " + width);
        }
        if ((long) channels * height * width != values.length) {
            throw new IllegalArgumentException("a " + channels + " x " + height + " x " + width + " map needs "
                    + (long) channels * height * width + " values, got " + values.length);
        }
    }

    /** An all-zero map. */
    public static FeatureMap zeros(int channels, int height, int width) {
        long n = (long) channels * height * width;
        if (channels < 1 || height < 1 || width < 1 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad feature map size " + channels + " x " + height + " x " + width);
        }
        return new FeatureMap(channels, height, width, new double[(int) n]);
    }

    /**
     * A map from a latent grid stored position-major ("row-major (spatial…, channel)", the layout of the latent
     * vector {@code h_z}): value {@code (y, x, c)} at {@code latent[offset + (y·width + x)·channels + c]}.
     */
    public static FeatureMap fromPositionMajor(double[] latent, int offset, int height, int width, int channels) {
        FeatureMap m = zeros(channels, height, width);
        long need = (long) height * width * channels;
        if (offset < 0 || offset + need > latent.length) {
            throw new IllegalArgumentException("latent grid of " + need + " values at offset " + offset
                    + " does not fit in " + latent.length + " values");
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int src = offset + (y * width + x) * channels;
                for (int c = 0; c < channels; c++) {
                    m.values[(c * height + y) * width + x] = latent[src + c];
                }
            }
        }
        return m;
    }

    /** Value at channel {@code c}, row {@code y}, column {@code x}. */
    public double at(int c, int y, int x) {
        return values[(c * height + y) * width + x];
    }

    /** Number of samples per channel, {@code height·width}. */
    public int size() {
        return height * width;
    }

    /** The sub-map of rows {@code [y0, y0 + h)} and columns {@code [x0, x0 + w)}, all channels (a copy). */
    public FeatureMap crop(int y0, int x0, int h, int w) {
        if (y0 < 0 || x0 < 0 || h < 1 || w < 1 || y0 + h > height || x0 + w > width) {
            throw new IllegalArgumentException("crop (" + y0 + ", " + x0 + ") of " + h + " x " + w
                    + " outside a " + height + " x " + width + " map");
        }
        FeatureMap out = zeros(channels, h, w);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(values, (c * height + y0 + y) * width + x0, out.values, (c * h + y) * w, w);
            }
        }
        return out;
    }

    /** Copies {@code part} into this map with its top-left sample at {@code (y0, x0)} (used to stitch grids). */
    void paste(FeatureMap part, int y0, int x0) {
        if (part.channels != channels || y0 < 0 || x0 < 0 || y0 + part.height > height
                || x0 + part.width > width) {
            throw new IllegalArgumentException("cannot paste a " + part.channels + " x " + part.height + " x "
                    + part.width + " map at (" + y0 + ", " + x0 + ") of a " + channels + " x " + height + " x "
                    + width + " map");
        }
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < part.height; y++) {
                System.arraycopy(part.values, (c * part.height + y) * part.width, values,
                        (c * height + y0 + y) * width + x0, part.width);
            }
        }
    }
}
