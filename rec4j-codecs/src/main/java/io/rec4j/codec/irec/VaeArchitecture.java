package io.rec4j.codec.irec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of an iREC variational autoencoder for 28×28 greyscale images (G. Flamich, M. Havasi,
 * J. M. Hernández-Lobato, "Compressing images by encoding their latent representations with relative entropy coding",
 * NeurIPS 2020, arXiv 2010.01185; the MNIST model of its code, an MLP 784-h-h with tanh units): encoder
 * {@code 784 → h → h → 2L} (posterior mean and the logit of the posterior scale of each of the L latents), decoder
 * {@code L → h → h → 2·784} (location and log-scale of each pixel's discretised logistic). See {@code docs/irec.md}.
 *
 * <p>Weight tensors are stored {@code [in, out]}, row-major: output {@code j} of a layer is
 * {@code b_j + Σ_i x_i·W[i][j]}, summed in increasing {@code i}.
 *
 * @param kind    the network family (only {@link Kind#MLP} is defined in this format revision)
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

    /** The network family. */
    public enum Kind {
        /** Fully connected layers with tanh units. */
        MLP(1);

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
            throw new IllegalArgumentException("unknown VAE architecture '" + name + "'; expected mlp");
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

    /** The tensors in file order: encoder (e1, e2, e3), then decoder (d1, d2, d3), weight then bias. */
    public List<Tensor> tensors() {
        List<Tensor> t = new ArrayList<>(12);
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
        return String.format(Locale.ROOT, "%s %d-%d-%d, %d latents", kind.cliName(), PIXELS, hidden, hidden, latents);
    }
}
