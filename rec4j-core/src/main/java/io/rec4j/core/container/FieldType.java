package io.rec4j.core.container;

/**
 * The type of a {@link ContainerHeader} field, stored as a one-byte tag before the value. Tags are part of the file
 * format: never renumber one. An unknown tag makes the container malformed (a new type needs a new format version).
 */
public enum FieldType {
    /** Signed 64-bit integer, 8 bytes big-endian two's complement. */
    LONG(1, 8),
    /** Signed 32-bit integer, 4 bytes big-endian two's complement. */
    INT(2, 4),
    /** IEEE-754 binary64, its raw bits ({@link Double#doubleToRawLongBits}) as 8 bytes big-endian (exact, NaN payloads kept). */
    DOUBLE(3, 8),
    /** Text, strictly valid UTF-8 (no BOM added or removed), any length. */
    STRING(4, -1),
    /** Opaque bytes, any length. */
    BYTES(5, -1);

    private final int tag;
    private final int fixedLength;

    FieldType(int tag, int fixedLength) {
        this.tag = tag;
        this.fixedLength = fixedLength;
    }

    /** The tag byte written to the file. */
    public int tag() {
        return tag;
    }

    /** The exact value length in bytes for fixed-size types, or -1 for variable-length types. */
    public int fixedLength() {
        return fixedLength;
    }

    /** The type with this tag, or {@code null} if the tag is unknown. */
    public static FieldType fromTag(int tag) {
        for (FieldType t : values()) {
            if (t.tag == tag) {
                return t;
            }
        }
        return null;
    }
}
