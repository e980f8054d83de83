package io.rec4j.codec.irec;

import io.rec4j.core.coding.CategoricalModel;
import io.rec4j.core.coding.QuantizedModels;

/**
 * The forward passes of a {@link VaeModel} in plain Java: the encoder (pixels to the Gaussian posterior of the
 * latent) and the decoder (a latent to every pixel's discretised logistic), bit-exact on every JVM and CPU: IEEE
 * double arithmetic in a fixed summation order ({@code b_j + Σ_i x_i·W[i][j]}, {@code i} increasing) and
 * {@link StrictMath} for {@code tanh} and {@code exp}. The lossless decoder depends on this: the pixel models it
 * builds from the decoded latent must equal the encoder's to the last bit.
 *
 * <h2>Parameterisation ({@code docs/irec.md})</h2>
 * Pixels enter as {@code u = x/255}. The encoder's last layer gives, per latent {@code d}, the posterior mean
 * {@code μ_d} and a logit {@code a_d}; the posterior scale is {@code σ_d = σ_max·sigmoid(a_d)} with
 * {@code σ_max} = {@value #SIGMA_MAX}, below the prior's 1, so every density ratio q/p is bounded (the exact REC
 * methods need D∞ &lt; ∞). The decoder's last layer gives, per pixel {@code i}, the location {@code m_i} and the log
 * scale {@code max(l_i, }{@value #MIN_LOG_SCALE}{@code )} of a logistic in {@code u} units; pixel value {@code k}
 * has the probability of {@code [(k−½)/255, (k+½)/255)}, the end values absorbing the tails (the discretised
 * logistic of PixelCNN++, Salimans et al., ICLR 2017, eq. 2).
 *
 * <p>Instances are immutable and thread-safe; scratch arrays are allocated per call.
 */
public final class VaeNetwork {
    /** Largest posterior scale (the prior's is 1). */
    public static final double SIGMA_MAX = 0.98;
    /** Smallest pixel log-scale, in units of {@code u = x/255}. */
    public static final double MIN_LOG_SCALE = -8.0;
    /** Fixed-point precision of the pixel models the ANS coder uses. */
    public static final int PIXEL_PRECISION = 20;

    private final VaeModel model;
    private final VaeArchitecture arch;

    public VaeNetwork(VaeModel model) {
        this.model = model;
        this.arch = model.arch();
    }

    public VaeModel model() {
        return model;
    }

    /** The posterior of an image's latent. */
    public record Posterior(double[] mean, double[] std) {
    }

    /** The pixel distributions of a latent: location and scale of each pixel's logistic, in {@code u} units. */
    public record Pixels(double[] location, double[] scale) {
        /** Pixel {@code i}'s quantised model over 0..255 at {@link #PIXEL_PRECISION} bits. */
        public CategoricalModel model(int i) {
            return QuantizedModels.logistic(255.0 * location[i], 255.0 * scale[i], 0, 255, PIXEL_PRECISION);
        }

        /**
         * {@code ln P(x_i = k)} under the continuous discretised logistic (no fixed-point quantisation): the
         * likelihood of the ELBO.
         */
        public double logProbability(int i, int k) {
            double m = location[i];
            double s = scale[i];
            double lo = k == 0 ? Double.NEGATIVE_INFINITY : ((k - 0.5) / 255.0 - m) / s;
            double hi = k == 255 ? Double.POSITIVE_INFINITY : ((k + 0.5) / 255.0 - m) / s;
            return logSigmoidDifference(hi, lo);
        }

        /** The decoder mean of pixel {@code i} rounded to 0..255 (the lossy reconstruction). */
        public int meanPixel(int i) {
            double v = StrictMath.rint(255.0 * location[i]);
            return (int) Math.max(0, Math.min(255, v));
        }
    }

    /** {@code ln(σ(hi) − σ(lo))}, stable for {@code lo < hi}, either infinite. */
    static double logSigmoidDifference(double hi, double lo) {
        if (lo == Double.NEGATIVE_INFINITY) {
            return -softplus(-hi);
        }
        if (hi == Double.POSITIVE_INFINITY) {
            return -softplus(lo);
        }
        // σ(hi) − σ(lo) = σ(hi)·σ(−lo)·(1 − e^{lo−hi}); all three factors in log space
        return -softplus(-hi) - softplus(lo) + StrictMath.log1p(-StrictMath.exp(lo - hi));
    }

    static double softplus(double x) {
        return x > 0 ? x + StrictMath.log1p(StrictMath.exp(-x)) : StrictMath.log1p(StrictMath.exp(x));
    }

    /** The posterior of the latent of {@code pixels} (784 values 0..255). */
    public Posterior encode(int[] pixels) {
        if (pixels.length != VaeArchitecture.PIXELS) {
            throw new IllegalArgumentException("need " + VaeArchitecture.PIXELS + " pixels, got " + pixels.length);
        }
        double[] u = new double[pixels.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = pixels[i] / 255.0;
        }
        int h = arch.hidden();
        int l = arch.latents();
        double[] out;
        if (arch.kind() == VaeArchitecture.Kind.CONV) {
            double[] c1 = relu(conv(u, 1, 28, model.tensor(0), model.tensor(1), VaeArchitecture.CONV1_CHANNELS));
            double[] c2 = relu(conv(c1, VaeArchitecture.CONV1_CHANNELS, 14, model.tensor(2), model.tensor(3),
                    VaeArchitecture.CONV2_CHANNELS));
            double[] f = dense(c2, model.tensor(4), model.tensor(5), h, true);
            out = dense(f, model.tensor(6), model.tensor(7), 2 * l, false);
        } else {
            double[] h1 = dense(u, model.tensor(0), model.tensor(1), h, true);
            double[] h2 = dense(h1, model.tensor(2), model.tensor(3), h, true);
            out = dense(h2, model.tensor(4), model.tensor(5), 2 * l, false);
        }
        double[] mean = new double[l];
        double[] std = new double[l];
        for (int d = 0; d < l; d++) {
            mean[d] = out[d];
            std[d] = SIGMA_MAX / (1.0 + StrictMath.exp(-out[l + d]));
            if (!(std[d] > 0)) {
                std[d] = Double.MIN_NORMAL;
            }
        }
        return new Posterior(mean, std);
    }

