package io.rec4j.pacbayes;

import io.rec4j.core.math.OrderedProduct;
import java.util.SplittableRandom;

/**
 * A one-hidden-layer ReLU classifier {@code x → W₂·relu(W₁x + b₁) + b₂} on a fixed data set, as the Gibbs problem of a
 * PAC-Bayes bound: the loss is the <em>bounded cross-entropy</em> {@code ℓ = −ln max(p_y, p_min) / ln(1/p_min)} in
 * {@code [0, 1]} (Pérez-Ortiz, Rivasplata, Shawe-Taylor &amp; Szepesvári, JMLR 22, 2021, §5), averaged over the data, with
 * the gradient derived by hand (backpropagation; zero where {@code p_y < p_min}, where the loss is flat) and checked
 * against finite differences in the tests; the certificate's loss is the 0-1 error. Full batch: the Metropolis
 * correction needs the exact potential.
 *
 * <p>Parameters, flattened: {@code W₁} ({@code h×d}, row-major), {@code b₁} ({@code h}), {@code W₂} ({@code c×h}),
 * {@code b₂} ({@code c}). Thread-safe: nothing is cached between calls.
 */
public final class MlpClassifier implements GibbsProblem {
    private final float[] x;
    private final byte[] y;
    private final int n;
    private final int inputs;
    private final int hidden;
    private final int classes;
    private final double pMin;
    private final double[] priorMean;
    private final double[] priorStd;
    private final double[] xd;

    /**
     * @param x        {@code n·inputs} features, row-major
     * @param y        {@code n} labels in {@code [0, classes)}
     * @param pMin     the probability floor of the bounded cross-entropy, in (0, 1)
     * @param priorStd {@code σ₀} of every parameter; the prior mean is 0
     */
    public MlpClassifier(float[] x, byte[] y, int inputs, int hidden, int classes, double pMin, double priorStd) {
        this(x, y, inputs, hidden, classes, pMin, null, priorStd);
    }

