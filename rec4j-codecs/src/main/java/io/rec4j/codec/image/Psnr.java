package io.rec4j.codec.image;

/**
 * Peak signal-to-noise ratio ({@code docs/combiner.md}, "Images and tiles"): mean squared error over all pixels and all
 * three channels, {@code PSNR = 10·log10(peak² / MSE)} dB, with {@code peak = 255} on 8-bit samples (the same value as
 * peak 1 on samples /255). Identical images give {@link Double#POSITIVE_INFINITY}. Computed with exact integer sums and
 * {@link StrictMath#log10}.
 */
public final class Psnr {
    private Psnr() {
    }

    /** Mean squared error in 8-bit units over all samples; the images must have the same size. */
    public static double mse(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("image sizes differ: " + a + " vs " + b);
        }
        int n = a.width() * a.height() * RgbImage.CHANNELS;
        long sum = 0; // at most 65025 per sample, so no overflow below 1.4e14 samples
        for (int i = 0; i < n; i++) {
            long d = a.sample(i) - b.sample(i);
            sum += d * d;
        }
        return sum / (double) n;
    }

    /** 8-bit PSNR in dB; infinite for identical images. */
    public static double psnr(RgbImage a, RgbImage b) {
        double mse = mse(a, b);
        if (mse == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double peak = RgbImage.MAX_VALUE;
        return 10.0 * StrictMath.log10(peak * peak / mse);
    }

    /** PSNR in dB for a mean squared error measured on [0, 1] samples (peak 1). */
    public static double fromUnitMse(double mse) {
        if (!(mse >= 0)) {
            throw new IllegalArgumentException("MSE must be non-negative, was " + mse);
        }
        return mse == 0 ? Double.POSITIVE_INFINITY : -10.0 * StrictMath.log10(mse);
    }
}
