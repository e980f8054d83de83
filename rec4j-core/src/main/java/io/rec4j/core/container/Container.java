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
 * <p>The same specification, with a worked example, is in {@code docs/container-format.md} in the repository.
 */
public final class Container {

    /** The format version this build writes, and the newest it reads. */
    public static final int CURRENT_VERSION = 1;

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
        long total = (long) FIXED_OVERHEAD + header.encodedLength() + payload.length;
        if (total > MAX_CONTAINER_BYTES) {
            throw new IllegalArgumentException("container would be " + total + " bytes, more than the maximum of "
                    + MAX_CONTAINER_BYTES);
        }
    }

    /** Same as the constructor. */
    public static Container of(MethodId methodId, ContainerHeader header, byte[] payload) {
        return new Container(methodId, header, payload);
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

    /** The total encoded size: {@code 24 + header.encodedLength() + payloadLength()}. */
    public int encodedLength() {
        return FIXED_OVERHEAD + header.encodedLength() + payload.length;
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
        byte[] prefix = new byte[OFFSET_HEADER + header.encodedLength() + 8];
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
        BigEndian.put16(out, OFFSET_METHOD, methodId.id());
        BigEndian.put32(out, OFFSET_HEADER_LENGTH, header.encodedLength());
        int p = header.encodeInto(out, OFFSET_HEADER);
        BigEndian.put64(out, p, payload.length);
        return p + 8;
    }

    // ------------------------------------------------------------------------------------------------ parsing

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

        ContainerHeader header = ContainerHeader.decode(bytes, OFFSET_HEADER, (int) headerLen, 0);
        int payloadAt = (int) payloadLenAt + 8;
        byte[] payload = Arrays.copyOfRange(bytes, payloadAt, payloadAt + (int) payloadLen);
        return new Container(version, method, header, payload);
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
        if (version > CURRENT_VERSION) {
            throw new UnsupportedVersionException("container format version " + version + " at offset "
                    + OFFSET_VERSION + " was written by a newer rec4j; this build reads versions 1.."
                    + CURRENT_VERSION, version);
        }
        if (version < 1) {
            throw new UnsupportedVersionException("invalid container format version " + version + " at offset "
                    + OFFSET_VERSION + ", expected 1.." + CURRENT_VERSION, version);
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
}
