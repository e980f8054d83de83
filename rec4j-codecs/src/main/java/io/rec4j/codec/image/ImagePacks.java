package io.rec4j.codec.image;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the packed image files of every codec share ({@code docs/container-format.md}, "Packed COMBINER files" and
 * "Packed RECOMBINER files"): the image names, written once for the whole pack either as a numbering or as a list
 * with shared prefixes, the limits on names and counts, a payload reader whose every failure is a typed
 * {@link Rec4jDataException} naming the kind of pack, and the copying of index bits between images and the pack.
 *
 * <p>Names (varints are unsigned LEB128, a string is a varint byte length and that many bytes of strict UTF-8):
 * <pre>
 * 1 byte   0 = numbered: string prefix, varint first number, varint digits (0..10), string suffix; image i is named
 *              prefix + (first + i) zero-padded to at least digits digits + suffix
 *          1 = listed:   per image a varint (bytes shared with the previous name) and a string (the rest)
 * </pre>
 * A name can name an unpacked image file: 1 to {@value #MAX_NAME_BYTES} bytes of UTF-8, ending in {@code .png},
 * without {@code /}, {@code \}, control characters or a leading dot; listed names are strictly increasing (the order
 * of {@link String#compareTo}), so no two are equal.
 */
public final class ImagePacks {
    /** Most images in one pack. */
    public static final int MAX_IMAGES = 1 << 20;
    /** Longest image name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    private static final int NUMBERED = 0;
    private static final int LISTED = 1;

    private ImagePacks() {
    }

    /** The names of a pack's images, and whether they were written as a numbering. */
    public record Names(List<String> names, boolean numbered) {
    }

    /**
     * Writes {@code names} (in this order) as a numbering when they are one, as a list otherwise.
     *
     * @throws IllegalArgumentException for an invalid name ({@link #invalidName}) or listed names out of order
     */
    public static void writeNames(ByteArrayOutputStream out, List<String> names) {
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
            return;
        }
        out.write(LISTED);
        byte[] previous = new byte[0];
        for (int i = 0; i < names.size(); i++) {
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

    /** Copies {@code bits} bits from {@code in} to {@code out}. */
    public static void copyBits(BitReader in, BitWriter out, long bits) {
        for (long done = 0; done < bits; ) {
            int k = (int) Math.min(32, bits - done);
            out.writeBits(in.readBits(k), k);
            done += k;
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(Varint.encode(b.length));
        out.writeBytes(b);
    }

    /**
     * Reads the fields of a pack's payload in order. Every failure (truncation, an invalid varint, an impossible
     * name) is a {@link Rec4jDataException} whose message names the kind of pack given to the constructor.
     */
    public static final class Reader {
        private final ByteBuffer b;
        private final String kind;

        /** @param kind names the pack in errors, e.g. {@code "packed COMBINER"} */
        public Reader(byte[] payload, String kind) {
            this.b = ByteBuffer.wrap(payload);
            this.kind = kind;
        }

        /** Bytes read so far. */
        public int position() {
            return b.position();
        }

        /** Bytes left. */
        public int remaining() {
            return b.remaining();
        }

        /** The error of a payload that ends inside its header. */
        public Rec4jDataException truncated() {
            return new Rec4jDataException("truncated " + kind + " header");
        }

        /** A non-negative varint ({@code what} names it in errors). */
        public int varint(String what) {
            int v;
            try {
                v = Varint.read(b);
            } catch (BufferUnderflowException e) {
                throw truncated();
            }
            if (v < 0) {
                throw new Rec4jDataException("invalid varint (" + what + ") in the " + kind + " header");
            }
            return v;
        }

        /** The next {@code n} bytes. */
        public byte[] bytes(int n) {
            if (b.remaining() < n) {
                throw truncated();
            }
            byte[] out = new byte[n];
            b.get(out);
            return out;
        }

        /** The next byte, unsigned. */
        public int u8() {
            if (!b.hasRemaining()) {
                throw truncated();
            }
            return b.get() & 0xFF;
        }

        /**
         * The image count: 1 to {@link #MAX_IMAGES}, and at most as many as {@code bitsPerImage} bits each fit in
         * the bytes left (checked before anything is allocated for the images).
         */
        public int count(long bitsPerImage) {
            int n = varint("image count");
            if (n < 1 || n > MAX_IMAGES || (long) n * bitsPerImage > 8L * b.remaining()) {
                throw new Rec4jDataException("impossible image count " + n + " in a " + kind + " file of "
                        + b.limit() + " payload bytes (1 to " + MAX_IMAGES + ", each image at least "
                        + bitsPerImage + " bits)");
            }
            return n;
        }

        /** The names of {@code n} images, checked ({@link #invalidName}, strictly increasing when listed). */
        public Names names(int n) {
            int kindOfNames = u8();
            List<String> names = new ArrayList<>(n);
            if (kindOfNames == NUMBERED) {
                String prefix = string();
                int first = varint("first number");
                int digits = varint("digits");
                String suffix = string();
                if (digits > 10 || (long) first + n - 1 > Integer.MAX_VALUE) {
                    throw new Rec4jDataException("impossible numbering in the " + kind + " file: " + digits
                            + " digits, numbers " + first + " to " + ((long) first + n - 1));
                }
                for (int i = 0; i < n; i++) {
                    names.add(Numbering.name(prefix, first + i, digits, suffix));
                }
            } else if (kindOfNames == LISTED) {
                byte[] previous = new byte[0];
                for (int i = 0; i < n; i++) {
                    int shared = varint("shared name length");
                    if (shared > previous.length) {
                        throw new Rec4jDataException("name " + i + " of the " + kind + " file shares " + shared
                                + " bytes with a previous name of " + previous.length);
                    }
                    byte[] rest = part();
                    byte[] name = new byte[shared + rest.length];
                    System.arraycopy(previous, 0, name, 0, shared);
                    System.arraycopy(rest, 0, name, shared, rest.length);
                    String s = utf8(name);
                    if (i > 0 && names.get(i - 1).compareTo(s) >= 0) {
                        throw new Rec4jDataException("the " + kind + " file's names are not strictly increasing at"
                                + " name " + i);
                    }
                    names.add(s);
                    previous = name;
                }
            } else {
                throw new Rec4jDataException("unknown kind of names " + kindOfNames + " in the " + kind
                        + " file (0 or 1)");
            }
            for (int i = 0; i < n; i++) {
                String why = invalidName(names.get(i));
                if (why != null) {
                    throw new Rec4jDataException("image name " + i + " of the " + kind + " file " + why);
                }
            }
            return new Names(List.copyOf(names), kindOfNames == NUMBERED);
        }

        private byte[] part() {
            int len = varint("string length");
            if (len > MAX_NAME_BYTES) {
                throw new Rec4jDataException("a name part of " + len + " bytes in the " + kind + " file, more than "
                        + MAX_NAME_BYTES);
            }
            return bytes(len);
        }

        private String string() {
            return utf8(part());
        }

        private String utf8(byte[] s) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(s)).toString();
            } catch (CharacterCodingException e) {
                throw new Rec4jDataException("an image name in the " + kind + " file is not valid UTF-8");
            }
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
