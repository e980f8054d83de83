package io.rec4j.core.container;

/**
 * The container's structure is invalid although the data is not simply cut short: impossible field lengths,
 * duplicate or invalid header keys, unknown field type tags, invalid UTF-8, trailing bytes after the checksum, or a
 * required header field that is missing or has the wrong type.
 */
public class MalformedContainerException extends ContainerFormatException {
    private static final long serialVersionUID = 1L;

    public MalformedContainerException(String message) {
        super(message);
    }

    public MalformedContainerException(String message, long offset) {
        super(message, offset);
    }
}
