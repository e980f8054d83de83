package io.rec4j.core.rec;

/**
 * A channel simulator refuses a (target, coding distribution) pair up front because it cannot simulate it exactly
 * (for an exact method) or within its stated guarantee (for an approximate one), e.g. split-on-sample GPRS and a
 * density ratio with several modes. The message says why and names {@link #alternative()}, a method that accepts
 * the pair. An {@link IllegalArgumentException}, as the remedy is a different method.
 */
public final class UnsupportedPairException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String alternative;

    /**
     * @param message     why the pair is refused, ending with what to use instead
     * @param alternative the command-line name of a method that accepts the pair (e.g. {@code pfr})
     */
    public UnsupportedPairException(String message, String alternative) {
        super(message);
        this.alternative = alternative;
    }

    /** The command-line name of a method that accepts the pair. */
    public String alternative() {
        return alternative;
    }
}
