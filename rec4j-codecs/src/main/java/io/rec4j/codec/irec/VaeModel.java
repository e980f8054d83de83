package io.rec4j.codec.irec;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A trained iREC variational autoencoder: its architecture, float32 weights and what the codec shares with every
 * file coded with it (the seed of the shared randomness, the per-latent KL statistics of the training set).
 *
 * <h2>File format ({@code .r4m})</h2>
 * A rec4j container (format version 1) with method {@link MethodId#MODEL_FILE}. Header fields: {@code model.kind} =
 * {@value #KIND}, {@code name}, {@code arch} (int, {@link VaeArchitecture.Kind#id()}), {@code latents},
 * {@code hidden} (ints), {@code seed} (long), {@code beta} (double, the β of the β-ELBO it was trained with),
 * {@code kl.bits} (bytes: one IEEE-754 double per latent, big-endian: the mean KL of each latent's posterior from its
 * prior over the training images, in bits), {@code train.bpd} and {@code test.bpd} (doubles: the negative ELBO in bits
 * per dimension measured after training; informational). Payload: the tensors of
 * {@link VaeArchitecture#tensors()} in order, float32 big-endian, every value finite. The model's id is the first
 * eight bytes of the SHA-256 of the file ({@link Container#contentId}); coded files name their model by it.
 */
public final class VaeModel {
    /** Value of the {@code model.kind} header field. */
    public static final String KIND = "irec-vae";

    private final String name;
    private final VaeArchitecture arch;
    private final float[][] weights;
    private final long seed;
    private final double beta;
    private final double[] klBits;
    private final double trainBpd;
    private final double testBpd;
    /** The model file, serialised once: the id, equality and every coded file's model check come from it. */
    private final byte[] file;
    private final String id;

    /**
     * A model, its weights and statistics copied.
     *
     * @param name    a name for listings
     * @param arch    the architecture
     * @param weights one array per tensor of {@link VaeArchitecture#tensors()}
     * @param seed    the root of the shared randomness of every file coded with this model
     * @param beta    the β it was trained with (1 = the ELBO)
     * @param klBits  mean KL per latent over the training images, bits (sizes the exact methods' index codes)
     * @param trainBpd negative ELBO on the training images, bits per dimension (NaN if not measured)
     * @param testBpd  negative ELBO on held-out images, bits per dimension (NaN if not measured)
     * @throws IllegalArgumentException for shapes that do not match {@code arch}, non-finite weights, or invalid
     *         statistics
     */
    public VaeModel(String name, VaeArchitecture arch, float[][] weights, long seed, double beta, double[] klBits,
                    double trainBpd, double testBpd) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
        List<VaeArchitecture.Tensor> t = arch.tensors();
        if (weights.length != t.size()) {
            throw new IllegalArgumentException("expected " + t.size() + " tensors, got " + weights.length);
        }
        float[][] copy = new float[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].length != t.get(i).size()) {
                throw new IllegalArgumentException("tensor " + t.get(i).name() + " has " + weights[i].length
                        + " values; expected " + t.get(i).size());
            }
            for (float v : weights[i]) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("tensor " + t.get(i).name() + " holds " + v);
                }
            }
            copy[i] = weights[i].clone();
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("β must be finite and positive, was " + beta);
        }
        if (klBits.length != arch.latents()) {
            throw new IllegalArgumentException("need one KL per latent (" + arch.latents() + "), got " + klBits.length);
        }
        for (double k : klBits) {
            if (!(k >= 0) || Double.isInfinite(k)) {
                throw new IllegalArgumentException("per-latent KLs must be finite and non-negative, got " + k);
            }
        }
        this.name = name;
        this.arch = arch;
        this.weights = copy;
        this.seed = seed;
        this.beta = beta;
        this.klBits = klBits.clone();
        this.trainBpd = trainBpd;
        this.testBpd = testBpd;
        this.file = serialise();
        this.id = Container.contentId(file);
    }

    public String name() {
        return name;
    }

    public VaeArchitecture arch() {
        return arch;
    }

    public long seed() {
        return seed;
    }

    public double beta() {
        return beta;
    }

    public double trainBpd() {
        return trainBpd;
    }

    public double testBpd() {
        return testBpd;
    }

    /** A copy of the weights, one array per tensor. */
    public float[][] weights() {
        float[][] c = new float[weights.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = weights[i].clone();
        }
        return c;
    }

    /** Tensor {@code i}, not copied: callers must not modify it. */
    float[] tensor(int i) {
        return weights[i];
    }

    /** A copy of the mean KL per latent over the training images, bits. */
    public double[] klBits() {
        return klBits.clone();
    }

    /** The mean KL of the whole latent over the training images, bits. */
    public double totalKlBits() {
        double s = 0;
        for (double k : klBits) {
            s += k;
        }
        return s;
    }

    /** The same model under another name. */
    public VaeModel withName(String newName) {
        return new VaeModel(newName, arch, weights, seed, beta, klBits, trainBpd, testBpd);
    }

    /** The model file. */
    public byte[] toBytes() {
        return file.clone();
    }

    private byte[] serialise() {
        ByteBuffer kl = ByteBuffer.allocate(8 * klBits.length);
        for (double k : klBits) {
            kl.putDouble(k);
        }
        ContainerHeader h = ContainerHeader.builder()
                .putString("model.kind", KIND)
                .putString("name", name)
                .putInt("arch", arch.kind().id())
                .putInt("latents", arch.latents())
                .putInt("hidden", arch.hidden())
                .putLong("seed", seed)
                .putDouble("beta", beta)
                .putBytes("kl.bits", kl.array())
                .putDouble("train.bpd", trainBpd)
                .putDouble("test.bpd", testBpd)
                .build();
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(4 * arch.parameterCount()));
        for (float[] w : weights) {
            for (float v : w) {
                b.putFloat(v);
            }
        }
        return Container.of(MethodId.MODEL_FILE, h, b.array()).toBytes();
    }

    /** The model's id: the first 8 bytes of the SHA-256 of its file, in hex. */
    public String id() {
        return id;
    }

    /** The model's id as 8 bytes, as coded files store it. */
    public byte[] idBytes() {
        return HexFormat.of().parseHex(id());
    }

    /** Whether {@code c} is an iREC model file. */
    public static boolean isModel(Container c) {
        return c.methodId().equals(MethodId.MODEL_FILE) && c.header().contains("model.kind")
                && KIND.equals(c.header().getString("model.kind"));
    }

    /**
     * Reads a model file.
     *
     * @throws io.rec4j.core.container.ContainerFormatException if the bytes are not an intact container
     * @throws Rec4jDataException if the container is not a valid iREC model
     */
    public static VaeModel fromBytes(byte[] file) {
        Container c = Container.parse(file);
        ContainerHeader h = c.header();
        if (!c.methodId().equals(MethodId.MODEL_FILE)) {
            throw new Rec4jDataException("not a model file: the container holds " + c.methodId());
        }
        if (!isModel(c)) {
            throw new Rec4jDataException("not an iREC model: model.kind is "
                    + (h.contains("model.kind") ? "'" + h.getString("model.kind") + "'" : "missing"));
        }
        try {
            VaeArchitecture.Kind kind = VaeArchitecture.Kind.byId(h.getInt("arch"));
            if (kind == null) {
                throw new Rec4jDataException("unknown iREC VAE architecture id " + h.getInt("arch"));
            }
            VaeArchitecture arch = new VaeArchitecture(kind, h.getInt("latents"), h.getInt("hidden"));
            byte[] kl = h.getBytes("kl.bits");
            if (kl.length != 8L * arch.latents()) {
                throw new Rec4jDataException("kl.bits holds " + kl.length + " bytes; expected 8 per latent");
            }
            double[] klBits = new double[arch.latents()];
            ByteBuffer kb = ByteBuffer.wrap(kl);
            for (int i = 0; i < klBits.length; i++) {
                klBits[i] = kb.getDouble();
            }
            byte[] p = c.payload();
            if (p.length != 4 * arch.parameterCount()) {
                throw new Rec4jDataException("the model payload has " + p.length + " bytes; " + arch.describe()
                        + " needs " + 4 * arch.parameterCount());
            }
            ByteBuffer b = ByteBuffer.wrap(p);
            List<VaeArchitecture.Tensor> tensors = arch.tensors();
            float[][] w = new float[tensors.size()][];
            for (int i = 0; i < w.length; i++) {
                w[i] = new float[tensors.get(i).size()];
                for (int j = 0; j < w[i].length; j++) {
                    w[i][j] = b.getFloat();
                }
            }
            return new VaeModel(h.getString("name"), arch, w, h.getLong("seed"), h.getDouble("beta"), klBits,
                    h.getDouble("train.bpd"), h.getDouble("test.bpd"));
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            throw new Rec4jDataException("invalid iREC model: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaeModel m && Arrays.equals(file, m.file);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "VaeModel[" + name + ", " + arch.describe() + "]";
    }
}