    /**
     * @param priorMean {@code μ₀} (null for 0), chosen without looking at the data, e.g. a seeded random
     *                  initialisation ({@link #initialise}), as PBB's "random" prior is
     */
    public MlpClassifier(float[] x, byte[] y, int inputs, int hidden, int classes, double pMin, double[] priorMean,
            double priorStd) {
        if (inputs < 1 || hidden < 1 || classes < 2 || y.length < 1 || (long) y.length * inputs != x.length) {
            throw new IllegalArgumentException("need n·inputs features for n ≥ 1 labels, hidden ≥ 1 and classes ≥ 2");
        }
        if (!(pMin > 0 && pMin < 1) || !(priorStd > 0) || Double.isInfinite(priorStd)) {
            throw new IllegalArgumentException("need 0 < p_min < 1 and a finite σ₀ > 0");
        }
        for (byte label : y) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside [0, " + classes + ")");
            }
        }
        this.x = x;
        this.y = y;
        this.n = y.length;
        this.inputs = inputs;
        this.hidden = hidden;
        this.classes = classes;
        this.pMin = pMin;
        int p = parameters(inputs, hidden, classes);
        if (priorMean != null && priorMean.length != p) {
            throw new IllegalArgumentException("prior mean has " + priorMean.length + " values, the network " + p);
        }
        this.priorMean = priorMean != null ? priorMean.clone() : new double[p];
        this.priorStd = new double[p];
        java.util.Arrays.fill(this.priorStd, priorStd);
        this.xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
    }

    /** Number of parameters of a {@code d-h-c} network. */
    public static int parameters(int inputs, int hidden, int classes) {
        return hidden * inputs + hidden + classes * hidden + classes;
    }

    /** Number of examples. */
    public int size() {
        return n;
    }

    @Override
    public int dimension() {
        return priorMean.length;
    }

    @Override
    public double[] priorMean() {
        return priorMean.clone();
    }

    @Override
    public double[] priorStd() {
        return priorStd.clone();
    }

    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        return evaluate(theta, gradient, false);
    }

    @Override
    public double loss(double[] theta) {
        return evaluate(theta, null, false);
    }

    /** The 0-1 error of {@code θ} on the data: the share of examples whose largest logit is not their label's. */
    public double error(double[] theta) {
        return evaluate(theta, null, true);
    }

    /** A random initialisation: weights {@code N(0, 1/fan_in)}, biases 0 (for starting chains or VI). */
    public double[] initialise(SplittableRandom random) {
        return initialise(inputs, hidden, classes, random);
    }

    /** The same initialisation for a {@code d-h-c} network, without a data set (e.g. a prior mean). */
    public static double[] initialise(int inputs, int hidden, int classes, SplittableRandom random) {
        double[] theta = new double[parameters(inputs, hidden, classes)];
        for (int i = 0; i < hidden * inputs; i++) {
            theta[i] = random.nextGaussian() / Math.sqrt(inputs);
        }
        int w2 = hidden * inputs + hidden;
        for (int i = 0; i < classes * hidden; i++) {
            theta[w2 + i] = random.nextGaussian() / Math.sqrt(hidden);
        }
        return theta;
    }

    private double evaluate(double[] theta, double[] gradient, boolean zeroOne) {
        if (theta.length != dimension()) {
            throw new IllegalArgumentException("expected " + dimension() + " parameters, got " + theta.length);
        }
        int b1 = hidden * inputs;
        int w2 = b1 + hidden;
        int b2 = w2 + classes * hidden;
        double[] weights1 = java.util.Arrays.copyOfRange(theta, 0, b1);
        double[] weights2 = java.util.Arrays.copyOfRange(theta, w2, b2);
        // A = X·W₁ᵀ + b₁, Z = relu(A)
        double[] a = OrderedProduct.timesTransposed(xd, n, weights1, hidden, inputs);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < hidden; j++) {
                double v = a[i * hidden + j] + theta[b1 + j];
                a[i * hidden + j] = v > 0 ? v : 0;
            }
        }
        double[] logits = OrderedProduct.timesTransposed(a, n, weights2, classes, hidden);
        double scale = 1 / Math.log(1 / pMin);
        double total = 0;
        double[] dLogits = gradient != null ? new double[n * classes] : null;
        for (int i = 0; i < n; i++) {
            int o = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int k = 0; k < classes; k++) {
                logits[o + k] += theta[b2 + k];
                if (logits[o + k] > max) {
                    max = logits[o + k];
                    arg = k;
                }
            }
            if (zeroOne) {
                total += arg == y[i] ? 0 : 1;
                continue;
            }
            double z = 0;
            for (int k = 0; k < classes; k++) {
                z += Math.exp(logits[o + k] - max);
            }
            double logP = logits[o + y[i]] - max - Math.log(z);
            if (logP < Math.log(pMin)) {
                total += 1; // clamped: flat, no gradient
                continue;
            }
            total += -logP * scale;
            if (dLogits != null) {
                for (int k = 0; k < classes; k++) {
                    double p = Math.exp(logits[o + k] - max) / z;
                    dLogits[o + k] = scale / n * (p - (k == y[i] ? 1 : 0));
                }
            }
        }
        if (gradient != null) {
            // dW₂ = dLogitsᵀ·Z, db₂ = Σ dLogits, dZ = dLogits·W₂, dA = dZ ⊙ [A > 0], dW₁ = dAᵀ·X, db₁ = Σ dA
            double[] dW2 = OrderedProduct.transposeTimes(dLogits, classes, a, hidden, n);
            double[] dZ = OrderedProduct.times(dLogits, n, weights2, hidden, classes);
            for (int i = 0; i < n * hidden; i++) {
                if (a[i] <= 0) {
                    dZ[i] = 0;
                }
            }
            double[] dW1 = OrderedProduct.transposeTimes(dZ, hidden, xd, inputs, n);
            System.arraycopy(dW1, 0, gradient, 0, b1);
            System.arraycopy(dW2, 0, gradient, w2, classes * hidden);
            java.util.Arrays.fill(gradient, b1, w2, 0);
            java.util.Arrays.fill(gradient, b2, b2 + classes, 0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < hidden; j++) {
                    gradient[b1 + j] += dZ[i * hidden + j];
                }
                for (int k = 0; k < classes; k++) {
                    gradient[b2 + k] += dLogits[i * classes + k];
                }
            }
        }
        return total / n;
    }

    /**
     * Images averaged over {@code factor×factor} blocks (28×28 MNIST at factor 2: 196 inputs), row-major; the side
     * must be a multiple of the factor.
     */
    public static float[] downsample(float[] images, int count, int side, int factor) {
        if (side % factor != 0 || (long) count * side * side != images.length) {
            throw new IllegalArgumentException("side " + side + " is not a multiple of " + factor + " or sizes differ");
        }
        int s = side / factor;
        float[] out = new float[count * s * s];
        float inv = 1f / (factor * factor);
        for (int i = 0; i < count; i++) {
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    out[i * s * s + (r / factor) * s + c / factor] += images[i * side * side + r * side + c] * inv;
                }
            }
        }
        return out;
    }
}
