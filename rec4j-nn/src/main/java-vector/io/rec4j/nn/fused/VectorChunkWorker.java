package io.rec4j.nn.fused;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link PassWorker} on the incubating Vector API ({@code jdk.incubator.vector}, JEP 414): the forward and
 * backward pass of {@link ChunkWorker} ({@code docs/combiner.md}, "Posterior and β-ELBO") with activations stored
 * <em>pixel-major</em> (one row of units per pixel, each layer's units padded to a multiple of {@link #PAD} with
 * zero weights) and every matrix product a register-blocked kernel.
 *
 * <ul>
 *   <li>{@code project}: {@code out[p][·] = init + Σ_k a[p][k]·W[k][·]} for four pixels × up to three vectors of
 *       units held in registers while k runs (forward {@code a·M}, {@code (a∘a)·S²}; the input gradients
 *       {@code ∂L/∂z·Mᵀ}, {@code ∂L/∂v·(S²)ᵀ} with transposed weights).</li>
 *   <li>{@code outer}: {@code g[i][·] += Σ_p a[p][i]·b[p][·]} for four inputs × up to three vectors of units while
 *       p runs (the weight gradients {@code aᵀ·∂L/∂z}, {@code (a∘a)ᵀ·∂L/∂v}); pixel-major ∂L/∂z needs no
 *       transposes.</li>
 *   <li>Every sum is a chain of fused multiply-adds in a fixed order (over k, or over pixels), one lane per
 *       unit, and the padding is a fixed 16 units: results do not depend on the vector width.</li>
 *   <li>The sine epilogue evaluates {@link Kernels}' operations lane by lane, bit-identical to the scalar worker
 *       for the same pre-activations; the noise ε comes from {@link VectorNoise}, a vector at a time.</li>
 * </ul>
 *
 * <p>Pixels run in groups of four up to the chunk length (which must be a multiple of four); in a short last chunk
 * the rows past its end hold finite leftovers that never reach a gradient (weight and bias sums stop at the chunk's
 * pixel count). Training only: nothing on a decoding path may use the Vector API.
 */
final class VectorChunkWorker extends PassWorker {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Units of every layer are padded to a multiple of this (a multiple of every float vector length ≤ 512 bits). */
    static final int PAD = 16;
    /** Pixels per register block. */
    private static final int ROWS = 4;

    /** Per layer, its output units padded to a multiple of {@link #PAD} (the row length of its activations). */
    private final int[] width;
    /** Fourier features per pixel (the first layer's input row length). */
    private final int features;
    /** Per owned chunk, pixel-major γ and γ² (chunk × features); null for chunks of other workers. */
    private final float[][] feat;
    private final float[][] featSq;
    /** Per layer l ≥ 1, its input activations and their squares (chunk × width[l − 1]). */
    private final float[][] act;
    private final float[][] actSq;
    /** Per layer: noise ε, ε/(2s) and (hidden layers) w0·cos(w0·z), chunk × width[l]. */
    private final float[][] eps;
    private final float[][] half;
    private final float[][] dAct;
    /** Scratch, chunk × the widest padded layer. */
    private final float[] zm;
    private final float[] var;
    private float[] dz;
    private float[] dzPrev;
    private final float[] dv;
    private final float[] tmp;
    /**
     * Per layer, padded copies of M and S² (d_in × width), their transposes (d_out × width[l − 1]) and
     * μ_b + σ_b·ε_b.
     */
    private final float[][] meanW;
    private final float[][] varW;
    private final float[][] meanWT;
    private final float[][] varWT;
    private final float[][] bias;
    private final float[] biasSum;

    /** Whether chunks of {@code chunk} pixels suit this worker. */
    static boolean supports(int chunk) {
        return chunk % ROWS == 0 && VectorNoise.supported() && PAD % L == 0;
    }

