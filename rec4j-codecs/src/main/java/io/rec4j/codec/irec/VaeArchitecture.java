package io.rec4j.codec.irec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of an iREC variational autoencoder for 28×28 greyscale images (G. Flamich, M. Havasi,
 * J. M. Hernández-Lobato, "Compressing images by encoding their latent representations with relative entropy coding",
 * NeurIPS 2020, arXiv 2010.01185; the MNIST model of its code, an MLP 784-h-h with tanh units): encoder
 * {@code 784 → h → h → 2L} (posterior mean and the logit of the posterior scale of each of the L latents), decoder
 * {@code L → h → h → 2·784} (location and log-scale of each pixel's discretised logistic). The convolutional variant
 * ({@link Kind#CONV}) replaces the first encoder layers by two 4×4 stride-2 convolutions (32 and 64 channels, ReLU,
 * 28 → 14 → 7) and the last decoder layers by two 4×4 stride-2 transposed convolutions (64 → 32 → 2 channels,
 * 7 → 14 → 28). See {@code docs/irec.md}.
 *
 * <p>Dense weight tensors are stored {@code [in, out]}, row-major: output {@code j} of a layer is
 * {@code b_j + Σ_i x_i·W[i][j]}, summed in increasing {@code i}. Convolution weights are PyTorch's layouts:
 * {@code [out, in, 4, 4]} for a convolution, {@code [in, out, 4, 4]} for a transposed one.
 *
 * @param kind    the network family
 * @param latents L, the latent dimension: 1 to {@value #MAX_LATENTS}
 * @param hidden  h, the width of both hidden layers: 1 to {@value #MAX_HIDDEN}
 */
public record VaeArchitecture(Kind kind, int latents, int hidden) {
    /** Pixels of one input: a 28×28 grey image. */
    public static final int PIXELS = 784;
    /** Side of the square input. */
    public static final int SIDE = 28;
    /** Largest latent dimension. */
    public static final int MAX_LATENTS = 1024;
    /** Largest hidden width. */
    public static final int MAX_HIDDEN = 4096;
    /** Channels of the convolutional variant's first and second feature maps (14×14 and 7×7). */
    public static final int CONV1_CHANNELS = 32;
    /** Channels of the 7×7 feature map. */
    public static final int CONV2_CHANNELS = 64;
    /** Values of the 7×7 feature map. */
    static final int FEATURES = CONV2_CHANNELS * 49;

    /** The network family. */
    public enum Kind {
        /** Fully connected layers with tanh units. */
        MLP(1),
        /** Convolutions next to the pixels (ReLU), fully connected tanh layers next to the latent. */
        CONV(2);

        private final int id;

        Kind(int id) {
            this.id = id;
        }

        /** The id stored in model files. */
        public int id() {
            return id;
        }

        /** The kind with model-file id {@code id}, or null. */
        public static Kind byId(int id) {
            for (Kind k : values()) {
                if (k.id == id) {
                    return k;
                }
            }
            return null;
        }

        /** {@code mlp}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind called {@code name} on the command line. */
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.cliName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown VAE architecture '" + name + "'; expected mlp or conv");
        }
    }

    /** One weight tensor: its name and shape ({@code rows × cols}; biases have one row). */
    public record Tensor(String name, int rows, int cols) {
        /** Number of values. */
        public int size() {
            return rows * cols;
        }
    }

    public VaeArchitecture {
        if (kind == null) {
            throw new IllegalArgumentException("kind is null");
        }
        if (latents < 1 || latents > MAX_LATENTS) {
            throw new IllegalArgumentException("latents must be in [1, " + MAX_LATENTS + "], was " + latents);
        }
        if (hidden < 1 || hidden > MAX_HIDDEN) {
            throw new IllegalArgumentException("hidden width must be in [1, " + MAX_HIDDEN + "], was " + hidden);
        }
    }

    /** The MLP with {@code latents} latents and 300 hidden units, the MNIST model of the iREC code. */
    public static VaeArchitecture mlp(int latents) {
        return new VaeArchitecture(Kind.MLP, latents, 300);
    }

    /**
     * The tensors in file order: encoder, then decoder, weight then bias. MLP: enc1–enc3, dec1–dec3. CONV: conv1, conv2,
     * enc.fc, enc.out, dec.fc1, dec.fc2, deconv1, deconv2.
     */
    public List<Tensor> tensors() {
        List<Tensor> t = new ArrayList<>(16);
        if (kind == Kind.CONV) {
            int c1 = CONV1_CHANNELS;
            int c2 = CONV2_CHANNELS;
            t.add(new Tensor("conv1.w", c1, 16));
            t.add(new Tensor("conv1.b", 1, c1));
            t.add(new Tensor("conv2.w", c2, c1 * 16));
            t.add(new Tensor("conv2.b", 1, c2));
            t.add(new Tensor("enc.fc.w", FEATURES, hidden));
            t.add(new Tensor("enc.fc.b", 1, hidden));
            t.add(new Tensor("enc.out.w", hidden, 2 * latents));
            t.add(new Tensor("enc.out.b", 1, 2 * latents));
            t.add(new Tensor("dec.fc1.w", latents, hidden));
            t.add(new Tensor("dec.fc1.b", 1, hidden));
            t.add(new Tensor("dec.fc2.w", hidden, FEATURES));
            t.add(new Tensor("dec.fc2.b", 1, FEATURES));
            t.add(new Tensor("deconv1.w", c2, c1 * 16));
            t.add(new Tensor("deconv1.b", 1, c1));
            t.add(new Tensor("deconv2.w", c1, 2 * 16));
            t.add(new Tensor("deconv2.b", 1, 2));
            return t;
        }
        t.add(new Tensor("enc1.w", PIXELS, hidden));
        t.add(new Tensor("enc1.b", 1, hidden));
        t.add(new Tensor("enc2.w", hidden, hidden));
        t.add(new Tensor("enc2.b", 1, hidden));
        t.add(new Tensor("enc3.w", hidden, 2 * latents));
        t.add(new Tensor("enc3.b", 1, 2 * latents));
        t.add(new Tensor("dec1.w", latents, hidden));
        t.add(new Tensor("dec1.b", 1, hidden));
        t.add(new Tensor("dec2.w", hidden, hidden));
        t.add(new Tensor("dec2.b", 1, hidden));
        t.add(new Tensor("dec3.w", hidden, 2 * PIXELS));
        t.add(new Tensor("dec3.b", 1, 2 * PIXELS));
        return t;
    }

    /** Total number of parameters. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors()) {
            n += t.size();
        }
        return n;
    }

    /** E.g. {@code mlp 784-300-300, 50 latents}. */
    public String describe() {
        if (kind == Kind.CONV) {
            return String.format(Locale.ROOT, "conv %d-%d channels, %d hidden, %d latents", CONV1_CHANNELS,
                    CONV2_CHANNELS, hidden, latents);
        }
        return String.format(Locale.ROOT, "%s %d-%d-%d, %d latents", kind.cliName(), PIXELS, hidden, hidden, latents);
    }
}
