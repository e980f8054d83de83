package io.rec4j.nn.fused;

import java.util.Arrays;

/**
 * The plain-Java {@link PassWorker}: forward and hand-written backward of the local-reparameterised β-ELBO data term
 * ({@code docs/combiner.md}, "Posterior and β-ELBO") in loops that HotSpot C2 auto-vectorises ({@link Kernels}).
 *
 * <p>Forward, layer l with input rows a (d_in × n, feature-major):
 * {@code m = a·M + (μ_b + σ_b·ε_b)}, {@code v = (a∘a)·S² + 1e−14}, {@code s = √v}, {@code z = m + s∘ε}; hidden
 * layers output {@code sin(w0·z)}, the last one z. Data term {@code Σ(ŷ − y)²/(N·C)}.
 *
 * <p>Backward, with {@code g = ∂L/∂z}: {@code ∂L/∂v = g∘ε/(2s)}; {@code ∂L/∂M = aᵀ·g};
 * {@code ∂L/∂S² = (a∘a)ᵀ·∂L/∂v}; {@code ∂L/∂μ_b = Σ_p g}; {@code ∂L/∂a = g·Mᵀ + 2a∘(∂L/∂v·(S²)ᵀ)}; through the
 * sine {@code ∂L/∂z_prev = ∂L/∂a ∘ w0·cos(w0·z_prev)}. The chain to σ and ρ and the KL are added by the owner.
 */
final class ChunkWorker extends PassWorker {

    /** Per layer l ≥ 1: input activations and their squares (d_in rows); layer 0 reads the net's features. */
    private final float[][][] act;
    private final float[][][] actSq;
    /** Per layer: noise ε, ε/(2s) and (hidden layers) w0·cos(w0·z), d_out rows each. */
    private final float[][][] eps;
    private final float[][][] halfEpsOverS;
    private final float[][][] dAct;
    /** Scratch rows: mean and variance pre-activations, output, dZ ping-pong, dV (maxWidth × chunk). */
    private final float[][] zm;
    private final float[][] var;
    private final float[][] out;
    private float[][] dz;
    private float[][] dzPrev;
    private final float[][] dv;
    private final float[] tmp;
    /** Pixel-major transposes of dZ and dV (chunk × maxWidth) for the weight-gradient axpys. */
    private final float[][] dzT;
    private final float[][] dvT;

    /** Per layer, whether its weight gradients are dot products over pixels (outputs too few for useful axpys). */
    private final boolean[] narrow;

    /** Layers with fewer outputs than this take their weight gradients as dot products over pixels. */
    private static final int NARROW = 8;

    ChunkWorker(FusedNet net, int first, int stride) {
        super(net, first, stride, transposedLayers(net), net.dout);
        int l = net.layers;
        int p = net.chunk;
        act = new float[l][][];
        actSq = new float[l][][];
        eps = new float[l][][];
        halfEpsOverS = new float[l][][];
        dAct = new float[l][][];
        narrow = new boolean[l];
        for (int k = 0; k < l; k++) {
            narrow[k] = net.dout[k] < NARROW;
            if (k > 0) {
                act[k] = new float[net.din[k]][p];
                actSq[k] = new float[net.din[k]][p];
            }
            eps[k] = new float[net.dout[k]][p];
            halfEpsOverS[k] = new float[net.dout[k]][p];
            if (k < l - 1) {
                dAct[k] = new float[net.dout[k]][p];
            }
        }
        int w = net.maxWidth;
        zm = new float[w][p];
        var = new float[w][p];
        out = new float[net.channels][p];
        dz = new float[w][p];
        dzPrev = new float[w][p];
        dv = new float[w][p];
        tmp = new float[p];
        dzT = new float[p][w];
        dvT = new float[p][w];
    }

    /**
     * Per layer, whether its weight gradients are kept as d_out rows of d_in: the first layer when it is at least as
     * wide in as out, so that its axpys run over the (longer) input rows of the precomputed pixel-major features.
     */
    private static boolean[] transposedLayers(FusedNet net) {
        boolean[] t = new boolean[net.layers];
        t[0] = net.dout[0] >= NARROW && net.din[0] >= net.dout[0];
        return t;
    }

    @Override
    void train() {
        clearGradients();
        float scale = residualScale();
        for (int c = first; c < net.chunks; c += stride) {
            int n = net.length(c);
            drawNoise(eps, c, n);
            forward(c, n);
            residual(out, c, n, scale, dz);
            backward(c, n);
        }
    }

