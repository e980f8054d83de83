package io.rec4j.nn.fused;

import java.util.Arrays;

/**
 * One thread's share of a {@link FusedInrPosterior} pass over the chunks {@code first, first + stride, …}: private
 * buffers and gradient accumulators, so that threads never share writable memory. Two implementations compute the
 * same quantities ({@code docs/combiner.md}, "Posterior and β-ELBO"): {@link ChunkWorker} in plain Java that HotSpot
 * auto-vectorises, and {@code VectorChunkWorker} with register-blocked matrix kernels on the incubating Vector API
 * (compiled from {@code src/main/java-vector}, loaded only where the JVM runs with
 * {@code --add-modules jdk.incubator.vector}).
 */
abstract class PassWorker {
    final FusedNet net;
    final int first;
    final int stride;

    /**
     * Gradient accumulators: per layer ∂/∂M and ∂/∂S² as d_in rows of (at least) d_out columns, or d_out rows of
     * d_in columns where {@link #transposed}; and Σ_p ∂L/∂z per unit.
     */
    final float[][][] gMean;
    final float[][][] gVar;
    final double[][] gBias;
    /** Per layer, whether {@link #gMean} and {@link #gVar} hold d_out rows of d_in. */
    final boolean[] transposed;
    /** Σ (ŷ − y)² over this worker's pixels and channels. */
    double sse;
    /** {@link #train} and {@link #meanPass} as tasks for a helper thread (allocated once). */
    final Runnable trainTask = this::train;
    final Runnable meanTask = this::meanPass;

    /**
     * @param transposed per layer, whether its weight gradients are kept as d_out rows of d_in
     * @param columns    per layer, the allocated row length of the non-transposed accumulators (≥ d_out)
     */
    PassWorker(FusedNet net, int first, int stride, boolean[] transposed, int[] columns) {
        this.net = net;
        this.first = first;
        this.stride = stride;
        int l = net.layers;
        this.transposed = transposed.clone();
        gMean = new float[l][][];
        gVar = new float[l][][];
        gBias = new double[l][];
        for (int k = 0; k < l; k++) {
            int rows = transposed[k] ? net.dout[k] : net.din[k];
            int cols = transposed[k] ? net.din[k] : columns[k];
            gMean[k] = new float[rows][cols];
            gVar[k] = new float[rows][cols];
            gBias[k] = new double[net.dout[k]];
        }
    }

    /** Forward and backward over this worker's chunks; gradients and {@link #sse} start from zero. */
    abstract void train();

    /** Posterior-mean forward pass (no noise, no variance) over this worker's chunks; sets {@link #sse}. */
    abstract void meanPass();

    /** Zeroes the gradient accumulators and {@link #sse}. */
    final void clearGradients() {
        sse = 0;
        for (int k = 0; k < net.layers; k++) {
            for (float[] row : gMean[k]) {
                Arrays.fill(row, 0f);
            }
            for (float[] row : gVar[k]) {
                Arrays.fill(row, 0f);
            }
            Arrays.fill(gBias[k], 0.0);
        }
    }

    /**
     * Fills {@code eps[l][j][0, n)} with chunk {@code c}'s noise: the injected test noise when set, else one
     * {@link GaussianSampler} stream per (seed, step, chunk), so the noise is the same whatever the thread count.
     */
    final void drawNoise(float[][][] eps, int c, int n) {
        if (net.injected != null) {
            int start = c * net.chunk;
            for (int l = 0; l < net.layers; l++) {
                float[] src = net.injected[l];
                int w = net.dout[l];
                for (int j = 0; j < w; j++) {
                    float[] row = eps[l][j];
                    for (int p = 0; p < n; p++) {
                        row[p] = src[(start + p) * w + j];
                    }
                }
            }
            return;
        }
        GaussianSampler g = new GaussianSampler(GaussianSampler.seedOf(net.noiseSeed, net.draw, c));
        for (int l = 0; l < net.layers; l++) {
            for (float[] row : eps[l]) {
                g.fill(row, n);
            }
        }
    }

    /**
     * Adds chunk {@code c}'s squared error of the outputs {@code out[channel][0, n)} to {@link #sse}; with
     * {@code dz} not null also writes ∂MSE/∂ŷ = {@code scale}·(ŷ − y) into {@code dz[channel][0, n)}.
     */
    final void residual(float[][] out, int c, int n, float scale, float[][] dz) {
        float[][] y = net.targets[c];
        double s = 0;
        for (int ch = 0; ch < net.channels; ch++) {
            float[] o = out[ch];
            float[] t = y[ch];
            float[] g = dz == null ? null : dz[ch];
            for (int p = 0; p < n; p++) {
                float d = o[p] - t[p];
                s += (double) d * d;
                if (g != null) {
                    g[p] = scale * d;
                }
            }
        }
        sse += s;
    }

    /** ∂MSE/∂ŷ = 2(ŷ − y)/(N·C): the scale of {@link #residual}. */
    final float residualScale() {
        return (float) (2.0 / ((double) net.points * net.channels));
    }

    /** Σ x[0, n) with four independent partial sums (a single float chain is latency-bound). */
    static float sum(float[] x, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int p = 0;
        for (; p + 3 < n; p += 4) {
            s0 += x[p];
            s1 += x[p + 1];
            s2 += x[p + 2];
            s3 += x[p + 3];
        }
        for (; p < n; p++) {
            s0 += x[p];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
