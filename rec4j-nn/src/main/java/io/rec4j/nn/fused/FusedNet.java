package io.rec4j.nn.fused;

import io.rec4j.codec.inr.CoordinateGrid;
import io.rec4j.codec.inr.FourierFeatures;
import io.rec4j.codec.inr.SirenArchitecture;

/**
 * Layout, bound data and per-step float32 weights shared (read-only during a pass) by the {@link ChunkWorker}s.
 *
 * <p>Pixels are processed in chunks of {@link #chunk} consecutive row-major pixels. Within a chunk every activation is
 * <em>feature-major</em>: one {@code float[chunk]} row per unit, so that the matrix products become axpys over pixels.
 * The Fourier features γ(x) ({@code docs/combiner.md}, "Coordinates and Fourier features") are computed once per image
 * in double by the decoder's {@link FourierFeatures} on the decoder's {@link CoordinateGrid}, then stored as float,
 * with their squares (the first layer's variance input, constant across steps).
 */
final class FusedNet {
    /**
     * Pixels per chunk: a 64-wide layer input (64 rows × 256 floats × 4 B = 64 KiB) stays in L2, and the pixel loops
     * are long enough that C2's vectorised main loops dominate (measured ~5–10% faster per step than 128).
     */
    static final int DEFAULT_CHUNK = 256;
    /** Added to the pre-activation variance before the square root (as in the COMBINER authors' code). */
    static final float VARIANCE_FLOOR = 1e-14f;

    final int layers;
    final int[] din;
    final int[] dout;
    final int maxWidth;
    final float w0;
    final int points;
    final int channels;
    final int chunk;
    final int chunks;
    /** [chunk][feature][pixel]: γ and γ² per chunk. */
    final float[][][] features;
    final float[][][] featuresSq;
    /** [chunk][pixel][feature]: pixel-major copies of γ and γ² for the first layer's weight gradients. */
    final float[][][] featuresT;
    final float[][][] featuresSqT;
    /** [chunk][channel][pixel] target values. */
    final float[][][] targets;

    /** Per layer, row-major d_in × d_out (flat layout order): effective means M and variances S∘S. */
    final float[][] meanW;
    final float[][] varW;
    /** Per layer, the step's bias pre-activation μ_b + σ_b·ε_b (or μ_b in the posterior-mean pass). */
    final float[][] bias;

    /** Seed and draw counter of the noise of the current pass; {@link #injected} overrides them when not null. */
    long noiseSeed;
    long draw;
    /** Test hook: per layer, N × d_out pixel-major ε. */
    float[][] injected;

    FusedNet(SirenArchitecture arch, float[][][] image, int chunk) {
        this.layers = arch.layerCount();
        this.din = new int[layers];
        this.dout = new int[layers];
        int mw = 0;
        for (int l = 0; l < layers; l++) {
            din[l] = arch.layerInputDim(l);
            dout[l] = arch.layerOutputDim(l);
            mw = Math.max(mw, Math.max(din[l], dout[l]));
        }
        this.maxWidth = mw;
        this.w0 = (float) arch.w0();
        int h = image.length;
        int w = image[0].length;
        this.points = h * w;
        this.channels = arch.outputChannels();
        this.chunk = chunk;
        this.chunks = (points + chunk - 1) / chunk;
        int e = arch.embeddingSize();
        double[] gamma = new FourierFeatures(arch.inputDim(), e).embedAll(CoordinateGrid.image(h, w));
        this.features = new float[chunks][e][];
        this.featuresSq = new float[chunks][e][];
        this.featuresT = new float[chunks][chunk][e];
        this.featuresSqT = new float[chunks][chunk][e];
        this.targets = new float[chunks][channels][];
        for (int c = 0; c < chunks; c++) {
            int start = c * chunk;
            int n = length(c);
            for (int i = 0; i < e; i++) {
                float[] row = new float[chunk];
                float[] sq = new float[chunk];
                for (int p = 0; p < n; p++) {
                    row[p] = (float) gamma[(start + p) * e + i];
                    sq[p] = row[p] * row[p];
                }
                features[c][i] = row;
                featuresSq[c][i] = sq;
                for (int p = 0; p < n; p++) {
                    featuresT[c][p][i] = row[p];
                    featuresSqT[c][p][i] = sq[p];
                }
            }
            for (int ch = 0; ch < channels; ch++) {
                float[] row = new float[chunk];
                for (int p = 0; p < n; p++) {
                    int px = start + p;
                    row[p] = image[px / w][px % w][ch];
                }
                targets[c][ch] = row;
            }
        }
        this.meanW = new float[layers][];
        this.varW = new float[layers][];
        this.bias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            meanW[l] = new float[din[l] * dout[l]];
            varW[l] = new float[din[l] * dout[l]];
            bias[l] = new float[dout[l]];
        }
    }

    /** Number of pixels in chunk {@code c} (the last one may be short). */
    int length(int c) {
        return Math.min(chunk, points - c * chunk);
    }
}
