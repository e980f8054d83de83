package io.rec4j.core;

/**
 * Bad input data: a damaged, truncated or foreign bitstream, a model file that does not match, or numbers that
 * cannot be coded (NaN, out-of-support symbols in a stream). Every decoder path in rec4j reports invalid input with
 * a subclass of this exception and never returns a silently wrong result.
 *
 * <p>Unchecked, so that it can cross functional interfaces; the CLI maps it to exit code 2.
 */
public class Rec4jDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Rec4jDataException(String message) {
        super(message);
    }

    public Rec4jDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
