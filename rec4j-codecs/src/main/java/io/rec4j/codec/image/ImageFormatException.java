package io.rec4j.codec.image;

import io.rec4j.core.Rec4jDataException;

/** A file or byte array that is not a readable PNG/JPEG image (unknown format, damaged or truncated data). */
public class ImageFormatException extends Rec4jDataException {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
