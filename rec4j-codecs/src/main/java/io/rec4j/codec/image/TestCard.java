package io.rec4j.codec.image;

import io.rec4j.core.random.SharedRandomness;

/**
 * A deterministic synthetic test card for image-codec tests and demos (no third-party images). Every sample is
 * computed from the pixel position with IEEE double arithmetic, {@link StrictMath} and {@link SharedRandomness},
 * then quantised by {@link RgbImage#quantize}, so {@code generate(w, h)} is the same image on every JVM.
 *
 * <p>Layout: four horizontal bands of (nearly) equal height, pixel row {@code y} in band {@code ⌊4y/h⌋}; each band
 * split into a left and right half, column {@code x} in half {@code ⌊2x/w⌋}. Coordinates below are local to the
 * half-band ({@code lx, ly} in pixels, {@code bw × bh} its size, {@code u = (lx + ½)/bw}, {@code v = (ly + ½)/bh}).
 * <ol>
 *   <li>Band 0 (sharp edges): eight full-saturation colour bars across the whole width (white, yellow, cyan,
 *       green, magenta, red, blue, black), bar {@code ⌊8x/w⌋}.</li>
 *   <li>Band 1: left, smooth gradients {@code (u, v, ½ + ½ sin(2π(u + v)/2))}; right, a colour wheel (hue = angle,
 *       saturation = radius, full value) of radius {@code 0.45·min(bw, bh)} on mid grey, with a sharp rim.</li>
 *   <li>Band 2 (fine texture): left, a grey zone plate {@code ½ + ½ cos(π r²/s)} with {@code r} the distance in
 *       pixels from the half-band centre and {@code s = max(bw, bh)}, so the local frequency reaches the Nyquist
 *       limit (½ cycle per pixel) at {@code r = s/2}; right, sine gratings whose frequency grows from 0.02 to 0.42
 *       cycles per pixel down the block: horizontal in R, vertical in G, diagonal in B.</li>
 *   <li>Band 3: left, uniform noise, sample {@code c} of pixel {@code (x, y)} =
 *       {@code SharedRandomness.fromSeed(NOISE_SEED).uniform(c, y·w + x)}; right, a checkerboard whose square size
 *       grows from 1 to 4 pixels left to right, light and dark grey.</li>
 * </ol>
 */
public final class TestCard {
    /** Seed of the noise patch (arbitrary fixed constant; changing it changes every golden digest). */
    public static final long NOISE_SEED = 0x7E57CA2DL;

    private static final double TWO_PI = 2.0 * Math.PI;
    /** Colour bars in order, as {R, G, B} in [0, 1]. */
    private static final double[][] BARS = {
        {1, 1, 1}, {1, 1, 0}, {0, 1, 1}, {0, 1, 0}, {1, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 0, 0}};
    /** Grating frequency range in cycles per pixel (top to bottom of the block). */
    private static final double MIN_FREQ = 0.02;
    private static final double FREQ_SPAN = 0.40;
    /** Colour-wheel radius as a fraction of the block's shorter side. */
    private static final double WHEEL_RADIUS = 0.45;
    /** Largest checkerboard square, in pixels. */
    private static final int MAX_CHECK = 4;

    private TestCard() {
    }

    /** The test card of the given size. */
    public static RgbImage generate(int width, int height) {
        RgbImage.checkSize(width, height);
        SharedRandomness noise = SharedRandomness.fromSeed(NOISE_SEED);
        double[] values = new double[width * height * RgbImage.CHANNELS];
        double[] rgb = new double[3];
        for (int y = 0; y < height; y++) {
            int band = (int) (4L * y / height);
            int top = start(band, height, 4);
            int bh = start(band + 1, height, 4) - top;
            int ly = y - top;
            for (int x = 0; x < width; x++) {
                int side = (int) (2L * x / width);
                int left = start(side, width, 2);
                int bw = start(side + 1, width, 2) - left;
                int lx = x - left;
                pixel(band, side, x, y, width, lx, ly, bw, bh, noise, rgb);
                int o = (y * width + x) * RgbImage.CHANNELS;
                values[o] = rgb[0];
                values[o + 1] = rgb[1];
                values[o + 2] = rgb[2];
            }
        }
        return RgbImage.fromUnit(width, height, values);
    }

