package io.rec4j.core.container;

import io.rec4j.core.coding.bits.BigEndian;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * A rec4j container: the one file format every rec4j file uses. Immutable; holds the format version, the
 * {@link MethodId}, the {@link ContainerHeader} and the payload bytes.
 *
 * <h2>Byte layout (format version 1)</h2>
 * All framing integers are unsigned and big-endian. {@code H} is the header length, {@code P} the payload length.
 * <pre>
 * offset      size  field
 * 0           4     magic 0x52 0x34 0x4A 0x1A ("R4J" + SUB)
 * 4           2     format version (u16, currently 1)
 * 6           2     method id (u16, see {@link MethodId})
 * 8           4     header length H (u32, at least 2)
 * 12          H     header (see {@link ContainerHeader}: u16 field count, then the fields)
 * 12+H        8     payload length P (u64)
 * 20+H        P     payload
 * 20+H+P      4     CRC32C (Castagnoli, as {@link CRC32C}) of bytes [0, 20+H+P), i.e. of every byte before it
 * </pre>
 * Total size {@code 24 + H + P} bytes; the smallest container (empty header and payload) has 26 bytes. In memory a
 * container is at most {@link #MAX_CONTAINER_BYTES} bytes, so P is below 2^31 even though the field has 64 bits.
 * Nothing may follow the CRC in a file passed to {@link #parse(byte[])}.
 *
 * <h2>Validation order of {@link #parse(byte[])}</h2>
 * <ol>
 * <li>magic: the first {@code min(4, length)} bytes must match the magic, else {@link BadMagicException} (so a
 *     short foreign file is reported as foreign, while any prefix of a real container passes this check);</li>
 * <li>format version, if the data has its 6 first bytes: 1..{@link #CURRENT_VERSION}, else
 *     {@link UnsupportedVersionException} (a newer version says "written by a newer rec4j"). Checked before the
 *     minimum length because a newer version may have a different layout;</li>
 * <li>length at least 26, else {@link TruncatedContainerException};</li>
 * <li>framing: header length at least 2, header length and payload length against the bytes actually present
 *     ({@link TruncatedContainerException} if they declare more; {@link MalformedContainerException} for an
 *     impossible header length or a payload length above the in-memory limit; {@link MalformedContainerException}
 *     for trailing bytes after the CRC). No array is allocated before this step has passed;</li>
 * <li>CRC32C over every byte before the CRC, else {@link ChecksumMismatchException}. The CRC is checked once the
 *     framing is consistent but <em>before</em> the header fields are decoded, so a bit flip inside the header or
 *     payload is reported as a checksum mismatch rather than as some odd structural error;</li>
 * <li>header fields ({@link MalformedContainerException}: impossible field count or lengths, empty or non-ASCII
 *     key, unknown type tag, wrong size for a fixed-size type, invalid UTF-8, duplicate key, unused bytes).</li>
 * </ol>
 * Bad input never produces anything but a {@link ContainerFormatException} subclass.
 *
 * <p>Encoding is deterministic, so a container that parses re-encodes to exactly the bytes it was parsed from.
 *
 * <h2>Compact layout (format version 2)</h2>
 * For files where every byte counts (one small image), version 2 keeps the magic, the version field and the CRC32C
 * but writes the method id and both lengths as unsigned LEB128 varints (shortest form only) and an empty header as
 * length 0:
 * <pre>
 * 0     4     magic
 * 4     2     format version 2 (u16, big-endian, as in version 1, so older readers say "newer rec4j")
 * 6     1..3  method id (varint, at most 0xFFFF)
 * .     1..5  header length H (varint; 0 = no fields, else at least 2 and at least one field)
 * .     1..5  payload length P (varint)
 * .     H     header, as in version 1
 * .     P     payload
 * .     4     CRC32C of every byte before it
 * </pre>
 * An empty-header container of a payload below 128 bytes costs 13 bytes besides its payload, against 26 in version 1.
 * Both versions are read; {@link #of} and the constructor write version 1, {@link #compact} and
 * {@link #withFormatVersion} choose the version.
 *
 * <p>The same specification, with a worked example, is in {@code docs/container-format.md} in the repository.
 */
public final class Container {

    /** The format version {@link #of} and the constructor write (the framing of fixed-width fields). */
    public static final int CURRENT_VERSION = 1;
    /** The compact format version: varint method id and lengths, no bytes for an empty header. */
    public static final int COMPACT_VERSION = 2;
    /** The newest format version this build reads. */
    public static final int NEWEST_VERSION = 2;
    /** Bytes of a compact (version 2) container besides header and payload, when every varint takes one byte. */
    public static final int COMPACT_MIN_OVERHEAD = 13;

    /** Offset of the format version field. */
    public static final int OFFSET_VERSION = 4;
    /** Offset of the method id field. */
    public static final int OFFSET_METHOD = 6;
    /** Offset of the header length field. */
    public static final int OFFSET_HEADER_LENGTH = 8;
    /** Offset of the header. */
    public static final int OFFSET_HEADER = 12;

    /** Bytes of a container besides header and payload: magic, version, method, both lengths and the CRC. */
    public static final int FIXED_OVERHEAD = 24;
    /** Size of the smallest valid container (empty header, empty payload). */
    public static final int MIN_CONTAINER_BYTES = FIXED_OVERHEAD + 2;
    /** Largest container this implementation holds in memory (the usual maximum Java array size). */
    public static final int MAX_CONTAINER_BYTES = Integer.MAX_VALUE - 8;

    private static final byte[] MAGIC = {0x52, 0x34, 0x4A, 0x1A};

    private final int formatVersion;
    private final MethodId methodId;
    private final ContainerHeader header;
    private final byte[] payload; // never exposed

    /**
     * A new container of the {@link #CURRENT_VERSION current format version}; the payload is copied.
     *
     * @throws IllegalArgumentException if header and payload together exceed {@link #MAX_CONTAINER_BYTES}
     */
    public Container(MethodId methodId, ContainerHeader header, byte[] payload) {
        this(CURRENT_VERSION, methodId, header, Objects.requireNonNull(payload, "payload").clone());
    }

    private Container(int formatVersion, MethodId methodId, ContainerHeader header, byte[] payload) {
        this.formatVersion = formatVersion;
        this.methodId = Objects.requireNonNull(methodId, "methodId");
        this.header = Objects.requireNonNull(header, "header");
        this.payload = payload;
        long total = (long) FIXED_OVERHEAD + header.encodedLength() + payload.length; // >= the compact size
        if (total > MAX_CONTAINER_BYTES) {
            throw new IllegalArgumentException("container would be " + total + " bytes, more than the maximum of "
                    + MAX_CONTAINER_BYTES);
        }
    }

    /** Same as the constructor. */
    public static Container of(MethodId methodId, ContainerHeader header, byte[] payload) {
        return new Container(methodId, header, payload);
    }

    /** A container of the {@link #COMPACT_VERSION compact format version}; the payload is copied. */
    public static Container compact(MethodId methodId, ContainerHeader header, byte[] payload) {
        return new Container(COMPACT_VERSION, methodId, header, Objects.requireNonNull(payload, "payload").clone());
    }

    /**
     * The same method, header and payload in format version {@code version} (1 or 2): re-framing changes the bytes
     * around the payload, never the payload.
     *
     * @throws IllegalArgumentException for a version this build does not write
     */
    public Container withFormatVersion(int version) {
        if (version < 1 || version > NEWEST_VERSION) {
            throw new IllegalArgumentException("format version must be 1.." + NEWEST_VERSION + ", was " + version);
        }
        return version == formatVersion ? this : new Container(version, methodId, header, payload);
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** The format version (always in {@code [1, CURRENT_VERSION]}). */
    public int formatVersion() {
        return formatVersion;
    }

    /** The method id; may be an {@linkplain MethodId#isKnown() unknown} one for parsed containers. */
    public MethodId methodId() {
        return methodId;
    }

    /** The header. */
    public ContainerHeader header() {
        return header;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /** A read-only view of the payload (no copy). */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** The payload length in bytes. */
    public int payloadLength() {
        return payload.length;
    }

    /**
     * The total encoded size: {@code 24 + header.encodedLength() + payloadLength()} in version 1; in version 2 the
     * varint framing of {@link #compact} ({@code 13} bytes plus the payload for an empty header and a short payload).
     */
    public int encodedLength() {
        if (formatVersion == COMPACT_VERSION) {
            return compactPrefixLength() + payload.length + 4;
        }
        return FIXED_OVERHEAD + header.encodedLength() + payload.length;
    }

    /** Version 2: the bytes before the payload. */
    private int compactPrefixLength() {
        int h = compactHeaderLength();
        return 6 + varintLength(methodId.id()) + varintLength(h) + varintLength(payload.length) + h;
    }

    /** Version 2: the header length (0 for an empty header). */
    private int compactHeaderLength() {
        return header.size() == 0 ? 0 : header.encodedLength();
    }

    private static int varintLength(long v) {
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int putVarint(byte[] out, int p, long v) {
        while (v >= 0x80) {
            out[p++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** The encoded container. */
    public byte[] toBytes() {
        byte[] out = new byte[encodedLength()];
        int p = writePrefix(out);
        System.arraycopy(payload, 0, out, p, payload.length);
        p += payload.length;
        CRC32C crc = new CRC32C();
        crc.update(out, 0, p);
        BigEndian.put32(out, p, (int) crc.getValue());
        return out;
    }

    /** Writes the encoded container to {@code out} (without buffering the payload a second time). */
    public void writeTo(OutputStream out) throws IOException {
        byte[] prefix = new byte[formatVersion == COMPACT_VERSION ? compactPrefixLength()
                : OFFSET_HEADER + header.encodedLength() + 8];
        writePrefix(prefix);
        CRC32C crc = new CRC32C();
        crc.update(prefix, 0, prefix.length);
        crc.update(payload, 0, payload.length);
        out.write(prefix);
        out.write(payload);
        out.write(Bytes.of32((int) crc.getValue()));
    }

    /** Writes magic, version, method, header length, header and payload length; returns the payload offset. */
    private int writePrefix(byte[] out) {
        System.arraycopy(MAGIC, 0, out, 0, 4);
        BigEndian.put16(out, OFFSET_VERSION, formatVersion);
        if (formatVersion == COMPACT_VERSION) {
            int h = compactHeaderLength();
            int p = putVarint(out, OFFSET_METHOD, methodId.id());
            p = putVarint(out, p, h);
            p = putVarint(out, p, payload.length);
            return h == 0 ? p : header.encodeInto(out, p);
        }
        BigEndian.put16(out, OFFSET_METHOD, methodId.id());
        BigEndian.put32(out, OFFSET_HEADER_LENGTH, header.encodedLength());
        int p = header.encodeInto(out, OFFSET_HEADER);
        BigEndian.put64(out, p, payload.length);
        return p + 8;
    }

    // ------------------------------------------------------------------------------------------------ parsing

    /**
     * The content id of a container's bytes: the first 16 hex digits (64 bits) of their SHA-256. Coded files name the
     * model file they need by its content id, so that decoding with another model is refused.
     */
    public static String contentId(byte[] bytes) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Parses a complete container; {@code bytes} must hold exactly one container and nothing else. See the class
     * documentation for the validation order.
     *
     * @throws ContainerFormatException (a subclass of it) if the bytes are not a valid container
     */
    public static Container parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        final int n = bytes.length;
        checkMagic(bytes, n);
        if (n >= OFFSET_METHOD) {
            checkVersion(bytes);
            if (BigEndian.u16(bytes, OFFSET_VERSION) == COMPACT_VERSION) {
                return parseCompact(bytes);
            }
        }
        if (n < MIN_CONTAINER_BYTES) {
            throw new TruncatedContainerException("container truncated: " + n + " bytes, but the smallest container has "
                    + MIN_CONTAINER_BYTES + " bytes", n);
        }
        int version = BigEndian.u16(bytes, OFFSET_VERSION);
        MethodId method = MethodId.of(BigEndian.u16(bytes, OFFSET_METHOD));

        long headerLen = BigEndian.u32(bytes, OFFSET_HEADER_LENGTH);
        checkHeaderLengthMinimum(headerLen);
        long payloadLenAt = OFFSET_HEADER + headerLen;
        if (payloadLenAt + 8 + 4 > n) {
            throw new TruncatedContainerException("container truncated: header length " + headerLen + " at offset "
                    + OFFSET_HEADER_LENGTH + " needs " + (payloadLenAt + 12) + " bytes up to the payload length and"
                    + " CRC, but the data has only " + n + " bytes", n);
        }
        long payloadLen = BigEndian.i64(bytes, (int) payloadLenAt);
        checkPayloadLengthLimit(payloadLen, headerLen, payloadLenAt, MAX_CONTAINER_BYTES);
        long total = FIXED_OVERHEAD + headerLen + payloadLen;
        if (total > n) {
            throw new TruncatedContainerException("container truncated: payload length " + payloadLen + " at offset "
                    + payloadLenAt + " means a container of " + total + " bytes, but the data has only " + n
                    + " bytes", n);
        }
        checkEnd(bytes, n, total);


        ContainerHeader header = ContainerHeader.decode(bytes, OFFSET_HEADER, (int) headerLen, 0);
        int payloadAt = (int) payloadLenAt + 8;
        byte[] payload = Arrays.copyOfRange(bytes, payloadAt, payloadAt + (int) payloadLen);
        return new Container(version, method, header, payload);
    }

    /** A varint field of a compact container: its value and the offset after it. */
    private record Field(long value, int end) {
    }

    /**
     * Reads a shortest-form unsigned LEB128 varint of at most {@code max} at {@code p}, within the first {@code n}
     * bytes; {@code what} names it in errors.
     */
    private static Field varint(byte[] b, int p, int n, long max, String what) {
        long v = 0;
        int start = p;
        for (int shift = 0; ; shift += 7) {
            if (p >= n) {
                throw new TruncatedContainerException("container truncated: the data ends at offset " + n
                        + ", inside the " + what + " (a varint starting at offset " + start + ")", n);
            }
            if (shift > 28) {
                throw new MalformedContainerException("the " + what + " at offset " + start + " is longer than"
                        + " 5 bytes", start);
            }
            int x = b[p++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if (v > max) {
                throw new MalformedContainerException("the " + what + " at offset " + start + " is more than "
                        + max, start);
            }
            if ((x & 0x80) == 0) {
                if (x == 0 && p - start > 1) {
                    throw new MalformedContainerException("the " + what + " at offset " + start
                            + " is not in its shortest form", start);
                }
                return new Field(v, p);
            }
        }
    }

    /** {@link #parse(byte[])} of a version 2 container; magic and version are checked. */
    private static Container parseCompact(byte[] bytes) {
        final int n = bytes.length;
        // the CRC's 4 bytes are not part of the framing: a varint may not run into them
        int framingEnd = Math.max(OFFSET_METHOD, n - 4);
        Field method = varint(bytes, OFFSET_METHOD, framingEnd, MethodId.MAX_ID, "method id");
        Field header = varint(bytes, method.end, framingEnd, MAX_CONTAINER_BYTES, "header length");
        if (header.value == 1) {
            throw new MalformedContainerException("header length 1 at offset " + method.end + " is impossible: a"
                    + " header is empty (0) or has its 2-byte field count", method.end);
        }
        Field payload = varint(bytes, header.end, framingEnd, MAX_CONTAINER_BYTES, "payload length");
        long total = payload.end + header.value + payload.value + 4;
        if (total > MAX_CONTAINER_BYTES) {
            throw new MalformedContainerException("header length " + header.value + " and payload length "
                    + payload.value + " make a container of " + total + " bytes, more than the in-memory maximum of "
                    + MAX_CONTAINER_BYTES, header.end);
        }
        if (total > n) {
            throw new TruncatedContainerException("container truncated: the lengths at offsets " + method.end
                    + ".." + (payload.end - 1) + " declare a container of " + total + " bytes, but the data has only "
                    + n + " bytes", n);
        }
        checkEnd(bytes, n, total);
        ContainerHeader h = ContainerHeader.empty();
        if (header.value > 0) {
            h = ContainerHeader.decode(bytes, payload.end, (int) header.value, 0);
            if (h.size() == 0) {
                throw new MalformedContainerException("a compact container writes an empty header as length 0, not"
                        + " as a field count of 0 (offset " + payload.end + ")", payload.end);
            }
        }
        int payloadAt = payload.end + (int) header.value;
        byte[] body = Arrays.copyOfRange(bytes, payloadAt, payloadAt + (int) payload.value);
        return new Container(COMPACT_VERSION, MethodId.of((int) method.value), h, body);
    }

    /**
     * Reads exactly one container from {@code in}, reading no byte past its CRC (the stream is left positioned
     * right after the container, so trailing data is not detected here) and never more than {@code maxBytes}
     * bytes in total.
     *
     * <p>Declared lengths are checked against {@code maxBytes} as soon as they are read, and are never trusted for
     * allocation: buffers grow with the data actually received, so a tiny stream claiming a huge length costs
     * little memory and fails with {@link TruncatedContainerException}.
     *
     * @param maxBytes the most bytes the container may have; at least {@link #MIN_CONTAINER_BYTES}. Values above
     *     {@link #MAX_CONTAINER_BYTES} act as {@link #MAX_CONTAINER_BYTES}
     * @throws ContainerTooLargeException if the declared size exceeds {@code maxBytes} (thrown from the length
     *     fields, before reading the rest)
     * @throws TruncatedContainerException if the stream ends before the container does
     * @throws ContainerFormatException (other subclasses) as for {@link #parse(byte[])}
     * @throws IOException only if the stream itself throws one
     * @throws IllegalArgumentException if {@code maxBytes < MIN_CONTAINER_BYTES}
     */
    public static Container read(InputStream in, long maxBytes) throws IOException {
        Objects.requireNonNull(in, "in");
        if (maxBytes < MIN_CONTAINER_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + MIN_CONTAINER_BYTES + ", got " + maxBytes);
        }
        final long limit = Math.min(maxBytes, MAX_CONTAINER_BYTES);
        GrowingBuffer buf = new GrowingBuffer();

        // fixed prefix: magic, version, method, header length
        buf.readUpTo(in, OFFSET_HEADER);
        checkMagic(buf.data, buf.size);
        if (buf.size >= OFFSET_METHOD) {
            checkVersion(buf.data);
        }
        if (buf.size < OFFSET_HEADER) {
            throw new TruncatedContainerException("container truncated: stream ended after " + buf.size
                    + " bytes, inside the " + OFFSET_HEADER + "-byte fixed prefix", buf.size);
        }
        if (BigEndian.u16(buf.data, OFFSET_VERSION) == COMPACT_VERSION) {
            return readCompact(in, buf, limit, maxBytes); // 12 bytes never pass the end: a compact one has 13 or more
        }
        long headerLen = BigEndian.u32(buf.data, OFFSET_HEADER_LENGTH);
        checkHeaderLengthMinimum(headerLen);
        long minTotal = FIXED_OVERHEAD + headerLen;
        if (minTotal > limit) {
            throw tooLarge("header length " + headerLen + " at offset " + OFFSET_HEADER_LENGTH + " means at least "
                    + minTotal + " bytes", limit, maxBytes, OFFSET_HEADER_LENGTH);
        }

        // header and payload length
        long payloadLenAt = OFFSET_HEADER + headerLen;
        buf.readUpTo(in, (int) (headerLen + 8));
        if (buf.size < payloadLenAt + 8) {
            throw new TruncatedContainerException("container truncated: stream ended at offset " + buf.size
                    + ", before the end of the " + headerLen + "-byte header and the payload length (offset "
                    + (payloadLenAt + 8) + ")", buf.size);
        }
        long payloadLen = BigEndian.i64(buf.data, (int) payloadLenAt);
        if (payloadLen < 0) {
            checkPayloadLengthLimit(payloadLen, headerLen, payloadLenAt, limit); // throws Malformed
        }
        if (payloadLen > limit - minTotal) { // minTotal <= limit here, so no overflow
            throw tooLarge("payload length " + payloadLen + " at offset " + payloadLenAt + " means "
                    + Long.toUnsignedString(minTotal + payloadLen) + " bytes", limit, maxBytes, payloadLenAt);
        }
        long total = minTotal + payloadLen;

        // payload and CRC
        buf.readUpTo(in, (int) (payloadLen + 4));
        if (buf.size < total) {
            throw new TruncatedContainerException("container truncated: stream ended at offset " + buf.size
                    + ", but the length fields declare a container of " + total + " bytes", buf.size);
        }
        return parse(buf.toArray());
    }

    /** {@link #read} of a version 2 container whose first 12 bytes are in {@code buf}. */
    private static Container readCompact(InputStream in, GrowingBuffer buf, long limit, long maxBytes)
            throws IOException {
        int p = OFFSET_METHOD;
        long[] values = new long[3];
        for (int k = 0; k < 3; k++) {
            int start = p;
            for (int i = 0; ; i++) { // bounded: a varint longer than 5 bytes exceeds every maximum
                if (p >= buf.size) {
                    buf.readUpTo(in, 1);
                    if (p >= buf.size) {
                        throw new TruncatedContainerException("container truncated: stream ended at offset "
                                + buf.size + ", inside the varint framing", buf.size);
                    }
                }
                int x = buf.data[p++] & 0xFF;
                if ((x & 0x80) == 0 || i >= 5) {
                    break;
                }
            }
            values[k] = varint(buf.data, start, p, MAX_CONTAINER_BYTES, k == 0 ? "method id"
                    : k == 1 ? "header length" : "payload length").value;
        }
        long total = p + values[1] + values[2] + 4;
        if (total > limit) {
            throw tooLarge("the lengths at offsets " + OFFSET_METHOD + ".." + (p - 1) + " mean " + total + " bytes",
                    limit, maxBytes, OFFSET_METHOD);
        }
        buf.readUpTo(in, (int) (total - buf.size));
        if (buf.size < total) {
            throw new TruncatedContainerException("container truncated: stream ended at offset " + buf.size
                    + ", but the length fields declare a container of " + total + " bytes", buf.size);
        }
        return parse(buf.toArray());
    }

    private static void checkMagic(byte[] b, int n) {
        int k = Math.min(4, n);
        for (int i = 0; i < k; i++) {
            if (b[i] != MAGIC[i]) {
                throw new BadMagicException("not a rec4j container: expected magic " + Bytes.hex(MAGIC, 0, 4)
                        + " at offset 0, found " + Bytes.hex(b, 0, k));
            }
        }
    }

    private static void checkVersion(byte[] b) {
        int version = BigEndian.u16(b, OFFSET_VERSION);
        if (version > NEWEST_VERSION) {
            throw new UnsupportedVersionException("container format version " + version + " at offset "
                    + OFFSET_VERSION + " was written by a newer rec4j; this build reads versions 1.."
                    + NEWEST_VERSION, version);
        }
        if (version < 1) {
            throw new UnsupportedVersionException("invalid container format version " + version + " at offset "
                    + OFFSET_VERSION + ", expected 1.." + NEWEST_VERSION, version);
        }
    }

    private static void checkHeaderLengthMinimum(long headerLen) {
        if (headerLen < 2) {
            throw new MalformedContainerException("header length " + headerLen + " at offset " + OFFSET_HEADER_LENGTH
                    + " is too small: a header has at least 2 bytes (its field count)", OFFSET_HEADER_LENGTH);
        }
    }

    private static void checkPayloadLengthLimit(long payloadLen, long headerLen, long at, long limit) {
        if (payloadLen < 0 || payloadLen > limit - FIXED_OVERHEAD - headerLen) {
            throw new MalformedContainerException("payload length " + Long.toUnsignedString(payloadLen)
                    + " at offset " + at + " is impossible: an in-memory container has at most " + MAX_CONTAINER_BYTES
                    + " bytes", at);
        }
    }

    private static ContainerTooLargeException tooLarge(String what, long limit, long maxBytes, long at) {
        String bound = limit < maxBytes
                ? "the in-memory maximum of " + limit + " bytes"
                : "the limit of " + limit + " bytes";
        return new ContainerTooLargeException("container too large: " + what + ", more than " + bound, at);
    }

    /** A byte buffer that grows with the data actually read, never with a declared length. */
    private static final class GrowingBuffer {
        private static final int INITIAL = 4096;
        byte[] data = new byte[64];
        int size;

        /** Reads up to {@code n} more bytes, stopping early only at end of stream. */
        void readUpTo(InputStream in, int n) throws IOException {
            long target = (long) size + n;
            while (size < target) {
                if (size == data.length) {
                    long grown = Math.max(INITIAL, (long) data.length * 2);
                    data = Arrays.copyOf(data, (int) Math.min(grown, target));
                }
                int want = (int) Math.min(data.length, target) - size;
                int r = in.read(data, size, want);
                if (r < 0) {
                    return;
                }
                size += r;
            }
        }

        byte[] toArray() {
            return size == data.length ? data : Arrays.copyOf(data, size);
        }
    }

    // ------------------------------------------------------------------------------------------------ Object

    /** Equal when version, method id, header and payload bytes are equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Container)) {
            return false;
        }
        Container c = (Container) o;
        return formatVersion == c.formatVersion && methodId.equals(c.methodId) && header.equals(c.header)
                && Arrays.equals(payload, c.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(formatVersion, methodId, header, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Container[version=" + formatVersion + ", method=" + methodId + ", header=" + header + ", payload="
                + payload.length + " bytes]";
    }

    /**
     * Checks that a container of {@code total} bytes (at most {@code n}) ends exactly at the end of the data and that
     * its CRC32C, the last 4 bytes, covers everything before it.
     */
    private static void checkEnd(byte[] bytes, long n, long total) {
        if (total < n) {
            throw new MalformedContainerException((n - total) + " unexpected trailing bytes at offset " + total
                    + ", after the CRC that ends the container", total);
        }
        int crcAt = (int) total - 4;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, crcAt);
        int computed = (int) crc.getValue();
        int stored = BigEndian.i32(bytes, crcAt);
        if (computed != stored) {
            throw new ChecksumMismatchException("checksum mismatch: CRC32C at offset " + crcAt + " is "
                    + Bytes.hex32(stored) + ", but bytes 0.." + (crcAt - 1) + " give " + Bytes.hex32(computed)
                    + " (the data is damaged)", crcAt, stored, computed);
        }
    }
}
