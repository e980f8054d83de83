package io.rec4j.codec.combiner;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.Varint;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.codec.image.OverlapWindow;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.RowSink;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.codec.inr.GridRenderer;
import io.rec4j.codec.inr.SineFunction;
import io.rec4j.codec.inr.SirenNetwork;
import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.plan.BlockCoder;
import io.rec4j.core.rec.plan.BlockEncoding;
import io.rec4j.core.rec.plan.BlockListener;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.function.IntFunction;

/**
 * The COMBINER bitstream: an image of any size is cut into {@code model.tile()}-square tiles (edge padding), each
 * tile's INR parameters are coded block by block with ordered random coding at κ bits per block against the model's
 * prior ({@code docs/combiner.md}, "Block coding and progressive refinement" and "Decoding"), and the decoder
 * regenerates the chosen candidates, renders every tile with {@link SirenNetwork}, clamps, rounds to 8 bits and crops
 * to the original size. {@link #decode(CombinerModel, byte[], RowSink, Progress)} does so one tile row at a time and
 * hands the image rows to a {@link RowSink} (such as {@link io.rec4j.codec.image.PngStreamWriter}), so decoding
 * needs memory for one tile row, not for the image; {@link #check} validates a file against a model without decoding.
 *
 * <p>Bitstream revisions (the container's method id says which; the payload layout is the same in the first three):
 * <ul>
 *   <li>revision 1, {@link MethodId#COMBINER}: candidates from {@link NormalGenerator#INVERSION}, network rendered
 *       with {@link StrictMath#sin};</li>
 *   <li>revision 2, {@link MethodId#COMBINER_R2}: {@link NormalGenerator#INVERSION}, {@link SineFunction#POLYNOMIAL}
 *       (rec4j's reproducible polynomial sine, about 2.7 times faster);</li>
 *   <li>revision 3, {@link MethodId#COMBINER_R3} (written now): {@link NormalGenerator#ZIGGURAT} candidates (the
 *       shared normals by the ziggurat method, about 2.5 times faster to generate), {@link SineFunction#POLYNOMIAL};</li>
 *   <li>revision 4, {@link MethodId#COMBINER_R4} (written by the {@code margin} overloads): the candidates and sine of
 *       revision 3, with <em>overlapping tiles</em>: after the height the payload holds the margin {@code m} as an
 *       unsigned LEB128 varint (1 to T/2), every tile's network is rendered over its tile plus {@code m} pixels on
 *       each side ({@code (T+2m)²} pixels, the network's coordinate grid (−1, 1) spanning that window), and the
 *       decoder mixes neighbouring windows across each border with the fixed linear ramp of {@link OverlapWindow}
 *       (weights summing to 1 at every pixel, exact integer weights, plain double sums in tile order), so the 64-pixel
 *       grid of revision 3 does not show as seams ({@code docs/combiner.md}, "Overlapping tiles"). The margin is a
 *       file field rather than a model field because the shipped priors were learned on plain {@code T×T} tiles and
 *       serve both layouts: one byte per file, and an encoder may choose the margin per image.</li>
 * </ul>
 * Files of every revision decode exactly as when they were written; a method id this build does not know is refused
 * with a {@link Rec4jDataException} that names it.
 *
 * <p>File: a rec4j container with method {@link MethodId#COMBINER_R3} and no header fields (every byte counts in the
 * bpp, so the per-file fields are packed into the payload). Payload: the model id as 8 bytes (the 16 hex digits of
 * {@link CombinerModel#id()}), the image width and height as unsigned LEB128 varints, then for each tile in
 * row-major order the {@link BlockCoder} stream of its blocks (κ bits per block, plan order), zero-padded to a
 * byte at the end. The tile size is the model's. The whole file is 26 + 8 + 2..6 + ⌈T·K·κ/8⌉ bytes for T tiles of
 * K blocks. Tile {@code t} draws its candidates from {@code fromSeed(model.seed(), generator).derive(t)} (the
 * revision's generator) and block
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

    /** The bitstream revision written by {@link #encode} and {@link #fromIndices} without a margin. */
    public static final int CURRENT_REVISION = 3;
    /** The bitstream revision of overlapping tiles, written by the overloads that take a margin. */
    public static final int OVERLAP_REVISION = 4;
    /** The oldest bitstream revision this build decodes. */
    public static final int MIN_REVISION = 1;
    /** The newest bitstream revision this build decodes. */
    public static final int MAX_REVISION = 4;
    /** The margin, in pixels, of overlapping tiles when none is chosen (capped at half the tile). */
    public static final int DEFAULT_MARGIN = 4;

    /** {@link #DEFAULT_MARGIN}, or half the tile for tiles smaller than {@code 2·DEFAULT_MARGIN}. */
    public static int defaultMargin(CombinerModel model) {
        return Math.max(1, Math.min(DEFAULT_MARGIN, model.tile() / 2));
    }

    /**
     * The header of a COMBINER file.
     *
     * @param revision the bitstream revision: 1 ({@link MethodId#COMBINER}), 2 ({@link MethodId#COMBINER_R2}),
     *                 3 ({@link MethodId#COMBINER_R3}) or 4 ({@link MethodId#COMBINER_R4})
     * @param margin   the tiles' overlap margin in pixels (revision 4), 0 for revisions 1 to 3
     */
    public record Info(String modelId, int width, int height, long bytes, int revision, int margin) {
        /** The sine this file's network is rendered with. */
        public SineFunction sine() {
            return sineOf(revision);
        }

        /** The generator of this file's shared candidates. */
        public NormalGenerator generator() {
            return generatorOf(revision);
        }

        public double bpp() {
            return 8.0 * bytes / ((double) width * height);
        }
    }

    /**
     * Codes fitted per-tile posteriors (in {@link TileGrid} row-major tile order) into a file: {@link #encodeTile}
     * for each tile in turn, then {@link #assemble}.
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
        List<TileCode> codes = new ArrayList<>();
        for (int t = 0; t < grid.tileCount(); t++) {
            codes.add(encodeTile(model, t, tilePosteriors.get(t), refinement.apply(t)));
        }
        return assemble(model, width, height, codes);
    }

    /**
     * One tile's share of a file: its block indices ({@code bitLength} = K·κ bits, MSB first, in {@code bits}) and
     * the parameters they decode to.
     */
    public record TileCode(byte[] bits, long bitLength, double[] sample) {
    }

    /**
     * Codes tile {@code t}'s posterior with the candidates of tile {@code t} (see the class comment). Tiles are
     * independent, so an encoder may code several at once; {@link #assemble} puts them in file order.
     *
     * @param refinement called after each coded block (progressive refinement), or {@link BlockListener#NONE}
     */
    public static TileCode encodeTile(CombinerModel model, int t, DiagonalGaussian posterior,
                                      BlockListener refinement) {
        if (t < 0) {
            throw new IllegalArgumentException("tile index must be >= 0, was " + t);
        }
        BlockCoder coder = BlockCoder.of(model.plan(), OrderedRandomCoding.orc(model.kappa()));
        BitWriter out = new BitWriter();
        SharedRandomness shared = SharedRandomness.fromSeed(model.seed(), generatorOf(CURRENT_REVISION)).derive(t);
        BlockEncoding e = coder.encode(model.prior(), posterior, shared, out, refinement);
        return new TileCode(out.toByteArray(), out.bitLength(), e.sample());
    }

    /** The file of a {@code width × height} image from its tiles' codes in row-major tile order (revision 3). */
    public static Encoded assemble(CombinerModel model, int width, int height, List<TileCode> codes) {
        return assemble(model, width, height, 0, codes);
    }

    /**
     * The file of a {@code width × height} image from its tiles' codes in row-major tile order: revision 3 for
     * {@code margin = 0}, otherwise revision 4 with tiles overlapping by {@code margin} pixels (the codes must then be
     * of posteriors fitted on the {@link OverlapWindow} windows). The reconstruction is computed by the decoder's own
     * blending, so it is the decoder's image bit for bit.
     */
    public static Encoded assemble(CombinerModel model, int width, int height, int margin, List<TileCode> codes) {
        TileGrid grid = new TileGrid(width, height, model.tile());
        OverlapWindow window = margin == 0 ? null : new OverlapWindow(model.tile(), margin);
        if (codes.size() != grid.tileCount()) {
            throw new IllegalArgumentException(grid.tileCount() + " tiles need codes, got " + codes.size());
        }
        long tileBits = (long) model.plan().blockCount() * model.kappa();
        BitWriter out = new BitWriter();
        List<RgbImage> tiles = new ArrayList<>();
        int span = window == null ? model.tile() : window.span();
        GridRenderer renderer = new GridRenderer(model.architecture(), span, span, sineOf(CURRENT_REVISION));
        double[][] windows = new double[codes.size()][];
        int rendered = 0;
        for (TileCode code : codes) {
            if (code.bitLength() != tileBits) {
                throw new IllegalArgumentException("a tile holds " + tileBits + " bits, got " + code.bitLength());
            }
            byte[] b = code.bits();
            for (long i = 0; i < tileBits; i += 8) {
                int n = (int) Math.min(8, tileBits - i);
                out.writeBits((b[(int) (i >>> 3)] & 0xFF) >>> (8 - n), n);
            }
            if (window == null) {
                tiles.add(RgbImage.fromUnit(model.tile(), model.tile(), renderer.render(code.sample())));
            } else {
                windows[rendered++] = renderer.render(code.sample());
            }
        }
        long bits = out.bitLength();
        if (window == null) {
            byte[] file = fromIndices(model, width, height, out.toByteArray());
            return new Encoded(file, grid.assemble(tiles), bits, grid.tileCount(), model.plan().blockCount());
        }
        byte[] file = fromIndices(model, width, height, out.toByteArray(), OVERLAP_REVISION, margin);
        RgbImage padded = RgbImage.fromUnit(grid.paddedWidth(), grid.paddedHeight(), window.blend(grid, windows));
        return new Encoded(file, padded.crop(0, 0, width, height), bits, grid.tileCount(),
                model.plan().blockCount());
    }

    /** Reads the header of a COMBINER file without decoding it. */
    public static Info info(byte[] file) {
        Container c = parse(file);
        Prefix p = prefix(c);
        return new Info(p.modelId, p.width, p.height, file.length, revisionOf(c.methodId()), p.margin);
    }

    /** The per-file fields at the start of the payload, and where the block indices start. */
    private record Prefix(String modelId, int width, int height, int margin, int indexOffset) {
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
        int margin = 0;
        if (revisionOf(c.methodId()) >= OVERLAP_REVISION) {
            margin = readVarint(b); // range checked against the model's tile in checked()
            if (margin < 1) {
                throw new Rec4jDataException("invalid tile margin " + margin + " in a revision-4 COMBINER file");
            }
        }
        return new Prefix(HexFormat.of().formatHex(id), width, height, margin, b.position());
    }

    /**
     * Checks, without decoding anything, that {@code file} is a COMBINER file coded with {@code model} and that its
     * payload holds exactly the block indices the header implies: {@link #indexBytes} bytes for the image size.
     * {@link #decode} makes the same checks before its first tile.
     *
     * @return the file's header
     * @throws Rec4jDataException for a damaged file, a file of another kind, another model, or a payload whose
     *                            length does not match the image size (the message names both sizes)
     */
    public static Info check(CombinerModel model, byte[] file) {
        return checked(model, file).info;
    }

    /** A checked file: its header, its container and where its indices start. */
    private record Checked(Info info, Container container, int indexOffset) {
    }

    private static Checked checked(CombinerModel model, byte[] file) {
        Container c = parse(file);
        Prefix p = prefix(c);
        if (!p.modelId.equals(model.id())) {
            throw new Rec4jDataException("this file was coded with model " + p.modelId + ", but the model given is "
                    + model.id() + " (" + model.name() + ")");
        }
        if (2 * p.margin > model.tile()) {
            throw new Rec4jDataException("tile margin " + p.margin + " is more than half the model's "
                    + model.tile() + "-pixel tile");
        }
        long expected = indexBytes(model, p.width, p.height);
        long actual = c.payloadLength() - p.indexOffset;
        if (actual != expected) {
            TileGrid grid = new TileGrid(p.width, p.height, model.tile());
            throw new Rec4jDataException("the header's " + p.width + "x" + p.height + " image needs "
                    + expected + " bytes of block indices (" + grid.tileCount() + " tiles x "
                    + model.plan().blockCount() + " blocks x " + model.kappa() + " bits), but the payload holds "
                    + actual);
        }
        return new Checked(new Info(p.modelId, p.width, p.height, file.length, revisionOf(c.methodId()), p.margin),
                c, p.indexOffset);
    }

    /**
     * Bytes of block indices in a file of a {@code width × height} image coded with {@code model}:
     * {@code ⌈T·K·κ/8⌉} for {@code T} tiles of {@code K} blocks.
     */
    public static long indexBytes(CombinerModel model, int width, int height) {
        TileGrid grid = new TileGrid(width, height, model.tile());
        return ((long) grid.tileCount() * model.plan().blockCount() * model.kappa() + 7) / 8;
    }

    /**
     * A valid file of uniformly random block indices (every index sequence is a valid file, and decoding costs the
     * same whatever the indices): inputs for benchmarks, fuzzing and tests. The padding bits are zero, as the
     * encoder writes them.
     */
    public static byte[] randomFile(CombinerModel model, int width, int height, java.util.SplittableRandom rnd) {
        return randomFile(model, width, height, rnd, CURRENT_REVISION);
    }

    /** {@link #randomFile(CombinerModel, int, int, java.util.SplittableRandom)} of bitstream revision {@code revision}. */
    public static byte[] randomFile(CombinerModel model, int width, int height, java.util.SplittableRandom rnd,
                                    int revision) {
        long bits = (long) new TileGrid(width, height, model.tile()).tileCount() * model.plan().blockCount()
                * model.kappa();
        byte[] indices = new byte[(int) indexBytes(model, width, height)];
        rnd.nextBytes(indices);
        if (bits % 8 != 0) {
            indices[indices.length - 1] &= (byte) (0xFF << (8 - bits % 8));
        }
        return fromIndices(model, width, height, indices, revision,
                revision >= OVERLAP_REVISION ? defaultMargin(model) : 0);
    }

    /**
     * A file from block indices that are already coded: {@code indices} is the payload's index part, κ bits per
     * block, tiles in row-major order, blocks in plan order, MSB first, zero-padded to a byte; exactly
     * {@link #indexBytes} long. Every such byte string is a decodable file (each κ-bit value names one of the
     * 2^κ candidates of its block), which makes large valid test files cheap to produce.
     *
     * @throws IllegalArgumentException if the size is invalid or {@code indices} has the wrong length
     */
    public static byte[] fromIndices(CombinerModel model, int width, int height, byte[] indices) {
        return fromIndices(model, width, height, indices, CURRENT_REVISION);
    }

    /**
     * {@link #fromIndices(CombinerModel, int, int, byte[])} as a file of bitstream revision {@code revision}
     * ({@value #MIN_REVISION} to {@value #MAX_REVISION}; revision 4 with {@link #defaultMargin}): for tests and
     * benchmarks of the older decoders.
     *
     * @throws IllegalArgumentException also for a revision this build does not know
     */
    public static byte[] fromIndices(CombinerModel model, int width, int height, byte[] indices, int revision) {
        return fromIndices(model, width, height, indices, revision,
                revision >= OVERLAP_REVISION ? defaultMargin(model) : 0);
    }

    /**
     * {@link #fromIndices(CombinerModel, int, int, byte[], int)} with the tile margin of a revision-4 file
     * ({@code margin} must be 0 for revisions 1 to 3 and in {@code [1, T/2]} for revision 4).
     */
    public static byte[] fromIndices(CombinerModel model, int width, int height, byte[] indices, int revision,
                                     int margin) {
        MethodId method = methodOf(revision);
        if (revision >= OVERLAP_REVISION) {
            new OverlapWindow(model.tile(), margin); // checks the range
        } else if (margin != 0) {
            throw new IllegalArgumentException("revision " + revision + " has no tile margin, got " + margin);
        }
        if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("invalid image size " + width + "x" + height);
        }
        long expected = indexBytes(model, width, height);
        if (indices.length != expected) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + expected
                    + " bytes of indices, got " + indices.length);
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(HexFormat.of().parseHex(model.id()));
        payload.writeBytes(Varint.encode(width));
        payload.writeBytes(Varint.encode(height));
        if (revision >= OVERLAP_REVISION) {
            payload.writeBytes(Varint.encode(margin));
        }
        payload.writeBytes(indices);
        return Container.of(method, ContainerHeader.empty(), payload.toByteArray()).toBytes();
    }

    /** Told after every decoded tile how many of the file's tiles are done. */
    @FunctionalInterface
    public interface Progress {
        /** No progress reports. */
        Progress NONE = (done, total) -> { };

        /** {@code done} of {@code total} tiles are decoded ({@code done} counts 1, 2, …, {@code total}). */
        void tilesDone(int done, int total);
    }

    /**
     * Decodes a file with the model it was coded with, into memory; the same pixels as
     * {@link #decode(CombinerModel, byte[], RowSink, Progress)} delivers row by row.
     *
     * @throws Rec4jDataException for a damaged file, a file of another kind, or a different model
     */
    public static RgbImage decode(CombinerModel model, byte[] file) {
        Info info = check(model, file);
        int rowBytes = info.width() * RgbImage.CHANNELS;
        byte[] samples = new byte[Math.multiplyExact(rowBytes, info.height())];
        try {
            decode(model, file, (y, rgb) -> System.arraycopy(rgb, 0, samples, y * rowBytes, rowBytes),
                    Progress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException("unreachable: the sink does no I/O", e);
        }
        return RgbImage.of(info.width(), info.height(), samples);
    }

    /**
     * Decodes a file with the model it was coded with, streaming: the tiles are decoded one tile row at a time
     * (row-major, as coded), and as soon as a tile row is rendered its image rows go to {@code sink}, top to
     * bottom, cropped to the image width (the last tile row is cropped to the image height). Every check that needs
     * no decoding ({@link #check}: container, model id, payload length for the image size) happens before the first
     * tile.
     *
     * <p>Memory, besides the model and the file itself (the container parser and the bit reader each hold one copy
     * of the payload): one tile row of 8-bit pixels cropped to the image width, {@code 3·width·T} bytes for tiles
     * of {@code T×T}, one image row ({@code 3·width} bytes), the Fourier features of the tile grid
     * ({@code E·T·T} doubles, computed once) and, per decoding thread (the tiles of a row run in parallel on the
     * common fork-join pool), the rendering of one tile ({@code 3·T·T} doubles); nothing grows with the image height. For the
     * shipped models ({@code T = 64}) and a 16384-pixel-wide image that is 3 MiB of pixels.
     *
     * @param sink     receives rows {@code 0 … height−1} in order; the array it is given is reused
     * @param progress told after every tile, in order (the tiles of a row are decoded concurrently; the calls
     *                 come from the calling thread once the row is done)
     * @return the file's header
     * @throws Rec4jDataException for a damaged file, a file of another kind, or a different model
     * @throws IOException        if the sink fails
     */
    public static Info decode(CombinerModel model, byte[] file, RowSink sink, Progress progress) throws IOException {
        Checked k = checked(model, file);
        Info info = k.info;
        if (info.margin() > 0) {
            return decodeOverlapped(model, k, sink, progress);
        }
        int width = info.width();
        int height = info.height();
        int s = model.tile();
        TileGrid grid = new TileGrid(width, height, s);
        int columns = grid.columns();
        int total = grid.tileCount();
        TileParameters source = new TileParameters(model, k);
        GridRenderer renderer = new GridRenderer(model.architecture(), s, s, info.sine());
        int rowBytes = width * RgbImage.CHANNELS;
        // the tile row's pixels, cropped to the image width: s image rows of rowBytes samples
        byte[] band = new byte[Math.multiplyExact(s * RgbImage.CHANNELS, width)];
        byte[] row = new byte[rowBytes];
        for (int r = 0; r < grid.rows(); r++) {
            int first = r * columns;
            // the tiles of a row are independent (own seed, own κ-bit indices at a fixed offset, disjoint pixels):
            // decoded concurrently, the bits are those of a sequential decode
            IntStream.range(0, columns).parallel().forEach(c -> {
                int t = first + c;
                double[] px = renderer.render(source.of(t));
                int x0 = c * s;
                int w = Math.min(s, width - x0);
                for (int y = 0; y < s; y++) {
                    for (int i = 0; i < w * RgbImage.CHANNELS; i++) {
                        band[y * rowBytes + x0 * RgbImage.CHANNELS + i] =
                                (byte) RgbImage.quantize(px[y * s * RgbImage.CHANNELS + i]);
                    }
                }
            });
            for (int c = 1; c <= columns; c++) {
                progress.tilesDone(first + c, total); // in order, from this thread, once the row is done
            }
            int y0 = r * s;
            int h = Math.min(s, height - y0);
            for (int y = 0; y < h; y++) {
                System.arraycopy(band, y * rowBytes, row, 0, rowBytes);
                sink.row(y0 + y, row);
            }
        }
        return info;
    }

    /**
     * Revision 4: tile row by tile row, the row's windows are rendered concurrently, then added into a band of
     * {@code T + 2m} padded-image rows in tile order ({@link OverlapWindow#add}); the rows no later tile row touches
     * are normalised, quantised and sent, and the {@code 2m} rows shared with the next tile row are carried over.
     * Per pixel the sums run in tile order, as in {@link OverlapWindow#blend}, so the pixels are those of
     * {@link #assemble}. Memory besides that of revision 3: the band, {@code 3·(T+2m)·paddedWidth} doubles, and one
     * tile row of rendered windows, {@code 3·(T+2m)²} doubles per tile.
     */
    private static Info decodeOverlapped(CombinerModel model, Checked k, RowSink sink, Progress progress)
            throws IOException {
        Info info = k.info;
        int width = info.width();
        int height = info.height();
        int s = model.tile();
        int m = info.margin();
        OverlapWindow window = new OverlapWindow(s, m);
        TileGrid grid = new TileGrid(width, height, s);
        int columns = grid.columns();
        int total = grid.tileCount();
        TileParameters source = new TileParameters(model, k);
        int span = window.span();
        GridRenderer renderer = new GridRenderer(model.architecture(), span, span, info.sine());
        int paddedRow = grid.paddedWidth() * RgbImage.CHANNELS;
        double[] band = new double[Math.multiplyExact(span, paddedRow)];
        double dd = (double) window.denominator() * window.denominator();
        byte[] row = new byte[width * RgbImage.CHANNELS];
        double[][] rendered = new double[columns][];
        int sent = 0; // image rows sent so far
        for (int r = 0; r < grid.rows(); r++) {
            int first = r * columns;
            IntStream.range(0, columns).parallel().forEach(c -> {
                rendered[c] = renderer.render(source.of(first + c));
            });
            int bandStart = r * s - m; // padded-image row of band row 0
            for (int c = 0; c < columns; c++) {
                window.add(grid, first + c, rendered[c], band, bandStart, span);
                rendered[c] = null;
                progress.tilesDone(first + c + 1, total);
            }
            // rows below `done` are final: the next tile row's windows start at (r+1)·s − m
            int done = r == grid.rows() - 1 ? height : Math.min(height, (r + 1) * s - m);
            for (; sent < done; sent++) {
                int o = (sent - bandStart) * paddedRow;
                for (int i = 0; i < row.length; i++) {
                    row[i] = (byte) RgbImage.quantize(band[o + i] / dd);
                }
                sink.row(sent, row);
            }
            // carry the 2m rows shared with the next tile row to the top of the band, clear the rest
            System.arraycopy(band, s * paddedRow, band, 0, 2 * m * paddedRow);
            java.util.Arrays.fill(band, 2 * m * paddedRow, band.length, 0.0);
        }
        return info;
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
        if (!isCombiner(c.methodId())) {
            throw new Rec4jDataException("not a COMBINER file: the container holds " + c.methodId()
                    + (c.methodId().isKnown() ? "" : ", a method this build of rec4j does not know (a newer"
                    + " COMBINER revision needs a newer rec4j; this one decodes revisions " + MIN_REVISION + " to "
                    + MAX_REVISION + ")"));
        }
        return c;
    }

    /** Whether a container of this method is a COMBINER file of a bitstream revision this build decodes. */
    public static boolean isCombiner(MethodId method) {
        return method.equals(MethodId.COMBINER) || method.equals(MethodId.COMBINER_R2)
                || method.equals(MethodId.COMBINER_R3) || method.equals(MethodId.COMBINER_R4);
    }

    /**
     * The bitstream revision of a COMBINER method id.
     *
     * @throws Rec4jDataException if {@code method} is not a COMBINER revision this build knows
     */
    static int revisionOf(MethodId method) {
        if (method.equals(MethodId.COMBINER)) {
            return 1;
        } else if (method.equals(MethodId.COMBINER_R2)) {
            return 2;
        } else if (method.equals(MethodId.COMBINER_R3)) {
            return 3;
        } else if (method.equals(MethodId.COMBINER_R4)) {
            return 4;
        }
        throw new Rec4jDataException("not a COMBINER revision this build decodes: " + method);
    }

    /** The method id of a bitstream revision. */
    static MethodId methodOf(int revision) {
        return switch (revision) {
            case 1 -> MethodId.COMBINER;
            case 2 -> MethodId.COMBINER_R2;
            case 3 -> MethodId.COMBINER_R3;
            case 4 -> MethodId.COMBINER_R4;
            default -> throw new IllegalArgumentException("COMBINER bitstream revisions are " + MIN_REVISION
                    + " to " + MAX_REVISION + ", not " + revision);
        };
    }

    private static SineFunction sineOf(int revision) {
        return revision == 1 ? SineFunction.STRICT_MATH : SineFunction.POLYNOMIAL;
    }

    /** The generator of the shared candidates of a bitstream revision: the ziggurat from revision 3 on. */
    static NormalGenerator generatorOf(int revision) {
        return revision >= 3 ? NormalGenerator.ZIGGURAT : NormalGenerator.INVERSION;
    }


    /**
     * The decoded network parameters of each tile of a checked file: tile t's κ-bit block indices start at bit
     * {@code t·blocks·κ} of the index area and are decoded under the key {@code derive(t)}. Thread-safe (each call
     * reads through its own {@link BitReader}).
     */
    private static final class TileParameters {
        private final DiagonalGaussian prior;
        private final BlockCoder coder;
        private final SharedRandomness master;
        private final byte[] payload;
        private final int indexOffset;
        private final long tileBits;

        TileParameters(CombinerModel model, Checked k) {
            this.prior = model.prior();
            this.coder = BlockCoder.of(model.plan(), OrderedRandomCoding.orc(model.kappa()));
            this.master = SharedRandomness.fromSeed(model.seed(), k.info.generator());
            this.payload = k.container.payload();
            this.indexOffset = k.indexOffset;
            this.tileBits = (long) model.plan().blockCount() * model.kappa();
        }

        double[] of(int t) {
            long bit = t * tileBits;
            BitReader in = new BitReader(payload, indexOffset + (int) (bit >>> 3),
                    payload.length - indexOffset - (int) (bit >>> 3));
            in.readBits((int) (bit & 7));
            return coder.decode(prior, master.derive(t), in);
        }
    }
}
