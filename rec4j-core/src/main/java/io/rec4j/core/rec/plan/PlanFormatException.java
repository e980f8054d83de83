package io.rec4j.core.rec.plan;

import io.rec4j.core.Rec4jDataException;

/**
 * A serialised {@link BlockPlan} cannot be read: wrong magic, unknown version, truncated, checksum mismatch, or
 * contents that violate the partition invariants.
 */
public class PlanFormatException extends Rec4jDataException {
    private static final long serialVersionUID = 1L;

    public PlanFormatException(String message) {
        super(message);
    }

    public PlanFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
