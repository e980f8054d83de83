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
 * <b>Without upsampling</b> ({@code sy = sx = 1}), output {@code (o, y, x)} is {@code s + b_o}, where {@code s} starts
 * at {@code 0.0} and adds {@code in(i, yy, xx)·W(o, i, ky, kx)} for {@code i}, then {@code ky}, then {@code kx}
 * increasing, {@code yy = y + ky − kh/2}, {@code xx = x + kx − kw/2}, skipping the taps outside the input.
 *
 * <p><b>With upsampling</b>, an output {@code (y·sy + py, x·sx + px)} of phase {@code (py, px)} reads, through tap
 * {@code (ky, kx)}, the coarse cell {@code (y + ⌊(py + ky − kh/2)/sy⌋, x + ⌊(px + kx − kw/2)/sx⌋)}; the taps of a
 * phase that read the same cell are summed first. With {@code lo_y = ⌊(py − kh/2)/sy⌋} and {@code ny} the number of
 * coarse rows a phase reads (likewise {@code lo_x}, {@code nx}), the phase kernel {@code K(o, i, a, b)} is the sum,
 * from {@code 0.0} in increasing {@code ky} then {@code kx}, of the {@code W(o, i, ky, kx)} that read offset
 * {@code (lo_y + a, lo_x + b)}; the output is {@code s + b_o}, {@code s} starting at {@code 0.0} and adding
 * {@code in(i, y + lo_y + a, x + lo_x + b)·K(o, i, a, b)} for {@code i}, then {@code a}, then {@code b} increasing,
 * skipping cells outside the coarse grid (exactly the taps outside the upsampled, zero-padded map). For φ's 5×5
 * after ×4 and 3×3 after ×2 that is 4 taps instead of 25 and 9. Every product and sum is one rounded IEEE double
 * operation. The leaky ReLU is {@code v > 0 ? v : slope·v}. Nothing is
 * reduced in parallel, so the output bits depend only on the input and the weights. (Adding the outside taps as
 * {@code 0.0·W} instead would give the same bits: a sum that starts at {@code +0.0} never becomes {@code −0.0} under
 * round-to-nearest, and adding {@code ±0.0} to anything else leaves it unchanged.)
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

    /** The weights in the layout {@code (in, kh, kw, out)}, so that one input tap feeds every output channel. */
    private double[] transposed() {
        double[] t = new double[weights.length];
        int taps = kernelHeight * kernelWidth;
        for (int o = 0; o < outChannels; o++) {
            for (int i = 0; i < inChannels; i++) {
                for (int k = 0; k < taps; k++) {
                    t[(i * taps + k) * outChannels + o] = weights[(o * inChannels + i) * taps + k];
                }
            }
        }
        return t;
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
        if (sy * sx > 1) {
            return byPhase(in, sy, sx, leakySlope);
        }
        return (long) h * w <= SMALL_MAP ? bySample(in, sy, sx, leakySlope, h, w) : byPlane(in, sy, sx, leakySlope, h, w);
    }

    /**
     * The upsampled convolution one output phase at a time (the evaluation order of the class comment); the phase
     * kernels are computed for this call only; {@link PhasedConvolution} keeps them for repeated use.
     */
    FeatureMap byPhase(FeatureMap in, int sy, int sx, double leakySlope) {
        return new PhasedConvolution(this, sy, sx).apply(in, leakySlope);
    }

    /**
     * The inner loop of the 4-wide evaluations: {@code a_q[o] += in[p + q]·w[wb + o]} for {@code q = 0…3} and every
     * output channel {@code o}, each one rounded multiply and one rounded add, in that order.
     */
    static void accumulate4(double[] in, int p, double[] w, int wb, int oc, double[] a0, double[] a1, double[] a2,
                            double[] a3) {
        double v0 = in[p];
        double v1 = in[p + 1];
        double v2 = in[p + 2];
        double v3 = in[p + 3];
        for (int o = 0; o < oc; o++) {
            double t = w[wb + o];
            a0[o] += v0 * t;
            a1[o] += v1 * t;
            a2[o] += v2 * t;
            a3[o] += v3 * t;
        }
    }

    /** Output samples up to which {@link #bySample} is used (its inner loop runs over channels, fast on small maps). */
    static final int SMALL_MAP = 64 * 64;

    /** The convolution one output sample at a time; the same bits as {@link #byPlane}. */
    FeatureMap bySample(FeatureMap in, int sy, int sx, double leakySlope, int h, int w) {
        int inW = in.width();
        int inH = in.height();
        double[] src = in.values();
        int ph = kernelHeight / 2;
        int pw = kernelWidth / 2;
        int kw = kernelWidth;
        // the input upsampled and zero-padded, with 3 spare zero columns so that groups of 4 samples never leave it;
        // adding the padding's 0.0·W terms gives the same bits as skipping them (see the class comment)
        int padW = w + 2 * pw + 3;
        int padH = h + 2 * ph;
        double[] pad = new double[inChannels * padH * padW];
        for (int i = 0; i < inChannels; i++) {
            for (int y = 0; y < h; y++) {
                int srow = (i * inH + y / sy) * inW;
                int prow = (i * padH + y + ph) * padW + pw;
                for (int x = 0; x < w; x++) {
                    pad[prow + x] = src[srow + x / sx];
                }
            }
        }
        double[] wt = transposed();
        FeatureMap out = FeatureMap.zeros(outChannels, h, w);
        double[] dst = out.values();
        int size = h * w;
        boolean leaky = !Double.isNaN(leakySlope);
        int oc = outChannels;
        double[] a0 = new double[oc];
        double[] a1 = new double[oc];
        double[] a2 = new double[oc];
        double[] a3 = new double[oc];
        // four output samples of a row at a time, all output channels together: the inner loop runs over the
        // channels and every weight is loaded once for four samples
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x += 4) {
                java.util.Arrays.fill(a0, 0.0);
                java.util.Arrays.fill(a1, 0.0);
                java.util.Arrays.fill(a2, 0.0);
                java.util.Arrays.fill(a3, 0.0);
                for (int i = 0; i < inChannels; i++) {
                    for (int ky = 0; ky < kernelHeight; ky++) {
                        int prow = (i * padH + y + ky) * padW + x;
                        for (int kx = 0; kx < kw; kx++) {
                            accumulate4(pad, prow + kx, wt, ((i * kernelHeight + ky) * kw + kx) * oc, oc, a0, a1, a2,
                                    a3);
                        }
                    }
                }
                int at = y * w + x;
                int n = Math.min(4, w - x);
                for (int o = 0; o < oc; o++) {
                    double b = bias[o];
                    for (int q = 0; q < n; q++) {
                        double v = (q == 0 ? a0 : q == 1 ? a1 : q == 2 ? a2 : a3)[o] + b;
                        dst[o * size + at + q] = leaky && !(v > 0) ? leakySlope * v : v;
                    }
                }
            }
        }
        return out;
    }

    /** The convolution one input channel at a time, over an upsampled zero-padded plane; the same bits as {@link #bySample}. */
    FeatureMap byPlane(FeatureMap in, int sy, int sx, double leakySlope, int h, int w) {
        int inW = in.width();
        int inH = in.height();
        double[] src = in.values();
        int ph = kernelHeight / 2;
        int pw = kernelWidth / 2;
        int padW = w + 2 * pw;
        // one input channel at a time, upsampled and zero-padded: its taps then read contiguous rows
        double[] plane = new double[(h + 2 * ph) * padW];
        FeatureMap out = FeatureMap.zeros(outChannels, h, w);
        double[] dst = out.values();
        int size = h * w;
        int taps = kernelHeight * kernelWidth;
        for (int i = 0; i < inChannels; i++) {
            for (int y = 0; y < h; y++) {
                int srow = (i * inH + y / sy) * inW;
                int prow = (y + ph) * padW + pw;
                for (int x = 0; x < w; x++) {
                    plane[prow + x] = src[srow + x / sx];
                }
            }
            for (int o = 0; o < outChannels; o++) {
                int wbase = (o * inChannels + i) * taps;
                int obase = o * size;
                for (int y = 0; y < h; y++) {
                    int drow = obase + y * w;
                    for (int ky = 0; ky < kernelHeight; ky++) {
                        int prow = (y + ky) * padW;
                        for (int kx = 0; kx < kernelWidth; kx++) {
                            double wt = weights[wbase + ky * kernelWidth + kx];
                            int p0 = prow + kx;
                            for (int x = 0; x < w; x++) {
                                dst[drow + x] += plane[p0 + x] * wt;
                            }
                        }
                    }
                }
            }
        }
        boolean leaky = !Double.isNaN(leakySlope);
        for (int o = 0; o < outChannels; o++) {
            double b = bias[o];
            for (int k = o * size; k < (o + 1) * size; k++) {
                double v = dst[k] + b;
                dst[k] = leaky && !(v > 0) ? leakySlope * v : v;
            }
        }
        return out;
    }
}
