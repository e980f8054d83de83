package io.rec4j.codec.inr;

import java.util.Arrays;
import java.util.Objects;

/**
 * The forward pass of {@link SirenNetwork} ({@code docs/combiner.md}, "Network") on points whose inputs are already
 * formed and stored feature-major, for a decoder that forms its own inputs (RECOMBINER's Fourier features beside its
 * learned positional encodings). The pass runs over chunks of {@link #CHUNK} points, one layer at a time, with loops
 * over the points that HotSpot compiles to vector instructions; every pre-activation {@code s_j} still starts at
 * {@code 0.0} and adds {@code a_i·W_ij} for increasing {@code i} (one rounded product and one rounded sum each), then
 * {@code b_j}, and the hidden layers output {@code sin(w0·(s_j + b_j))}, so every output has the bits of
 * {@link SirenNetwork#evaluateInputs} for the same inputs. The loops take four outputs and four inputs at a time,
 * which only saves loads and stores of the partial sums between inputs. Stateless.
 */
public final class FeatureMajorPass {
    /** Points per chunk: a 32-unit layer's activations (32 × 256 doubles, 64 KiB) stay in the L2 cache. */
    public static final int CHUNK = 256;

    private final SirenArchitecture arch;
    private final SineFunction sine;

    /** @param sine the hidden layers' sine */
    public FeatureMajorPass(SirenArchitecture arch, SineFunction sine) {
        this.arch = Objects.requireNonNull(arch, "arch");
        this.sine = Objects.requireNonNull(sine, "sine");
    }

    /** Rows of activations and the sine's scratch for one caller (one thread); reusable across calls. */
    public static final class Scratch {
        final double[][] a;
        final double[][] z;
        final double[] t = new double[CHUNK];
        final double[] k = new double[CHUNK];
        final double[] r = new double[CHUNK];
        final double[] c = new double[CHUNK];

        private Scratch(int widest) {
            a = new double[widest][CHUNK];
            z = new double[widest][CHUNK];
        }
    }

    /** Fresh scratch rows for this architecture. */
    public Scratch scratch() {
        int widest = 0;
        for (int l = 0; l < arch.layerCount(); l++) {
            widest = Math.max(widest, arch.layerOutputDim(l));
        }
        return new Scratch(widest);
    }

    /**
     * Evaluates {@code m ≤ CHUNK} points whose input feature {@code f} of point {@code p} ({@code p < m}) is
     * {@code inputs[f·stride + from + p]}; writes output {@code q} of point {@code p} to
     * {@code out[(outStart + p)·outputChannels + q]}.
     *
     * @param w the parameters, in the layout of {@link SirenArchitecture}
     */
    public void forward(double[] w, double[] inputs, int stride, int from, int m, Scratch s, double[] out,
            int outStart) {
        if (w.length != arch.parameterCount()) {
            throw new IllegalArgumentException("expected " + arch.parameterCount() + " parameters for " + arch
                    + ", got " + w.length);
        }
        if (m < 1 || m > CHUNK) {
            throw new IllegalArgumentException("a chunk has 1 to " + CHUNK + " points, was " + m);
        }
        int channels = arch.outputChannels();
        int layers = arch.layerCount();
        double w0 = arch.w0();
        double[][] rows = null; // the previous layer's activations; null for the inputs
        for (int l = 0; l < layers; l++) {
            int din = arch.layerInputDim(l);
            int dout = arch.layerOutputDim(l);
            int off = arch.layerOffset(l);
            double[][] z = s.z;
            int j = 0;
            for (; j + 3 < dout; j += 4) {
                double[] z0 = z[j];
                double[] z1 = z[j + 1];
                double[] z2 = z[j + 2];
                double[] z3 = z[j + 3];
                Arrays.fill(z0, 0, m, 0.0);
                Arrays.fill(z1, 0, m, 0.0);
                Arrays.fill(z2, 0, m, 0.0);
                Arrays.fill(z3, 0, m, 0.0);
                int i = 0;
                for (; i + 3 < din; i += 4) {
                    int o = off + i * dout + j;
                    int o1 = o + dout;
                    int o2 = o1 + dout;
                    int o3 = o2 + dout;
                    if (rows == null) {
                        int x = i * stride + from;
                        accumulate4x4(z0, z1, z2, z3, inputs, x, inputs, x + stride, inputs, x + 2 * stride, inputs,
                                x + 3 * stride, w, o, o1, o2, o3, m);
                    } else {
                        accumulate4x4(z0, z1, z2, z3, rows[i], 0, rows[i + 1], 0, rows[i + 2], 0, rows[i + 3], 0, w,
                                o, o1, o2, o3, m);
                    }
                }
                for (; i < din; i++) {
                    int o = off + i * dout + j;
                    double[] x = rows == null ? inputs : rows[i];
                    int xo = rows == null ? i * stride + from : 0;
                    accumulate4(z0, z1, z2, z3, x, xo, w[o], w[o + 1], w[o + 2], w[o + 3], m);
                }
            }
            for (; j < dout; j++) {
                double[] zj = z[j];
                Arrays.fill(zj, 0, m, 0.0);
                int i = 0;
                for (; i + 3 < din; i += 4) {
                    int o = off + i * dout + j;
                    if (rows == null) {
                        int x = i * stride + from;
                        accumulate1x4(zj, inputs, x, inputs, x + stride, inputs, x + 2 * stride, inputs,
                                x + 3 * stride, w[o], w[o + dout], w[o + 2 * dout], w[o + 3 * dout], m);
                    } else {
                        accumulate1x4(zj, rows[i], 0, rows[i + 1], 0, rows[i + 2], 0, rows[i + 3], 0, w[o],
                                w[o + dout], w[o + 2 * dout], w[o + 3 * dout], m);
                    }
                }
                for (; i < din; i++) {
                    double[] x = rows == null ? inputs : rows[i];
                    int xo = rows == null ? i * stride + from : 0;
                    double wt = w[off + i * dout + j];
                    for (int p = 0; p < m; p++) {
                        zj[p] += x[xo + p] * wt;
                    }
                }
            }
            int bias = off + din * dout;
            if (l == layers - 1) {
                LayerTail.output(z, w, bias, dout, m, out, outStart, channels);
                return;
            }
            double[][] next = s.a;
            LayerTail.activate(z, w, bias, dout, m, w0, sine, next, s.t, s.k, s.r, s.c);
            rows = next; // every sum of a layer is complete before its activations overwrite its input rows
        }
    }

