package io.rec4j.core.container;

import io.rec4j.core.coding.bits.BigEndian;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The header of a {@link Container}: an immutable, ordered set of named, typed fields.
 *
 * <p>Keys are 1 to 255 printable ASCII characters ({@code 0x21..0x7E}, no spaces), unique within a header. Values
 * have one of the {@link FieldType}s. Fields keep the order in which they were added (or found in the file), and
 * that order is part of the encoding, so encoding is deterministic: {@code parse(c.toBytes())} re-encodes to the
 * same bytes.
 *
 * <h2>Encoding</h2>
 * All integers big-endian:
 * <pre>
 *   u16  field count N (0..65535)
 *   N times:
 *     u8   key length K (1..255)
 *     K    key bytes (ASCII 0x21..0x7E)
 *     u8   type tag ({@link FieldType#tag()}: 1 LONG, 2 INT, 3 DOUBLE, 4 STRING, 5 BYTES)
 *     u32  value length L (LONG 8, INT 4, DOUBLE 8, STRING/BYTES any)
 *     L    value bytes
 * </pre>
 * The encoded header must be consumed exactly: bytes left after the N-th field make it malformed.
 *
 * <p>Typed getters throw {@link MalformedContainerException} when a required field is missing or has another type,
 * so a decoder can read its parameters without extra checks and still fail with a data error on bad files.
 */
public final class ContainerHeader {

    /** Maximum number of fields (the count is a u16). */
    public static final int MAX_FIELDS = 0xFFFF;
    /** Maximum key length in bytes (the key length is a u8). */
    public static final int MAX_KEY_LENGTH = 255;

    private static final ContainerHeader EMPTY = new ContainerHeader(new LinkedHashMap<>(), 2);

    private final Map<String, Field> fields; // insertion-ordered, unmodifiable
    private final int encodedLength;

    private static final class Field {
        final String key;
        final FieldType type;
        final byte[] value; // never exposed

        Field(String key, FieldType type, byte[] value) {
            this.key = key;
            this.type = type;
            this.value = value;
        }

        int encodedLength() {
            return 1 + key.length() + 1 + 4 + value.length;
        }
    }

    private ContainerHeader(LinkedHashMap<String, Field> fields, int encodedLength) {
        this.fields = Collections.unmodifiableMap(fields);
        this.encodedLength = encodedLength;
    }

    /** The header with no fields. */
    public static ContainerHeader empty() {
        return EMPTY;
    }

    /** A builder for a new header. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with this header's fields (to derive a modified copy). */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (Field f : fields.values()) {
            b.add(f.key, f.type, f.value);
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------------ queries

    /** Number of fields. */
    public int size() {
        return fields.size();
    }

    /** Whether the header has no fields. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The keys, in header order. */
    public List<String> keys() {
        return List.copyOf(fields.keySet());
    }

    /** Whether a field with this key exists. */
    public boolean contains(String key) {
        return fields.containsKey(key);
    }

    /** The type of the field with this key, if present. */
    public Optional<FieldType> typeOf(String key) {
        Field f = fields.get(key);
        return f == null ? Optional.empty() : Optional.of(f.type);
    }

    /** Length in bytes of this header's encoding (at least 2, for the field count). */
    public int encodedLength() {
        return encodedLength;
    }

    // ------------------------------------------------------------------------------------------------ getters

    /**
     * The LONG field {@code key}.
     *
     * @throws MalformedContainerException if missing or not a LONG
     */
    public long getLong(String key) {
        return BigEndian.i64(require(key, FieldType.LONG), 0);
    }

    /**
     * The INT field {@code key}.
     *
     * @throws MalformedContainerException if missing or not an INT
     */
    public int getInt(String key) {
        return BigEndian.i32(require(key, FieldType.INT), 0);
    }

    /**
     * The DOUBLE field {@code key}, bit-exact.
     *
     * @throws MalformedContainerException if missing or not a DOUBLE
     */
    public double getDouble(String key) {
        return Double.longBitsToDouble(BigEndian.i64(require(key, FieldType.DOUBLE), 0));
    }

    /**
     * The STRING field {@code key}.
     *
     * @throws MalformedContainerException if missing or not a STRING
     */
    public String getString(String key) {
        return new String(require(key, FieldType.STRING), StandardCharsets.UTF_8);
    }

    /**
     * A copy of the BYTES field {@code key}.
     *
     * @throws MalformedContainerException if missing or not BYTES
     */
    public byte[] getBytes(String key) {
        return require(key, FieldType.BYTES).clone();
    }

    /**
     * The value of field {@code key} as a {@link Long}, {@link Integer}, {@link Double}, {@link String} or a copy of
     * the {@code byte[]}, according to its type (for generic display, e.g. {@code rec4j info}).
     *
     * @throws MalformedContainerException if the field is missing
     */
    public Object getValue(String key) {
        Field f = fields.get(key);
        if (f == null) {
            throw missing(key);
        }
        switch (f.type) {
            case LONG:
                return getLong(key);
            case INT:
                return getInt(key);
            case DOUBLE:
                return getDouble(key);
            case STRING:
                return getString(key);
            default:
                return getBytes(key);
        }
    }

    private byte[] require(String key, FieldType type) {
        Field f = fields.get(key);
        if (f == null) {
            throw missing(key);
        }
        if (f.type != type) {
            throw new MalformedContainerException(
                    "header field '" + key + "' has type " + f.type + ", expected " + type);
        }
        if (type.fixedLength() >= 0 && f.value.length != type.fixedLength()) {
            // cannot happen for headers built or parsed by this class; kept as a guard
            throw new MalformedContainerException("header field '" + key + "' of type " + type + " has "
                    + f.value.length + " bytes, expected " + type.fixedLength());
        }
        return f.value;
    }

    private MalformedContainerException missing(String key) {
        return new MalformedContainerException(
                "required header field '" + key + "' is missing (fields present: " + fields.keySet() + ")");
    }

    // ------------------------------------------------------------------------------------------------ encoding

    /** Writes the encoding (exactly {@link #encodedLength()} bytes) into {@code dst} at {@code off}; returns the end. */
    int encodeInto(byte[] dst, int off) {
        BigEndian.put16(dst, off, fields.size());
        int p = off + 2;
        for (Field f : fields.values()) {
            int k = f.key.length();
            dst[p++] = (byte) k;
            for (int i = 0; i < k; i++) {
                dst[p++] = (byte) f.key.charAt(i);
            }
            dst[p++] = (byte) f.type.tag();
            BigEndian.put32(dst, p, f.value.length);
            p += 4;
            System.arraycopy(f.value, 0, dst, p, f.value.length);
            p += f.value.length;
        }
        return p;
    }

    /** This header's encoding as a new array. */
    byte[] encode() {
        byte[] b = new byte[encodedLength];
        encodeInto(b, 0);
        return b;
    }

    /**
     * Decodes a header from {@code src[off, off+len)}. Every length is checked against the bytes that remain
     * before anything is allocated. Offsets in messages are {@code base + position}, i.e. container offsets when
     * {@code base} is the header's offset in the container minus {@code off}.
     *
     * @throws MalformedContainerException on any structural problem
     */
    static ContainerHeader decode(byte[] src, int off, int len, long base) {
        final int end = off + len;
        if (len < 2) {
            throw new MalformedContainerException(
                    "header is " + len + " bytes, too short for its 2-byte field count", base + off);
        }
        int count = BigEndian.u16(src, off);
        int p = off + 2;
        // each field needs at least: key length (1) + key (>= 1) + tag (1) + value length (4) = 7 bytes
        long maxFields = (len - 2) / 7L;
        if (count > maxFields) {
            throw new MalformedContainerException("header field count " + count + " at offset " + (base + off)
                    + " is impossible: " + (len - 2) + " header bytes hold at most " + maxFields + " fields", base + off);
        }
        LinkedHashMap<String, Field> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long at = base + p;
            if (end - p < 1) {
                throw new MalformedContainerException("header field #" + i + " at offset " + at
                        + ": header ends before the key length", at);
            }
            int keyLen = BigEndian.u8(src, p++);
            if (keyLen == 0) {
                throw new MalformedContainerException("header field #" + i + " at offset " + at
                        + ": key length is 0, expected 1..255", at);
            }
            if (end - p < keyLen + 1 + 4) {
                throw new MalformedContainerException("header field #" + i + " at offset " + at + ": key length "
                        + keyLen + " plus type tag and value length need " + (keyLen + 5) + " bytes, only "
                        + (end - p) + " header bytes remain", at);
            }
            String key = asciiKey(src, p, keyLen, at, i);
            p += keyLen;
            int tag = BigEndian.u8(src, p);
            FieldType type = FieldType.fromTag(tag);
            if (type == null) {
                throw new MalformedContainerException("header field '" + key + "' at offset " + (base + p)
                        + ": unknown type tag " + tag + ", expected 1..5", base + p);
            }
            p++;
            long valueLen = BigEndian.u32(src, p);
            long lenAt = base + p;
            p += 4;
            if (valueLen > end - p) {
                throw new MalformedContainerException("header field '" + key + "' at offset " + lenAt
                        + ": value length " + valueLen + " exceeds the " + (end - p) + " header bytes remaining",
                        lenAt);
            }
            if (type.fixedLength() >= 0 && valueLen != type.fixedLength()) {
                throw new MalformedContainerException("header field '" + key + "' at offset " + lenAt + ": type "
                        + type + " needs a value length of " + type.fixedLength() + ", found " + valueLen, lenAt);
            }
            if (map.containsKey(key)) {
                throw new MalformedContainerException(
                        "duplicate header key '" + key + "' at offset " + at, at);
            }
            byte[] value = Arrays.copyOfRange(src, p, p + (int) valueLen);
            if (type == FieldType.STRING && !isValidUtf8(value)) {
                throw new MalformedContainerException("header field '" + key + "' at offset " + (base + p)
                        + ": STRING value is not valid UTF-8", base + p);
            }
            p += (int) valueLen;
            map.put(key, new Field(key, type, value));
        }
        if (p != end) {
            throw new MalformedContainerException((end - p) + " unexpected bytes at the end of the header at offset "
                    + (base + p) + ", after its " + count + " fields", base + p);
        }
        return new ContainerHeader(map, len);
    }

    private static String asciiKey(byte[] src, int p, int keyLen, long at, int index) {
        char[] chars = new char[keyLen];
        for (int i = 0; i < keyLen; i++) {
            int c = src[p + i] & 0xFF;
            if (c < 0x21 || c > 0x7E) {
                throw new MalformedContainerException("header field #" + index + " at offset " + at
                        + ": key byte " + i + " is 0x" + Integer.toHexString(c).toUpperCase()
                        + ", expected printable ASCII 0x21..0x7E", at);
            }
            chars[i] = (char) c;
        }
        return new String(chars);
    }

    private static boolean isValidUtf8(byte[] value) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ Object

    /** Equal when both have the same fields (keys, types and value bytes) in the same order. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ContainerHeader)) {
            return false;
        }
        ContainerHeader h = (ContainerHeader) o;
        if (h.fields.size() != fields.size()) {
            return false;
        }
        var a = fields.values().iterator();
        var b = h.fields.values().iterator();
        while (a.hasNext()) {
            Field x = a.next();
            Field y = b.next();
            if (!x.key.equals(y.key) || x.type != y.type || !Arrays.equals(x.value, y.value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Field f : fields.values()) {
            h = 31 * h + f.key.hashCode();
            h = 31 * h + f.type.hashCode();
            h = 31 * h + Arrays.hashCode(f.value);
        }
        return h;
    }

    /** For example {@code {n: LONG=3, name: STRING="x", w: BYTES[12]}}; long strings and byte arrays are abbreviated. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Field f : fields.values()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(f.key).append(": ").append(f.type);
            switch (f.type) {
                case LONG:
                    sb.append('=').append(BigEndian.i64(f.value, 0));
                    break;
                case INT:
                    sb.append('=').append(BigEndian.i32(f.value, 0));
                    break;
                case DOUBLE:
                    sb.append('=').append(Double.longBitsToDouble(BigEndian.i64(f.value, 0)));
                    break;
                case STRING:
                    String s = new String(f.value, StandardCharsets.UTF_8);
                    if (s.length() > 64) {
                        s = s.substring(0, 61) + "...";
                    }
                    sb.append("=\"").append(s.replace("\n", "\\n")).append('"');
                    break;
                default:
                    sb.append('[').append(f.value.length).append(']');
            }
        }
        return sb.append('}').toString();
    }

    // ------------------------------------------------------------------------------------------------ Builder

    /**
     * Builds a {@link ContainerHeader}. Programming errors (invalid or duplicate key, too many fields, a string that
     * is not valid Unicode, a header too large for a container) throw {@link IllegalArgumentException}.
     */
    public static final class Builder {
        private final LinkedHashMap<String, Field> fields = new LinkedHashMap<>();
        private long encodedLength = 2;

        private Builder() {
        }

        public Builder putLong(String key, long value) {
            return add(key, FieldType.LONG, Bytes.of64(value));
        }

        public Builder putInt(String key, int value) {
            return add(key, FieldType.INT, Bytes.of32(value));
        }

        /** Stores the exact bits ({@link Double#doubleToRawLongBits}), so NaN payloads and -0.0 survive. */
        public Builder putDouble(String key, double value) {
            return add(key, FieldType.DOUBLE, Bytes.of64(Double.doubleToRawLongBits(value)));
        }

        /** @throws IllegalArgumentException if {@code value} has unpaired surrogates (it could not round-trip) */
        public Builder putString(String key, String value) {
            Objects.requireNonNull(value, "value");
            byte[] utf8;
            try {
                ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(CharBuffer.wrap(value));
                utf8 = new byte[bb.remaining()];
                bb.get(utf8);
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("header field '" + key + "': string is not valid Unicode "
                        + "(unpaired surrogate)", e);
            }
            return add(key, FieldType.STRING, utf8);
        }

        /** Stores a copy of {@code value}. */
        public Builder putBytes(String key, byte[] value) {
            return add(key, FieldType.BYTES, Objects.requireNonNull(value, "value").clone());
        }

        private Builder add(String key, FieldType type, byte[] value) {
            checkKey(key);
            if (fields.containsKey(key)) {
                throw new IllegalArgumentException("duplicate header key '" + key + "'");
            }
            if (fields.size() >= MAX_FIELDS) {
                throw new IllegalArgumentException("a header holds at most " + MAX_FIELDS + " fields");
            }
            Field f = new Field(key, type, value);
            long newLength = encodedLength + f.encodedLength();
            if (newLength > Container.MAX_CONTAINER_BYTES - Container.FIXED_OVERHEAD) {
                throw new IllegalArgumentException("header would be " + newLength
                        + " bytes, more than a container can hold");
            }
            fields.put(key, f);
            encodedLength = newLength;
            return this;
        }

        /** The header with the fields added so far, in the order they were added. */
        public ContainerHeader build() {
            if (fields.isEmpty()) {
                return EMPTY;
            }
            return new ContainerHeader(new LinkedHashMap<>(fields), (int) encodedLength);
        }

        private static void checkKey(String key) {
            Objects.requireNonNull(key, "key");
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                throw new IllegalArgumentException("header key must be 1.." + MAX_KEY_LENGTH
                        + " characters, got " + key.length());
            }
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c < 0x21 || c > 0x7E) {
                    throw new IllegalArgumentException("header key '" + key + "' has a character outside "
                            + "printable ASCII 0x21..0x7E at index " + i);
                }
            }
        }
    }
}
