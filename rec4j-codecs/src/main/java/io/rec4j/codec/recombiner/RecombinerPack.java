package io.rec4j.codec.recombiner;

import io.rec4j.codec.image.ImagePacks;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.Varint;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A packed RECOMBINER file: many images coded with one RECOMBINER model in one file ({@code docs/container-format.md},
 * "Packed RECOMBINER files"). The coding is that of single RECOMBINER files (He, Flamich, Guo, Hernández-Lobato,
 * ICLR 2024, arXiv 2309.17182; {@code docs/recombiner.md}, "Bitstream"); a pack holds the model id once, the image
 * count, the names (numbered or listed, as {@link ImagePacks} writes them for COMBINER packs too), then every image's
 * block indices back to back, exactly {@link RecombinerModel#indexBits() κ·K} bits each. Every image has the model's
 * size, so no image has a byte of its own: besides their block bits, n images named by a numbering cost the header
 * once and at most one byte of padding.
 *
 * <p>File: a compact container ({@link Container#compact}, format version 2) of method
 * {@link MethodId#RECOMBINER_PACK} with no header fields. Payload:
 * <pre>
 * 8 bytes  model id ({@link RecombinerModel#id()})
 * varint   image count n (1..{@value ImagePacks#MAX_IMAGES})
 * names    numbered or listed ({@link ImagePacks})
 * rest     n × κ·K bits of block indices, image after image, each in the layout of a single file's indices
 *          without its padding, then zero bits up to a byte, once
 * </pre>
 * Everything is checked before an image is decoded: a damaged, truncated or inconsistent file, or one coded with
 * another model, is a {@link Rec4jDataException}; counts are checked against the payload's length before anything
 * is allocated for the images.
 */
public final class RecombinerPack {
    private static final String KIND = "packed RECOMBINER";

    private RecombinerPack() {
    }

    /** One image of a pack: its file name and its block indices as a single file holds them. */
    public record Image(String name, byte[] indices) {
    }

    /** What a pack holds, read without the model. */
    public record Contents(String modelId, List<String> names, boolean numbered, long bytes) {
    }

    /** Whether a container of this method is a packed RECOMBINER file. */
    public static boolean isPack(MethodId method) {
        return method.equals(MethodId.RECOMBINER_PACK);
    }

    /**
     * A pack of images named {@code names} whose block indices are {@code indices} ({@link RecombinerCodec#indexBytes}
     * bytes each, as {@link RecombinerCodec#indices} returns them).
     *
     * @throws IllegalArgumentException for no images, too many, lists of different lengths, an invalid name, listed
     *                                  names out of order, or indices of the wrong length
     */
    public static byte[] pack(RecombinerModel model, List<String> names, List<byte[]> indices) {
        int n = names.size();
        if (n < 1 || n > ImagePacks.MAX_IMAGES || indices.size() != n) {
            throw new IllegalArgumentException("a pack holds 1 to " + ImagePacks.MAX_IMAGES + " images, one name"
                    + " each; got " + n + " names and " + indices.size() + " index strings");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex(model.id()));
        out.writeBytes(Varint.encode(n));
        ImagePacks.writeNames(out, names);
        BitWriter bits = new BitWriter();
        for (int i = 0; i < n; i++) {
            if (indices.get(i).length != RecombinerCodec.indexBytes(model)) {
                throw new IllegalArgumentException("image " + names.get(i) + " has " + indices.get(i).length
                        + " bytes of indices; model " + model.name() + " needs " + RecombinerCodec.indexBytes(model));
            }
            ImagePacks.copyBits(new BitReader(indices.get(i)), bits, model.indexBits());
        }
        out.writeBytes(bits.toByteArray());
        return Container.compact(MethodId.RECOMBINER_PACK, ContainerHeader.empty(), out.toByteArray()).toBytes();
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
     * The images of a pack coded with {@code model}, checked completely (model id, names, exact length of the index
     * part, zero padding) before anything is returned.
     *
     * @throws Rec4jDataException for a damaged file, a file of another kind, or another model
     */
    public static List<Image> unpack(RecombinerModel model, byte[] file) {
        Read r = read(file);
        Contents c = r.contents;
        if (!c.modelId().equals(model.id())) {
            throw new Rec4jDataException("this pack was coded with model " + c.modelId() + ", but the model given is "
                    + model.id() + " (" + model.name() + ")");
        }
        int n = c.names().size();
        long total = n * model.indexBits();
        long expected = (total + 7) / 8;
        long actual = r.payload.length - r.indexOffset;
        if (actual != expected) {
            throw new Rec4jDataException("the pack's " + n + " images need " + expected + " bytes of block indices"
                    + " with model " + model.name() + " (" + model.indexBits() + " bits each), but the payload holds "
                    + actual);
        }
        BitReader in = new BitReader(r.payload, r.indexOffset, (int) actual);
        List<Image> images = new ArrayList<>(n);
        for (String name : c.names()) {
            BitWriter w = new BitWriter();
            ImagePacks.copyBits(in, w, model.indexBits());
            images.add(new Image(name, w.toByteArray()));
        }
        int pad = (int) (8 * expected - total);
        if (pad > 0 && in.readBits(pad) != 0) {
            throw new Rec4jDataException("the padding bits after the pack's block indices are not zero");
        }
        return images;
    }

    /** Decodes one image of a pack unpacked with {@code model}. */
    public static RgbImage decode(RecombinerModel model, Image image) {
        return RecombinerCodec.decodeIndices(model, image.indices());
    }

    /**
     * Decodes images of a pack on up to {@code threads} threads ({@link RecombinerCodec#decodeAllIndices}): the same
     * images as {@link #decode} on each.
     */
    public static List<RgbImage> decodeAll(RecombinerModel model, List<Image> images, int threads) {
        return RecombinerCodec.decodeAllIndices(model, images.stream().map(Image::indices).toList(), threads);
    }

    private record Read(Contents contents, byte[] payload, int indexOffset) {
    }

    private static Read read(byte[] file) {
        Container c = Container.parse(file);
        if (!isPack(c.methodId())) {
            throw new Rec4jDataException("not a packed RECOMBINER file: the container holds " + c.methodId());
        }
        if (c.header().size() != 0) {
            throw new Rec4jDataException("a packed RECOMBINER file has no header fields, this one has "
                    + c.header().size());
        }
        byte[] payload = c.payload();
        ImagePacks.Reader b = new ImagePacks.Reader(payload, KIND);
        byte[] id = b.bytes(RecombinerCodec.MODEL_ID_BYTES);
        int n = b.count(1); // every image has at least one index bit (κ ≥ 1, K ≥ 1)
        ImagePacks.Names names = b.names(n);
        return new Read(new Contents(HexFormat.of().formatHex(id), names.names(), names.numbered(), file.length),
                payload, b.position());
    }
}
