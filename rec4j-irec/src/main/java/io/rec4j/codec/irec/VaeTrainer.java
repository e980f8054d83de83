package io.rec4j.codec.irec;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.rec4j.nn.djl.Adam;
import io.rec4j.nn.djl.MatmulConvolution;
import io.rec4j.nn.djl.NativeArrays;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains an iREC {@link VaeModel} on the DJL engine (PyTorch CPU) by maximising the β-ELBO
 * {@code E_q[ln p(x|z)] − β·KL[q(z|x) ‖ N(0, I)]} (Kingma &amp; Welling, ICLR 2014, arXiv 1312.6114, eq. 3; Higgins et
 * al., ICLR 2017, for β) with one reparameterised sample per image, Adam, and a cosine learning-rate decay to a
 * hundredth. The likelihood is the discretised logistic of {@link VaeNetwork} (PixelCNN++, Salimans et al., ICLR
 * 2017, eq. 2), written here with the same clamps, so the network trained is the network the codec runs.
 *
 * <p>Training is not bit-reproducible across machines (PyTorch's kernels are not); the model it produces is, once
 * written: coding depends only on the model file.
 */
public final class VaeTrainer implements AutoCloseable {
    /**
     * @param arch      the network
     * @param beta      β (1 = the ELBO; larger gives smaller latents and blurrier reconstructions)
     * @param epochs    passes over the training images
     * @param batchSize images per step
     * @param lr        Adam's initial learning rate
     * @param seed      initialisation, batch order and noise
     */
    public record Settings(VaeArchitecture arch, double beta, int epochs, int batchSize, double lr, long seed) {
        public Settings {
            if (!(beta > 0) || Double.isInfinite(beta)) {
                throw new IllegalArgumentException("β must be finite and positive, was " + beta);
            }
            if (epochs < 1 || epochs > 100_000) {
                throw new IllegalArgumentException("epochs must be in [1, 100000], was " + epochs);
            }
            if (batchSize < 1 || batchSize > 100_000) {
                throw new IllegalArgumentException("batch size must be in [1, 100000], was " + batchSize);
            }
            if (!(lr > 0) || lr > 1) {
                throw new IllegalArgumentException("learning rate must be in (0, 1], was " + lr);
            }
        }

        /** β = 1, 60 epochs, batches of 64, learning rate 10⁻³. */
        public static Settings defaults(VaeArchitecture arch) {
            return new Settings(arch, 1.0, 60, 64, 1e-3, 1);
        }
    }

    /** Mean per-image statistics of one epoch: the negative ELBO and the KL, bits per dimension and bits. */
    public record EpochStats(int epoch, double negativeElboBpd, double klBits) {
    }

    private static final double LN2 = Math.log(2);
    private final Settings settings;
    private final NDManager manager;
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> m1 = new ArrayList<>();
    private final List<NDArray> m2 = new ArrayList<>();
    private final SplittableRandom random;
    private long t;

    public VaeTrainer(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.manager = NDManager.newBaseManager();
        try {
            Engine.getInstance().setRandomSeed((int) (settings.seed() ^ (settings.seed() >>> 32)));
            int pixels = VaeArchitecture.PIXELS;
            for (VaeArchitecture.Tensor tensor : settings.arch().tensors()) {
                float[] v = new float[tensor.size()];
                if (tensor.name().endsWith(".w")) {
                    // Glorot's uniform range, fans counted as PyTorch counts them for convolutions
                    double fans = tensor.name().startsWith("conv") || tensor.name().startsWith("deconv")
                            ? tensor.rows() * 16.0 + tensor.cols() : tensor.rows() + tensor.cols();
                    double a = Math.sqrt(6.0 / fans);
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) ((2 * random.nextDouble() - 1) * a);
                    }
                } else if (tensor.name().equals("dec3.b")) {
                    for (int i = 0; i < pixels; i++) {
                        v[pixels + i] = -2f; // pixel scales start at e^-2 (about 35 grey levels)
                    }
                } else if (tensor.name().equals("deconv2.b")) {
                    v[1] = -2f;
                }
                NDArray p = NativeArrays.leaf(NativeArrays.owned(manager, v, djlShape(tensor)));
                params.add(p);
                m1.add(NativeArrays.keep(manager.zeros(p.getShape(), DataType.FLOAT32)));
                m2.add(NativeArrays.keep(manager.zeros(p.getShape(), DataType.FLOAT32)));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * One Adam step on a batch.
     *
     * @param levels {@code count·784} grey levels 0..255
     * @return the batch's mean negative ELBO (β = 1) in nats and its mean KL in nats
     */
    public double[] step(int[] levels, int count, double lr) {
        try (NDScope scope = new NDScope()) {
            NDArray[] in = pixels(levels, count);
            NDArray x = in[0];
            NDArray isLow = in[1];
            NDArray isHigh = in[2];
            NDArray nll;
            NDArray kl;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray[] out = forward(x, isLow, isHigh);
                nll = out[0];
                kl = out[1];
                gc.backward(nll.add(kl.mul(settings.beta())).mean());
            }
            t++;
            for (int i = 0; i < params.size(); i++) {
                Adam.update(params.get(i), m1.get(i), m2.get(i), lr, t, null);
            }
            return new double[] {nll.add(kl).mean().getFloat(), kl.mean().getFloat()};
        }
    }

    /** A batch of grey levels as {@code u = x/255} and the masks of the levels 0 and 255, {@code [count, 784]} each. */
    private NDArray[] pixels(int[] levels, int count) {
        float[] u = new float[levels.length];
        float[] low = new float[levels.length];
        float[] high = new float[levels.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = levels[i] / 255f;
            low[i] = levels[i] == 0 ? 1f : 0f;
            high[i] = levels[i] == 255 ? 1f : 0f;
        }
        Shape shape = new Shape(count, VaeArchitecture.PIXELS);
        return new NDArray[] {manager.create(u, shape), manager.create(low, shape), manager.create(high, shape)};
    }

    /** Per image: {@code −ln p(x|z)} and KL, nats, for one posterior sample. */
    private NDArray[] forward(NDArray x, NDArray isLow, NDArray isHigh) {
        NDArray[] q = posterior(x);
        NDArray mu = q[0];
        NDArray sigma = q[1];
        NDArray kl = sigma.log().neg().add(sigma.square().add(mu.square()).mul(0.5)).sub(0.5).sum(new int[] {1});
        NDArray eps = manager.randomNormal(0, 1, mu.getShape(), DataType.FLOAT32);
        NDArray z = mu.add(sigma.mul(eps));
        return new NDArray[] {negativeLogLikelihood(z, x, isLow, isHigh), kl};
    }

    /** The encoder: the posterior's means and standard deviations, {@code [count, latents]} each. */
    private NDArray[] posterior(NDArray x) {
        int l = settings.arch().latents();
        NDArray o;
        if (settings.arch().kind() == VaeArchitecture.Kind.CONV) {
            NDArray c = conv(x.reshape(-1, 1, 28, 28), 0).getNDArrayInternal().relu();
            c = conv(c, 2).getNDArrayInternal().relu();
            NDArray f = c.reshape(-1, VaeArchitecture.FEATURES).matMul(params.get(4)).add(params.get(5)).tanh();
            o = f.matMul(params.get(6)).add(params.get(7));
        } else {
            NDArray h = x.matMul(params.get(0)).add(params.get(1)).tanh();
            h = h.matMul(params.get(2)).add(params.get(3)).tanh();
            o = h.matMul(params.get(4)).add(params.get(5));
        }
        NDArray mu = o.get(new NDIndex(":, 0:" + l));
        NDArray logit = o.get(new NDIndex(":, " + l + ":"));
        return new NDArray[] {mu, ai.djl.nn.Activation.sigmoid(logit).mul(VaeNetwork.SIGMA_MAX)};
    }

    /**
     * The posterior of each of {@code count} images under the current weights (no gradient): {@code [means, stds]},
     * each {@code count·latents}, what the codec's {@link VaeNetwork#encode} computes in double precision.
     */
    public float[][] posterior(int[] levels, int count) {
        try (NDScope scope = new NDScope()) {
            NDArray[] q = posterior(pixels(levels, count)[0]);
            return new float[][] {q[0].toFloatArray(), q[1].toFloatArray()};
        }
    }

    /** Per image: {@code −ln p(x|z)} in nats under the decoder's discretised logistics. */
    private NDArray negativeLogLikelihood(NDArray z, NDArray x, NDArray isLow, NDArray isHigh) {
        int n = VaeArchitecture.PIXELS;
        NDArray d;
        if (settings.arch().kind() == VaeArchitecture.Kind.CONV) {
            NDArray g = z.matMul(params.get(8)).add(params.get(9)).tanh();
            g = g.matMul(params.get(10)).add(params.get(11)).getNDArrayInternal().relu();
            NDArray c = deconv(g.reshape(-1, VaeArchitecture.CONV2_CHANNELS, 7, 7), 12).getNDArrayInternal().relu();
            // [B, 2, 28, 28] → [B, 2·784]: the locations, then the log-scales, as the MLP's last layer lays them out
            d = deconv(c, 14).reshape(-1, 2 * n);
        } else {
            NDArray g = z.matMul(params.get(6)).add(params.get(7)).tanh();
            g = g.matMul(params.get(8)).add(params.get(9)).tanh();
            d = g.matMul(params.get(10)).add(params.get(11));
        }
        NDArray loc = d.get(new NDIndex(":, 0:" + n));
        NDArray logScale = d.get(new NDIndex(":, " + n + ":")).maximum((float) VaeNetwork.MIN_LOG_SCALE);
        NDArray inv = logScale.neg().exp();
        NDArray centred = x.sub(loc);
        NDArray plus = centred.add(0.5f / 255f).mul(inv);
        NDArray minus = centred.sub(0.5f / 255f).mul(inv);
        NDArray logCdfPlus = softplus(plus.neg()).neg();
        NDArray logSurvivalMinus = softplus(minus).neg();
        // ln(1 − e^{−w}) with w = bin width / scale, kept finite for very wide pixels
        NDArray w = inv.mul(1f / 255f);
        NDArray logBin = w.neg().exp().neg().add(1).maximum(1e-30f).log();
        NDArray mid = logCdfPlus.add(logSurvivalMinus).add(logBin);
        NDArray interior = isLow.add(isHigh).neg().add(1);
        NDArray lp = isLow.mul(logCdfPlus).add(isHigh.mul(logSurvivalMinus)).add(interior.mul(mid));
        return lp.sum(new int[] {1}).neg();
    }

    /**
     * {@code −ln p(x|z)} in nats of each of {@code count} images for given latents, under the current weights (no
     * gradient): what the codec's {@link VaeNetwork.Pixels#logProbability} computes in double precision.
     */
    public double[] negativeLogLikelihood(int[] levels, float[] latents, int count) {
        try (NDScope scope = new NDScope()) {
            NDArray[] in = pixels(levels, count);
            NDArray z = manager.create(latents, new Shape(count, settings.arch().latents()));
            float[] v = negativeLogLikelihood(z, in[0], in[1], in[2]).toFloatArray();
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                out[i] = v[i];
            }
            return out;
        }
    }

    /** The shape of a tensor on the engine: PyTorch's 4-D layouts for convolution weights, 1-D for their biases. */
    private static Shape djlShape(VaeArchitecture.Tensor t) {
        switch (t.name()) {
            case "conv1.w":
            case "conv2.w":
                return new Shape(t.rows(), t.cols() / 16, 4, 4);
            case "deconv1.w":
            case "deconv2.w":
                return new Shape(t.rows(), t.cols() / 16, 4, 4);
            case "conv1.b":
            case "conv2.b":
            case "deconv1.b":
            case "deconv2.b":
                return new Shape(t.cols());
            default:
                return new Shape(t.rows(), t.cols());
        }
    }

    /**
     * The 4×4, stride-2, padding-1 convolution of weight {@code params[k]} and bias {@code params[k+1]}, as a matrix
     * product (the engine's own convolution kernels are slow where they are right on this CPU family:
     * {@link MatmulConvolution}).
     */
    private NDArray conv(NDArray x, int k) {
        return MatmulConvolution.conv2d(x, params.get(k), params.get(k + 1), 2, 1);
    }

    /**
     * The 4×4, stride-2, padding-1 transposed convolution of weight {@code params[k]} ({@code [in, out, 4, 4]}) and
     * bias {@code params[k+1]}.
     */
    private NDArray deconv(NDArray x, int k) {
        return MatmulConvolution.convTranspose2d(x, params.get(k), params.get(k + 1), 2, 1);
    }

    /** {@code ln(1 + e^x)}, stable: {@code max(x, 0) + ln(1 + e^{−|x|})}. */
    private static NDArray softplus(NDArray x) {
        return x.maximum(0f).add(x.abs().neg().exp().add(1).log());
    }

    /** One pass over {@code images} in a random order; returns the epoch's mean statistics. */
    public EpochStats epoch(int epoch, int[][] images) {
        int n = images.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int b = settings.batchSize();
        int steps = Math.max(1, n / b);
        long total = (long) settings.epochs() * steps;
        double sumNelbo = 0;
        double sumKl = 0;
        for (int s = 0; s < steps; s++) {
            int count = Math.min(b, n - s * b);
            int[] batch = new int[count * VaeArchitecture.PIXELS];
            for (int k = 0; k < count; k++) {
                System.arraycopy(images[order[s * b + k]], 0, batch, k * VaeArchitecture.PIXELS,
                        VaeArchitecture.PIXELS);
            }
            double progress = Math.min(1.0, (double) t / total);
            double lr = settings.lr() * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress)));
            double[] r = step(batch, count, lr);
            sumNelbo += r[0] * count;
            sumKl += r[1] * count;
        }
        int seen = Math.min(n, steps * b);
        return new EpochStats(epoch, sumNelbo / seen / (VaeArchitecture.PIXELS * LN2), sumKl / seen / LN2);
    }

    /** The current weights as a model (its KL statistics and rates measured by {@link VaeEvaluation}). */
    public VaeModel model(String name, long codingSeed, int[][] trainImages, int[][] testImages) {
        float[][] w = new float[params.size()][];
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < w.length; i++) {
                w[i] = params.get(i).toFloatArray();
            }
        }
        VaeArchitecture arch = settings.arch();
        VaeModel draft = new VaeModel(name, arch, w, codingSeed, settings.beta(), new double[arch.latents()],
                Double.NaN, Double.NaN);
        VaeNetwork net = new VaeNetwork(draft);
        double[] kl = VaeEvaluation.meanKlBits(net, trainImages);
        double train = VaeEvaluation.negativeElboBpd(net, trainImages, 1, settings.seed());
        double test = testImages == null || testImages.length == 0 ? Double.NaN
                : VaeEvaluation.negativeElboBpd(net, testImages, 1, settings.seed());
        return new VaeModel(name, arch, w, codingSeed, settings.beta(), kl, train, test);
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        manager.close();
    }
}
