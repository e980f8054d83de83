package io.rec4j.codec.combiner;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.Varint;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.codec.image.TileGrid;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

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
 * 1 byte   names: 0 = numbered, 1 = listed
 *          numbered: string prefix, varint first number, varint digits (0..10), string suffix; image i is named
 *                    prefix + (first + i) zero-padded to at least digits digits + suffix
 *          listed:   per image a varint (bytes shared with the previous name) and a string (the rest)
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
    public static final int MAX_IMAGES = 1 << 20;
    /** Longest image name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    private static final int NUMBERED = 0;
    private static final int LISTED = 1;

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
        List<String> names = images.stream().map(Image::name).toList();
        for (String name : names) {
            String why = invalidName(name);
            if (why != null) {
                throw new IllegalArgumentException("image name \"" + name + "\" " + why);
            }
        }
        Numbering numbering = Numbering.find(names);
        if (numbering != null) {
            out.write(NUMBERED);
            writeString(out, numbering.prefix);
            out.writeBytes(Varint.encode(numbering.first));
            out.writeBytes(Varint.encode(numbering.digits));
            writeString(out, numbering.suffix);
        } else {
            out.write(LISTED);
            byte[] previous = new byte[0];
            for (int i = 0; i < n; i++) {
                if (i > 0 && names.get(i - 1).compareTo(names.get(i)) >= 0) {
                    throw new IllegalArgumentException("image names must be strictly increasing: \""
                            + names.get(i - 1) + "\" comes before \"" + names.get(i) + "\"");
                }
                byte[] b = names.get(i).getBytes(StandardCharsets.UTF_8);
                int shared = 0;
                while (shared < Math.min(b.length, previous.length) && b[shared] == previous[shared]) {
                    shared++;
                }
                out.writeBytes(Varint.encode(shared));
                out.writeBytes(Varint.encode(b.length - shared));
                out.write(b, shared, b.length - shared);
                previous = b;
            }
        }
        BitWriter bits = new BitWriter();
        for (Image im : images) {
            long expected = CombinerCodec.indexBytes(model, im.width(), im.height());
            if (im.indices().length != expected) {
                throw new IllegalArgumentException("image " + im.name() + " (" + im.width() + "x" + im.height()
                        + ") needs " + expected + " bytes of indices, got " + im.indices().length);
            }
            copyBits(new BitReader(im.indices()), bits, imageBits(model, im.width(), im.height()));
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
            copyBits(in, w, imageBits(model, e.width(), e.height()));
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
        ByteBuffer b = ByteBuffer.wrap(payload);
        int revision = varint(b, "revision");
        if (revision < CombinerCodec.MIN_REVISION || revision > MAX_PACK_REVISION) {
            throw new Rec4jDataException("the pack's images are of COMBINER bitstream revision " + revision
                    + "; this build decodes packs of revisions " + CombinerCodec.MIN_REVISION + " to "
                    + MAX_PACK_REVISION);
        }
        if (b.remaining() < CombinerCodec.MODEL_ID_BYTES) {
            throw truncated();
        }
        byte[] id = new byte[CombinerCodec.MODEL_ID_BYTES];
        b.get(id);
        int n = varint(b, "image count");
        // every image holds at least one index bit, so a pack of n images has at least n / 8 bytes
        if (n < 1 || n > MAX_IMAGES || n > 8L * b.remaining()) {
            throw new Rec4jDataException("impossible image count " + n + " in a pack of " + payload.length
                    + " payload bytes (1 to " + MAX_IMAGES + ", at most 8 per byte)");
        }
        int[] widths = new int[n];
        int[] heights = new int[n];
        int w = varint(b, "width");
        if (w == 0) {
            for (int i = 0; i < n; i++) {
                widths[i] = varint(b, "width");
                heights[i] = varint(b, "height");
                checkSize(widths[i], heights[i]);
            }
        } else {
            int h = varint(b, "height");
            checkSize(w, h);
            java.util.Arrays.fill(widths, w);
            java.util.Arrays.fill(heights, h);
        }
        if (!b.hasRemaining()) {
            throw truncated();
        }
        int kind = b.get() & 0xFF;
        List<String> names = new ArrayList<>(n);
        if (kind == NUMBERED) {
            String prefix = string(b, MAX_NAME_BYTES);
            int first = varint(b, "first number");
            int digits = varint(b, "digits");
            String suffix = string(b, MAX_NAME_BYTES);
            if (digits > 10 || (long) first + n - 1 > Integer.MAX_VALUE) {
                throw new Rec4jDataException("impossible numbering in the pack: " + digits + " digits, numbers "
                        + first + " to " + ((long) first + n - 1));
            }
            for (int i = 0; i < n; i++) {
                names.add(Numbering.name(prefix, first + i, digits, suffix));
            }
        } else if (kind == LISTED) {
            byte[] previous = new byte[0];
            for (int i = 0; i < n; i++) {
                int shared = varint(b, "shared name length");
                if (shared > previous.length) {
                    throw new Rec4jDataException("name " + i + " of the pack shares " + shared
                            + " bytes with a previous name of " + previous.length);
                }
                byte[] rest = bytes(b, MAX_NAME_BYTES);
                byte[] name = new byte[shared + rest.length];
                System.arraycopy(previous, 0, name, 0, shared);
                System.arraycopy(rest, 0, name, shared, rest.length);
                String s = utf8(name);
                if (i > 0 && names.get(i - 1).compareTo(s) >= 0) {
                    throw new Rec4jDataException("the pack's names are not strictly increasing at name " + i);
                }
                names.add(s);
                previous = name;
            }
        } else {
            throw new Rec4jDataException("unknown kind of names " + kind + " in the pack (0 or 1)");
        }
        List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String why = invalidName(names.get(i));
            if (why != null) {
                throw new Rec4jDataException("image name " + i + " of the pack " + why);
            }
            entries.add(new Entry(names.get(i), widths[i], heights[i]));
        }
        Contents contents = new Contents(HexFormat.of().formatHex(id), revision, List.copyOf(entries),
                kind == NUMBERED, file.length);
        return new Read(contents, payload, b.position());
    }

    private static void checkSize(int w, int h) {
        if (w < 1 || h < 1 || (long) w * h > CombinerCodec.MAX_PIXELS) {
            throw new Rec4jDataException("invalid image size " + w + "x" + h + " in the pack");
        }
    }

    private static Rec4jDataException truncated() {
        return new Rec4jDataException("truncated packed COMBINER header");
    }

    private static int varint(ByteBuffer b, String what) {
        int v;
        try {
            v = Varint.read(b);
        } catch (java.nio.BufferUnderflowException e) {
            throw truncated();
        }
        if (v < 0) {
            throw new Rec4jDataException("invalid varint (" + what + ") in the packed COMBINER header");
        }
        return v;
    }

    private static byte[] bytes(ByteBuffer b, int max) {
        int len = varint(b, "string length");
        if (len > max) {
            throw new Rec4jDataException("a name part of " + len + " bytes in the pack, more than " + max);
        }
        if (len > b.remaining()) {
            throw truncated();
        }
        byte[] s = new byte[len];
        b.get(s);
        return s;
    }

    private static String string(ByteBuffer b, int max) {
        return utf8(bytes(b, max));
    }

    private static String utf8(byte[] s) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(s)).toString();
        } catch (CharacterCodingException e) {
            throw new Rec4jDataException("an image name in the pack is not valid UTF-8");
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(Varint.encode(b.length));
        out.writeBytes(b);
    }

    /** Why {@code name} cannot name an unpacked image, or null if it can. */
    public static String invalidName(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > MAX_NAME_BYTES) {
            return "must have 1 to " + MAX_NAME_BYTES + " bytes of UTF-8, has " + bytes;
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(".png") || name.length() < 5) {
            return "must end in .png";
        }
        if (name.startsWith(".")) {
            return "must not start with a dot";
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 0x20 || ch == 0x7F || ch == '/' || ch == '\\' || Character.isSurrogate(ch) && !validPair(name, i)) {
                return "must not contain a path separator or a control character";
            }
        }
        return null;
    }

    private static boolean validPair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static void copyBits(BitReader in, BitWriter out, long bits) {
        for (long done = 0; done < bits; ) {
            int k = (int) Math.min(32, bits - done);
            out.writeBits(in.readBits(k), k);
            done += k;
        }
    }

    /** Names {@code prefix + number + suffix} with consecutive numbers. */
    private record Numbering(String prefix, int first, int digits, String suffix) {
        static String name(String prefix, int number, int digits, String suffix) {
            String d = Integer.toString(number);
            return prefix + "0".repeat(Math.max(0, digits - d.length())) + d + suffix;
        }

        /** The numbering that gives exactly {@code names}, or null. */
        static Numbering find(List<String> names) {
            String a = names.get(0);
            int end = a.length();
            while (end > 0 && (a.charAt(end - 1) < '0' || a.charAt(end - 1) > '9')) {
                end--;
            }
            int start = end;
            while (start > 0 && a.charAt(start - 1) >= '0' && a.charAt(start - 1) <= '9') {
                start--;
            }
            if (start == end || end - start > 9) {
                return null;
            }
            Numbering n = new Numbering(a.substring(0, start), Integer.parseInt(a.substring(start, end)),
                    end - start, a.substring(end));
            if ((long) n.first + names.size() - 1 > Integer.MAX_VALUE) {
                return null;
            }
            for (int i = 0; i < names.size(); i++) {
                if (!name(n.prefix, n.first + i, n.digits, n.suffix).equals(names.get(i))) {
                    return null;
                }
            }
            return n;
        }
    }
}
