package io.rec4j.codec.combiner;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.Varint;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.codec.inr.SirenNetwork;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.plan.BlockCoder;
import io.rec4j.core.rec.plan.BlockEncoding;
import io.rec4j.core.rec.plan.BlockListener;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The COMBINER bitstream: an image of any size is cut into {@code model.tile()}-square tiles (edge padding), each
 * tile's INR parameters are coded block by block with ordered random coding at κ bits per block against the model's
 * prior ({@code docs/combiner.md}, "Block coding and progressive refinement" and "Decoding"), and the decoder
 * regenerates the chosen candidates, renders every tile with {@link SirenNetwork}, clamps, rounds to 8 bits and crops
 * to the original size.
 *
 * <p>File: a rec4j container with method {@link MethodId#COMBINER} and no header fields (every byte counts in the
 * bpp, so the per-file fields are packed into the payload). Payload: the model id as 8 bytes (the 16 hex digits of
 * {@link CombinerModel#id()}), the image width and height as unsigned LEB128 varints, then for each tile in
 * row-major order the {@link BlockCoder} stream of its blocks (κ bits per block, plan order), zero-padded to a
 * byte at the end. The tile size is the model's. The whole file is 26 + 8 + 2..6 + ⌈T·K·κ/8⌉ bytes for T tiles of
 * K blocks. Tile {@code t} draws its candidates from {@code fromSeed(model.seed()).derive(t)} and block
 * {@code b} within it from {@code .derive(b)}, so no two blocks share candidates. Everything on the decoding path is
 * pure Java ({@link io.rec4j.core.random.SharedRandomness}, {@link StrictMath}); no training code or native library
 * is needed to decode.
 */
public final class CombinerCodec {
    /** Bytes of the model id in a file. */
    static final int MODEL_ID_BYTES = 8;
    /** Largest image a file may describe (2^28 pixels), checked before anything is allocated. */
    public static final long MAX_PIXELS = 1L << 28;

    private CombinerCodec() {
    }

    /** What the encoder produced. */
    public record Encoded(byte[] file, RgbImage reconstruction, long indexBits, int tiles, int blocksPerTile) {
        /** Bits per pixel counting every byte of the file. */
        public double bpp() {
            return 8.0 * file.length / ((double) reconstruction.width() * reconstruction.height());
        }
    }

    /** The header of a COMBINER file. */
    public record Info(String modelId, int width, int height, long bytes) {
        public double bpp() {
            return 8.0 * bytes / ((double) width * height);
        }
    }

    /**
     * Codes fitted per-tile posteriors (in {@link TileGrid} row-major tile order) into a file.
     *
     * @param refinement for tile {@code t}, a listener called after each coded block that may re-fit the
     *                   remaining posterior (progressive refinement); {@code t -> BlockListener.NONE} for none
     */
    public static Encoded encode(CombinerModel model, int width, int height, List<DiagonalGaussian> tilePosteriors,
                                 IntFunction<BlockListener> refinement) {
        TileGrid grid = new TileGrid(width, height, model.tile());
        if (tilePosteriors.size() != grid.tileCount()) {
            throw new IllegalArgumentException(grid.tileCount() + " tiles need posteriors, got " + tilePosteriors.size());
        }
        DiagonalGaussian prior = model.prior();
        BlockCoder coder = BlockCoder.of(model.plan(), OrderedRandomCoding.orc(model.kappa()));
        SharedRandomness master = SharedRandomness.fromSeed(model.seed());
        BitWriter out = new BitWriter();
        List<RgbImage> tiles = new ArrayList<>();
        for (int t = 0; t < grid.tileCount(); t++) {
            BlockEncoding e = coder.encode(prior, tilePosteriors.get(t), master.derive(t), out, refinement.apply(t));
            tiles.add(render(model, e.sample()));
        }
        long bits = out.bitLength();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(HexFormat.of().parseHex(model.id()));
        payload.writeBytes(Varint.encode(width));
        payload.writeBytes(Varint.encode(height));
        payload.writeBytes(out.toByteArray());
        byte[] file = Container.of(MethodId.COMBINER, ContainerHeader.empty(), payload.toByteArray()).toBytes();
        return new Encoded(file, grid.assemble(tiles), bits, grid.tileCount(), model.plan().blockCount());
    }

    /** Reads the header of a COMBINER file without decoding it. */
    public static Info info(byte[] file) {
        Prefix p = prefix(parse(file));
        return new Info(p.modelId, p.width, p.height, file.length);
    }

    /** The per-file fields at the start of the payload, and where the block indices start. */
    private record Prefix(String modelId, int width, int height, int indexOffset) {
    }

    private static Prefix prefix(Container c) {
        ByteBuffer b = c.payloadBuffer();
        if (b.remaining() < MODEL_ID_BYTES + 2) {
            throw new Rec4jDataException("COMBINER payload of " + b.remaining() + " bytes is too short for its header");
        }
        byte[] id = new byte[MODEL_ID_BYTES];
        b.get(id);
        int width = readVarint(b);
        int height = readVarint(b);
        if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
            throw new Rec4jDataException("invalid image size " + width + "x" + height);
        }
        return new Prefix(HexFormat.of().formatHex(id), width, height, b.position());
    }

    /**
     * Decodes a file with the model it was coded with.
     *
     * @throws Rec4jDataException for a damaged file, a file of another kind, or a different model
     */
    public static RgbImage decode(CombinerModel model, byte[] file) {
        Container c = parse(file);
        Prefix p = prefix(c);
        if (!p.modelId.equals(model.id())) {
            throw new Rec4jDataException("this file was coded with model " + p.modelId + ", but the model given is "
                    + model.id() + " (" + model.name() + ")");
        }
        int width = p.width;
        int height = p.height;
        TileGrid grid = new TileGrid(width, height, model.tile());
        long needed = (long) grid.tileCount() * model.plan().blockCount() * model.kappa();
        long have = 8L * (c.payloadLength() - p.indexOffset);
        if (have < needed || have >= needed + 8) {
            throw new Rec4jDataException("payload holds " + have + " index bits; " + grid.tileCount()
                    + " tiles of " + model.plan().blockCount() + " blocks need " + needed);
        }
        DiagonalGaussian prior = model.prior();
        BlockCoder coder = BlockCoder.of(model.plan(), OrderedRandomCoding.orc(model.kappa()));
        SharedRandomness master = SharedRandomness.fromSeed(model.seed());
        byte[] payload = c.payload();
        BitReader in = new BitReader(Arrays.copyOfRange(payload, p.indexOffset, payload.length));
        List<RgbImage> tiles = new ArrayList<>();
        for (int t = 0; t < grid.tileCount(); t++) {
            tiles.add(render(model, coder.decode(prior, master.derive(t), in)));
        }
        return grid.assemble(tiles);
    }

    private static RgbImage render(CombinerModel model, double[] params) {
        int s = model.tile();
        return RgbImage.fromUnit(s, s, SirenNetwork.render(model.architecture(), params, s, s));
    }

    private static int readVarint(ByteBuffer b) {
        int v;
        try {
            v = Varint.read(b);
        } catch (java.nio.BufferUnderflowException e) {
            throw new Rec4jDataException("truncated COMBINER header");
        }
        if (v < 0) {
            throw new Rec4jDataException("invalid varint in the COMBINER header");
        }
        return v;
    }

    private static Container parse(byte[] file) {
        Container c = Container.parse(file);
        if (!c.methodId().equals(MethodId.COMBINER)) {
            throw new Rec4jDataException("not a COMBINER file: the container holds " + c.methodId());
        }
        return c;
    }
}
