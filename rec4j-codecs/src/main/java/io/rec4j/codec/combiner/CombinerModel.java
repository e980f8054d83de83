package io.rec4j.codec.combiner;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockPlan;
import java.nio.ByteBuffer;

/**
 * A COMBINER model: what encoder and decoder share (Guo et al., NeurIPS 2023, arXiv 2305.19185;
 * {@code docs/combiner.md}, "Prior learning", "Block partition" and "Decoding") — the INR architecture, the learned
 * factorised Gaussian prior over its flat parameter vector (means and standard deviations, stored as exact IEEE-754
 * bits), the block partition of the parameters, the shared seed, the per-block budget κ and the tile size the network
 * was trained for. Immutable.
 *
 * <h2>File</h2>
 * A rec4j container with method {@link MethodId#MODEL_FILE}. Header fields: {@code model.kind} = "combiner",
 * {@code arch.input}, {@code arch.embedding}, {@code arch.width}, {@code arch.layers}, {@code arch.outputs} (ints),
 * {@code arch.w0} (double), {@code seed} (long), {@code kappa} (int), {@code tile} (int), {@code name} (string).
 * Payload, big-endian: {@code u32} length of the block plan, the {@link BlockPlan#toBytes() plan}, then the P
 * prior means and the P prior standard deviations as IEEE-754 doubles (P = parameter count). The model id is the
 * first 16 hex digits of the SHA-256 of the whole file; coded images record it so that decoding with the wrong
 * model is refused.
 */
public final class CombinerModel {
    /** Value of the {@code model.kind} header field. */
    public static final String KIND = "combiner";

    private final SirenArchitecture architecture;
    private final DiagonalGaussian prior;
    private final BlockPlan plan;
    private final long seed;
    private final int kappa;
    private final int tile;
    private final String name;
    private volatile String id;

    /**
     * @param prior the learned prior over the P flat parameters of {@code architecture} (the coding distribution of
     *              every block)
     */
    /** Largest tile edge a model may declare (a tile's render then needs 25 MB at most). */
    public static final int MAX_TILE = 1024;
    /**
     * Largest |mean| and standard deviation of the prior: trained priors are of order one; with this bound no weight
     * a decoder draws (mean ± 40 standard deviations at most) can overflow the network to infinities or NaNs.
     */
    public static final double MAX_PRIOR_MAGNITUDE = 1e4;

    public CombinerModel(SirenArchitecture architecture, DiagonalGaussian prior, BlockPlan plan, long seed, int kappa,
                         int tile, String name) {
        int p = architecture.parameterCount();
        if (prior.dimension() != p) {
            throw new IllegalArgumentException("prior has " + prior.dimension() + " dimensions; the architecture has "
                    + p + " parameters");
        }
        if (plan.dimension() != p) {
            throw new IllegalArgumentException("block plan covers " + plan.dimension() + " parameters, not " + p);
        }
        if (kappa < 1 || kappa > 24) {
            throw new IllegalArgumentException("kappa must be in [1, 24] bits, was " + kappa);
        }
        if (tile < 1 || tile > MAX_TILE) {
            throw new IllegalArgumentException("tile size must be in [1, " + MAX_TILE + "], was " + tile);
        }
        for (int d = 0; d < p; d++) {
            if (!(Math.abs(prior.mean(d)) <= MAX_PRIOR_MAGNITUDE && prior.std(d) <= MAX_PRIOR_MAGNITUDE)) {
                throw new IllegalArgumentException("prior of parameter " + d + " is N(" + prior.mean(d) + ", "
                        + prior.std(d) + "^2); means and standard deviations must be at most " + MAX_PRIOR_MAGNITUDE
                        + " in magnitude");
            }
        }
        this.architecture = architecture;
        this.prior = prior;
        this.plan = plan;
        this.seed = seed;
        this.kappa = kappa;
        this.tile = tile;
        this.name = name;
    }

    public SirenArchitecture architecture() {
        return architecture;
    }

    /** The learned prior, the coding distribution of every block. */
    public DiagonalGaussian prior() {
        return prior;
    }

    public BlockPlan plan() {
        return plan;
    }

