package io.rec4j.nn.fused;

/**
 * The allocation-free inner loops of the fused engine. Every loop indexes all its arrays with the same loop variable
 * starting at 0 (rows are separate {@code float[]} objects), which is the shape HotSpot C2 auto-vectorises; loops over
 * offset slices of one shared array are not vectorised because C2 cannot rule out overlap.
 */
final class Kernels {
    /** Rounds a float to the nearest integer by adding and subtracting 1.5·2^23 (valid for |x| &lt; 2^22). */
    static final float ROUND_MAGIC = 12582912f;
    static final float INV_PI = (float) (1.0 / Math.PI);
    /**
     * π split into three floats for Cody–Waite range reduction (Cephes sinf's DP1..DP3 scaled by 4): the first two
     * have few significant bits, so k·PI_A and k·PI_B are exact for the |k| that occur.
     */
    static final float PI_A = 3.140625f;
    static final float PI_B = 9.67502593994140625e-4f;
    static final float PI_C = 1.509957990978376432e-7f;
    /** Taylor coefficients of sin on [−π/2, π/2] up to x^11 (truncation error &lt; 6e−8). */
    static final float S3 = (float) (-1.0 / 6);
    static final float S5 = (float) (1.0 / 120);
    static final float S7 = (float) (-1.0 / 5040);
    static final float S9 = (float) (1.0 / 362880);
    static final float S11 = (float) (-1.0 / 39916800);
    /** Taylor coefficients of cos on [−π/2, π/2] up to x^12 (truncation error &lt; 7e−9). */
    static final float C2 = -0.5f;
    static final float C4 = (float) (1.0 / 24);
    static final float C6 = (float) (-1.0 / 720);
    static final float C8 = (float) (1.0 / 40320);
    static final float C10 = (float) (-1.0 / 3628800);
    static final float C12 = (float) (1.0 / 479001600);

    private Kernels() {
    }

    /** {@code y[k] += a0·x0[k] + a1·x1[k] + a2·x2[k] + a3·x3[k]} for k &lt; n: four rank-1 updates per pass over y. */
    static void axpy4(float[] y, float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3,
                      float[] x3, int n) {
        for (int k = 0; k < n; k++) {
            y[k] += a0 * x0[k] + a1 * x1[k] + a2 * x2[k] + a3 * x3[k];
        }
    }

    /** {@code y[k] += a·x[k]} for k &lt; n. */
    static void axpy(float[] y, float a, float[] x, int n) {
        for (int k = 0; k < n; k++) {
            y[k] += a * x[k];
        }
    }

    /**
     * {@code y[k] += Σ_i w[i·stride + col]·x[i][k]} for i &lt; rows, k &lt; n: one output row of {@code X·W} in
     * feature-major layout, four input rows per pass.
     */
    static void gemvRows(float[] y, float[] w, int col, int stride, float[][] x, int rows, int n) {
        int i = 0;
        for (; i + 3 < rows; i += 4) {
            int o = i * stride + col;
            axpy4(y, w[o], x[i], w[o + stride], x[i + 1], w[o + 2 * stride], x[i + 2], w[o + 3 * stride], x[i + 3], n);
        }
        for (; i < rows; i++) {
            axpy(y, w[i * stride + col], x[i], n);
        }
    }

    /**
     * {@code y[k] += Σ_j w[off + j]·x[j][k]} for j &lt; rows: a contiguous run of coefficients (a row of W times the
     * feature-major rows of dZ), four rows per pass.
     */
    static void gemvContiguous(float[] y, float[] w, int off, float[][] x, int rows, int n) {
        int j = 0;
        for (; j + 3 < rows; j += 4) {
            int o = off + j;
            axpy4(y, w[o], x[j], w[o + 1], x[j + 1], w[o + 2], x[j + 2], w[o + 3], x[j + 3], n);
        }
        for (; j < rows; j++) {
            axpy(y, w[off + j], x[j], n);
        }
    }

    /**
     * {@code g[k] += Σ_p a[p]·bt[p][k]} for p &lt; n, k &lt; width: one row of a weight gradient {@code Xᵀ·dZ} with
     * dZ transposed to pixel-major rows, four pixels per pass.
     */
    static void outerAccumulate(float[] g, float[] a, float[][] bt, int n, int width) {
        int p = 0;
        for (; p + 3 < n; p += 4) {
            axpy4(g, a[p], bt[p], a[p + 1], bt[p + 1], a[p + 2], bt[p + 2], a[p + 3], bt[p + 3], width);
        }
        for (; p < n; p++) {
            axpy(g, a[p], bt[p], width);
        }
    }

