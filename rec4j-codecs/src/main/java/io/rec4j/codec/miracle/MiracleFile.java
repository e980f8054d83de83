package io.rec4j.codec.miracle;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerFormatException;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockCoder;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.core.rec.plan.CodingOrder;
import io.rec4j.core.rec.plan.FixedSizePlanner;
import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * A MIRACLE-compressed network (Havasi, Peharz, Hernández-Lobato, ICLR 2019, arXiv 1810.00440; with the Mean-KL
 * parameterisation of Lin, Flamich, Hernández-Lobato, arXiv 2307.07816): the file format and its pure-Java decoder
 * ({@code docs/miracle.md}, "File format").
 *
 * <p>A compact container (format version 2, {@link MethodId#MIRACLE}, empty header) whose payload is, revision 1:
 * <pre>
 *   u8      revision            1
 *   u8      architecture        {@link MiracleArchitecture#id()}: 1 = LeNet-300-100, 2 = LeNet-5
 *   u8      parameterisation    0 = Mean-Var, 1 = Mean-KL (how the posterior was trained; the decoder ignores it)
 *   u8      C                   bits per block (the local coding goal), 1..{@value #MAX_BLOCK_BITS}
 *   varint  b                   block size, 1..V (V = the architecture's coded variables); B = ⌈V/b⌉ blocks
 *   varint  seed                64 bits, unsigned LEB128
 *   f32 × T σ_p                 the coding distribution's scale per weight tensor, IEEE-754 big-endian, finite, &gt; 0
 *   bits    B × C               block indices, most significant bit first, zero-padded to a byte
 * </pre>
 * Decoding ({@link #decode}): the plan is {@link FixedSizePlanner}{@code (b)} over the V variables under
 * {@code root.derive(1)}; block {@code k}'s candidates are those of {@link OrderedRandomCoding#mrc minimal random
 * coding} with budget C under {@code root.derive(2).derive(k)} ({@link BlockCoder}), with the coding distribution
 * {@code N(0, σ_p²)} of each variable's tensor; the hash signs come from {@code root.derive(3)}
 * ({@link WeightHashing}). {@code root} is {@code SharedRandomness.fromSeed(seed, ZIGGURAT)}. The file costs
 * {@code 13 + 4 + ⌈B·C/8⌉ + 4T + (bytes of b and seed)} bytes in all (13 of container framing and checksum).
 */
public final class MiracleFile {
    /** The payload revision written. */
    public static final int REVISION = 1;
    /** Largest budget per block: 2^24 candidates. */
    public static final int MAX_BLOCK_BITS = OrderedRandomCoding.MAX_TABLE_BITS;
    static final long PLAN_LABEL = 1;
    static final long BLOCK_LABEL = 2;
    static final long HASH_LABEL = 3;

    /** How the posterior was parameterised in training (recorded for {@code info}; decoding does not depend on it). */
    public enum Parameterisation {
        /** Mean and variance per weight, per-block KL penalties annealed toward the budget (MIRACLE). */
        MEAN_VAR("mean-var"),
        /** Mean and KL share per weight, every block's KL exactly the budget (Mean-KL). */
        MEAN_KL("mean-kl");

        private final String cli;

        Parameterisation(String cli) {
            this.cli = cli;
        }

        /** The name on the command line. */
        public String cliName() {
            return cli;
        }

        /** The parameterisation called {@code name} ({@code mean-var} or {@code mean-kl}). */
        public static Parameterisation byName(String name) {
            for (Parameterisation p : values()) {
                if (p.cli.equals(name.toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown parameterisation '" + name + "'; expected mean-var or mean-kl");
        }
    }

    /**
     * Everything a file says but the indices.
     *
     * @param arch       the network
     * @param param      how it was trained
     * @param blockBits  C, bits per block
     * @param blockSize  b, variables per block (the last block may be shorter)
     * @param seed       the shared seed
     * @param priorScale σ_p per tensor (float32 values: the decoder uses exactly these)
     */
    public record Header(MiracleArchitecture arch, Parameterisation param, int blockBits, int blockSize, long seed,
                         float[] priorScale) {
        public Header {
            if (blockBits < 1 || blockBits > MAX_BLOCK_BITS) {
                throw new IllegalArgumentException("bits per block must be in [1, " + MAX_BLOCK_BITS + "], was "
                        + blockBits);
            }
            if (blockSize < 1 || blockSize > arch.variableCount()) {
                throw new IllegalArgumentException("block size must be in [1, " + arch.variableCount() + "], was "
                        + blockSize);
            }
            if (priorScale.length != arch.tensors().size()) {
                throw new IllegalArgumentException("need one prior scale per tensor (" + arch.tensors().size()
                        + "), got " + priorScale.length);
            }
            for (float s : priorScale) {
                if (!(s > 0) || Float.isInfinite(s)) {
                    throw new IllegalArgumentException("prior scales must be finite and positive, got " + s);
                }
            }
            priorScale = priorScale.clone();
        }

        @Override
        public float[] priorScale() {
            return priorScale.clone();
        }

        /** Number of blocks B = ⌈V/b⌉. */
        public int blockCount() {
            return (arch.variableCount() + blockSize - 1) / blockSize;
        }

        /** Bits of the block indices: B·C. */
        public long indexBits() {
            return (long) blockCount() * blockBits;
        }

        /** The root of the shared randomness. */
        public SharedRandomness shared() {
            return SharedRandomness.fromSeed(seed, NormalGenerator.ZIGGURAT);
        }

        /** The block plan. */
        public BlockPlan plan() {
            return new FixedSizePlanner(blockSize).plan(arch.variableCount(), shared().derive(PLAN_LABEL));
        }

        /** The coding distribution of the variables: {@code N(0, σ_p(tensor)²)}. */
        public DiagonalGaussian codingDistribution() {
            int[] tensorOf = arch.tensorOfVariable();
            double[] mean = new double[tensorOf.length];
            double[] std = new double[tensorOf.length];
            for (int i = 0; i < std.length; i++) {
                std[i] = priorScale[tensorOf[i]];
            }
            return DiagonalGaussian.of(mean, std);
        }

        /** The block coder: MRC with budget C for every block, in plan order. */
        public BlockCoder coder() {
            return BlockCoder.of(plan(), OrderedRandomCoding.mrc(blockBits)).withOrder(CodingOrder.PLAN);
        }

        /** The randomness the block coder uses. */
        public SharedRandomness blockRandomness() {
            return shared().derive(BLOCK_LABEL);
        }

        /** The hash signs. */
        public WeightHashing hashing() {
            return new WeightHashing(arch, shared().derive(HASH_LABEL));
        }
    }

    /** A parsed file: the header and the message of block indices. */
    public record Parsed(Header header, byte[] message) {
    }

    private MiracleFile() {
    }

    /**
     * The file for {@code header} and its message ({@code B·C} bits as {@link BlockCoder#encode} writes them).
     *
     * @throws IllegalArgumentException if the message is not {@code ⌈B·C/8⌉} bytes
     */
    public static byte[] write(Header header, byte[] message) {
        long bytes = (header.indexBits() + 7) / 8;
        if (message.length != bytes) {
            throw new IllegalArgumentException("the message of " + header.blockCount() + " blocks of "
                    + header.blockBits() + " bits has " + bytes + " bytes, got " + message.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(REVISION);
        out.write(header.arch().id());
        out.write(header.param().ordinal());
        out.write(header.blockBits());
        varint(out, header.blockSize());
        varint(out, header.seed());
        for (float s : header.priorScale) {
            int bits = Float.floatToRawIntBits(s);
            out.write(bits >>> 24);
            out.write(bits >>> 16);
            out.write(bits >>> 8);
            out.write(bits);
        }
        out.write(message, 0, message.length);
        return Container.compact(MethodId.MIRACLE, ContainerHeader.empty(), out.toByteArray()).toBytes();
    }

    /** Whether {@code c} is a MIRACLE file. */
    public static boolean isMiracle(Container c) {
        return c.methodId().equals(MethodId.MIRACLE);
    }

    /**
     * Parses a file.
     *
     * @throws ContainerFormatException if the bytes are not an intact container
     * @throws Rec4jDataException       if the container is not a valid MIRACLE file
     */
    public static Parsed parse(byte[] file) {
        Container c = Container.parse(file);
        if (!isMiracle(c)) {
            throw new Rec4jDataException("not a MIRACLE file: the container holds " + c.methodId());
        }
        byte[] p = c.payload();
        int[] at = {0};
        int revision = u8(p, at);
        if (revision != REVISION) {
            throw new Rec4jDataException("MIRACLE payload revision " + revision + " is not supported (this rec4j reads "
                    + REVISION + ")" + (revision > REVISION ? "; it was written by a newer rec4j" : ""));
        }
        int archId = u8(p, at);
        MiracleArchitecture arch = MiracleArchitecture.byId(archId);
        if (arch == null) {
            throw new Rec4jDataException("unknown MIRACLE architecture " + archId);
        }
        int param = u8(p, at);
        if (param >= Parameterisation.values().length) {
            throw new Rec4jDataException("unknown MIRACLE parameterisation " + param);
        }
        int c0 = u8(p, at);
        long b = readVarint(p, at);
        long seed = readVarint(p, at);
        if (c0 < 1 || c0 > MAX_BLOCK_BITS) {
            throw new Rec4jDataException("bits per block " + c0 + " outside [1, " + MAX_BLOCK_BITS + "]");
        }
        if (b < 1 || b > arch.variableCount()) {
            throw new Rec4jDataException("block size " + b + " outside [1, " + arch.variableCount() + "]");
        }
        float[] scales = new float[arch.tensors().size()];
        for (int t = 0; t < scales.length; t++) {
            need(p, at[0], 4);
            scales[t] = Float.intBitsToFloat((p[at[0]] & 0xFF) << 24 | (p[at[0] + 1] & 0xFF) << 16
                    | (p[at[0] + 2] & 0xFF) << 8 | (p[at[0] + 3] & 0xFF));
            at[0] += 4;
            if (!(scales[t] > 0) || Float.isInfinite(scales[t])) {
                throw new Rec4jDataException("prior scale of " + arch.tensors().get(t).name() + " is " + scales[t]
                        + ", not finite and positive");
            }
        }
        Header h = new Header(arch, Parameterisation.values()[param], c0, (int) b, seed, scales);
        long bytes = (h.indexBits() + 7) / 8;
        if (p.length - at[0] != bytes) {
            throw new Rec4jDataException("the payload holds " + (p.length - at[0]) + " bytes of block indices; "
                    + h.blockCount() + " blocks of " + c0 + " bits need " + bytes);
        }
        byte[] message = java.util.Arrays.copyOfRange(p, at[0], p.length);
        int padBits = (int) (8 * bytes - h.indexBits());
        if (padBits > 0 && (message[message.length - 1] & ((1 << padBits) - 1)) != 0) {
            throw new Rec4jDataException("the padding after the last block index is not zero");
        }
        return new Parsed(h, message);
    }

    /** The header of a file. */
    public static Header header(byte[] file) {
        return parse(file).header();
    }

    /** The coded variables of a parsed file: every block's candidate, regenerated bit for bit. */
    public static double[] decodeVariables(Parsed f) {
        Header h = f.header();
        try {
            return h.coder().decode(h.codingDistribution(), h.blockRandomness(), new BitReader(f.message()));
        } catch (CorruptStreamException e) {
            throw new Rec4jDataException("damaged MIRACLE block indices: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a file into its network.
     *
     * @throws ContainerFormatException if the bytes are not an intact container
     * @throws Rec4jDataException       if the container is not a valid MIRACLE file
     */
    public static MiracleNetwork decode(byte[] file) {
        Parsed f = parse(file);
        return new MiracleNetwork(f.header().arch(), f.header().hashing().expand(decodeVariables(f)));
    }

    private static int u8(byte[] p, int[] at) {
        need(p, at[0], 1);
        return p[at[0]++] & 0xFF;
    }

    private static void need(byte[] p, int at, int n) {
        if (p.length - at < n) {
            throw new Rec4jDataException("the MIRACLE payload ends early (" + p.length + " bytes)");
        }
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long readVarint(byte[] p, int[] at) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8(p, at);
            if (shift == 63 && (b & 0x7E) != 0) {
                throw new Rec4jDataException("a varint of the MIRACLE payload exceeds 64 bits");
            }
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new Rec4jDataException("a varint of the MIRACLE payload is not in its shortest form");
                }
                return v;
            }
        }
        throw new Rec4jDataException("a varint of the MIRACLE payload exceeds 64 bits");
    }
}
