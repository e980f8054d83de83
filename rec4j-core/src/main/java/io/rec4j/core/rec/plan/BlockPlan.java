package io.rec4j.core.rec.plan;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.EliasGamma;
import io.rec4j.core.coding.bits.Varint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * An immutable partition of the dimension indices {@code {0, ..., D−1}} of a posterior into blocks that a channel
 * simulator codes one at a time ({@code docs/algorithms.md}, "Block planning"). Every index belongs to exactly
 * one block; the order of the indices inside a block is significant (index {@code i} of block {@code b} is the
 * block's {@code i}-th coordinate, and so the shared-randomness stream {@code i} of that block's candidates). Each
 * block carries an {@linkplain #isOversized(int) oversize flag}, set by {@link KlBudgetPlanner} for a single
 * dimension whose expected KL alone exceeds the budget.
 *
 * <p>The plan is part of the shared model (COMBINER's {@code groups.pkl}); it is stored with {@link #toBytes()} /
 * {@link #writeTo(DataOutput)} in the following format, version 1 (all multi-byte integers big-endian):
 * <pre>
 *   magic      4 bytes  'R' '4' 'B' 'P'
 *   version    1 byte   1
 *   D          varint   number of dimensions, &ge; 1 (unsigned LEB128, at most 5 bytes)
 *   B          varint   number of blocks, 1 &le; B &le; D
 *   bodyBytes  varint   length of the body in bytes
 *   body       bit-packed, most significant bit first, zero-padded to a byte; for each block in order:
 *                Elias-γ(size), 1 oversize-flag bit, then size indices of w = bitLength(D − 1) bits each
 *   crc        4 bytes  CRC-32 (java.util.zip.CRC32) of every preceding byte
 * </pre>
 * That is about {@code D·log2 D + 2·B·log2(D/B)} bits. Reading rejects anything that is not exactly such a record
 * (bad magic, unknown version, truncation, non-zero padding, checksum mismatch, broken invariants) with a
 * {@link PlanFormatException}.
 */
public final class BlockPlan {
    /** Format magic "R4BP". */
    private static final int MAGIC = 0x52344250;
    /** The current (and only) format version. */
    public static final int FORMAT_VERSION = 1;
    /** Chunk in which bodies are read from a {@link DataInput}, so a corrupt length cannot force a huge allocation. */
    private static final int READ_CHUNK = 1 << 16;
    /** Longest unsigned LEB128 encoding of a non-negative int. */

    private final int dimension;
    private final int[][] blocks;
    private final boolean[] oversized;
    private final int[] blockOf;
    private final int[] positionOf;

    private BlockPlan(int dimension, int[][] blocks, boolean[] oversized) {
        if (dimension < 1) {
            throw new IllegalArgumentException("a plan needs at least one dimension, was " + dimension);
        }
        if (blocks.length == 0) {
            throw new IllegalArgumentException("a plan needs at least one block");
        }
        if (oversized.length != blocks.length) {
            throw new IllegalArgumentException(blocks.length + " blocks but " + oversized.length + " oversize flags");
        }
        this.dimension = dimension;
        this.blocks = blocks;
        this.oversized = oversized;
        this.blockOf = new int[dimension];
        this.positionOf = new int[dimension];
        Arrays.fill(blockOf, -1);
        long seen = 0;
        for (int b = 0; b < blocks.length; b++) {
            int[] block = blocks[b];
            if (block == null || block.length == 0) {
                throw new IllegalArgumentException("block " + b + " is empty");
            }
            if (oversized[b] && block.length != 1) {
                throw new IllegalArgumentException("block " + b + " is flagged oversize but has " + block.length
                        + " dimensions (only single-dimension blocks can be oversize)");
            }
            for (int i = 0; i < block.length; i++) {
                int d = block[i];
                if (d < 0 || d >= dimension) {
                    throw new IllegalArgumentException("block " + b + " holds index " + d + " outside [0, "
                            + dimension + ")");
                }
                if (blockOf[d] >= 0) {
                    throw new IllegalArgumentException("index " + d + " is in block " + blockOf[d] + " and block " + b);
                }
                blockOf[d] = b;
                positionOf[d] = i;
                seen++;
            }
        }
        if (seen != dimension) {
            throw new IllegalArgumentException("the blocks cover " + seen + " of " + dimension + " indices");
        }
    }

    /**
     * A plan over {@code dimension} indices with the given blocks and no oversize flags.
     *
     * @throws IllegalArgumentException unless every index in {@code [0, dimension)} occurs exactly once and every
     *                                  block is non-empty
     */
    public static BlockPlan of(int dimension, int[][] blocks) {
        return of(dimension, blocks, new boolean[blocks.length]);
    }

    /**
     * A plan with explicit per-block oversize flags (a flagged block must hold a single index).
     *
     * @throws IllegalArgumentException if the blocks are not a partition of {@code [0, dimension)} into non-empty
     *                                  blocks or a flag is set on a block of several indices
     */
    public static BlockPlan of(int dimension, int[][] blocks, boolean[] oversized) {
        int[][] copy = new int[blocks.length][];
        for (int b = 0; b < blocks.length; b++) {
            copy[b] = blocks[b] == null ? null : blocks[b].clone();
        }
        return new BlockPlan(dimension, copy, oversized.clone());
    }

    /** D, the number of indices partitioned. */
    public int dimension() {
        return dimension;
    }

    /** Number of blocks. */
    public int blockCount() {
        return blocks.length;
    }

    /** The indices of block {@code b}, in block order (a copy). */
    public int[] block(int b) {
        return blocks[b].clone();
    }

    /** All blocks (a deep copy). */
    public int[][] blocks() {
        int[][] copy = new int[blocks.length][];
        for (int b = 0; b < blocks.length; b++) {
            copy[b] = blocks[b].clone();
        }
        return copy;
    }

    /** Size of block {@code b}. */
    public int blockSize(int b) {
        return blocks[b].length;
    }

    /** The {@code i}-th index of block {@code b}. */
    public int index(int b, int i) {
        return blocks[b][i];
    }

    /** The largest block size. */
    public int maxBlockSize() {
        int m = 0;
        for (int[] block : blocks) {
            m = Math.max(m, block.length);
        }
        return m;
    }

    /** True iff block {@code b} is a single dimension whose expected KL alone exceeds the planner's budget. */
    public boolean isOversized(int b) {
        return oversized[b];
    }

    /** Number of oversize blocks. */
    public int oversizedCount() {
        int n = 0;
        for (boolean f : oversized) {
            n += f ? 1 : 0;
        }
        return n;
    }

    /** The block that holds index {@code d}. */
    public int blockOf(int d) {
        return blockOf[d];
    }

    /** The position of index {@code d} inside its block. */
    public int positionOf(int d) {
        return positionOf[d];
    }

    /** The per-block sums of {@code perDimension} (for example expected KL in bits), summed in block order. */
    public double[] blockSums(double[] perDimension) {
        if (perDimension.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " values, got " + perDimension.length);
        }
        double[] sums = new double[blocks.length];
        for (int b = 0; b < blocks.length; b++) {
            double s = 0;
            for (int d : blocks[b]) {
                s += perDimension[d];
            }
            sums[b] = s;
        }
        return sums;
    }

    // ---------------------------------------------------------------------------------------------- serialisation

    /** The serialised plan (see the class comment for the format). */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream failed", e);
        }
        return bytes.toByteArray();
    }

    /** Writes the serialised plan to {@code out}. */
    public void writeTo(DataOutput out) throws IOException {
        int w = indexBits(dimension);
        BitWriter body = new BitWriter();
        for (int b = 0; b < blocks.length; b++) {
            EliasGamma.INSTANCE.write(body, blocks[b].length);
            body.writeBit(oversized[b]);
            for (int d : blocks[b]) {
                body.writeBits(d, w);
            }
        }
        byte[] payload = body.toByteArray();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(head);
        h.writeInt(MAGIC);
        h.writeByte(FORMAT_VERSION);
        writeVarint(h, dimension);
        writeVarint(h, blocks.length);
        writeVarint(h, payload.length);
        h.write(payload);
        byte[] record = head.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(record);
        out.write(record);
        out.writeInt((int) crc.getValue());
    }

    /**
     * Reads a plan stored as a big-endian u32 byte length followed by {@link #toBytes()}, as model files store it,
     * advancing {@code b} past it.
     *
     * @throws PlanFormatException if the length is negative or exceeds what {@code b} holds, or the plan is invalid
     */
    public static BlockPlan readLengthPrefixed(java.nio.ByteBuffer b) {
        if (b.remaining() < 4) {
            throw new PlanFormatException("no room for the block plan's length: " + b.remaining() + " bytes left");
        }
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new PlanFormatException("block plan length " + length + " exceeds the " + b.remaining()
                    + " bytes left");
        }
        byte[] bytes = new byte[length];
        b.get(bytes);
        return fromBytes(bytes);
    }

    /**
     * Reads a plan written by {@link #toBytes()}; the array must hold exactly one record.
     *
     * @throws PlanFormatException if the bytes are not a valid plan
     */
    public static BlockPlan fromBytes(byte[] data) {
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        BlockPlan plan;
        try {
            plan = readFrom(new DataInputStream(in));
        } catch (IOException e) {
            throw new PlanFormatException("cannot read block plan", e);
        }
        if (in.available() != 0) {
            throw new PlanFormatException(in.available() + " trailing bytes after the block plan");
        }
        return plan;
    }

    /**
     * Reads one plan written by {@link #writeTo(DataOutput)}.
     *
     * @throws PlanFormatException if the input is not a valid plan (including when it ends early)
     * @throws IOException         if {@code in} fails for another reason
     */
    public static BlockPlan readFrom(DataInput in) throws IOException {
        try {
            return read(in);
        } catch (EOFException e) {
            throw new PlanFormatException("block plan is truncated", e);
        }
    }

    private static BlockPlan read(DataInput in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] magic = new byte[4];
        in.readFully(magic);
        crc.update(magic);
        if (((magic[0] & 0xFF) << 24 | (magic[1] & 0xFF) << 16 | (magic[2] & 0xFF) << 8 | (magic[3] & 0xFF)) != MAGIC) {
            throw new PlanFormatException("not a block plan (bad magic " + Arrays.toString(magic) + ")");
        }
        int version = in.readUnsignedByte();
        crc.update(version);
        if (version != FORMAT_VERSION) {
            throw new PlanFormatException("unsupported block plan version " + version + " (this reader knows "
                    + FORMAT_VERSION + ")");
        }
        int dimension = readVarint(in, crc, "dimension");
        int blockCount = readVarint(in, crc, "block count");
        int bodyBytes = readVarint(in, crc, "body length");
        if (dimension < 1 || blockCount < 1 || blockCount > dimension) {
            throw new PlanFormatException("invalid block plan header: D = " + dimension + ", B = " + blockCount);
        }
        int w = indexBits(dimension);
        // Each block needs at least 2 bits (γ(1) and the flag), each index w bits.
        long minBits = 2L * blockCount + (long) w * dimension;
        if (8L * bodyBytes < minBits) {
            throw new PlanFormatException("block plan body of " + bodyBytes + " bytes cannot hold " + dimension
                    + " indices in " + blockCount + " blocks");
        }
        byte[] body = readChunked(in, bodyBytes);
        crc.update(body);
        int stored = in.readInt();
        if (stored != (int) crc.getValue()) {
            throw new PlanFormatException("block plan checksum mismatch");
        }
        try {
            return parseBody(dimension, blockCount, w, body);
        } catch (CorruptStreamException e) {
            throw new PlanFormatException("block plan body is corrupt: " + e.getMessage(), e);
        }
    }

    private static BlockPlan parseBody(int dimension, int blockCount, int w, byte[] body) {
        int bodyBytes = body.length;
        BitReader r = new BitReader(body);
        int[][] blocks = new int[blockCount][];
        boolean[] flags = new boolean[blockCount];
        long total = 0;
        for (int b = 0; b < blockCount; b++) {
            long size = EliasGamma.INSTANCE.read(r);
            total += size;
            if (total > dimension) {
                throw new PlanFormatException("block sizes add up to more than D = " + dimension);
            }
            flags[b] = r.readBit();
            int[] block = new int[(int) size];
            for (int i = 0; i < block.length; i++) {
                block[i] = (int) r.readBits(w);
            }
            blocks[b] = block;
        }
        long padding = 8L * bodyBytes - r.bitsRead();
        if (padding >= 8 || r.readBits((int) padding) != 0) {
            throw new PlanFormatException("block plan body has " + padding + " bits of non-canonical padding");
        }
        try {
            return new BlockPlan(dimension, blocks, flags);
        } catch (IllegalArgumentException e) {
            throw new PlanFormatException("invalid block plan: " + e.getMessage(), e);
        }
    }

    private static byte[] readChunked(DataInput in, int length) throws IOException {
        ByteArrayOutputStream acc = new ByteArrayOutputStream(Math.min(length, READ_CHUNK));
        byte[] chunk = new byte[Math.min(length, READ_CHUNK)];
        int left = length;
        while (left > 0) {
            int n = Math.min(left, chunk.length);
            in.readFully(chunk, 0, n);
            acc.write(chunk, 0, n);
            left -= n;
        }
        return acc.toByteArray();
    }

    /** Bits per index: the bit length of {@code D − 1} (0 for a single dimension). */
    private static int indexBits(int dimension) {
        return 32 - Integer.numberOfLeadingZeros(dimension - 1);
    }

    private static void writeVarint(DataOutput out, int value) throws IOException {
        out.write(Varint.encode(value));
    }

    private static int readVarint(DataInput in, CRC32 crc, String what) throws IOException {
        int v = Varint.read(() -> {
            int b = in.readUnsignedByte();
            crc.update(b);
            return b;
        });
        if (v < 0) {
            throw new PlanFormatException("invalid varint for the " + what);
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------------- identity

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockPlan p && p.dimension == dimension && Arrays.deepEquals(p.blocks, blocks)
                && Arrays.equals(p.oversized, oversized);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dimension + Arrays.deepHashCode(blocks)) + Arrays.hashCode(oversized);
    }

    @Override
    public String toString() {
        return "BlockPlan[D=" + dimension + ", blocks=" + blocks.length + ", maxSize=" + maxBlockSize()
                + ", oversized=" + oversizedCount() + "]";
    }
}
