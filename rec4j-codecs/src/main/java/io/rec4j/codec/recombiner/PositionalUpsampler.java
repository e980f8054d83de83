package io.rec4j.codec.recombiner;

import java.util.Objects;

/**
 * RECOMBINER's upsampling network φ (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182, §3.2 and
 * Fig. 6; {@code docs/recombiner.md}, "Upsampling network φ"), learned with the prior and then fixed: it turns a
 * coarse latent grid {@code h_z} into the per-sample learned positional encodings the INR takes beside its Fourier
 * features. Three stages, each a {@link Conv2d} applied to a nearest-neighbour upsampling of the previous map:
 * <ol>
 *   <li>upsample ×{@code s1}, 5-tap convolution (latent channels → hidden), leaky ReLU (slope 0.01);</li>
 *   <li>upsample ×2, 3-tap convolution (hidden → hidden), leaky ReLU (slope 0.01);</li>
 *   <li>upsample ×2, 3-tap convolution (hidden → encoding channels), no activation.</li>
 * </ol>
 * Images use square 2-D kernels and upsample both axes; 1-D signals (audio) use {@code 1 × k} kernels on maps of
 * height 1 and upsample only the width. The authors' sizes are 128 → 64 → 64 → 16 channels with {@code s1 = 4}, a
 * total upsampling of 16 (251 024 parameters in 2-D, 56 464 in 1-D). Immutable.
 *
 * @param dims        1 or 2 spatial dimensions
 * @param firstUpsample the first stage's upsampling factor {@code s1}
 * @param first       the 5-tap stage
 * @param second      the first 3-tap stage
 * @param third       the last stage
 */
public record PositionalUpsampler(int dims, int firstUpsample, Conv2d first, Conv2d second, Conv2d third) {
    /** Slope of the leaky ReLU after the first two stages. */
    public static final double LEAKY_SLOPE = 0.01;
    /** Kernel size of the first stage. */
    public static final int FIRST_KERNEL = 5;
    /** Kernel size of the later stages. */
    public static final int LATER_KERNEL = 3;

    public PositionalUpsampler {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(third, "third");
        if (dims != 1 && dims != 2) {
            throw new IllegalArgumentException("the upsampler is 1-D or 2-D, was " + dims + "-D");
        }
        if (firstUpsample < 1) {
            throw new IllegalArgumentException("first upsampling factor must be positive, was " + firstUpsample);
        }
        checkKernel(first, dims, FIRST_KERNEL);
        checkKernel(second, dims, LATER_KERNEL);
        checkKernel(third, dims, LATER_KERNEL);
        if (second.inChannels() != first.outChannels() || third.inChannels() != second.outChannels()) {
            throw new IllegalArgumentException("stage channels do not chain: " + first.inChannels() + " -> "
                    + first.outChannels() + ", " + second.inChannels() + " -> " + second.outChannels() + ", "
                    + third.inChannels() + " -> " + third.outChannels());
        }
    }

    private static void checkKernel(Conv2d c, int dims, int k) {
        if (c.kernelWidth() != k || c.kernelHeight() != (dims == 2 ? k : 1)) {
            throw new IllegalArgumentException("expected a " + (dims == 2 ? k + " x " : "1 x ") + k + " kernel, got "
                    + c.kernelHeight() + " x " + c.kernelWidth());
        }
    }

