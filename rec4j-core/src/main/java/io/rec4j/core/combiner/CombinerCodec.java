package io.rec4j.core.combiner;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.image.RgbImage;
import io.rec4j.core.image.TileGrid;
import io.rec4j.core.inr.SirenNetwork;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.plan.BlockCoder;
import io.rec4j.core.rec.plan.BlockEncoding;
import io.rec4j.core.rec.plan.BlockListener;
import io.rec4j.core.rec.plan.DiagonalGaussian;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The COMBINER bitstream: an image of any size is cut into {@code model.tile()}-square tiles (edge padding), each
 * tile's INR parameters are coded block by block with ordered random coding at κ bits per block against the
 * model's prior (spec {@code combiner-recombiner.md} §2.7–2.8), and the decoder regenerates the chosen candidates,
 * renders every tile with {@link SirenNetwork}, clamps, rounds to 8 bits and crops to the original size.
 *
 * <p>File: a rec4j container with method {@link MethodId#COMBINER}; header fields {@code model.id} (the
 * {@link CombinerModel#id()} the file was coded with), {@code width}, {@code height}, {@code tile}; payload: for each
 * tile in row-major order, the {@link BlockCoder} stream of its blocks (κ bits per block, plan order), zero-padded
 * to a byte at the end. Tile {@code t} draws its candidates from {@code fromSeed(model.seed()).derive(t)} and block
 * {@code b} within it from {@code .derive(b)}, so no two blocks share candidates. Everything on the decoding path is
 * pure Java ({@link io.rec4j.core.random.SharedRandomness}, {@link StrictMath}); no training code or native library
 * is needed to decode.
 */
public final class CombinerCodec {
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
    public record Info(String modelId, int width, int height, int tile, long bytes) {
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
        DiagonalGaussian prior = DiagonalGaussian.of(model.priorMean(), model.priorStd());
        BlockCoder coder = BlockCoder.of(model.plan(), OrderedRandomCoding.orc(model.kappa()));
        SharedRandomness master = SharedRandomness.fromSeed(model.seed());
        BitWriter out = new BitWriter();
        List<RgbImage> tiles = new ArrayList<>();
        for (int t = 0; t < grid.tileCount(); t++) {
            BlockEncoding e = coder.encode(prior, tilePosteriors.get(t), master.derive(t), out, refinement.apply(t));
            tiles.add(render(model, e.sample()));
        }
        long bits = out.bitLength();
        ContainerHeader header = ContainerHeader.builder()
                .putString("model.id", model.id())
                .putInt("width", width)
                .putInt("height", height)
                .putInt("tile", model.tile())
                .build();
        byte[] file = Container.of(MethodId.COMBINER, header, out.toByteArray()).toBytes();
        return new Encoded(file, grid.assemble(tiles), bits, grid.tileCount(), model.plan().blockCount());
    }

    /** Reads the header of a COMBINER file without decoding it. */
    public static Info info(byte[] file) {
        Container c = parse(file);
        ContainerHeader h = c.header();
        return new Info(h.getString("model.id"), h.getInt("width"), h.getInt("height"), h.getInt("tile"), file.length);
    }

    /**
     * Decodes a file with the model it was coded with.
     *
     * @throws Rec4jDataException for a damaged file, a file of another kind, or a different model
     */
    public static RgbImage decode(CombinerModel model, byte[] file) {
        Container c = parse(file);
        ContainerHeader h = c.header();
        String id = h.getString("model.id");
        if (!id.equals(model.id())) {
            throw new Rec4jDataException("this file was coded with model " + id + ", but the model given is "
                    + model.id() + " (" + model.name() + ")");
        }
        int width = h.getInt("width");
        int height = h.getInt("height");
        if (h.getInt("tile") != model.tile()) {
            throw new Rec4jDataException("tile size " + h.getInt("tile") + " in the file differs from the model's " + model.tile());
        }
        if (width < 1 || height < 1 || (long) width * height > (1L << 28)) {
            throw new Rec4jDataException("invalid image size " + width + "x" + height);
        }
        TileGrid grid = new TileGrid(width, height, model.tile());
        long needed = (long) grid.tileCount() * model.plan().blockCount() * model.kappa();
        if (8L * c.payloadLength() < needed || 8L * c.payloadLength() >= needed + 8) {
            throw new Rec4jDataException("payload holds " + 8L * c.payloadLength() + " bits; " + grid.tileCount()
                    + " tiles of " + model.plan().blockCount() + " blocks need " + needed);
        }
        DiagonalGaussian prior = DiagonalGaussian.of(model.priorMean(), model.priorStd());
        BlockCoder coder = BlockCoder.of(model.plan(), OrderedRandomCoding.orc(model.kappa()));
        SharedRandomness master = SharedRandomness.fromSeed(model.seed());
        BitReader in = new BitReader(c.payload());
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

    private static Container parse(byte[] file) {
        Container c = Container.parse(file);
        if (!c.methodId().equals(MethodId.COMBINER)) {
            throw new Rec4jDataException("not a COMBINER file: the container holds " + c.methodId());
        }
        return c;
    }
}
