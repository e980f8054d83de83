package io.rec4j.codec.miracle;

import io.rec4j.codec.image.Mnist;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A decoded classifier: the weight tensors of a {@link MiracleArchitecture} in float32, PyTorch's layout, and a
 * plain-Java forward pass ({@code docs/miracle.md}, "The networks"). Every image is evaluated by one thread in a fixed
 * order of float operations, so logits and error rates are the same on every JVM and CPU; images are spread over the
 * cores (an error count does not depend on the order of images).
 */
public final class MiracleNetwork {
    private final MiracleArchitecture arch;
    private final float[][] weights;

    /**
     * @param arch    the architecture
     * @param weights one array per tensor of {@code arch}, in its order and PyTorch's layout (not copied)
     */
    public MiracleNetwork(MiracleArchitecture arch, float[][] weights) {
        if (weights.length != arch.tensors().size()) {
            throw new IllegalArgumentException(arch.name() + " has " + arch.tensors().size() + " tensors, got "
                    + weights.length);
        }
        for (int t = 0; t < weights.length; t++) {
            if (weights[t].length != arch.tensors().get(t).size()) {
                throw new IllegalArgumentException(arch.tensors().get(t).name() + " needs "
                        + arch.tensors().get(t).size() + " values, got " + weights[t].length);
            }
        }
        this.arch = arch;
        this.weights = weights;
    }

    public MiracleArchitecture architecture() {
        return arch;
    }

    /** Tensor {@code t} (a copy). */
    public float[] tensor(int t) {
        return weights[t].clone();
    }

    /** The logits of image {@code i} of {@code set}. */
    public float[] logits(Mnist.Set set, int i) {
        float[] x = Arrays.copyOfRange(set.pixels(), i * Mnist.PIXELS, (i + 1) * Mnist.PIXELS);
        return logits(x);
    }

    /** The logits of one 28×28 image, pixels in [0, 1]. */
    public float[] logits(float[] image) {
        if (image.length != Mnist.PIXELS) {
            throw new IllegalArgumentException("an image has 784 pixels, got " + image.length);
        }
        float[] h = image;
        int t = 0;
        if (arch.isConvolutional()) {
            h = maxPool(relu(conv(h, 1, 28, weights[0], weights[1], 20)), 20, 24);
            h = maxPool(relu(conv(h, 20, 12, weights[2], weights[3], 50)), 50, 8);
            t = 4;
        }
        for (; t < weights.length; t += 2) {
            h = dense(h, weights[t], weights[t + 1]);
            if (t + 2 < weights.length) {
                relu(h);
            }
        }
        return h;
    }

    /** The predicted class of one image: the first largest logit. */
    public int predict(float[] image) {
        float[] z = logits(image);
        int best = 0;
        for (int k = 1; k < z.length; k++) {
            if (z[k] > z[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The number of images of {@code set} classified wrongly. */
    public int errors(Mnist.Set set) {
        return IntStream.range(0, set.count()).parallel().map(i -> {
            float[] x = Arrays.copyOfRange(set.pixels(), i * Mnist.PIXELS, (i + 1) * Mnist.PIXELS);
            return predict(x) == set.labels()[i] ? 0 : 1;
        }).sum();
    }

    /** The fraction of images of {@code set} classified wrongly. */
    public double errorRate(Mnist.Set set) {
        return errors(set) / (double) set.count();
    }

    /**
     * The same network with the {@code fraction} of weight entries of smallest magnitude set to zero (biases kept);
     * ties at the threshold are broken by tensor order, then entry order.
     */
    public MiracleNetwork pruned(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
        }
        int total = 0;
        for (int t = 0; t < weights.length; t++) {
            if (!arch.tensors().get(t).isBias()) {
                total += weights[t].length;
            }
        }
        long[] keys = new long[total];
        int at = 0;
        for (int t = 0; t < weights.length; t++) {
            if (!arch.tensors().get(t).isBias()) {
                for (int e = 0; e < weights[t].length; e++) {
                    // magnitude bits (non-negative floats order as ints), then position
                    keys[at] = (long) Float.floatToIntBits(Math.abs(weights[t][e])) << 32 | at;
                    at++;
                }
            }
        }
        Arrays.sort(keys);
        int cut = (int) Math.round(fraction * total);
        boolean[] zero = new boolean[total];
        for (int i = 0; i < cut; i++) {
            zero[(int) keys[i]] = true;
        }
        float[][] w = new float[weights.length][];
        at = 0;
        for (int t = 0; t < weights.length; t++) {
            w[t] = weights[t].clone();
            if (!arch.tensors().get(t).isBias()) {
                for (int e = 0; e < w[t].length; e++) {
                    if (zero[at++]) {
                        w[t][e] = 0f;
                    }
                }
            }
        }
        return new MiracleNetwork(arch, w);
    }

    /** {@code W x + b} for {@code W} of shape [out, in]. */
    private static float[] dense(float[] x, float[] w, float[] b) {
        int out = b.length;
        int in = x.length;
        if (w.length != out * in) {
            throw new IllegalStateException("dense layer of " + w.length + " weights for " + in + " inputs");
        }
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            float s = b[o];
            int row = o * in;
            for (int i = 0; i < in; i++) {
                s += w[row + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    /** A 5×5 convolution without padding of a [c, n, n] input by weights [k, c, 5, 5]: output [k, n−4, n−4]. */
    private static float[] conv(float[] x, int c, int n, float[] w, float[] b, int k) {
        int m = n - 4;
        float[] y = new float[k * m * m];
        for (int o = 0; o < k; o++) {
            for (int r = 0; r < m; r++) {
                for (int col = 0; col < m; col++) {
                    float s = b[o];
                    for (int ci = 0; ci < c; ci++) {
                        int wBase = ((o * c) + ci) * 25;
                        int xBase = ci * n * n;
                        for (int dr = 0; dr < 5; dr++) {
                            int xr = xBase + (r + dr) * n + col;
                            int wr = wBase + dr * 5;
                            for (int dc = 0; dc < 5; dc++) {
                                s += w[wr + dc] * x[xr + dc];
                            }
                        }
                    }
                    y[(o * m + r) * m + col] = s;
                }
            }
        }
        return y;
    }

    /** 2×2 max-pooling with stride 2 of a [c, n, n] map. */
    private static float[] maxPool(float[] x, int c, int n) {
        int m = n / 2;
        float[] y = new float[c * m * m];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < m; r++) {
                for (int col = 0; col < m; col++) {
                    int a = (ch * n + 2 * r) * n + 2 * col;
                    y[(ch * m + r) * m + col] = Math.max(Math.max(x[a], x[a + 1]), Math.max(x[a + n], x[a + n + 1]));
                }
            }
        }
        return y;
    }

    private static float[] relu(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0f) {
                x[i] = 0f;
            }
        }
        return x;
    }
}