    /** First index of part {@code k} of {@code n} items split into {@code parts}: {@code ⌈k·n/parts⌉}. */
    private static int start(int k, int n, int parts) {
        return (int) (((long) k * n + parts - 1) / parts);
    }

    private static void pixel(int band, int side, int x, int y, int width, int lx, int ly, int bw, int bh,
            SharedRandomness noise, double[] rgb) {
        double u = (lx + 0.5) / bw;
        double v = (ly + 0.5) / bh;
        switch (band) {
            case 0 -> {
                double[] bar = BARS[(int) (8L * x / width)];
                rgb[0] = bar[0];
                rgb[1] = bar[1];
                rgb[2] = bar[2];
            }
            case 1 -> {
                if (side == 0) {
                    rgb[0] = u;
                    rgb[1] = v;
                    rgb[2] = 0.5 + 0.5 * StrictMath.sin(TWO_PI * (u + v) / 2.0);
                } else {
                    double dx = (lx + 0.5) - bw / 2.0;
                    double dy = (ly + 0.5) - bh / 2.0;
                    double radius = WHEEL_RADIUS * Math.min(bw, bh);
                    double r = StrictMath.sqrt(dx * dx + dy * dy);
                    if (r <= radius) {
                        double hue = (StrictMath.atan2(dy, dx) + Math.PI) / TWO_PI; // in [0, 1]
                        hsv(hue, r / radius, 1.0, rgb);
                    } else {
                        rgb[0] = 0.5;
                        rgb[1] = 0.5;
                        rgb[2] = 0.5;
                    }
                }
            }
            case 2 -> {
                if (side == 0) {
                    double dx = (lx + 0.5) - bw / 2.0;
                    double dy = (ly + 0.5) - bh / 2.0;
                    double s = Math.max(bw, bh);
                    double g = 0.5 + 0.5 * StrictMath.cos(Math.PI * (dx * dx + dy * dy) / s);
                    rgb[0] = g;
                    rgb[1] = g;
                    rgb[2] = g;
                } else {
                    double f = MIN_FREQ + FREQ_SPAN * v;
                    rgb[0] = 0.5 + 0.5 * StrictMath.sin(TWO_PI * f * lx);
                    rgb[1] = 0.5 + 0.5 * StrictMath.sin(TWO_PI * f * ly);
                    rgb[2] = 0.5 + 0.5 * StrictMath.sin(TWO_PI * f * (lx + ly) / 2.0);
                }
            }
            default -> {
                if (side == 0) {
                    long index = (long) y * width + x;
                    rgb[0] = noise.uniform(0, index);
                    rgb[1] = noise.uniform(1, index);
                    rgb[2] = noise.uniform(2, index);
                } else {
                    int cell = 1 + (int) ((long) MAX_CHECK * lx / bw); // 1..4 pixels
                    boolean light = ((lx / cell) + (ly / cell)) % 2 == 0;
                    double g = light ? 0.85 : 0.15;
                    rgb[0] = g;
                    rgb[1] = g;
                    rgb[2] = g;
                }
            }
        }
    }

    /** HSV to RGB with hue in [0, 1] (wrapping), saturation and value in [0, 1]. */
    private static void hsv(double hue, double sat, double val, double[] rgb) {
        double h6 = hue * 6.0;
        int sector = (int) Math.floor(h6);
        double f = h6 - sector;
        sector = Math.floorMod(sector, 6);
        double p = val * (1 - sat);
        double q = val * (1 - sat * f);
        double t = val * (1 - sat * (1 - f));
        switch (sector) {
            case 0 -> set(rgb, val, t, p);
            case 1 -> set(rgb, q, val, p);
            case 2 -> set(rgb, p, val, t);
            case 3 -> set(rgb, p, q, val);
            case 4 -> set(rgb, t, p, val);
            default -> set(rgb, val, p, q);
        }
    }

    private static void set(double[] rgb, double r, double g, double b) {
        rgb[0] = r;
        rgb[1] = g;
        rgb[2] = b;
    }
}
