package io.rec4j.codec.safetensors;

import java.io.IOException;

/** A model file or directory that is not what it claims to be, or not one this codec supports. */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