    VectorChunkWorker(FusedNet net, int first, int stride) {
        super(net, first, stride, new boolean[net.layers], paddedWidths(net));
        if (!supports(net.chunk)) {
            throw new IllegalArgumentException("chunk " + net.chunk + " is not a multiple of " + ROWS
                    + " (or this JVM's vector shapes do not fit)");
        }
        int layers = net.layers;
        int p = net.chunk;
        width = paddedWidths(net);
        features = net.din[0];
        feat = new float[net.chunks][];
        featSq = new float[net.chunks][];
        for (int c = first; c < net.chunks; c += stride) {
            feat[c] = new float[p * features];
            featSq[c] = new float[p * features];
            for (int q = 0; q < net.length(c); q++) {
                System.arraycopy(net.featuresT[c][q], 0, feat[c], q * features, features);
                System.arraycopy(net.featuresSqT[c][q], 0, featSq[c], q * features, features);
            }
        }
        act = new float[layers][];
        actSq = new float[layers][];
        eps = new float[layers][];
        half = new float[layers][];
        dAct = new float[layers][];
        meanW = new float[layers][];
        varW = new float[layers][];
        meanWT = new float[layers][];
        varWT = new float[layers][];
        bias = new float[layers][];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            int w = width[l];
            widest = Math.max(widest, w);
            if (l > 0) {
                act[l] = new float[p * width[l - 1]];
                actSq[l] = new float[p * width[l - 1]];
                meanWT[l] = new float[net.dout[l] * width[l - 1]];
                varWT[l] = new float[net.dout[l] * width[l - 1]];
            }
            eps[l] = new float[p * w];
            half[l] = new float[p * w];
            if (l < layers - 1) {
                dAct[l] = new float[p * w];
            }
            meanW[l] = new float[net.din[l] * w];
            varW[l] = new float[net.din[l] * w];
            bias[l] = new float[w];
        }
        zm = new float[p * widest];
        var = new float[p * widest];
        dz = new float[p * widest];
        dzPrev = new float[p * widest];
        dv = new float[p * widest];
        tmp = new float[p * widest];
        biasSum = new float[widest];
    }

    private static int[] paddedWidths(FusedNet net) {
        int[] c = new int[net.layers];
        for (int k = 0; k < c.length; k++) {
            c[k] = roundUp(net.dout[k], PAD);
        }
        return c;
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }

    @Override
    void train() {
        clearGradients();
        loadWeights(true);
        float scale = residualScale();
        int last = net.layers - 1;
        for (int c = first; c < net.chunks; c += stride) {
            int n = net.length(c);
            int np = roundUp(n, ROWS);
            noise(c, np);
            forward(c, np, true);
            Arrays.fill(dz, 0, np * width[last], 0f);
            residual(zm, width[last], c, n, scale, dz);
            backward(c, n, np);
        }
    }

    @Override
    void meanPass() {
        sse = 0;
        loadWeights(false);
        int last = net.layers - 1;
        for (int c = first; c < net.chunks; c += stride) {
            int n = net.length(c);
            forward(c, roundUp(n, ROWS), false);
            residual(zm, width[last], c, n, 0f, null);
        }
    }

    /** Padded copies of this pass's weights (and, for training, the transposes the input gradients use). */
    private void loadWeights(boolean transposes) {
        for (int l = 0; l < net.layers; l++) {
            int in = net.din[l];
            int out = net.dout[l];
            int w = width[l];
            float[] m = net.meanW[l];
            float[] v = net.varW[l];
            for (int i = 0; i < in; i++) {
                System.arraycopy(m, i * out, meanW[l], i * w, out);
                System.arraycopy(v, i * out, varW[l], i * w, out);
            }
            System.arraycopy(net.bias[l], 0, bias[l], 0, out);
            if (transposes && l > 0) {
                int ip = width[l - 1];
                float[] mt = meanWT[l];
                float[] vt = varWT[l];
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < out; j++) {
                        mt[j * ip + i] = m[i * out + j];
                        vt[j * ip + i] = v[i * out + j];
                    }
                }
            }
        }
    }

    /**
     * This chunk's ε per layer: the injected test noise when set, else {@link VectorNoise} keyed by (seed, step,
     * chunk, layer).
     */
    private void noise(int c, int np) {
        if (net.injected != null) {
            int start = c * net.chunk;
            int n = net.length(c);
            for (int l = 0; l < net.layers; l++) {
                float[] src = net.injected[l];
                int out = net.dout[l];
                int w = width[l];
                for (int p = 0; p < n; p++) {
                    System.arraycopy(src, (start + p) * out, eps[l], p * w, out);
                }
            }
            return;
        }
        long chunkKey = GaussianSampler.seedOf(net.noiseSeed, net.draw, c);
        for (int l = 0; l < net.layers; l++) {
            long key = GaussianSampler.seedOf(chunkKey, l, NOISE_LABEL);
            int out = net.dout[l];
            int w = width[l];
            if (out == w) {
                VectorNoise.fill(eps[l], np * w, key);
                continue;
            }
            // padded layer (the 3 outputs): draw only the real units, np·d_out values, then spread them out
            VectorNoise.fill(tmp, roundUp(np * out, L), key);
            float[] e = eps[l];
            for (int p = 0; p < np; p++) {
                System.arraycopy(tmp, p * out, e, p * w, out);
            }
        }
    }

    /** Distinguishes the vector kernels' noise keys from the scalar sampler's streams. */
    private static final long NOISE_LABEL = 0x7EC7L;

    /** Forward through all layers; the network output is left in {@link #zm} (np × width of the last layer). */
    private void forward(int c, int np, boolean noisy) {
        float[] a = feat[c];
        float[] a2 = featSq[c];
        int as = features;
        for (int l = 0; l < net.layers; l++) {
            int w = width[l];
            int len = np * w;
            boolean last = l == net.layers - 1;
            project(zm, w, bias[l], 0f, meanW[l], net.din[l], a, as, np);
            if (noisy) {
                project(var, w, null, FusedNet.VARIANCE_FLOOR, varW[l], net.din[l], a2, as, np);
                if (last) {
                    affineEpilogue(zm, var, eps[l], half[l], len);
                } else {
                    sirenEpilogue(zm, var, eps[l], net.w0, act[l + 1], actSq[l + 1], dAct[l], half[l], len);
                }
            } else if (!last) {
                Kernels.sine(zm, net.w0, act[l + 1], len);
            }
            if (!last) {
                a = act[l + 1];
                a2 = actSq[l + 1];
                as = w;
            }
        }
    }

    /** Adds the chunk's squared error to {@link #sse}; with {@code g} not null writes scale·(ŷ − y) into it. */
    private void residual(float[] out, int w, int c, int n, float scale, float[] g) {
        float[][] y = net.targets[c];
        double s = 0;
        for (int p = 0; p < n; p++) {
            for (int ch = 0; ch < net.channels; ch++) {
                float d = out[p * w + ch] - y[ch][p];
                s += (double) d * d;
                if (g != null) {
                    g[p * w + ch] = scale * d;
                }
            }
        }
        sse += s;
    }

    private void backward(int c, int n, int np) {
        for (int l = net.layers - 1; l >= 0; l--) {
            int in = net.din[l];
            int out = net.dout[l];
            int w = width[l];
            int len = np * w;
            float[] a = l == 0 ? feat[c] : act[l];
            float[] a2 = l == 0 ? featSq[c] : actSq[l];
            int as = l == 0 ? features : width[l - 1];
            float[] h = half[l];
            for (int k = 0; k < len; k += L) {
                FloatVector.fromArray(S, dz, k).mul(FloatVector.fromArray(S, h, k)).intoArray(dv, k);
            }
            biasGradient(gBias[l], out, w, n);
            outer(gMean[l], a, as, in, dz, w, n);
            outer(gVar[l], a2, as, in, dv, w, n);
            if (l == 0) {
                break;
            }
            project(dzPrev, as, null, 0f, meanWT[l], out, dz, w, np);
            project(tmp, as, null, 0f, varWT[l], out, dv, w, np);
            float[] da = dAct[l - 1];
            int plen = np * as;
            for (int k = 0; k < plen; k += L) {
                FloatVector.fromArray(S, a, k).mul(2f).mul(FloatVector.fromArray(S, tmp, k))
                        .add(FloatVector.fromArray(S, dzPrev, k)).mul(FloatVector.fromArray(S, da, k))
                        .intoArray(dzPrev, k);
            }
            float[] swap = dz;
            dz = dzPrev;
            dzPrev = swap;
        }
    }

    /** {@code gb[j] += Σ_{p<n} dz[p][j]} for j &lt; out, each sum in pixel order. */
    private void biasGradient(double[] gb, int out, int w, int n) {
        for (int col = 0; col < w; col += L) {
            FloatVector s = FloatVector.zero(S);
            for (int p = 0; p < n; p++) {
                s = s.add(FloatVector.fromArray(S, dz, p * w + col));
            }
            s.intoArray(biasSum, col);
        }
        for (int j = 0; j < out; j++) {
            gb[j] += biasSum[j];
        }
    }

    /**
     * {@code out[p][·] = init + Σ_{q<k} a[p·as + q]·w[q·ow + ·]} for p &lt; np (a multiple of four), over all
     * {@code ow} (padded) output columns; {@code init} per column, or {@code initAll} where it is null.
     */
    static void project(float[] out, int ow, float[] init, float initAll, float[] w, int k, float[] a, int as,
                        int np) {
        int vectors = ow / L;
        for (int p = 0; p < np; p += ROWS) {
            for (int v = 0; v < vectors; v += 3) {
                int col = v * L;
                switch (Math.min(3, vectors - v)) {
                    case 3 -> project4x3(out, ow, init, initAll, w, k, a, as, p, col);
                    case 2 -> project4x2(out, ow, init, initAll, w, k, a, as, p, col);
                    default -> project4x1(out, ow, init, initAll, w, k, a, as, p, col);
                }
            }
        }
    }

    /** {@code g[i][·] += Σ_{p<n} a[p·as + i]·b[p·bw + ·]} for i &lt; rows, over all {@code bw} (padded) columns. */
    static void outer(float[][] g, float[] a, int as, int rows, float[] b, int bw, int n) {
        int vectors = bw / L;
        int i = 0;
        for (; i + 3 < rows; i += 4) {
            for (int v = 0; v < vectors; v += 3) {
                int col = v * L;
                switch (Math.min(3, vectors - v)) {
                    case 3 -> outer4x3(g, a, as, i, b, bw, col, n);
                    case 2 -> outer4x2(g, a, as, i, b, bw, col, n);
                    default -> outer4x1(g, a, as, i, b, bw, col, n);
                }
            }
        }
        for (; i < rows; i++) {
            float[] gi = g[i];
            for (int col = 0; col < bw; col += L) {
                FloatVector s = FloatVector.fromArray(S, gi, col);
                for (int p = 0; p < n; p++) {
                    s = FloatVector.fromArray(S, b, p * bw + col).fma(FloatVector.broadcast(S, a[p * as + i]), s);
                }
                s.intoArray(gi, col);
            }
        }
    }

    /** Output layer: {@code z = m + √v·ε} (into m) and {@code ε/(2√v)}, as {@link ChunkWorker}'s. */
    private static void affineEpilogue(float[] m, float[] v, float[] e, float[] half, int len) {
        for (int k = 0; k < len; k += L) {
            FloatVector s = FloatVector.fromArray(S, v, k).sqrt();
            FloatVector ev = FloatVector.fromArray(S, e, k);
            FloatVector.fromArray(S, m, k).add(s.mul(ev)).intoArray(m, k);
            ev.mul(0.5f).div(s).intoArray(half, k);
        }
    }

    /**
     * Hidden-layer epilogue, lane by lane the operations of {@link Kernels#sirenEpilogue}: {@code s = √v},
     * {@code t = w0·(m + s·ε)}, one Cody–Waite reduction {@code t = qπ + x} shared by the sine (activation and its
     * square) and the cosine (derivative {@code w0·cos t}), and {@code ε/(2s)}.
     */
    private static void sirenEpilogue(float[] m, float[] v, float[] e, float w0, float[] act, float[] actSq,
                                      float[] dAct, float[] half, int len) {
        float w4 = 4f * w0;
        for (int k = 0; k < len; k += L) {
            FloatVector s = FloatVector.fromArray(S, v, k).sqrt();
            FloatVector ev = FloatVector.fromArray(S, e, k);
            ev.mul(0.5f).div(s).intoArray(half, k);
            FloatVector t = FloatVector.fromArray(S, m, k).add(s.mul(ev)).mul(w0);
            FloatVector q = t.mul(Kernels.INV_PI).add(Kernels.ROUND_MAGIC).sub(Kernels.ROUND_MAGIC);
            FloatVector x = t.sub(q.mul(Kernels.PI_A)).sub(q.mul(Kernels.PI_B)).sub(q.mul(Kernels.PI_C));
            FloatVector hq = q.mul(0.5f);
            FloatVector parity = hq.sub(hq.add(Kernels.ROUND_MAGIC).sub(Kernels.ROUND_MAGIC)).abs();
            FloatVector x2 = x.mul(x);
            FloatVector sp = x2.mul(Kernels.S11).add(Kernels.S9).mul(x2).add(Kernels.S7).mul(x2).add(Kernels.S5)
                    .mul(x2).add(Kernels.S3);
            FloatVector sin = x.mul(x2).mul(sp).add(x).mul(FloatVector.broadcast(S, 1f).sub(parity.mul(4f)));
            sin.intoArray(act, k);
            sin.mul(sin).intoArray(actSq, k);
            FloatVector cp = x2.mul(Kernels.C12).add(Kernels.C10).mul(x2).add(Kernels.C8).mul(x2).add(Kernels.C6)
                    .mul(x2).add(Kernels.C4).mul(x2).add(Kernels.C2).mul(x2).add(1f);
            FloatVector.broadcast(S, w0).sub(parity.mul(w4)).mul(cp).intoArray(dAct, k);
        }
    }

    private static void project4x3(float[] out, int ow, float[] init, float initAll, float[] w, int k, float[] a,
                                   int as, int p, int col) {
        FloatVector i0 = init == null ? FloatVector.broadcast(S, initAll)
                : FloatVector.fromArray(S, init, col);
        FloatVector i1 = init == null ? FloatVector.broadcast(S, initAll)
                : FloatVector.fromArray(S, init, col + L);
        FloatVector i2 = init == null ? FloatVector.broadcast(S, initAll)
                : FloatVector.fromArray(S, init, col + 2 * L);
        FloatVector c00 = i0, c01 = i1, c02 = i2;
        FloatVector c10 = i0, c11 = i1, c12 = i2;
        FloatVector c20 = i0, c21 = i1, c22 = i2;
        FloatVector c30 = i0, c31 = i1, c32 = i2;
        int a0 = p * as;
        int a1 = a0 + as;
        int a2 = a1 + as;
        int a3 = a2 + as;
        for (int q = 0; q < k; q++) {
            int wo = q * ow + col;
            FloatVector w0 = FloatVector.fromArray(S, w, wo);
            FloatVector w1 = FloatVector.fromArray(S, w, wo + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wo + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = w0.fma(x0, c00);
            c01 = w1.fma(x0, c01);
            c02 = w2.fma(x0, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c10 = w0.fma(x1, c10);
            c11 = w1.fma(x1, c11);
            c12 = w2.fma(x1, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c20 = w0.fma(x2, c20);
            c21 = w1.fma(x2, c21);
            c22 = w2.fma(x2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c30 = w0.fma(x3, c30);
            c31 = w1.fma(x3, c31);
            c32 = w2.fma(x3, c32);
        }
        int o0 = (p + 0) * ow + col;
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c02.intoArray(out, o0 + 2 * L);
        int o1 = (p + 1) * ow + col;
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c12.intoArray(out, o1 + 2 * L);
        int o2 = (p + 2) * ow + col;
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c22.intoArray(out, o2 + 2 * L);
        int o3 = (p + 3) * ow + col;
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
        c32.intoArray(out, o3 + 2 * L);
    }

    private static void project4x2(float[] out, int ow, float[] init, float initAll, float[] w, int k, float[] a,
                                   int as, int p, int col) {
        FloatVector i0 = init == null ? FloatVector.broadcast(S, initAll)
                : FloatVector.fromArray(S, init, col);
        FloatVector i1 = init == null ? FloatVector.broadcast(S, initAll)
                : FloatVector.fromArray(S, init, col + L);
        FloatVector c00 = i0, c01 = i1;
        FloatVector c10 = i0, c11 = i1;
        FloatVector c20 = i0, c21 = i1;
        FloatVector c30 = i0, c31 = i1;
        int a0 = p * as;
        int a1 = a0 + as;
        int a2 = a1 + as;
        int a3 = a2 + as;
        for (int q = 0; q < k; q++) {
            int wo = q * ow + col;
            FloatVector w0 = FloatVector.fromArray(S, w, wo);
            FloatVector w1 = FloatVector.fromArray(S, w, wo + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = w0.fma(x0, c00);
            c01 = w1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c10 = w0.fma(x1, c10);
            c11 = w1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c20 = w0.fma(x2, c20);
            c21 = w1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c30 = w0.fma(x3, c30);
            c31 = w1.fma(x3, c31);
        }
        int o0 = (p + 0) * ow + col;
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        int o1 = (p + 1) * ow + col;
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        int o2 = (p + 2) * ow + col;
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        int o3 = (p + 3) * ow + col;
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
    }

    private static void project4x1(float[] out, int ow, float[] init, float initAll, float[] w, int k, float[] a,
                                   int as, int p, int col) {
        FloatVector i0 = init == null ? FloatVector.broadcast(S, initAll)
                : FloatVector.fromArray(S, init, col);
        FloatVector c00 = i0;
        FloatVector c10 = i0;
        FloatVector c20 = i0;
        FloatVector c30 = i0;
        int a0 = p * as;
        int a1 = a0 + as;
        int a2 = a1 + as;
        int a3 = a2 + as;
        for (int q = 0; q < k; q++) {
            int wo = q * ow + col;
            FloatVector w0 = FloatVector.fromArray(S, w, wo);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = w0.fma(x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c10 = w0.fma(x1, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c20 = w0.fma(x2, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c30 = w0.fma(x3, c30);
        }
        int o0 = (p + 0) * ow + col;
        c00.intoArray(out, o0);
        int o1 = (p + 1) * ow + col;
        c10.intoArray(out, o1);
        int o2 = (p + 2) * ow + col;
        c20.intoArray(out, o2);
        int o3 = (p + 3) * ow + col;
        c30.intoArray(out, o3);
    }

    private static void outer4x3(float[][] g, float[] a, int as, int i, float[] b, int bw, int col,
                                 int n) {
        FloatVector c00 = FloatVector.fromArray(S, g[i + 0], col);
        FloatVector c01 = FloatVector.fromArray(S, g[i + 0], col + L);
        FloatVector c02 = FloatVector.fromArray(S, g[i + 0], col + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, g[i + 1], col);
        FloatVector c11 = FloatVector.fromArray(S, g[i + 1], col + L);
        FloatVector c12 = FloatVector.fromArray(S, g[i + 1], col + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, g[i + 2], col);
        FloatVector c21 = FloatVector.fromArray(S, g[i + 2], col + L);
        FloatVector c22 = FloatVector.fromArray(S, g[i + 2], col + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, g[i + 3], col);
        FloatVector c31 = FloatVector.fromArray(S, g[i + 3], col + L);
        FloatVector c32 = FloatVector.fromArray(S, g[i + 3], col + 2 * L);
        for (int p = 0; p < n; p++) {
            int bo = p * bw + col;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            int ao = p * as + i;
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c02 = b2.fma(x0, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c12 = b2.fma(x1, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            c22 = b2.fma(x2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[ao + 3]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            c32 = b2.fma(x3, c32);
        }
        c00.intoArray(g[i + 0], col);
        c01.intoArray(g[i + 0], col + L);
        c02.intoArray(g[i + 0], col + 2 * L);
        c10.intoArray(g[i + 1], col);
        c11.intoArray(g[i + 1], col + L);
        c12.intoArray(g[i + 1], col + 2 * L);
        c20.intoArray(g[i + 2], col);
        c21.intoArray(g[i + 2], col + L);
        c22.intoArray(g[i + 2], col + 2 * L);
        c30.intoArray(g[i + 3], col);
        c31.intoArray(g[i + 3], col + L);
        c32.intoArray(g[i + 3], col + 2 * L);
    }

    private static void outer4x2(float[][] g, float[] a, int as, int i, float[] b, int bw, int col,
                                 int n) {
        FloatVector c00 = FloatVector.fromArray(S, g[i + 0], col);
        FloatVector c01 = FloatVector.fromArray(S, g[i + 0], col + L);
        FloatVector c10 = FloatVector.fromArray(S, g[i + 1], col);
        FloatVector c11 = FloatVector.fromArray(S, g[i + 1], col + L);
        FloatVector c20 = FloatVector.fromArray(S, g[i + 2], col);
        FloatVector c21 = FloatVector.fromArray(S, g[i + 2], col + L);
        FloatVector c30 = FloatVector.fromArray(S, g[i + 3], col);
        FloatVector c31 = FloatVector.fromArray(S, g[i + 3], col + L);
        for (int p = 0; p < n; p++) {
            int bo = p * bw + col;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            int ao = p * as + i;
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ao + 3]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
        }
        c00.intoArray(g[i + 0], col);
        c01.intoArray(g[i + 0], col + L);
        c10.intoArray(g[i + 1], col);
        c11.intoArray(g[i + 1], col + L);
        c20.intoArray(g[i + 2], col);
        c21.intoArray(g[i + 2], col + L);
        c30.intoArray(g[i + 3], col);
        c31.intoArray(g[i + 3], col + L);
    }

    private static void outer4x1(float[][] g, float[] a, int as, int i, float[] b, int bw, int col,
                                 int n) {
        FloatVector c00 = FloatVector.fromArray(S, g[i + 0], col);
        FloatVector c10 = FloatVector.fromArray(S, g[i + 1], col);
        FloatVector c20 = FloatVector.fromArray(S, g[i + 2], col);
        FloatVector c30 = FloatVector.fromArray(S, g[i + 3], col);
        for (int p = 0; p < n; p++) {
            int bo = p * bw + col;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            int ao = p * as + i;
            FloatVector x0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = b0.fma(x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = b0.fma(x1, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = b0.fma(x2, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[ao + 3]);
            c30 = b0.fma(x3, c30);
        }
        c00.intoArray(g[i + 0], col);
        c10.intoArray(g[i + 1], col);
        c20.intoArray(g[i + 2], col);
        c30.intoArray(g[i + 3], col);
    }
}