    public long seed() {
        return seed;
    }

    public int kappa() {
        return kappa;
    }

    public int tile() {
        return tile;
    }

    public String name() {
        return name;
    }

    /** Serialises the model as a rec4j container (see the class comment). */
    public byte[] toBytes() {
        ContainerHeader header = ContainerHeader.builder()
                .putString("model.kind", KIND)
                .putString("name", name)
                .putInt("arch.input", architecture.inputDim())
                .putInt("arch.embedding", architecture.embeddingSize())
                .putInt("arch.width", architecture.hiddenWidth())
                .putInt("arch.layers", architecture.hiddenLayers())
                .putInt("arch.outputs", architecture.outputChannels())
                .putDouble("arch.w0", architecture.w0())
                .putLong("seed", seed)
                .putInt("kappa", kappa)
                .putInt("tile", tile)
                .build();
        byte[] planBytes = plan.toBytes();
        int p = prior.dimension();
        ByteBuffer b = ByteBuffer.allocate(4 + planBytes.length + 16 * p);
        b.putInt(planBytes.length).put(planBytes);
        for (int i = 0; i < p; i++) {
            b.putLong(Double.doubleToRawLongBits(prior.mean(i)));
        }
        for (int i = 0; i < p; i++) {
            b.putLong(Double.doubleToRawLongBits(prior.std(i)));
        }
        return Container.of(MethodId.MODEL_FILE, header, b.array()).toBytes();
    }

    /**
     * Parses a model file.
     *
     * @throws Rec4jDataException if the bytes are not a valid COMBINER model (damaged container, another kind of
     *         file, inconsistent sizes or invalid values)
     */
    public static CombinerModel fromBytes(byte[] bytes) {
        Container c = Container.parse(bytes);
        if (!c.methodId().equals(MethodId.MODEL_FILE)) {
            throw new Rec4jDataException("not a model file: the container holds " + c.methodId());
        }
        ContainerHeader h = c.header();
        if (!h.contains("model.kind") || !KIND.equals(h.getString("model.kind"))) {
            throw new Rec4jDataException("not a COMBINER model: model.kind is "
                    + (h.contains("model.kind") ? "'" + h.getString("model.kind") + "'" : "missing"));
        }
        try {
            SirenArchitecture arch = new SirenArchitecture(h.getInt("arch.input"), h.getInt("arch.embedding"),
                    h.getInt("arch.width"), h.getInt("arch.layers"), h.getInt("arch.outputs"), h.getDouble("arch.w0"));
            ByteBuffer b = c.payloadBuffer();
            BlockPlan plan = BlockPlan.readLengthPrefixed(b);
            long p = arch.parameterCount();
            if (b.remaining() != 16 * p) {
                throw new Rec4jDataException("prior section has " + b.remaining() + " bytes; expected 16 x " + p);
            }
            double[] mean = new double[(int) p];
            double[] std = new double[(int) p];
            for (int i = 0; i < p; i++) {
                mean[i] = Double.longBitsToDouble(b.getLong());
            }
            for (int i = 0; i < p; i++) {
                std[i] = Double.longBitsToDouble(b.getLong());
            }
            return new CombinerModel(arch, DiagonalGaussian.of(mean, std), plan, h.getLong("seed"), h.getInt("kappa"), h.getInt("tile"),
                    h.getString("name"));
        } catch (IllegalArgumentException e) {
            throw new Rec4jDataException("invalid COMBINER model: " + e.getMessage(), e);
        }
    }

    /** The model id: the first 16 hex digits of the SHA-256 of {@link #toBytes()} (computed once). */
    public String id() {
        String i = id;
        if (i == null) {
            i = Container.contentId(toBytes());
            id = i;
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CombinerModel m && m.architecture.equals(architecture) && m.prior.equals(prior)
                && m.plan.equals(plan) && m.seed == seed && m.kappa == kappa
                && m.tile == tile && m.name.equals(name);
    }

    @Override
    public int hashCode() {
        return 31 * prior.hashCode() + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "CombinerModel[" + name + ", " + architecture + ", blocks=" + plan.blockCount() + ", kappa=" + kappa + "]";
    }
}
