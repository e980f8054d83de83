package io.rec4j.codec.recombiner;

import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link Conv2d} applied to a nearest-neighbour upsampling of its input by {@code sy × sx}, evaluated one output
 * phase at a time with summed phase kernels, as {@link Conv2d}'s class comment defines ("With upsampling"): an output
 * {@code (y·sy + py, x·sx + px)} reads coarse cells {@code (y + lo_y + a, x + lo_x + b)} through the phase kernel
 * {@code K(o, i, a, b)}, {@code ny·nx} taps instead of {@code kh·kw}. The kernels are computed once, here, so a
 * decoder that renders many signals with one model pays for them once. Immutable and thread-safe.
 */
public final class PhasedConvolution {
    private final Conv2d conv;
    private final int sy;
    private final int sx;
    private final int[] loY;
    private final int[] ny;
    private final int[] loX;
    private final int[] nx;
    /** Per phase {@code py·sx + px}, the kernel in the layout {@code (in, ny, nx, out)}. */
    private final double[][] kernels;
    private final int padT;
    private final int padB;
    private final int padL;
    private final int padR;

    /** @param sy, sx the upsampling factors (at least 1 each) */
    public PhasedConvolution(Conv2d conv, int sy, int sx) {
        this.conv = Objects.requireNonNull(conv, "conv");
        if (sy < 1 || sx < 1) {
            throw new IllegalArgumentException("upsampling factors must be positive, was " + sy + " x " + sx);
        }
        this.sy = sy;
        this.sx = sx;
        int kh = conv.kernelHeight();
        int kw = conv.kernelWidth();
        loY = new int[sy];
        ny = new int[sy];
        int[][] rowOf = new int[sy][kh];
        for (int p = 0; p < sy; p++) {
            loY[p] = Math.floorDiv(p - kh / 2, sy);
            ny[p] = Math.floorDiv(p + kh - 1 - kh / 2, sy) - loY[p] + 1;
            for (int k = 0; k < kh; k++) {
                rowOf[p][k] = Math.floorDiv(p + k - kh / 2, sy) - loY[p];
            }
        }
        loX = new int[sx];
        nx = new int[sx];
        int[][] colOf = new int[sx][kw];
        for (int p = 0; p < sx; p++) {
            loX[p] = Math.floorDiv(p - kw / 2, sx);
            nx[p] = Math.floorDiv(p + kw - 1 - kw / 2, sx) - loX[p] + 1;
            for (int k = 0; k < kw; k++) {
                colOf[p][k] = Math.floorDiv(p + k - kw / 2, sx) - loX[p];
            }
        }
        int in = conv.inChannels();
        int oc = conv.outChannels();
        double[] w = conv.weights();
        kernels = new double[sy * sx][];
        for (int py = 0; py < sy; py++) {
            for (int px = 0; px < sx; px++) {
                int my = ny[py];
                int mx = nx[px];
                double[] k = new double[in * my * mx * oc];
                // K(o, i, a, b): the weights of the taps reading (a, b), summed from 0.0 in increasing ky, then kx
                for (int o = 0; o < oc; o++) {
                    for (int i = 0; i < in; i++) {
                        int wb = (o * in + i) * kh * kw;
                        for (int ky = 0; ky < kh; ky++) {
                            int rowBase = (i * my + rowOf[py][ky]) * mx;
                            for (int kx = 0; kx < kw; kx++) {
                                k[(rowBase + colOf[px][kx]) * oc + o] += w[wb + ky * kw + kx];
                            }
                        }
                    }
                }
                kernels[py * sx + px] = k;
            }
        }
        padT = -Arrays.stream(loY).min().getAsInt();
        int maxY = 0;
        for (int p = 0; p < sy; p++) {
            maxY = Math.max(maxY, loY[p] + ny[p] - 1);
        }
        padB = maxY;
        padL = -Arrays.stream(loX).min().getAsInt();
        int maxX = 0;
        for (int p = 0; p < sx; p++) {
            maxX = Math.max(maxX, loX[p] + nx[p] - 1);
        }
        padR = maxX + 3; // 3 spare columns: groups of 4 positions never leave the padded map
    }

    public Conv2d convolution() {
        return conv;
    }

    /**
     * Upsamples {@code in} (never materialised), convolves and applies a leaky ReLU with slope {@code leakySlope}
     * unless it is {@code NaN}: a map of {@code out × (H·sy) × (W·sx)}, the same bits as {@link Conv2d#apply}.
     */
    public FeatureMap apply(FeatureMap in, double leakySlope) {
        int inCh = conv.inChannels();
        if (in.channels() != inCh) {
            throw new IllegalArgumentException("convolution takes " + inCh + " channels, map has " + in.channels());
        }
        int inH = in.height();
        int inW = in.width();
        long hl = (long) inH * sy;
        long wl = (long) inW * sx;
        int oc = conv.outChannels();
        if (hl * wl * oc > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("convolution output too large: " + hl + " x " + wl);
        }
        int h = (int) hl;
        int w = (int) wl;
        double[] src = in.values();
        // the coarse input zero-padded by the widest reach of any phase; adding the padding's 0.0·K terms gives the
        // same bits as skipping them (Conv2d's class comment)
        int pH = inH + padT + padB;
        int pW = inW + padL + padR;
        double[] pad = new double[inCh * pH * pW];
        for (int i = 0; i < inCh; i++) {
            for (int y = 0; y < inH; y++) {
                System.arraycopy(src, (i * inH + y) * inW, pad, (i * pH + y + padT) * pW + padL, inW);
            }
        }
        FeatureMap out = FeatureMap.zeros(oc, h, w);
        double[] dst = out.values();
        double[] bias = conv.bias();
        int size = h * w;
        boolean leaky = !Double.isNaN(leakySlope);
        double[] a0 = new double[oc];
        double[] a1 = new double[oc];
        double[] a2 = new double[oc];
        double[] a3 = new double[oc];
        for (int py = 0; py < sy; py++) {
            int my = ny[py];
            for (int px = 0; px < sx; px++) {
                int mx = nx[px];
                double[] k = kernels[py * sx + px];
                int colBase = loX[px] + padL;
                for (int y = 0; y < inH; y++) {
                    int rowBase = y + loY[py] + padT;
                    // four coarse positions of a row at a time, all output channels together
                    for (int x = 0; x < inW; x += 4) {
                        Arrays.fill(a0, 0.0);
                        Arrays.fill(a1, 0.0);
                        Arrays.fill(a2, 0.0);
                        Arrays.fill(a3, 0.0);
                        for (int i = 0; i < inCh; i++) {
                            for (int a = 0; a < my; a++) {
                                int prow = (i * pH + rowBase + a) * pW + x + colBase;
                                for (int b = 0; b < mx; b++) {
                                    Conv2d.accumulate4(pad, prow + b, k, ((i * my + a) * mx + b) * oc, oc, a0, a1,
                                            a2, a3);
                                }
                            }
                        }
                        int n = Math.min(4, inW - x);
                        for (int q = 0; q < n; q++) {
                            double[] acc = q == 0 ? a0 : q == 1 ? a1 : q == 2 ? a2 : a3;
                            int at = (y * sy + py) * w + (x + q) * sx + px;
                            for (int o = 0; o < oc; o++) {
                                double v = acc[o] + bias[o];
                                dst[o * size + at] = leaky && !(v > 0) ? leakySlope * v : v;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
