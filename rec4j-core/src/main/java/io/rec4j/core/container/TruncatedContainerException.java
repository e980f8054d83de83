package io.rec4j.core.container;

/**
 * The container ends before the data its length fields declare: the file was cut short, or a length field was
 * damaged to a value larger than the data present.
 */
public class TruncatedContainerException extends ContainerFormatException {
    private static final long serialVersionUID = 1L;

    public TruncatedContainerException(String message, long offset) {
        super(message, offset);
    }
}
