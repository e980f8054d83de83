package io.rec4j.codec.inr;

/**
 * The end of one SIREN layer over a chunk of points stored feature-major ({@code docs/combiner.md}, "Network"), shared
 * by the decoders' chunked forward passes ({@link GridRenderer}, {@link FeatureMajorPass}): given the complete sums
 * {@code s_j[p]}, the last layer writes {@code s_j + b_j} and a hidden layer writes {@code sin(w0·(s_j + b_j))} with
 * the decoder's sine. One rounding per operation, in this order, so both passes keep the bits of
 * {@link SirenNetwork#evaluateInputs}.
 */
final class LayerTail {
    private LayerTail() {
    }

    /** {@code out[(start + p)·channels + q] = z_q[p] + w[bias + q]} for q &lt; dout, p &lt; m. */
    static void output(double[][] z, double[] w, int bias, int dout, int m, double[] out, int start, int channels) {
        for (int q = 0; q < dout; q++) {
            double[] zq = z[q];
            double b = w[bias + q];
            for (int p = 0; p < m; p++) {
                out[(start + p) * channels + q] = zq[p] + b;
            }
        }
    }

    /**
     * {@code next_q[p] = sin(w0·(z_q[p] + w[bias + q]))} for q &lt; dout, p &lt; m; {@code t, k, r, c} are scratch
     * rows of at least m values ({@link Sine#sin(double[], double[], int, double[], double[], double[])}).
     */
    static void activate(double[][] z, double[] w, int bias, int dout, int m, double w0, SineFunction sine,
                         double[][] next, double[] t, double[] k, double[] r, double[] c) {
        for (int q = 0; q < dout; q++) {
            double[] zq = z[q];
            double b = w[bias + q];
            for (int p = 0; p < m; p++) {
                t[p] = w0 * (zq[p] + b);
            }
            if (sine == SineFunction.POLYNOMIAL) {
                Sine.sin(t, next[q], m, k, r, c);
            } else {
                for (int p = 0; p < m; p++) {
                    next[q][p] = StrictMath.sin(t[p]);
                }
            }
        }
    }
}
