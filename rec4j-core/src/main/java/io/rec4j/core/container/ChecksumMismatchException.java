package io.rec4j.core.container;

/** The CRC32C stored at the end of the container does not match the bytes before it: the data is damaged. */
public class ChecksumMismatchException extends ContainerFormatException {
    private static final long serialVersionUID = 1L;

    private final int stored;
    private final int computed;

    public ChecksumMismatchException(String message, long offset, int stored, int computed) {
        super(message, offset);
        this.stored = stored;
        this.computed = computed;
    }

    /** The CRC32C value stored in the container. */
    public int storedCrc() {
        return stored;
    }

    /** The CRC32C value computed over the container's bytes. */
    public int computedCrc() {
        return computed;
    }
}
