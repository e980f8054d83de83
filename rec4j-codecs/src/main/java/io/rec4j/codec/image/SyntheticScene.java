package io.rec4j.codec.image;

import io.rec4j.core.random.SharedRandomness;

/**
 * A deterministic, photograph-like synthetic image: the default input of {@code rec4j demo}. Where
 * {@link TestCard} stresses a codec (noise, zone plates, Nyquist-rate gratings), this scene has the statistics a
 * natural-image codec is built for: large smooth regions, a few sharp edges and low-amplitude texture. Every sample
 * is computed from the pixel position with IEEE double arithmetic, {@link StrictMath} and {@link SharedRandomness},
 * so {@code generate(w, h)} is the same image on every JVM.
 *
 * <p>With {@code u = (x + ½)/w} and {@code v = (y + ½)/h} (y down), painted back to front:
 * <ol>
 *   <li>sky: a vertical gradient from deep blue ({@code v = 0}) to pale blue at the horizon;</li>
 *   <li>sun: a disc of radius 0.09·min(w, h) at (0.75w, 0.22h) with a soft glow {@code exp(−d²/σ²)} around it;</li>
 *   <li>far hills: the region below {@code v = 0.55 + 0.06 sin(2π(1.3u + 0.1)) + 0.03 sin(2π(3.7u))}, blue-grey,
 *       darker with depth (a soft edge of one pixel);</li>
 *   <li>near field: the region below {@code v = 0.7 + 0.05 sin(2π(0.8u + 0.4))}, green, with texture: uniform noise
 *       of amplitude ±0.05 from {@code SharedRandomness.fromSeed(NOISE_SEED)} (stream c, index y·w + x) plus
 *       horizontal furrows {@code 0.04 sin(2π·18·v)};</li>
 *   <li>a red-roofed white house with sharp edges: wall {@code [0.18, 0.34]·w × [0.58, 0.74]·h}, a triangular roof
 *       over it up to {@code v = 0.5}, and a dark door.</li>
 * </ol>
 */
public final class SyntheticScene {
    /** Seed of the ground texture (arbitrary fixed constant; changing it changes the golden digest). */
    public static final long NOISE_SEED = 0x5CE7E5EEDL;

    private static final double TWO_PI = 2.0 * Math.PI;
    private static final double TEXTURE_AMPLITUDE = 0.05;

    private SyntheticScene() {
    }

    /** The scene at the given size. */
    public static RgbImage generate(int width, int height) {
        RgbImage.checkSize(width, height);
        SharedRandomness noise = SharedRandomness.fromSeed(NOISE_SEED);
        double[] values = new double[width * height * RgbImage.CHANNELS];
        double[] rgb = new double[3];
        double side = Math.min(width, height);
        for (int y = 0; y < height; y++) {
            double v = (y + 0.5) / height;
            for (int x = 0; x < width; x++) {
                double u = (x + 0.5) / width;
                // 1. sky
                rgb[0] = 0.15 + 0.55 * v;
                rgb[1] = 0.35 + 0.45 * v;
                rgb[2] = 0.75 + 0.2 * v;
                // 2. sun with glow
                double dx = (u - 0.75) * width;
                double dy = (v - 0.22) * height;
                double d = StrictMath.sqrt(dx * dx + dy * dy) / side;
                double glow = 0.6 * StrictMath.exp(-(d * d) / 0.02);
                blend(rgb, 1.0, 0.95, 0.7, d < 0.09 ? 1.0 : glow);
                // 3. far hills, soft edge of about one pixel
                double hill = 0.55 + 0.06 * StrictMath.sin(TWO_PI * (1.3 * u + 0.1)) + 0.03 * StrictMath.sin(TWO_PI * 3.7 * u);
                double a = clamp((v - hill) * height + 0.5);
                double depth = v - hill;
                blend(rgb, 0.35 - 0.3 * depth, 0.42 - 0.3 * depth, 0.55 - 0.3 * depth, a);
                // 4. near field with texture
                double field = 0.7 + 0.05 * StrictMath.sin(TWO_PI * (0.8 * u + 0.4));
                if (v >= field) {
                    long index = (long) y * width + x;
                    double furrow = 0.04 * StrictMath.sin(TWO_PI * 18 * v);
                    rgb[0] = 0.25 + 0.2 * (v - field) + furrow + TEXTURE_AMPLITUDE * (2 * noise.uniform(0, index) - 1);
                    rgb[1] = 0.5 - 0.3 * (v - field) + furrow + TEXTURE_AMPLITUDE * (2 * noise.uniform(1, index) - 1);
                    rgb[2] = 0.18 + TEXTURE_AMPLITUDE * (2 * noise.uniform(2, index) - 1);
                }
                // 5. house: wall, roof, door (sharp edges)
                if (u >= 0.18 && u <= 0.34 && v >= 0.58 && v <= 0.74) {
                    boolean door = u >= 0.24 && u <= 0.28 && v >= 0.65;
                    set(rgb, door ? 0.25 : 0.93, door ? 0.15 : 0.9, door ? 0.1 : 0.85);
                } else if (v >= 0.5 && v < 0.58 && Math.abs(u - 0.26) <= 0.1 * (v - 0.5) / 0.08) {
                    set(rgb, 0.75, 0.15, 0.12);
                }
                int o = (y * width + x) * RgbImage.CHANNELS;
                values[o] = rgb[0];
                values[o + 1] = rgb[1];
                values[o + 2] = rgb[2];
            }
        }
        return RgbImage.fromUnit(width, height, values);
    }

    private static double clamp(double t) {
        return t < 0 ? 0 : t > 1 ? 1 : t;
    }

    private static void blend(double[] rgb, double r, double g, double b, double alpha) {
        rgb[0] += alpha * (r - rgb[0]);
        rgb[1] += alpha * (g - rgb[1]);
        rgb[2] += alpha * (b - rgb[2]);
    }

    private static void set(double[] rgb, double r, double g, double b) {
        rgb[0] = r;
        rgb[1] = g;
        rgb[2] = b;
    }
}
