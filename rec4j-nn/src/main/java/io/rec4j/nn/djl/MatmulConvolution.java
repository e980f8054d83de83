package io.rec4j.nn.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * 2-D convolutions and transposed convolutions written as one matrix product each ("im2col"; Chellapilla, Puri &amp;
 * Simard, 2006), differentiable on any DJL engine. They never reach the engine's convolution kernels, which on some
 * CPUs are wrong unless fenced to slow SSE4.1 code ({@link ConvolutionCheck}; {@code docs/architecture.md},
 * "PyTorch's CPU convolutions"), and the matrix products run at the BLAS's full speed.
 *
 * <p>Layouts are PyTorch's: images {@code [B, C, H, W]}; convolution weights {@code [O, C, k, k]}; transposed
 * convolution weights {@code [C, O, k, k]} (as {@code ConvTranspose2d} keeps them); biases {@code [O]}.
 *
 * <p>The transposed convolution is the sub-pixel form (Shi et al., CVPR 2016, arXiv 1609.05158): each of the
 * {@code s²} output phases is an ordinary stride-1 convolution of the input, so no multiplications by inserted zeros
 * are made; the phase kernels are gathered from the weight by a constant 0/1 matrix, so the gradient reaches the
 * weight through the same product.
 */
public final class MatmulConvolution {
    private MatmulConvolution() {
    }

    /**
     * {@code y[b, o, i, j] = bias[o] + Σ_{c, u, v} w[o, c, u, v] · x[b, c, s·i + u − p, s·j + v − p]} (zero outside the
     * image), of size {@code ⌊(H + 2p − k)/s⌋ + 1}.
     *
     * @param x      {@code [B, C, H, W]}
     * @param w      {@code [O, C, k, k]}
     * @param bias   {@code [O]}, or null
     * @param stride s ≥ 1
     * @param pad    p ≥ 0, zeros on every side
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray bias, int stride, int pad) {
        Shape xs = x.getShape();
        Shape ws = w.getShape();
        check(xs.dimension() == 4 && ws.dimension() == 4 && ws.get(1) == xs.get(1) && ws.get(2) == ws.get(3),
                "conv2d: input " + xs + " and weight " + ws + " do not fit");
        check(stride >= 1 && pad >= 0, "conv2d: stride must be ≥ 1 and padding ≥ 0");
        int k = (int) ws.get(2);
        long out = ws.get(0);
        long ho = (xs.get(2) + 2L * pad - k) / stride + 1;
        long wo = (xs.get(3) + 2L * pad - k) / stride + 1;
        check(ho >= 1 && wo >= 1, "conv2d: kernel " + k + " larger than the padded input " + xs);
        NDArray cols = patches(pad(x, pad, pad, pad, pad), k, stride, ho, wo); // [B·Ho·Wo, C·k·k]
        NDArray y = cols.matMul(w.reshape(out, -1).transpose()); // [B·Ho·Wo, O]
        if (bias != null) {
            y = y.add(bias);
        }
        return y.reshape(xs.get(0), ho, wo, out).transpose(0, 3, 1, 2);
    }

    /**
     * The adjoint of {@link #conv2d} with the same {@code k, s, p} (PyTorch's {@code ConvTranspose2d}):
     * {@code y[b, o, s·i + u − p, s·j + v − p] += w[c, o, u, v] · x[b, c, i, j]}, plus the bias, of size
     * {@code (H − 1)·s − 2p + k}; {@code k − 2p} must be a multiple of {@code s} (as in the usual 4×4, stride 2,
     * padding 1 doubling), so that every output phase has the same size.
     *
     * @param x      {@code [B, C, H, W]}
     * @param w      {@code [C, O, k, k]}
     * @param bias   {@code [O]}, or null
     * @param stride s ≥ 1
     * @param pad    p ≥ 0
     */
    public static NDArray convTranspose2d(NDArray x, NDArray w, NDArray bias, int stride, int pad) {
        Shape xs = x.getShape();
        Shape ws = w.getShape();
        check(xs.dimension() == 4 && ws.dimension() == 4 && ws.get(0) == xs.get(1) && ws.get(2) == ws.get(3),
                "convTranspose2d: input " + xs + " and weight " + ws + " do not fit");
        int k = (int) ws.get(2);
        int s = stride;
        check(s >= 1 && pad >= 0 && pad < k, "convTranspose2d: stride must be ≥ 1 and 0 ≤ padding < kernel");
        check(Math.floorMod(k - 2 * pad, s) == 0,
                "convTranspose2d: kernel − 2·padding must be a multiple of the stride, was " + k + ", " + pad + ", " + s);
        long c = xs.get(1);
        long out = ws.get(1);
        long h = xs.get(2);
        long wi = xs.get(3);
        long mh = h + (k - 2 * pad - s) / s; // output rows per phase
        long mw = wi + (k - 2 * pad - s) / s;
        check(mh >= 1 && mw >= 1, "convTranspose2d: empty output for input " + xs);
        // output row s·m + r reads input row m + d through kernel row u = r + p − s·d, for the d with 0 ≤ u < k
        int dMin = Integer.MAX_VALUE;
        int dMax = Integer.MIN_VALUE;
        for (int r = 0; r < s; r++) {
            for (int u = 0; u < k; u++) {
                if (Math.floorMod(r + pad - u, s) == 0) {
                    int d = Math.floorDiv(r + pad - u, s);
                    dMin = Math.min(dMin, d);
                    dMax = Math.max(dMax, d);
                }
            }
        }
        int span = dMax - dMin + 1;
        // input padded so that window offset a ∈ [0, span) of output m reads padded row m + a, i.e. input m + dMin + a
        NDArray xp = pad(x, -dMin, (int) (mh - 1 + dMax - (h - 1)), -dMin, (int) (mw - 1 + dMax - (wi - 1)));
        NDArray cols = patches(xp, span, 1, mh, mw); // [B·Mh·Mw, C·span²]
        // phase kernels [C·span², O·s²] gathered from w by a constant 0/1 matrix [k², span²·s²]
        float[] select = new float[k * k * span * span * s * s];
        for (int ay = 0; ay < span; ay++) {
            for (int ax = 0; ax < span; ax++) {
                for (int ry = 0; ry < s; ry++) {
                    for (int rx = 0; rx < s; rx++) {
                        int u = ry + pad - s * (dMin + ay);
                        int v = rx + pad - s * (dMin + ax);
                        if (u >= 0 && u < k && v >= 0 && v < k) {
                            int col = ((ay * span + ax) * s + ry) * s + rx;
                            select[(u * k + v) * span * span * s * s + col] = 1f;
                        }
                    }
                }
            }
        }
        NDManager m = x.getManager();
        NDArray sel = m.create(select, new Shape((long) k * k, (long) span * span * s * s));
        NDArray phases = w.reshape(c * out, (long) k * k).matMul(sel) // [C·O, span²·s²]
                .reshape(c, out, span, span, s, s).transpose(0, 2, 3, 1, 4, 5).reshape(c * span * span, out * s * s);
        NDArray y = cols.matMul(phases) // [B·Mh·Mw, O·s·s]
                .reshape(xs.get(0), mh, mw, out, s, s).transpose(0, 3, 1, 4, 2, 5)
                .reshape(xs.get(0), out, mh * s, mw * s);
        if (bias != null) {
            y = y.add(bias.reshape(1, out, 1, 1));
        }
        return y;
    }

