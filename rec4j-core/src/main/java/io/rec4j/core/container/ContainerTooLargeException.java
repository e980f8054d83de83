package io.rec4j.core.container;

/**
 * The container declares more bytes than the reader accepts: more than the {@code maxBytes} limit passed to
 * {@link Container#read(java.io.InputStream, long)}, or more than an in-memory container can hold
 * ({@link Container#MAX_CONTAINER_BYTES}). Raised from the length fields alone, before the data is read.
 */
public class ContainerTooLargeException extends ContainerFormatException {
    private static final long serialVersionUID = 1L;

    public ContainerTooLargeException(String message, long offset) {
        super(message, offset);
    }
}
