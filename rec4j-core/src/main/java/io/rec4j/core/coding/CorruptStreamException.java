package io.rec4j.core.coding;

import io.rec4j.core.Rec4jDataException;

/**
 * An entropy-coded stream cannot be decoded: it ends too early, its final state is invalid, or it decodes to a
 * quantile that no symbol of the model owns. Raised by the coders instead of returning garbage.
 */
public class CorruptStreamException extends Rec4jDataException {
    private static final long serialVersionUID = 1L;

    public CorruptStreamException(String message) {
        super(message);
    }
}
