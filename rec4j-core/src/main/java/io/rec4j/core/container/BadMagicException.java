package io.rec4j.core.container;

/** The data does not start with the rec4j magic bytes {@code 52 34 4A 1A}: it is not a rec4j file at all. */
public class BadMagicException extends ContainerFormatException {
    private static final long serialVersionUID = 1L;

    public BadMagicException(String message) {
        super(message, 0);
    }
}