    /** {@code [B, C, H, W]} → {@code [B·Ho·Wo, C·k·k]}, patch entries in {@code (c, u, v)} order. */
    private static NDArray patches(NDArray xp, int k, int stride, long ho, long wo) {
        long b = xp.getShape().get(0);
        long c = xp.getShape().get(1);
        NDList taps = new NDList(k * k);
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
                taps.add(xp.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", u, u + stride * (ho - 1) + 1, stride, v,
                        v + stride * (wo - 1) + 1, stride)));
            }
        }
        return NDArrays.stack(taps, 2).transpose(0, 3, 4, 1, 2).reshape(b * ho * wo, c * k * k);
    }

    /** Zeros added above, below, left and right (a non-positive amount adds nothing). */
    private static NDArray pad(NDArray x, int top, int bottom, int left, int right) {
        NDArray y = x;
        NDManager m = x.getManager();
        Shape s = y.getShape();
        if (top > 0 || bottom > 0) {
            NDList parts = new NDList(3);
            if (top > 0) {
                parts.add(m.zeros(new Shape(s.get(0), s.get(1), top, s.get(3)), DataType.FLOAT32));
            }
            parts.add(y);
            if (bottom > 0) {
                parts.add(m.zeros(new Shape(s.get(0), s.get(1), bottom, s.get(3)), DataType.FLOAT32));
            }
            y = NDArrays.concat(parts, 2);
            s = y.getShape();
        }
        if (left > 0 || right > 0) {
            NDList parts = new NDList(3);
            if (left > 0) {
                parts.add(m.zeros(new Shape(s.get(0), s.get(1), s.get(2), left), DataType.FLOAT32));
            }
            parts.add(y);
            if (right > 0) {
                parts.add(m.zeros(new Shape(s.get(0), s.get(1), s.get(2), right), DataType.FLOAT32));
            }
            y = NDArrays.concat(parts, 3);
        }
        return y;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