    @Override
    void meanPass() {
        sse = 0;
        for (int c = first; c < net.chunks; c += stride) {
            int n = net.length(c);
            float[][] a = net.features[c];
            for (int l = 0; l < net.layers; l++) {
                boolean last = l == net.layers - 1;
                float[][] dst = last ? out : act[l + 1];
                for (int j = 0; j < net.dout[l]; j++) {
                    float[] z = zm[j];
                    Arrays.fill(z, 0, n, net.bias[l][j]);
                    Kernels.gemvRows(z, net.meanW[l], j, net.dout[l], a, net.din[l], n);
                    if (last) {
                        System.arraycopy(z, 0, dst[j], 0, n);
                    } else {
                        Kernels.sine(z, net.w0, dst[j], n);
                    }
                }
                a = dst;
            }
            residual(out, c, n, 0f, null);
        }
    }

    private void forward(int c, int n) {
        float[][] a = net.features[c];
        float[][] a2 = net.featuresSq[c];
        for (int l = 0; l < net.layers; l++) {
            int in = net.din[l];
            int w = net.dout[l];
            boolean last = l == net.layers - 1;
            for (int j = 0; j < w; j++) {
                float[] m = zm[j];
                float[] v = var[j];
                Arrays.fill(m, 0, n, net.bias[l][j]);
                Arrays.fill(v, 0, n, FusedNet.VARIANCE_FLOOR);
                Kernels.gemvRows(m, net.meanW[l], j, w, a, in, n);
                Kernels.gemvRows(v, net.varW[l], j, w, a2, in, n);
                if (last) {
                    affineEpilogue(m, v, eps[l][j], out[j], halfEpsOverS[l][j], n);
                } else {
                    Kernels.sirenEpilogue(m, v, eps[l][j], net.w0, act[l + 1][j], actSq[l + 1][j], dAct[l][j],
                            halfEpsOverS[l][j], n);
                }
            }
            if (!last) {
                a = act[l + 1];
                a2 = actSq[l + 1];
            }
        }
    }

    /** Output layer: {@code z = m + √v·ε} with ε/(2√v) kept for the backward pass. */
    private static void affineEpilogue(float[] m, float[] v, float[] e, float[] z, float[] half, int n) {
        for (int k = 0; k < n; k++) {
            float s = (float) Math.sqrt(v[k]);
            z[k] = m[k] + s * e[k];
            half[k] = 0.5f * e[k] / s;
        }
    }

    private void backward(int c, int n) {
        for (int l = net.layers - 1; l >= 0; l--) {
            int in = net.din[l];
            int w = net.dout[l];
            float[][] a = l == 0 ? net.features[c] : act[l];
            float[][] a2 = l == 0 ? net.featuresSq[c] : actSq[l];
            double[] gb = gBias[l];
            boolean pixelMajor = !narrow[l] && !transposed[l];
            for (int j = 0; j < w; j++) {
                float[] g = dz[j];
                float[] h = halfEpsOverS[l][j];
                float[] d = dv[j];
                for (int p = 0; p < n; p++) { // kept free of the reduction below so that C2 vectorises it
                    d[p] = g[p] * h[p];
                }
                gb[j] += sum(g, n);
                if (pixelMajor) {
                    for (int p = 0; p < n; p++) { // pixel-major copies for the weight-gradient axpys
                        dzT[p][j] = g[p];
                        dvT[p][j] = d[p];
                    }
                }
            }
            float[][] gm = gMean[l];
            float[][] gv = gVar[l];
            if (transposed[l]) {
                float[][] ft = net.featuresT[c];
                float[][] ft2 = net.featuresSqT[c];
                for (int j = 0; j < w; j++) {
                    Kernels.outerAccumulate(gm[j], dz[j], ft, n, in);
                    Kernels.outerAccumulate(gv[j], dv[j], ft2, n, in);
                }
            } else if (narrow[l]) {
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < w; j++) {
                        gm[i][j] += Kernels.dot(a[i], dz[j], n);
                        gv[i][j] += Kernels.dot(a2[i], dv[j], n);
                    }
                }
            } else {
                for (int i = 0; i < in; i++) {
                    Kernels.outerAccumulate(gm[i], a[i], dzT, n, w);
                    Kernels.outerAccumulate(gv[i], a2[i], dvT, n, w);
                }
            }
            if (l == 0) {
                break;
            }
            float[] mw = net.meanW[l];
            float[] vw = net.varW[l];
            float[][] dPrev = dAct[l - 1];
            for (int i = 0; i < in; i++) {
                float[] dst = dzPrev[i];
                Arrays.fill(dst, 0, n, 0f);
                Arrays.fill(tmp, 0, n, 0f);
                Kernels.gemvContiguous(dst, mw, i * w, dz, w, n);
                Kernels.gemvContiguous(tmp, vw, i * w, dv, w, n);
                float[] x = a[i];
                float[] da = dPrev[i];
                for (int p = 0; p < n; p++) {
                    dst[p] = (dst[p] + 2f * x[p] * tmp[p]) * da[p];
                }
            }
            float[][] swap = dz;
            dz = dzPrev;
            dzPrev = swap;
        }
    }
}
