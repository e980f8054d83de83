package io.rec4j.codec.image;

/**
 * An image with more pixels than the caller's limit, detected from its header before any pixel memory is
 * allocated. Not damaged data: a caller may raise the limit and read it again.
 */
public final class ImageTooLargeException extends ImageFormatException {
    private static final long serialVersionUID = 1L;

    private final transient ImageIo.Header header;

    public ImageTooLargeException(String message, ImageIo.Header header) {
        super(message);
        this.header = header;
    }

    /** The format and size read from the image's header. */
    public ImageIo.Header header() {
        return header;
    }
}
