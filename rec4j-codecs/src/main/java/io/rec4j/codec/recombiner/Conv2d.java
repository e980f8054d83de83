package io.rec4j.codec.recombiner;

import java.util.Objects;

/**
 * One convolution of RECOMBINER's upsampling network φ (He et al., ICLR 2024, arXiv 2309.17182, §3.2 and Fig. 6;
 * {@code docs/recombiner.md}, "Upsampling network φ"): a cross-correlation with an odd {@code kh × kw} kernel,
 * zero "same" padding ({@code kh/2}, {@code kw/2}), stride 1, and a bias, optionally preceded by a nearest-neighbour
 * upsampling of its input by integer factors and followed by a leaky ReLU. A 1-D convolution is the case
 * {@code kh = 1} on maps of height 1.
 *
 * <p>The weights are in the usual deep-learning layout {@code (out, in, kh, kw)}, row-major.
 *
 * <h2>Evaluation order (part of the decoder contract)</h2>
 * Output {@code (o, y, x)} is {@code s + b_o}, where {@code s} starts at {@code 0.0} and adds
 * {@code in(i, ⌊yy/sy⌋, ⌊xx/sx⌋)·W(o, i, ky, kx)} for {@code i}, then {@code ky}, then {@code kx} increasing,
 * {@code yy = y + ky − kh/2}, {@code xx = x + kx − kw/2}, skipping the taps outside the (upsampled) input; every
 * product and sum is one rounded IEEE double operation. The leaky ReLU is {@code v > 0 ? v : slope·v}. Nothing is
 * reduced in parallel, so the output bits depend only on the input and the weights.
 *
 * @param inChannels   input channels
 * @param outChannels  output channels
 * @param kernelHeight odd kernel height (1 for 1-D)
 * @param kernelWidth  odd kernel width
 * @param weights      {@code out·in·kh·kw} weights, layout {@code (out, in, kh, kw)}; not copied
 * @param bias         {@code out} biases; not copied
 */
public record Conv2d(int inChannels, int outChannels, int kernelHeight, int kernelWidth, double[] weights,
        double[] bias) {
    public Conv2d {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(bias, "bias");
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("channel counts must be positive, was " + inChannels + " -> "
                    + outChannels);
        }
        if (kernelHeight < 1 || kernelWidth < 1 || kernelHeight % 2 == 0 || kernelWidth % 2 == 0) {
            throw new IllegalArgumentException("kernel sizes must be odd and positive, was " + kernelHeight + " x "
                    + kernelWidth);
        }
        if (weights.length != weightCount(inChannels, outChannels, kernelHeight, kernelWidth)) {
            throw new IllegalArgumentException("expected " + weightCount(inChannels, outChannels, kernelHeight,
                    kernelWidth) + " weights, got " + weights.length);
        }
        if (bias.length != outChannels) {
            throw new IllegalArgumentException("expected " + outChannels + " biases, got " + bias.length);
        }
    }

    /** Weights of a convolution of this shape, {@code out·in·kh·kw}. */
    public static int weightCount(int inChannels, int outChannels, int kernelHeight, int kernelWidth) {
        long n = (long) inChannels * outChannels * kernelHeight * kernelWidth;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("convolution too large: " + n + " weights");
        }
        return (int) n;
    }

    /** Weights and biases, {@code out·in·kh·kw + out}. */
    public int parameterCount() {
        return weights.length + bias.length;
    }

    /**
     * Upsamples {@code in} by {@code (sy, sx)} (nearest neighbour, never materialised), convolves, and applies a leaky
     * ReLU with slope {@code leakySlope} unless it is {@code NaN}.
     *
     * @return a map of {@code outChannels × (in.height·sy) × (in.width·sx)}
     */
    public FeatureMap apply(FeatureMap in, int sy, int sx, double leakySlope) {
        if (in.channels() != inChannels) {
            throw new IllegalArgumentException("convolution takes " + inChannels + " channels, map has "
                    + in.channels());
        }
        if (sy < 1 || sx < 1) {
            throw new IllegalArgumentException("upsampling factors must be positive, was " + sy + " x " + sx);
        }
        long hl = (long) in.height() * sy;
        long wl = (long) in.width() * sx;
        if (hl * wl * outChannels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("convolution output too large: " + hl + " x " + wl);
        }
        int h = (int) hl;
        int w = (int) wl;
        int inW = in.width();
        int inH = in.height();
        double[] src = in.values();
        int[] col = new int[w];
        for (int x = 0; x < w; x++) {
            col[x] = x / sx;
        }
        int ph = kernelHeight / 2;
        int pw = kernelWidth / 2;
        FeatureMap out = FeatureMap.zeros(outChannels, h, w);
        double[] dst = out.values();
        int plane = h * w;
        int taps = kernelHeight * kernelWidth;
        for (int o = 0; o < outChannels; o++) {
            int obase = o * plane;
            for (int i = 0; i < inChannels; i++) {
                int ibase = i * inH;
                int wbase = (o * inChannels + i) * taps;
                for (int ky = 0; ky < kernelHeight; ky++) {
                    int yFrom = Math.max(0, ph - ky);
                    int yTo = Math.min(h, h + ph - ky);
                    for (int kx = 0; kx < kernelWidth; kx++) {
                        double wt = weights[wbase + ky * kernelWidth + kx];
                        int dx = kx - pw;
                        int xFrom = Math.max(0, -dx);
                        int xTo = Math.min(w, w - dx);
                        for (int y = yFrom; y < yTo; y++) {
                            int srow = (ibase + (y + ky - ph) / sy) * inW;
                            int drow = obase + y * w;
                            if (sx == 1) {
                                for (int x = xFrom; x < xTo; x++) {
                                    dst[drow + x] += src[srow + x + dx] * wt;
                                }
                            } else {
                                for (int x = xFrom; x < xTo; x++) {
                                    dst[drow + x] += src[srow + col[x + dx]] * wt;
                                }
                            }
                        }
                    }
                }
            }
            double b = bias[o];
            boolean leaky = !Double.isNaN(leakySlope);
            for (int k = obase; k < obase + plane; k++) {
                double v = dst[k] + b;
                dst[k] = leaky && !(v > 0) ? leakySlope * v : v;
            }
        }
        return out;
    }
}
