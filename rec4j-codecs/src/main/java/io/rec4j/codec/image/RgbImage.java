package io.rec4j.codec.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable 8-bit RGB image: {@code width × height} pixels, stored row-major with interleaved channels
 * (sample {@code (y·width + x)·3 + c}, {@code c = 0, 1, 2} for R, G, B), the same pixel-major order as
 * {@link io.rec4j.codec.inr.SirenNetwork#render} output.
 *
 * <h2>Conversion to and from [0, 1]</h2>
 * {@link #toUnit()} maps a sample {@code v} to {@code v / 255.0} (torchvision {@code ToTensor}, as in the COMBINER
 * authors' code). {@link #fromUnit} maps a double {@code t} to {@code rint(255.0 · clamp(t, 0, 1))}: clamp first, then
 * scale, then <b>round half to even</b> ({@link StrictMath#rint}, like {@code torch.round}), the evaluation rule of the
 * COMBINER authors' code ({@code docs/combiner.md}, "Images and tiles"). NaN is rejected. {@code fromUnit(toUnit())} is
 * the identity.
 */
public final class RgbImage {
    /** Channels per pixel. */
    public static final int CHANNELS = 3;
    /** Largest 8-bit sample value. */
    public static final int MAX_VALUE = 255;

    private final int width;
    private final int height;
    private final byte[] samples;

    private RgbImage(int width, int height, byte[] samples) {
        this.width = width;
        this.height = height;
        this.samples = samples;
    }

    /** Throws {@link IllegalArgumentException} unless width, height &gt; 0 and the samples fit in one array. */
    static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + width + " x " + height);
        }
        if ((long) width * height * CHANNELS > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image too large: " + width + " x " + height);
        }
    }

    /** An image from interleaved 8-bit samples (copied; length {@code 3·width·height}). */
    public static RgbImage of(int width, int height, byte[] samples) {
        checkSize(width, height);
        if (samples.length != width * height * CHANNELS) {
            throw new IllegalArgumentException("expected " + width * height * CHANNELS + " samples, got "
                    + samples.length);
        }
        return new RgbImage(width, height, samples.clone());
    }

    /** An image from interleaved samples as ints in 0..255 (length {@code 3·width·height}). */
    public static RgbImage ofInts(int width, int height, int[] samples) {
        checkSize(width, height);
        if (samples.length != width * height * CHANNELS) {
            throw new IllegalArgumentException("expected " + width * height * CHANNELS + " samples, got "
                    + samples.length);
        }
        byte[] b = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            int v = samples[i];
            if (v < 0 || v > MAX_VALUE) {
                throw new IllegalArgumentException("sample " + i + " = " + v + " outside 0..255");
            }
            b[i] = (byte) v;
        }
        return new RgbImage(width, height, b);
    }

    /**
     * An image from interleaved doubles in [0, 1] (e.g. an INR render): each value is clamped to [0, 1], scaled by
     * 255 and rounded half to even.
     *
     * @throws IllegalArgumentException if a value is NaN or the length is not {@code 3·width·height}
     */
    public static RgbImage fromUnit(int width, int height, double[] values) {
        checkSize(width, height);
        if (values.length != width * height * CHANNELS) {
            throw new IllegalArgumentException("expected " + width * height * CHANNELS + " values, got "
                    + values.length);
        }
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) quantize(values[i], i);
        }
        return new RgbImage(width, height, b);
    }

    /** {@code rint(255·clamp(t, 0, 1))} as an int in 0..255; NaN is rejected. */
    public static int quantize(double t) {
        return quantize(t, -1);
    }

    private static int quantize(double t, int index) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("NaN sample" + (index >= 0 ? " at index " + index : ""));
        }
        double c = Math.min(1.0, Math.max(0.0, t));
        return (int) StrictMath.rint(c * MAX_VALUE);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Sample of channel {@code c} at column {@code x}, row {@code y}, in 0..255. */
    public int get(int x, int y, int c) {
        if (x < 0 || x >= width || y < 0 || y >= height || c < 0 || c >= CHANNELS) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ", " + c + ") outside " + width + " x "
                    + height + " x 3");
        }
        return samples[(y * width + x) * CHANNELS + c] & 0xFF;
    }

    /** Packed {@code 0xRRGGBB} of the pixel at {@code (x, y)}. */
    public int rgb(int x, int y) {
        return get(x, y, 0) << 16 | get(x, y, 1) << 8 | get(x, y, 2);
    }

    /** A copy of the interleaved samples. */
    public byte[] samples() {
        return samples.clone();
    }

    /** Sample {@code i} of the interleaved array as an int in 0..255. */
    int sample(int i) {
        return samples[i] & 0xFF;
    }

    /** Interleaved samples as {@code v / 255.0}. */
    public double[] toUnit() {
        double[] out = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = (samples[i] & 0xFF) / (double) MAX_VALUE;
        }
        return out;
    }

    /** The {@code w × h} region whose top-left pixel is {@code (x0, y0)}; it must lie inside the image. */
    public RgbImage crop(int x0, int y0, int w, int h) {
        checkSize(w, h);
        if (x0 < 0 || y0 < 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("crop " + w + " x " + h + " at (" + x0 + ", " + y0 + ") outside "
                    + width + " x " + height);
        }
        byte[] b = new byte[w * h * CHANNELS];
        for (int y = 0; y < h; y++) {
            System.arraycopy(samples, ((y0 + y) * width + x0) * CHANNELS, b, y * w * CHANNELS, w * CHANNELS);
        }
        return new RgbImage(w, h, b);
    }

    /**
     * The {@code w × h} region at {@code (x0, y0)}, which may extend past the image: pixels outside are copies of
     * the nearest edge pixel (edge replication, {@code docs/combiner.md}, "Images and tiles").
     */
    public RgbImage cropPadded(int x0, int y0, int w, int h) {
        checkSize(w, h);
        byte[] b = new byte[w * h * CHANNELS];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(height - 1, Math.max(0, y0 + y));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(width - 1, Math.max(0, x0 + x));
                System.arraycopy(samples, (sy * width + sx) * CHANNELS, b, (y * w + x) * CHANNELS, CHANNELS);
            }
        }
        return new RgbImage(w, h, b);
    }

    /** Lowercase hex SHA-256 of the interleaved samples (the size is not included). */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(samples));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && other.width == width && other.height == height
                && Arrays.equals(other.samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + " x " + height + "]";
    }
}
