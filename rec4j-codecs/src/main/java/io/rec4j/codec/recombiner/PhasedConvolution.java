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
        padR = maxX;
    }

    public Conv2d convolution() {
        return conv;
    }

    /**
     * Coarse maps at least this wide are convolved {@link #byPosition}, narrower ones {@link #byChannel} (φ's first
     * stage on a CIFAR-10 grid reads a 2×2 map).
     */
    static final int WIDE_MAP = 8;

    /**
     * Upsamples {@code in} (never materialised), convolves and applies a leaky ReLU with slope {@code leakySlope}
     * unless it is {@code NaN}: a map of {@code out × (H·sy) × (W·sx)}, the same bits as {@link Conv2d#apply}.
     *
     * <p>Every output {@code (o, y·sy + py, x·sx + px)} is its phase's sum of the class comment of {@link Conv2d}:
     * {@code 0.0}, then the products of the phase's taps {@code t = (i, a, b)} added in increasing {@code t}, then
     * the bias. The two evaluations below only choose which outputs are computed together; they run four taps at a
     * time, adding the four products one after the other, so the partial sums need not go through memory between
     * taps.
     */
    public FeatureMap apply(FeatureMap in, double leakySlope) {
        int inCh = conv.inChannels();
        if (in.channels() != inCh) {
            throw new IllegalArgumentException("convolution takes " + inCh + " channels, map has " + in.channels());
        }
        long hl = (long) in.height() * sy;
        long wl = (long) in.width() * sx;
        if (hl * wl * conv.outChannels() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("convolution output too large: " + hl + " x " + wl);
        }
        FeatureMap out = FeatureMap.zeros(conv.outChannels(), (int) hl, (int) wl);
        if (in.width() >= WIDE_MAP) {
            byPosition(in, leakySlope, out.values());
        } else {
            byChannel(in, leakySlope, out.values());
        }
        return out;
    }

    /**
     * The coarse input zero-padded by the widest reach of any phase, with {@code spare} more zero columns on the
     * right; adding the padding's {@code 0.0·K} terms gives the same bits as skipping them ({@link Conv2d}'s class
     * comment).
     */
    private double[] padded(FeatureMap in, int pH, int pW) {
        int inH = in.height();
        int inW = in.width();
        double[] src = in.values();
        double[] pad = new double[in.channels() * pH * pW];
        for (int i = 0; i < in.channels(); i++) {
            for (int y = 0; y < inH; y++) {
                System.arraycopy(src, (i * inH + y) * inW, pad, (i * pH + y + padT) * pW + padL, inW);
            }
        }
        return pad;
    }

    /** {@code v + b}, through the leaky ReLU unless {@code leakySlope} is NaN. */
    private static double finish(double v, double b, boolean leaky, double leakySlope) {
        double s = v + b;
        return leaky && !(s > 0) ? leakySlope * s : s;
    }

    /**
     * One output channel's row of positions at a time (four channels together): in the padded map, a tap reads the
     * cells of all positions {@code y·pW + x} of a phase at one fixed offset, so the inner loops run over the
     * positions, contiguous, including the padding columns between rows (computed and dropped).
     */
    private void byPosition(FeatureMap in, double leakySlope, double[] dst) {
        int inCh = conv.inChannels();
        int inH = in.height();
        int inW = in.width();
        int pH = inH + padT + padB;
        int pW = inW + padL + padR;
        double[] pad = padded(in, pH, pW);
        int oc = conv.outChannels();
        int w = inW * sx;
        int size = inH * sy * w;
        double[] bias = conv.bias();
        boolean leaky = !Double.isNaN(leakySlope);
        int len = (inH - 1) * pW + inW; // position y·pW + x of every (y, x) of the coarse grid
        double[] z0 = new double[len];
        double[] z1 = new double[len];
        double[] z2 = new double[len];
        double[] z3 = new double[len];
        for (int py = 0; py < sy; py++) {
            int my = ny[py];
            for (int px = 0; px < sx; px++) {
                int mx = nx[px];
                double[] k = kernels[py * sx + px];
                int taps = inCh * my * mx;
                int[] at = tapOffsets(py, px, pH, pW);
                int o = 0;
                for (; o < oc; o += 4) {
                    int n = Math.min(4, oc - o);
                    java.util.Arrays.fill(z0, 0.0);
                    java.util.Arrays.fill(z1, 0.0);
                    java.util.Arrays.fill(z2, 0.0);
                    java.util.Arrays.fill(z3, 0.0);
                    int t = 0;
                    if (n == 4) {
                        for (; t + 3 < taps; t += 4) {
                            positions4x4(pad, at[t], at[t + 1], at[t + 2], at[t + 3], k, t * oc + o, oc, z0, z1, z2,
                                    z3, len);
                        }
                    }
                    for (; t < taps; t++) {
                        int kt = t * oc + o;
                        int p0 = at[t];
                        for (int v = 0; v < n; v++) {
                            double kv = k[kt + v];
                            double[] z = v == 0 ? z0 : v == 1 ? z1 : v == 2 ? z2 : z3;
                            for (int p = 0; p < len; p++) {
                                z[p] += pad[p0 + p] * kv;
                            }
                        }
                    }
                    for (int v = 0; v < n; v++) {
                        double[] z = v == 0 ? z0 : v == 1 ? z1 : v == 2 ? z2 : z3;
                        double b = bias[o + v];
                        int plane = (o + v) * size;
                        for (int y = 0; y < inH; y++) {
                            int row = plane + (y * sy + py) * w + px;
                            for (int x = 0; x < inW; x++) {
                                dst[row + x * sx] = finish(z[y * pW + x], b, leaky, leakySlope);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Where each tap {@code t = (i, a, b)} of phase {@code (py, px)} reads coarse position (0, 0) in the padded map. */
    private int[] tapOffsets(int py, int px, int pH, int pW) {
        int inCh = conv.inChannels();
        int my = ny[py];
        int mx = nx[px];
        int[] at = new int[inCh * my * mx];
        for (int i = 0; i < inCh; i++) {
            for (int a = 0; a < my; a++) {
                for (int b = 0; b < mx; b++) {
                    at[(i * my + a) * mx + b] = (i * pH + loY[py] + padT + a) * pW + loX[px] + padL + b;
                }
            }
        }
        return at;
    }

    /**
     * {@code z_v[p] = (((z_v[p] + x_t[p]·K_t) + x_{t+1}[p]·K_{t+1}) + …) + x_{t+3}[p]·K_{t+3}} for four output
     * channels {@code v} and positions {@code p < len}, tap {@code t + u} reading {@code pad[p_u + p]} through
     * {@code k[kt + u·oc + v]}.
     */
    private static void positions4x4(double[] pad, int p0, int p1, int p2, int p3, double[] k, int kt, int oc,
            double[] z0, double[] z1, double[] z2, double[] z3, int len) {
        double k00 = k[kt];
        double k01 = k[kt + 1];
        double k02 = k[kt + 2];
        double k03 = k[kt + 3];
        int kt1 = kt + oc;
        double k10 = k[kt1];
        double k11 = k[kt1 + 1];
        double k12 = k[kt1 + 2];
        double k13 = k[kt1 + 3];
        int kt2 = kt1 + oc;
        double k20 = k[kt2];
        double k21 = k[kt2 + 1];
        double k22 = k[kt2 + 2];
        double k23 = k[kt2 + 3];
        int kt3 = kt2 + oc;
        double k30 = k[kt3];
        double k31 = k[kt3 + 1];
        double k32 = k[kt3 + 2];
        double k33 = k[kt3 + 3];
        for (int p = 0; p < len; p++) {
            double v0 = pad[p0 + p];
            double v1 = pad[p1 + p];
            double v2 = pad[p2 + p];
            double v3 = pad[p3 + p];
            z0[p] = (((z0[p] + v0 * k00) + v1 * k10) + v2 * k20) + v3 * k30;
            z1[p] = (((z1[p] + v0 * k01) + v1 * k11) + v2 * k21) + v3 * k31;
            z2[p] = (((z2[p] + v0 * k02) + v1 * k12) + v2 * k22) + v3 * k32;
            z3[p] = (((z3[p] + v0 * k03) + v1 * k13) + v2 * k23) + v3 * k33;
        }
    }

    /**
     * Four coarse positions at a time (taken in row-major order across rows, so a 2×2 map is one group), all output
     * channels together: the inner loops run over the output channels.
     */
    private void byChannel(FeatureMap in, double leakySlope, double[] dst) {
        int inCh = conv.inChannels();
        int inH = in.height();
        int inW = in.width();
        int pH = inH + padT + padB;
        int pW = inW + padL + padR;
        double[] pad = padded(in, pH, pW);
        int oc = conv.outChannels();
        int w = inW * sx;
        int size = inH * sy * w;
        double[] bias = conv.bias();
        boolean leaky = !Double.isNaN(leakySlope);
        int count = inH * inW;
        double[] a0 = new double[oc];
        double[] a1 = new double[oc];
        double[] a2 = new double[oc];
        double[] a3 = new double[oc];
        for (int py = 0; py < sy; py++) {
            for (int px = 0; px < sx; px++) {
                double[] k = kernels[py * sx + px];
                int[] at = tapOffsets(py, px, pH, pW);
                int taps = at.length;
                for (int g = 0; g < count; g += 4) {
                    int n = Math.min(4, count - g);
                    // a missing position repeats the group's last one (computed and dropped)
                    int c0 = g;
                    int c1 = g + Math.min(1, n - 1);
                    int c2 = g + Math.min(2, n - 1);
                    int c3 = g + Math.min(3, n - 1);
                    int q0 = (c0 / inW) * pW + c0 % inW;
                    int q1 = (c1 / inW) * pW + c1 % inW;
                    int q2 = (c2 / inW) * pW + c2 % inW;
                    int q3 = (c3 / inW) * pW + c3 % inW;
                    java.util.Arrays.fill(a0, 0.0);
                    java.util.Arrays.fill(a1, 0.0);
                    java.util.Arrays.fill(a2, 0.0);
                    java.util.Arrays.fill(a3, 0.0);
                    int t = 0;
                    for (; t + 3 < taps; t += 4) {
                        channels4x4(pad, at[t], at[t + 1], at[t + 2], at[t + 3], q0, q1, q2, q3, k, t * oc, oc, a0,
                                a1, a2, a3);
                    }
                    for (; t < taps; t++) {
                        int r = at[t];
                        double v0 = pad[r + q0];
                        double v1 = pad[r + q1];
                        double v2 = pad[r + q2];
                        double v3 = pad[r + q3];
                        int kt = t * oc;
                        for (int o = 0; o < oc; o++) {
                            double kv = k[kt + o];
                            a0[o] += v0 * kv;
                            a1[o] += v1 * kv;
                            a2[o] += v2 * kv;
                            a3[o] += v3 * kv;
                        }
                    }
                    for (int q = 0; q < n; q++) {
                        double[] acc = q == 0 ? a0 : q == 1 ? a1 : q == 2 ? a2 : a3;
                        int c = g + q;
                        int out = ((c / inW) * sy + py) * w + (c % inW) * sx + px;
                        for (int o = 0; o < oc; o++) {
                            dst[o * size + out] = finish(acc[o], bias[o], leaky, leakySlope);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code a_q[o] = (((a_q[o] + x_q,t·K_t[o]) + x_q,t+1·K_{t+1}[o]) + …) + x_q,t+3·K_{t+3}[o]} for four positions
     * {@code q} (at {@code pad[r_u + q_q]} for tap {@code t + u}) and every output channel {@code o}, through
     * {@code k[kt + u·oc + o]}.
     */
    private static void channels4x4(double[] pad, int r0, int r1, int r2, int r3, int q0, int q1, int q2, int q3,
            double[] k, int kt, int oc, double[] a0, double[] a1, double[] a2, double[] a3) {
        double v00 = pad[r0 + q0];
        double v01 = pad[r1 + q0];
        double v02 = pad[r2 + q0];
        double v03 = pad[r3 + q0];
        double v10 = pad[r0 + q1];
        double v11 = pad[r1 + q1];
        double v12 = pad[r2 + q1];
        double v13 = pad[r3 + q1];
        double v20 = pad[r0 + q2];
        double v21 = pad[r1 + q2];
        double v22 = pad[r2 + q2];
        double v23 = pad[r3 + q2];
        double v30 = pad[r0 + q3];
        double v31 = pad[r1 + q3];
        double v32 = pad[r2 + q3];
        double v33 = pad[r3 + q3];
        int k1 = kt + oc;
        int k2 = k1 + oc;
        int k3 = k2 + oc;
        for (int o = 0; o < oc; o++) {
            double w0 = k[kt + o];
            double w1 = k[k1 + o];
            double w2 = k[k2 + o];
            double w3 = k[k3 + o];
            a0[o] = (((a0[o] + v00 * w0) + v01 * w1) + v02 * w2) + v03 * w3;
            a1[o] = (((a1[o] + v10 * w0) + v11 * w1) + v12 * w2) + v13 * w3;
            a2[o] = (((a2[o] + v20 * w0) + v21 * w1) + v22 * w2) + v23 * w3;
            a3[o] = (((a3[o] + v30 * w0) + v31 * w1) + v32 * w2) + v33 * w3;
        }
    }
}