    /**
     * {@code z_k[p] = (((z_k[p] + x0[p]·W_0k) + x1[p]·W_1k) + x2[p]·W_2k) + x3[p]·W_3k} for four outputs {@code k}
     * (weights {@code w[ok + k]}, rows {@code o0…o3}), p &lt; m: the four inputs' products added in increasing order.
     */
    private static void accumulate4x4(double[] z0, double[] z1, double[] z2, double[] z3, double[] x0, int p0,
            double[] x1, int p1, double[] x2, int p2, double[] x3, int p3, double[] w, int o0, int o1, int o2, int o3,
            int m) {
        double w00 = w[o0];
        double w01 = w[o0 + 1];
        double w02 = w[o0 + 2];
        double w03 = w[o0 + 3];
        double w10 = w[o1];
        double w11 = w[o1 + 1];
        double w12 = w[o1 + 2];
        double w13 = w[o1 + 3];
        double w20 = w[o2];
        double w21 = w[o2 + 1];
        double w22 = w[o2 + 2];
        double w23 = w[o2 + 3];
        double w30 = w[o3];
        double w31 = w[o3 + 1];
        double w32 = w[o3 + 2];
        double w33 = w[o3 + 3];
        for (int p = 0; p < m; p++) {
            double v0 = x0[p0 + p];
            double v1 = x1[p1 + p];
            double v2 = x2[p2 + p];
            double v3 = x3[p3 + p];
            z0[p] = (((z0[p] + v0 * w00) + v1 * w10) + v2 * w20) + v3 * w30;
            z1[p] = (((z1[p] + v0 * w01) + v1 * w11) + v2 * w21) + v3 * w31;
            z2[p] = (((z2[p] + v0 * w02) + v1 * w12) + v2 * w22) + v3 * w32;
            z3[p] = (((z3[p] + v0 * w03) + v1 * w13) + v2 * w23) + v3 * w33;
        }
    }

    /** {@code z_k[p] += x[p]·w_k} for four outputs, p &lt; m. */
    private static void accumulate4(double[] z0, double[] z1, double[] z2, double[] z3, double[] x, int xo, double w0,
            double w1, double w2, double w3, int m) {
        for (int p = 0; p < m; p++) {
            double v = x[xo + p];
            z0[p] += v * w0;
            z1[p] += v * w1;
            z2[p] += v * w2;
            z3[p] += v * w3;
        }
    }

    /** {@code z[p] = (((z[p] + x0[p]·w0) + x1[p]·w1) + x2[p]·w2) + x3[p]·w3}, p &lt; m. */
    private static void accumulate1x4(double[] z, double[] x0, int p0, double[] x1, int p1, double[] x2, int p2,
            double[] x3, int p3, double w0, double w1, double w2, double w3, int m) {
        for (int p = 0; p < m; p++) {
            z[p] = (((z[p] + x0[p0 + p] * w0) + x1[p1 + p] * w1) + x2[p2 + p] * w2) + x3[p3 + p] * w3;
        }
    }
}
