package io.rec4j.core.container;

import io.rec4j.core.Rec4jDataException;

/**
 * The bytes are not a valid rec4j container. This is the only exception type (together with its subclasses) that
 * {@link Container#parse(byte[])} throws for bad input, and the only data-related exception of
 * {@link Container#read(java.io.InputStream, long)} (which may additionally propagate the stream's own
 * {@link java.io.IOException}s).
 *
 * <p>Subclasses say what went wrong: {@link BadMagicException}, {@link UnsupportedVersionException},
 * {@link TruncatedContainerException}, {@link ChecksumMismatchException}, {@link MalformedContainerException} and
 * {@link ContainerTooLargeException}. Messages are a single line and name the byte offset where that helps.
 */
public class ContainerFormatException extends Rec4jDataException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /** A container error without a specific byte offset. */
    public ContainerFormatException(String message) {
        this(message, -1);
    }

    /**
     * A container error located at a byte offset of the container.
     *
     * @param offset the byte offset (from the start of the container) the problem was found at, or -1 if unknown
     */
    public ContainerFormatException(String message, long offset) {
        super(message);
        this.offset = offset < 0 ? -1 : offset;
    }

    /** The byte offset from the start of the container where the problem was detected, or -1 if not known. */
    public long offset() {
        return offset;
    }
}
