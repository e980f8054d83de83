package io.rec4j.codec.recombiner;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockPlan;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A RECOMBINER model: everything encoder and decoder share (He, Flamich, Guo, Hernández-Lobato, ICLR 2024,
 * arXiv 2309.17182, §3 and Alg. 1; {@code docs/recombiner.md}, "Model file") — the architecture, the learned network
 * (matrices {@code A^[l]} and upsampler φ), the factorised Gaussian prior over one row's latents
 * {@code [h_w, h_z]}, the average raw std ρ of the training posteriors (where test-time inference starts), the
 * block partition of the latents, the shared seed, the per-block budget κ and the final training β. Immutable.
 *
 * <p>A patched model ({@link RecombinerArchitecture#levels()} = 3) has three levels, each with its own prior, initial
 * ρ and block plan: level 1 over a patch's {@code [h1_w, h_z]}, level 2 over a group's {@code h2}, level 3 over the
 * signal's {@code h3}.
 *
 * <h2>File</h2>
 * A rec4j container (format version 1) with method {@link MethodId#MODEL_FILE}. Header fields: {@code model.kind} =
 * "recombiner", {@code name} (string), the fifteen sizes of {@link RecombinerArchitecture} as ints named
 * {@code arch.<component>}, {@code seed} (long), {@code kappa} (int), {@code beta} (double), and for audio models
 * {@code signal.rate} (int, samples per second). Payload, big-endian:
 * {@code u32} length of the block plan, the {@link BlockPlan#toBytes() plan}, the network's
 * {@link RecombinerNetwork#parameterCount} values as IEEE-754 <em>float32</em> (it is trained in float32, so
 * nothing is lost; the decoder computes with them as doubles), then the P prior means, the P prior standard
 * deviations and the P initial raw stds as IEEE-754 doubles; a patched model continues with levels 2 and 3, each as
 * its {@code u32} plan length, plan, and {@code dim h_w} prior means, prior stds and initial raw stds. The model id is the first 16 hex digits of the SHA-256
 * of the whole file; coded signals record it so that decoding with another model is refused.
 *
 * <p>A file may leave its network out and name it instead ({@link #toBytesSharingNetwork()}, header field
 * {@code network.shared} = {@link #networkId()}); it is then read together with a model holding that network. The
 * id is always that of the full file.
 */
public final class RecombinerModel {
    /** Value of the {@code model.kind} header field. */
    public static final String KIND = "recombiner";
    /** Largest |value| of any prior mean, prior std or network parameter (trained values are far below). */
    public static final double MAX_MAGNITUDE = 1e4;
    /** Header field of a file that leaves its network out ({@link #toBytesSharingNetwork()}). */
    static final String SHARED_NETWORK = "network.shared";
    /** Header field of an audio model's sample rate. */
    static final String SAMPLE_RATE = "signal.rate";

    private final String name;
    private final RecombinerArchitecture architecture;
    private final float[] network;
    /** Level 1 (patches, or the whole signal), then with patches level 2 (groups) and level 3 (the signal). */
    private final List<Level> levels;
    private final long seed;
    private final int kappa;
    private final double beta;
    private volatile RecombinerNetwork decoded;
    private volatile RecombinerRenderer renderer;
    private volatile String id;
    private volatile String networkId;
    private volatile RecombinerLayout layout;
    /** Samples per second of an audio model's training audio; 0 for other signals. */
    private final int sampleRate;

    /**
     * One level of the hierarchy: what every row of the level shares.
     *
     * @param prior   prior over one row's latents, the coding distribution of every block
     * @param initRho per latent, the raw std ρ where test-time inference starts (σ = softplus(ρ)/6)
     * @param plan    blocks over the row's latents
     */
    public record Level(DiagonalGaussian prior, double[] initRho, BlockPlan plan) {
        public Level {
            Objects.requireNonNull(prior, "prior");
            Objects.requireNonNull(plan, "plan");
            initRho = initRho.clone();
            if (prior.dimension() != initRho.length || plan.dimension() != initRho.length) {
                throw new IllegalArgumentException("prior, initial ρ and plan must cover the same latents (prior "
                        + prior.dimension() + ", ρ " + initRho.length + ", plan " + plan.dimension() + ")");
            }
            for (int d = 0; d < initRho.length; d++) {
                if (!(Math.abs(prior.mean(d)) <= MAX_MAGNITUDE && prior.std(d) <= MAX_MAGNITUDE
                        && Math.abs(initRho[d]) <= MAX_MAGNITUDE)) {
                    throw new IllegalArgumentException("latent " + d + ": prior N(" + prior.mean(d) + ", "
                            + prior.std(d) + "^2), initial ρ " + initRho[d] + "; magnitudes must be at most "
                            + MAX_MAGNITUDE);
                }
            }
        }

        @Override
        public double[] initRho() {
            return initRho.clone();
        }

        /** Latents of one row of the level. */
        public int dimension() {
            return initRho.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Level l && l.prior.equals(prior) && Arrays.equals(l.initRho, initRho)
                    && l.plan.equals(plan);
        }

        @Override
        public int hashCode() {
            return 31 * prior.hashCode() + plan.hashCode();
        }
    }

    /**
     * An unpatched model: one level.
     *
     * @param network the network's parameters ({@link RecombinerNetwork#fromParameters} order)
     * @param prior   prior over one row's latents {@code [h_w, h_z]}, the coding distribution of every block
     * @param initRho per latent, the raw std ρ where test-time inference starts (σ = softplus(ρ)/6)
     * @param plan    blocks over the latents
     * @param beta    the final training β (where per-block β control starts)
     */
    public RecombinerModel(String name, RecombinerArchitecture architecture, float[] network, DiagonalGaussian prior,
                           double[] initRho, BlockPlan plan, long seed, int kappa, double beta) {
        this(name, architecture, network, List.of(new Level(prior, initRho, plan)), seed, kappa, beta);
    }

    /**
     * A model of any architecture.
     *
     * @param levels {@link RecombinerArchitecture#levels()} levels: level 1 over a patch's {@code [h1_w, h_z]}, then
     *               with patches level 2 (a group's {@code h2}) and level 3 (the signal's {@code h3}), each over
     *               {@code dim h_w} latents
     */
    public RecombinerModel(String name, RecombinerArchitecture architecture, float[] network, List<Level> levels,
                           long seed, int kappa, double beta) {
        this(name, architecture, network, levels, seed, kappa, beta, 0);
    }

    private RecombinerModel(String name, RecombinerArchitecture architecture, float[] network, List<Level> levels,
                            long seed, int kappa, double beta, int sampleRate) {
        if (sampleRate < 0 || sampleRate > 1_000_000 || (sampleRate > 0 && architecture.inputDim() != 1)) {
            throw new IllegalArgumentException("a sample rate (1..1000000) belongs to 1-D models only, was "
                    + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.name = Objects.requireNonNull(name, "name");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        if (levels.size() != architecture.levels()) {
            throw new IllegalArgumentException("the architecture has " + architecture.levels() + " levels, got "
                    + levels.size());
        }
        for (int l = 0; l < levels.size(); l++) {
            int want = levelDimension(architecture, l);
            if (levels.get(l).dimension() != want) {
                throw new IllegalArgumentException("level " + (l + 1) + " must cover " + want + " latents, got "
                        + levels.get(l).dimension());
            }
        }
        long n = RecombinerNetwork.parameterCount(architecture);
        if (network.length != n) {
            throw new IllegalArgumentException("network has " + network.length + " values; the architecture needs "
                    + n);
        }
        for (int i = 0; i < network.length; i++) {
            if (!(Math.abs(network[i]) <= MAX_MAGNITUDE)) {
                throw new IllegalArgumentException("network value " + i + " is " + network[i]
                        + "; values must be finite and at most " + MAX_MAGNITUDE + " in magnitude");
            }
        }
        if (kappa < 1 || kappa > 24) {
            throw new IllegalArgumentException("kappa must be in [1, 24] bits, was " + kappa);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, was " + beta);
        }
        this.network = network.clone();
        this.levels = List.copyOf(levels);
        this.seed = seed;
        this.kappa = kappa;
        this.beta = beta;
    }

    /** Latents per row of level 1: {@code weightLatentCount + gridLatentCount}. */
    public static int latentCount(RecombinerArchitecture arch) {
        return arch.weightLatentCount() + arch.gridLatentCount();
    }

    /** Latents per row of level {@code l} (0-based): level 1 {@code [h1_w, h_z]}, levels 2 and 3 {@code dim h_w}. */
    public static int levelDimension(RecombinerArchitecture arch, int l) {
        return l == 0 ? latentCount(arch) : arch.weightLatentCount();
    }

    /** Rows of level {@code l} (0-based) in one signal: patches, groups, 1. */
    public static int levelRows(RecombinerArchitecture arch, int l) {
        return l == 0 ? arch.patchCount() : l == 1 ? arch.groupCount() : 1;
    }

    /** This model with the sample rate of its training audio (1-D models; 0 = none). */
    public RecombinerModel withSampleRate(int rate) {
        return new RecombinerModel(name, architecture, network, levels, seed, kappa, beta, rate);
    }

    /** Samples per second of an audio model's training audio; 0 when not recorded (and for images). */
    public int sampleRate() {
        return sampleRate;
    }

    /** Where the coded rows sit in a signal's flat latent vector (built once). */
    public RecombinerLayout layout() {
        RecombinerLayout l = layout;
        if (l == null) {
            l = RecombinerLayout.of(this);
            layout = l;
        }
        return l;
    }

    /** The levels, level 1 first. */
    public List<Level> levels() {
        return levels;
    }

    public String name() {
        return name;
    }

    public RecombinerArchitecture architecture() {
        return architecture;
    }

    /** A copy of the network's parameters as stored (float32, {@link RecombinerNetwork#fromParameters} order). */
    public float[] networkFloats() {
        return network.clone();
    }

    /** The network's parameters as doubles ({@link RecombinerNetwork#fromParameters} order). */
    public double[] networkParameters() {
        double[] out = new double[network.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = network[i];
        }
        return out;
    }

    /** The decoder's network (built once). */
    public RecombinerNetwork network() {
        RecombinerNetwork n = decoded;
        if (n == null) {
            n = RecombinerNetwork.fromParameters(architecture, networkParameters());
            decoded = n;
        }
        return n;
    }

    /** The decoder's renderer (polynomial sine, φ's phase kernels computed once), built on first use. */
    public RecombinerRenderer renderer() {
        RecombinerRenderer r = renderer;
        if (r == null) {
            r = new RecombinerRenderer(network(), RecombinerCodec.SINE);
            renderer = r;
        }
        return r;
    }

    /** Level 1's prior (the whole model's, without patches). */
    public DiagonalGaussian prior() {
        return levels.get(0).prior();
    }

    /** Level 1's initial raw stds. */
    public double[] initRho() {
        return levels.get(0).initRho();
    }

    /** Level 1's plan. */
    public BlockPlan plan() {
        return levels.get(0).plan();
    }

    public long seed() {
        return seed;
    }

    public int kappa() {
        return kappa;
    }

    public double beta() {
        return beta;
    }

    /** Bits of one coded signal's block indices: {@code κ·K}. */
    public long indexBits() {
        long blocks = 0;
        for (int l = 0; l < levels.size(); l++) {
            blocks += (long) levelRows(architecture, l) * levels.get(l).plan().blockCount();
        }
        return kappa * blocks;
    }

    /** Samples of one signal (pixels of an image). */
    public int samples() {
        return architecture.signalHeight() * architecture.signalWidth();
    }

    /** Serialises the model (see the class comment). */
    public byte[] toBytes() {
        return serialise(true);
    }

    /**
     * Serialises the model without its network: the header names the network by {@link #networkId()} in the field
     * {@code network.shared} and the payload leaves the float32 values out. Such a file is read with
     * {@link #fromBytes(byte[], RecombinerModel)} and a model that holds that network; this is how models of several
     * rates that share one network are stored once ({@code docs/recombiner.md}, "Shipped models"). The model's
     * {@link #id()} is that of the full file either way.
     */
    public byte[] toBytesSharingNetwork() {
        return serialise(false);
    }

    /** The first 16 hex digits of the SHA-256 of the network's float32 values, big-endian (computed once). */
    public String networkId() {
        String i = networkId;
        if (i == null) {
            ByteBuffer b = ByteBuffer.allocate(4 * network.length);
            for (float v : network) {
                b.putInt(Float.floatToRawIntBits(v));
            }
            i = Container.contentId(b.array());
            networkId = i;
        }
        return i;
    }

    private byte[] serialise(boolean withNetwork) {
        RecombinerArchitecture a = architecture;
        ContainerHeader.Builder hb = ContainerHeader.builder()
                .putString("model.kind", KIND)
                .putString("name", name)
                .putInt("arch.inputDim", a.inputDim())
                .putInt("arch.patchHeight", a.patchHeight())
                .putInt("arch.patchWidth", a.patchWidth())
                .putInt("arch.patchRows", a.patchRows())
                .putInt("arch.patchCols", a.patchCols())
                .putInt("arch.fourierSize", a.fourierSize())
                .putInt("arch.encodingChannels", a.encodingChannels())
                .putInt("arch.hiddenWidth", a.hiddenWidth())
                .putInt("arch.hiddenLayers", a.hiddenLayers())
                .putInt("arch.outputChannels", a.outputChannels())
                .putInt("arch.latentChannels", a.latentChannels())
                .putInt("arch.upsamplerChannels", a.upsamplerChannels())
                .putInt("arch.firstUpsample", a.firstUpsample())
                .putInt("arch.groupRows", a.groupRows())
                .putInt("arch.groupCols", a.groupCols())
                .putLong("seed", seed)
                .putInt("kappa", kappa)
                .putDouble("beta", beta);
        if (!withNetwork) {
            hb.putString(SHARED_NETWORK, networkId());
        }
        if (sampleRate > 0) {
            hb.putInt(SAMPLE_RATE, sampleRate);
        }
        byte[][] planBytes = new byte[levels.size()][];
        long size = withNetwork ? 4L * network.length : 0;
        for (int l = 0; l < levels.size(); l++) {
            planBytes[l] = levels.get(l).plan().toBytes();
            size += 4 + planBytes[l].length + 24L * levels.get(l).dimension();
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size));
        b.putInt(planBytes[0].length).put(planBytes[0]);
        if (withNetwork) {
            for (float v : network) {
                b.putInt(Float.floatToRawIntBits(v));
            }
        }
        for (int l = 0; l < levels.size(); l++) {
            if (l > 0) {
                b.putInt(planBytes[l].length).put(planBytes[l]);
            }
            Level level = levels.get(l);
            int p = level.dimension();
            for (int i = 0; i < p; i++) {
                b.putLong(Double.doubleToRawLongBits(level.prior().mean(i)));
            }
            for (int i = 0; i < p; i++) {
                b.putLong(Double.doubleToRawLongBits(level.prior().std(i)));
            }
            for (double r : level.initRho) {
                b.putLong(Double.doubleToRawLongBits(r));
            }
        }
        return Container.of(MethodId.MODEL_FILE, hb.build(), b.array()).toBytes();
    }

    /** Whether a parsed model container is a RECOMBINER model. */
    public static boolean isRecombinerModel(Container c) {
        ContainerHeader h = c.header();
        return c.methodId().equals(MethodId.MODEL_FILE) && h.contains("model.kind")
                && KIND.equals(h.getString("model.kind"));
    }

    /**
     * The id of the network a model file shares ({@link #toBytesSharingNetwork()}), or null if it holds its own.
     *
     * @throws Rec4jDataException if the bytes are not a valid RECOMBINER model container
     */
    public static String sharedNetworkId(byte[] bytes) {
        Container c = Container.parse(bytes);
        if (!isRecombinerModel(c)) {
            throw new Rec4jDataException("not a RECOMBINER model file");
        }
        return c.header().contains(SHARED_NETWORK) ? c.header().getString(SHARED_NETWORK) : null;
    }

    /**
     * Parses a model file.
     *
     * @throws Rec4jDataException if the bytes are not a valid RECOMBINER model
     */
    public static RecombinerModel fromBytes(byte[] bytes) {
        return fromBytes(bytes, null);
    }

    /**
     * Parses a model file that may share its network ({@link #toBytesSharingNetwork()}): such a file takes the
     * network of {@code networkSource}, which must have the same architecture and the network the file names; a
     * file that holds its own network ignores {@code networkSource}.
     *
     * @param networkSource the model whose network a sharing file uses, or null
     * @throws Rec4jDataException if the bytes are not a valid RECOMBINER model, or the file shares a network that
     *                            {@code networkSource} does not hold
     */
    public static RecombinerModel fromBytes(byte[] bytes, RecombinerModel networkSource) {
        Container c = Container.parse(bytes);
        if (!c.methodId().equals(MethodId.MODEL_FILE)) {
            throw new Rec4jDataException("not a model file: the container holds " + c.methodId());
        }
        ContainerHeader h = c.header();
        if (!isRecombinerModel(c)) {
            throw new Rec4jDataException("not a RECOMBINER model: model.kind is "
                    + (h.contains("model.kind") ? "'" + h.getString("model.kind") + "'" : "missing"));
        }
        try {
            RecombinerArchitecture arch = new RecombinerArchitecture(h.getInt("arch.inputDim"),
                    h.getInt("arch.patchHeight"), h.getInt("arch.patchWidth"), h.getInt("arch.patchRows"),
                    h.getInt("arch.patchCols"), h.getInt("arch.fourierSize"), h.getInt("arch.encodingChannels"),
                    h.getInt("arch.hiddenWidth"), h.getInt("arch.hiddenLayers"), h.getInt("arch.outputChannels"),
                    h.getInt("arch.latentChannels"), h.getInt("arch.upsamplerChannels"),
                    h.getInt("arch.firstUpsample"), h.getInt("arch.groupRows"), h.getInt("arch.groupCols"));
            ByteBuffer b = c.payloadBuffer();
            BlockPlan plan = BlockPlan.readLengthPrefixed(b);
            long n = RecombinerNetwork.parameterCount(arch);
            long p = latentCount(arch);
            boolean shared = h.contains(SHARED_NETWORK);
            if (shared) {
                String want = h.getString(SHARED_NETWORK);
                if (networkSource == null) {
                    throw new Rec4jDataException("this model file leaves out its network, which it shares with"
                            + " another model (network " + want + "); load it together with that model");
                }
                if (!networkSource.architecture.equals(arch) || !networkSource.networkId().equals(want)) {
                    throw new Rec4jDataException("this model file shares network " + want + "; the model given"
                            + " for it (" + networkSource.name + ") holds network " + networkSource.networkId());
                }
            }
            long networkBytes = shared ? 0 : 4 * n;
            if (arch.levels() == 1 && b.remaining() != networkBytes + 24 * p) {
                throw new Rec4jDataException("model payload has " + b.remaining() + " bytes after the plan; the"
                        + " architecture needs " + (networkBytes + 24 * p));
            }
            if (b.remaining() < networkBytes + 24 * p) {
                throw new Rec4jDataException("model payload has " + b.remaining() + " bytes after the plan; the"
                        + " architecture needs at least " + (networkBytes + 24 * p));
            }
            float[] network;
            if (shared) {
                network = networkSource.network;
            } else {
                network = new float[(int) n];
                for (int i = 0; i < n; i++) {
                    network[i] = Float.intBitsToFloat(b.getInt());
                }
            }
            List<Level> levels = new ArrayList<>();
            for (int l = 0; l < arch.levels(); l++) {
                if (l > 0) {
                    plan = BlockPlan.readLengthPrefixed(b);
                }
                int d = levelDimension(arch, l);
                if (b.remaining() < 24L * d) {
                    throw new Rec4jDataException("model payload ends inside level " + (l + 1) + ": "
                            + b.remaining() + " bytes left, it needs " + 24L * d);
                }
                double[][] v = new double[3][d];
                for (double[] part : v) {
                    for (int i = 0; i < d; i++) {
                        part[i] = Double.longBitsToDouble(b.getLong());
                    }
                }
                levels.add(new Level(DiagonalGaussian.of(v[0], v[1]), v[2], plan));
            }
            if (b.hasRemaining()) {
                throw new Rec4jDataException("model payload has " + b.remaining() + " bytes after its last level");
            }
            return new RecombinerModel(h.getString("name"), arch, network, levels, h.getLong("seed"),
                    h.getInt("kappa"), h.getDouble("beta"), h.contains(SAMPLE_RATE) ? h.getInt(SAMPLE_RATE) : 0);
        } catch (IllegalArgumentException e) {
            throw new Rec4jDataException("invalid RECOMBINER model: " + e.getMessage(), e);
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
        return o instanceof RecombinerModel m && m.name.equals(name) && m.architecture.equals(architecture)
                && Arrays.equals(m.network, network) && m.levels.equals(levels) && m.seed == seed && m.kappa == kappa
                && m.sampleRate == sampleRate
                && Double.compare(m.beta, beta) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * levels.hashCode() + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "RecombinerModel[" + name + ", " + architecture.signalHeight() + "x" + architecture.signalWidth()
                + ", blocks=" + plan().blockCount() + ", kappa=" + kappa + "]";
    }
}