    /** The pixel distributions of latent {@code z}. */
    public Pixels decode(double[] z) {
        if (z.length != arch.latents()) {
            throw new IllegalArgumentException("need " + arch.latents() + " latents, got " + z.length);
        }
        int h = arch.hidden();
        int n = VaeArchitecture.PIXELS;
        double[] out;
        if (arch.kind() == VaeArchitecture.Kind.CONV) {
            double[] g1 = dense(z, model.tensor(8), model.tensor(9), h, true);
            double[] g2 = relu(dense(g1, model.tensor(10), model.tensor(11), VaeArchitecture.FEATURES, false));
            double[] d1 = relu(deconv(g2, VaeArchitecture.CONV2_CHANNELS, 7, model.tensor(12), model.tensor(13),
                    VaeArchitecture.CONV1_CHANNELS));
            // two 28×28 maps, channel-major: the locations, then the log-scales
            out = deconv(d1, VaeArchitecture.CONV1_CHANNELS, 14, model.tensor(14), model.tensor(15), 2);
        } else {
            double[] g1 = dense(z, model.tensor(6), model.tensor(7), h, true);
            double[] g2 = dense(g1, model.tensor(8), model.tensor(9), h, true);
            out = dense(g2, model.tensor(10), model.tensor(11), 2 * n, false);
        }
        double[] loc = new double[n];
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            loc[i] = out[i];
            scale[i] = StrictMath.exp(Math.max(out[n + i], MIN_LOG_SCALE));
        }
        return new Pixels(loc, scale);
    }

    private static double[] relu(double[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0)) {
                x[i] = 0.0;
            }
        }
        return x;
    }

    /**
     * A 4×4 convolution with stride 2 and padding 1 of {@code in} channels of {@code side}×{@code side}, channel-major
     * and row-major; {@code w} is {@code [out, in, 4, 4]}. Each output is {@code b_o} plus the taps in increasing
     * input channel, kernel row, kernel column (taps in the padding skipped).
     */
    static double[] conv(double[] x, int in, int side, float[] w, float[] b, int out) {
        int os = side / 2;
        double[] y = new double[out * os * os];
        for (int o = 0; o < out; o++) {
            for (int oy = 0; oy < os; oy++) {
                for (int ox = 0; ox < os; ox++) {
                    double acc = b[o];
                    for (int i = 0; i < in; i++) {
                        int wBase = (o * in + i) * 16;
                        int xBase = i * side * side;
                        for (int ky = 0; ky < 4; ky++) {
                            int iy = 2 * oy - 1 + ky;
                            if (iy < 0 || iy >= side) {
                                continue;
                            }
                            for (int kx = 0; kx < 4; kx++) {
                                int ix = 2 * ox - 1 + kx;
                                if (ix >= 0 && ix < side) {
                                    acc += x[xBase + iy * side + ix] * w[wBase + ky * 4 + kx];
                                }
                            }
                        }
                    }
                    y[(o * os + oy) * os + ox] = acc;
                }
            }
        }
        return y;
    }

    /**
     * The 4×4 transposed convolution with stride 2 and padding 1 ({@code side} → {@code 2·side}); {@code w} is
     * {@code [in, out, 4, 4]}. Output {@code (o, Y, X)} gathers input {@code (i, iy, ix)} through kernel tap
     * {@code (Y + 1 − 2·iy, X + 1 − 2·ix)}, summed in increasing input channel, kernel row, kernel column.
     */
    static double[] deconv(double[] x, int in, int side, float[] w, float[] b, int out) {
        int os = 2 * side;
        double[] y = new double[out * os * os];
        for (int o = 0; o < out; o++) {
            for (int oy = 0; oy < os; oy++) {
                for (int ox = 0; ox < os; ox++) {
                    double acc = b[o];
                    for (int i = 0; i < in; i++) {
                        int wBase = (i * out + o) * 16;
                        int xBase = i * side * side;
                        for (int ky = (oy + 1) & 1; ky < 4; ky += 2) {
                            int iy = (oy + 1 - ky) / 2;
                            if (iy < 0 || iy >= side) {
                                continue;
                            }
                            for (int kx = (ox + 1) & 1; kx < 4; kx += 2) {
                                int ix = (ox + 1 - kx) / 2;
                                if (ix >= 0 && ix < side) {
                                    acc += x[xBase + iy * side + ix] * w[wBase + ky * 4 + kx];
                                }
                            }
                        }
                    }
                    y[(o * os + oy) * os + ox] = acc;
                }
            }
        }
        return y;
    }

    /** {@code y_j = b_j + Σ_i x_i·W[i][j]}, then tanh if {@code tanh}; W row-major {@code [in, out]}. */
    private static double[] dense(double[] x, float[] w, float[] b, int out, boolean tanh) {
        double[] y = new double[out];
        for (int j = 0; j < out; j++) {
            y[j] = b[j];
        }
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            if (xi == 0.0) {
                continue; // the background pixels: skipping them is part of the fixed order, on both sides
            }
            int row = i * out;
            for (int j = 0; j < out; j++) {
                y[j] += xi * w[row + j];
            }
        }
        if (tanh) {
            for (int j = 0; j < out; j++) {
                y[j] = StrictMath.tanh(y[j]);
            }
        }
        return y;
    }
}
