package io.rec4j.codec.combiner;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.Varint;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.codec.image.ImagePacks;
import io.rec4j.codec.image.TileGrid;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A packed file: many COMBINER images coded with one model in one file, with one container, one model id and one
 * description of the image sizes and names, followed by every image's block indices back to back. An image costs its
 * block bits and nothing else when the images share one size and their names follow a numbering (such as
 * {@code img-0000.png}, {@code img-0001.png}, ...); the whole index part is padded to a byte once, at its end. The
 * coding itself is that of single COMBINER files (Guo et al., "Compression with Bayesian Implicit Neural
 * Representations", NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md}): image {@code i} of a pack decodes
 * exactly as the single file {@link #single} makes of it.
 *
 * <p>File: a compact container ({@link Container#compact}, format version 2) of method {@link MethodId#COMBINER_PACK}
 * with no header fields. Payload (varints are unsigned LEB128, strings a varint byte length and strict UTF-8):
 * <pre>
 * varint   bitstream revision of the images (1..3, as in {@link CombinerCodec})
 * 8 bytes  model id
 * varint   image count n (1..{@value #MAX_IMAGES})
 * varint   width, varint height    shared size; width 0 means "per image": n pairs of varints follow instead
 * names    numbered or listed, as {@link ImagePacks} writes them (shared with packed RECOMBINER files)
 * rest     the images' block indices in order, each exactly T·K·κ bits (T tiles of its size, K blocks, κ bits;
 *          the layout of one single file's indices), then zero bits up to a byte
 * </pre>
 * Names are file names for the images when unpacked: 1 to {@value #MAX_NAME_BYTES} bytes of UTF-8, ending in
 * {@code .png}, without {@code /}, {@code \}, control characters or a leading dot; listed names are strictly
 * increasing (the order of {@link String#compareTo}), so no two are equal. Everything is checked before an image is
 * decoded; a damaged or inconsistent file is a {@link Rec4jDataException}.
 */
public final class CombinerPack {
    /** Most images in one pack. */
    public static final int MAX_IMAGES = ImagePacks.MAX_IMAGES;
    /** Longest image name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = ImagePacks.MAX_NAME_BYTES;

    private CombinerPack() {
    }

    /** One image of a pack: its file name, its size and its block indices as in a single file (see {@link #single}). */
    public record Image(String name, int width, int height, byte[] indices) {
    }

    /** Where an image is and what it is called; the index bits come with the model. */
    public record Entry(String name, int width, int height) {
    }

    /** What a pack holds, read without the model. */
    public record Contents(String modelId, int revision, List<Entry> entries, boolean numbered, long bytes) {
    }

    /** Whether a container of this method is a pack. */
    public static boolean isPack(MethodId method) {
        return method.equals(MethodId.COMBINER_PACK);
    }

    /**
     * The newest bitstream revision a pack holds: revision 4 (overlapping tiles) needs a tile margin, for which the
     * pack layout has no field, so its images are written as single files.
     */
    static final int MAX_PACK_REVISION = 3;

    /** A pack of {@code images} (in that order, named as given) of the current bitstream revision. */
    public static byte[] pack(CombinerModel model, List<Image> images) {
        return pack(model, CombinerCodec.CURRENT_REVISION, images);
    }

    /**
     * A pack of {@code images} of bitstream revision {@code revision}.
     *
     * @throws IllegalArgumentException for no images, too many, an invalid name or names out of order, an
     *                                  invalid size, or indices of the wrong length for the size
     */
    public static byte[] pack(CombinerModel model, int revision, List<Image> images) {
        CombinerCodec.methodOf(revision); // validates
        if (revision > MAX_PACK_REVISION) {
            throw new IllegalArgumentException("packs hold COMBINER bitstream revisions " + CombinerCodec.MIN_REVISION
                    + " to " + MAX_PACK_REVISION + " (a pack has no field for revision 4's tile margin), not "
                    + revision);
        }
        int n = images.size();
        if (n < 1 || n > MAX_IMAGES) {
            throw new IllegalArgumentException("a pack holds 1 to " + MAX_IMAGES + " images, got " + n);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(revision));
        out.writeBytes(HexFormat.of().parseHex(model.id()));
        out.writeBytes(Varint.encode(n));
        boolean same = images.stream().allMatch(i -> i.width() == images.get(0).width()
                && i.height() == images.get(0).height());
        for (Image im : images) {
            if (im.width() < 1 || im.height() < 1 || (long) im.width() * im.height() > CombinerCodec.MAX_PIXELS) {
                throw new IllegalArgumentException("invalid image size " + im.width() + "x" + im.height());
            }
        }
        if (same) {
            out.writeBytes(Varint.encode(images.get(0).width()));
            out.writeBytes(Varint.encode(images.get(0).height()));
        } else {
            out.writeBytes(Varint.encode(0));
            for (Image im : images) {
                out.writeBytes(Varint.encode(im.width()));
                out.writeBytes(Varint.encode(im.height()));
            }
        }
        ImagePacks.writeNames(out, images.stream().map(Image::name).toList());
        BitWriter bits = new BitWriter();
        for (Image im : images) {
            long expected = CombinerCodec.indexBytes(model, im.width(), im.height());
            if (im.indices().length != expected) {
                throw new IllegalArgumentException("image " + im.name() + " (" + im.width() + "x" + im.height()
                        + ") needs " + expected + " bytes of indices, got " + im.indices().length);
            }
            ImagePacks.copyBits(new BitReader(im.indices()), bits, imageBits(model, im.width(), im.height()));
        }
        out.writeBytes(bits.toByteArray());
        return Container.compact(MethodId.COMBINER_PACK, ContainerHeader.empty(), out.toByteArray()).toBytes();
    }

    /** Index bits of one image: T·K·κ. */
    public static long imageBits(CombinerModel model, int width, int height) {
        return (long) new TileGrid(width, height, model.tile()).tileCount() * model.plan().blockCount()
                * model.kappa();
    }

    /**
     * Reads what a pack holds without its model (the index part is not checked: its length needs the model).
     *
     * @throws Rec4jDataException for a damaged file or a file of another kind
     */
    public static Contents contents(byte[] file) {
        return read(file).contents;
    }

    /**
     * The images of a pack coded with {@code model}, checked completely (model id, sizes, names, exact length of the
     * index part, zero padding) before anything is returned.
     *
     * @throws Rec4jDataException for a damaged file, a file of another kind, or another model
     */
    public static List<Image> unpack(CombinerModel model, byte[] file) {
        Read r = read(file);
        Contents c = r.contents;
        if (!c.modelId().equals(model.id())) {
            throw new Rec4jDataException("this pack was coded with model " + c.modelId() + ", but the model given is "
                    + model.id() + " (" + model.name() + ")");
        }
        long total = 0;
        for (Entry e : c.entries()) {
            total += imageBits(model, e.width(), e.height());
        }
        int offset = r.indexOffset;
        long actual = r.payload.length - offset;
        long expected = (total + 7) / 8;
        if (actual != expected) {
            throw new Rec4jDataException("the pack's " + c.entries().size() + " images need " + expected
                    + " bytes of block indices with model " + model.name() + ", but the payload holds " + actual);
        }
        BitReader in = new BitReader(r.payload, offset, (int) actual);
        List<Image> images = new ArrayList<>();
        for (Entry e : c.entries()) {
            BitWriter w = new BitWriter();
            ImagePacks.copyBits(in, w, imageBits(model, e.width(), e.height()));
            images.add(new Image(e.name(), e.width(), e.height(), w.toByteArray()));
        }
        int pad = (int) (8 * expected - total);
        if (pad > 0 && in.readBits(pad) != 0) {
            throw new Rec4jDataException("the padding bits after the pack's block indices are not zero");
        }
        return images;
    }

    /** The single COMBINER file of one image of a pack (decode it with {@link CombinerCodec#decode}). */
    public static byte[] single(CombinerModel model, int revision, Image image) {
        return CombinerCodec.fromIndices(model, image.width(), image.height(), image.indices(), revision);
    }

    /** The block indices of a single COMBINER file coded with {@code model} (checked as {@link CombinerCodec#check}). */
    public static byte[] indicesOf(CombinerModel model, byte[] singleFile) {
        CombinerCodec.Info info = CombinerCodec.check(model, singleFile);
        byte[] payload = Container.parse(singleFile).payload();
        int n = (int) CombinerCodec.indexBytes(model, info.width(), info.height());
        return java.util.Arrays.copyOfRange(payload, payload.length - n, payload.length);
    }

    // ------------------------------------------------------------------------------------------------ reading

    private record Read(Contents contents, byte[] payload, int indexOffset) {
    }

    private static Read read(byte[] file) {
        Container c = Container.parse(file);
        if (!isPack(c.methodId())) {
            throw new Rec4jDataException("not a packed COMBINER file: the container holds " + c.methodId());
        }
        if (c.header().size() != 0) {
            throw new Rec4jDataException("a packed COMBINER file has no header fields, this one has "
                    + c.header().size());
        }
        byte[] payload = c.payload();
        ImagePacks.Reader b = new ImagePacks.Reader(payload, "packed COMBINER");
        int revision = b.varint("revision");
        if (revision < CombinerCodec.MIN_REVISION || revision > MAX_PACK_REVISION) {
            throw new Rec4jDataException("the pack's images are of COMBINER bitstream revision " + revision
                    + "; this build decodes packs of revisions " + CombinerCodec.MIN_REVISION + " to "
                    + MAX_PACK_REVISION);
        }
        byte[] id = b.bytes(CombinerCodec.MODEL_ID_BYTES);
        // every image holds at least one index bit, so a pack of n images has at least n / 8 bytes
        int n = b.count(1);
        int[] widths = new int[n];
        int[] heights = new int[n];
        int w = b.varint("width");
        if (w == 0) {
            for (int i = 0; i < n; i++) {
                widths[i] = b.varint("width");
                heights[i] = b.varint("height");
                checkSize(widths[i], heights[i]);
            }
        } else {
            int h = b.varint("height");
            checkSize(w, h);
            java.util.Arrays.fill(widths, w);
            java.util.Arrays.fill(heights, h);
        }
        ImagePacks.Names names = b.names(n);
        List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(new Entry(names.names().get(i), widths[i], heights[i]));
        }
        Contents contents = new Contents(HexFormat.of().formatHex(id), revision, List.copyOf(entries),
                names.numbered(), file.length);
        return new Read(contents, payload, b.position());
    }

    private static void checkSize(int w, int h) {
        if (w < 1 || h < 1 || (long) w * h > CombinerCodec.MAX_PIXELS) {
            throw new Rec4jDataException("invalid image size " + w + "x" + h + " in the pack");
        }
    }

    /** Why {@code name} cannot name an unpacked image, or null if it can ({@link ImagePacks#invalidName}). */
    public static String invalidName(String name) {
        return ImagePacks.invalidName(name);
    }
}