    /** {@code Σ_k x[k]·y[k]} for k &lt; n with four independent partial sums. */
    static float dot(float[] x, float[] y, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += x[k] * y[k];
            s1 += x[k + 1] * y[k + 1];
            s2 += x[k + 2] * y[k + 2];
            s3 += x[k + 3] * y[k + 3];
        }
        for (; k < n; k++) {
            s0 += x[k] * y[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Hidden-layer epilogue of the local reparameterisation ({@code docs/combiner.md}, "Posterior and β-ELBO"): from
     * the mean part {@code zm} and the variance {@code v} (floor already added) with noise {@code eps},
     * {@code s = sqrt(v)}, {@code z = zm + s·ε}, and writes the activation {@code sin(w0·z)}, its square, the
     * derivative {@code w0·cos(w0·z)} and {@code ε/(2s)} (∂s/∂v·ε, used by the backward pass). {@code zm} is
     * overwritten with {@code w0·z}.
     *
     * <p>Three passes, each small enough for C2 to vectorise (one fused loop is not vectorised and was 5× slower).
     */
    static void sirenEpilogue(float[] zm, float[] v, float[] eps, float w0, float[] out, float[] outSq, float[] dAct,
                              float[] halfEpsOverS, int n) {
        for (int k = 0; k < n; k++) {
            float s = (float) Math.sqrt(v[k]);
            float e = eps[k];
            halfEpsOverS[k] = 0.5f * e / s;
            zm[k] = w0 * (zm[k] + s * e);
        }
        sineScaled(zm, out, outSq, n);
        cosineScaled(zm, w0, dAct, n);
    }

    /**
     * {@code out[k] = sin(t[k])}, {@code outSq[k] = out[k]²}. One Cody–Waite reduction {@code t = qπ + x},
     * |x| ≤ π/2, then a Taylor polynomial; the sign (−1)^q comes from the parity of q computed in float, so the loop
     * is branch-free. Absolute error ≈ 1e−7 for |t| up to ~10^4 (beyond 2^22 the reduction is invalid; such
     * arguments mean the fit has diverged).
     */
    private static void sineScaled(float[] t, float[] out, float[] outSq, int n) {
        for (int k = 0; k < n; k++) {
            float tk = t[k];
            float q = (tk * INV_PI + ROUND_MAGIC) - ROUND_MAGIC;
            float x = ((tk - q * PI_A) - q * PI_B) - q * PI_C;
            float h = 0.5f * q;
            float parity = h - ((h + ROUND_MAGIC) - ROUND_MAGIC); // 0 for even q, ±½ for odd q
            float sign = 1f - 4f * Math.abs(parity);
            float x2 = x * x;
            float a = sign * (x + x * x2 * (S3 + x2 * (S5 + x2 * (S7 + x2 * (S9 + x2 * S11)))));
            out[k] = a;
            outSq[k] = a * a;
        }
    }

    /** {@code out[k] = w0·cos(t[k])} with the reduction of {@link #sineScaled}. */
    private static void cosineScaled(float[] t, float w0, float[] out, int n) {
        for (int k = 0; k < n; k++) {
            float tk = t[k];
            float q = (tk * INV_PI + ROUND_MAGIC) - ROUND_MAGIC;
            float x = ((tk - q * PI_A) - q * PI_B) - q * PI_C;
            float h = 0.5f * q;
            float parity = h - ((h + ROUND_MAGIC) - ROUND_MAGIC);
            float sign = w0 - 4f * w0 * Math.abs(parity);
            float x2 = x * x;
            out[k] = sign * (1f + x2 * (C2 + x2 * (C4 + x2 * (C6 + x2 * (C8 + x2 * (C10 + x2 * C12))))));
        }
    }

    /** {@code out[k] = sin(w0·z[k])} with the reduction of {@link #sirenEpilogue} (posterior-mean pass). */
    static void sine(float[] z, float w0, float[] out, int n) {
        for (int k = 0; k < n; k++) {
            float t = w0 * z[k];
            float q = (t * INV_PI + ROUND_MAGIC) - ROUND_MAGIC;
            float x = ((t - q * PI_A) - q * PI_B) - q * PI_C;
            float h = 0.5f * q;
            float parity = h - ((h + ROUND_MAGIC) - ROUND_MAGIC);
            float sign = 1f - 4f * Math.abs(parity);
            float x2 = x * x;
            out[k] = sign * (x + x * x2 * (S3 + x2 * (S5 + x2 * (S7 + x2 * (S9 + x2 * S11)))));
        }
    }
}