    /** Parameters of an upsampler of these sizes, in the order of {@link #fromParameters}. */
    public static int parameterCount(int dims, int latentChannels, int hiddenChannels, int encodingChannels) {
        int kh1 = dims == 2 ? FIRST_KERNEL : 1;
        int kh3 = dims == 2 ? LATER_KERNEL : 1;
        long n = (long) Conv2d.weightCount(latentChannels, hiddenChannels, kh1, FIRST_KERNEL) + hiddenChannels
                + Conv2d.weightCount(hiddenChannels, hiddenChannels, kh3, LATER_KERNEL) + hiddenChannels
                + Conv2d.weightCount(hiddenChannels, encodingChannels, kh3, LATER_KERNEL) + encodingChannels;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("upsampler too large: " + n + " parameters");
        }
        return (int) n;
    }

    /**
     * The upsampler from a flat parameter list: the first stage's weights {@code (out, in, kh, kw)} then its
     * biases, then the second stage's, then the third's (the order a deep-learning state dictionary lists them).
     * The slices are copied.
     */
    public static PositionalUpsampler fromParameters(int dims, int latentChannels, int hiddenChannels,
            int encodingChannels, int firstUpsample, double[] flat, int offset) {
        int need = parameterCount(dims, latentChannels, hiddenChannels, encodingChannels);
        if (offset < 0 || (long) offset + need > flat.length) {
            throw new IllegalArgumentException("upsampler needs " + need + " parameters at offset " + offset
                    + ", array has " + flat.length);
        }
        int kh1 = dims == 2 ? FIRST_KERNEL : 1;
        int kh3 = dims == 2 ? LATER_KERNEL : 1;
        int[] at = {offset};
        Conv2d a = slice(flat, at, latentChannels, hiddenChannels, kh1, FIRST_KERNEL);
        Conv2d b = slice(flat, at, hiddenChannels, hiddenChannels, kh3, LATER_KERNEL);
        Conv2d c = slice(flat, at, hiddenChannels, encodingChannels, kh3, LATER_KERNEL);
        return new PositionalUpsampler(dims, firstUpsample, a, b, c);
    }

    private static Conv2d slice(double[] flat, int[] at, int in, int out, int kh, int kw) {
        int nw = Conv2d.weightCount(in, out, kh, kw);
        double[] w = java.util.Arrays.copyOfRange(flat, at[0], at[0] + nw);
        double[] b = java.util.Arrays.copyOfRange(flat, at[0] + nw, at[0] + nw + out);
        at[0] += nw + out;
        return new Conv2d(in, out, kh, kw, w, b);
    }

    /** All parameters, in the order of {@link #fromParameters}. */
    public int parameterCount() {
        return first.parameterCount() + second.parameterCount() + third.parameterCount();
    }

    /** Channels of the latent grid φ reads. */
    public int latentChannels() {
        return first.inChannels();
    }

    /** Channels of the positional encodings φ writes. */
    public int encodingChannels() {
        return third.outChannels();
    }

    /** Total upsampling factor along each upsampled axis, {@code 4·s1}. */
    public int totalUpsampling() {
        return firstUpsample * 4;
    }

    private int heightFactor(int s) {
        return dims == 2 ? s : 1;
    }

    /** φ applied to a latent grid: {@code encodingChannels × (H·4s1 or 1) × W·4s1}. */
    public FeatureMap apply(FeatureMap latent) {
        return prepare().apply(latent);
    }

    /**
     * The encodings of output rows {@code [y0, y0 + h)} and columns {@code [x0, x0 + w)} of {@code apply(latent)}; see
     * {@link Prepared#region}.
     */
    public FeatureMap region(FeatureMap latent, int y0, int x0, int h, int w) {
        return prepare().region(latent, y0, x0, h, w);
    }

    /** φ with its phase kernels computed ({@link PhasedConvolution}), for rendering many signals. */
    public Prepared prepare() {
        return new Prepared(this);
    }

    /** φ ready to run: its three stages with their phase kernels computed once. Immutable and thread-safe. */
    public static final class Prepared {
        private final PositionalUpsampler phi;
        private final PhasedConvolution first;
        private final PhasedConvolution second;
        private final PhasedConvolution third;

        private Prepared(PositionalUpsampler phi) {
            this.phi = phi;
            this.first = new PhasedConvolution(phi.first, phi.heightFactor(phi.firstUpsample), phi.firstUpsample);
            this.second = new PhasedConvolution(phi.second, phi.heightFactor(2), 2);
            this.third = new PhasedConvolution(phi.third, phi.heightFactor(2), 2);
        }

        public PositionalUpsampler upsampler() {
            return phi;
        }

        /** φ applied to a latent grid: {@code encodingChannels × (H·4s1 or 1) × W·4s1}. */
        public FeatureMap apply(FeatureMap latent) {
            if (phi.dims == 1 && latent.height() != 1) {
                throw new IllegalArgumentException("a 1-D upsampler takes maps of height 1, got " + latent.height());
            }
            FeatureMap a = first.apply(latent, LEAKY_SLOPE);
            FeatureMap b = second.apply(a, LEAKY_SLOPE);
            return third.apply(b, Double.NaN);
        }

        /**
         * The encodings of output rows {@code [y0, y0 + h)} and columns {@code [x0, x0 + w)} of {@code apply(latent)},
         * computed from the smallest window of latent cells they depend on. The values are bit for bit those of the
         * whole map (every output of the window sums the same taps in the same order; the window is clipped only at
         * the grid's own borders, where the whole map is zero-padded too), so a decoder can render one patch, with any
         * margin, without running φ over the whole image.
         */
        public FeatureMap region(FeatureMap latent, int y0, int x0, int h, int w) {
            int s = phi.totalUpsampling();
            int outH = latent.height() * phi.heightFactor(s);
            int outW = latent.width() * s;
            if (y0 < 0 || x0 < 0 || h < 1 || w < 1 || y0 + h > outH || x0 + w > outW) {
                throw new IllegalArgumentException("region (" + y0 + ", " + x0 + ") of " + h + " x " + w
                        + " outside the " + outH + " x " + outW + " encoding map");
            }
            int[] rows = dependencies(y0, y0 + h - 1, outH, phi.heightFactor(phi.firstUpsample), phi.heightFactor(2),
                    phi.first.kernelHeight() / 2, phi.second.kernelHeight() / 2, phi.third.kernelHeight() / 2);
            int[] cols = dependencies(x0, x0 + w - 1, outW, phi.firstUpsample, 2, phi.first.kernelWidth() / 2,
                    phi.second.kernelWidth() / 2, phi.third.kernelWidth() / 2);
            FeatureMap window = latent.crop(rows[0], cols[0], rows[1] - rows[0] + 1, cols[1] - cols[0] + 1);
            FeatureMap enc = apply(window);
            return enc.crop(y0 - rows[0] * phi.heightFactor(s), x0 - cols[0] * s, h, w);
        }
    }

    /** The latent cells {@code [lo, hi]} that outputs {@code [a, b]} (of {@code size}) depend on along one axis. */
    private static int[] dependencies(int a, int b, int size, int s1, int s2, int r1, int r2, int r3) {
        int n3 = size;
        int n2 = n3 / s2;
        int n1 = n2 / s2;
        // stage 3: convolution taps at full resolution, then the upsampling back to stage 2's grid
        int lo = Math.max(0, a - r3) / s2;
        int hi = Math.min(n3 - 1, b + r3) / s2;
        lo = Math.max(0, lo - r2) / s2;
        hi = Math.min(n2 - 1, hi + r2) / s2;
        lo = Math.max(0, lo - r1) / s1;
        hi = Math.min(n1 - 1, hi + r1) / s1;
        return new int[] {lo, hi};
    }
}
