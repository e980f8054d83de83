package io.rec4j.core.coding.bits;

import io.rec4j.core.coding.CorruptStreamException;

/**
 * A prefix-free code for the integers in {@code [minValue(), maxValue()]}.
 *
 * <p>Implementations are immutable and thread-safe. Encoding rejects values outside the range with
 * {@link IllegalArgumentException}; decoding never returns a value outside the range and reports every stream that
 * cannot be decoded with {@link CorruptStreamException}.
 */
public interface IntegerCode {

    /**
     * Appends the codeword of {@code n}; exactly {@link #length(long) length(n)} bits are written.
     *
     * @throws IllegalArgumentException if {@code n} is outside {@code [minValue(), maxValue()]}
     */
    void write(BitWriter w, long n);

    /**
     * Reads one codeword.
     *
     * @return a value in {@code [minValue(), maxValue()]}
     * @throws CorruptStreamException if the stream ends inside the codeword or the bits are not a codeword of a
     *                                value in range (for example because it would overflow a {@code long})
     */
    long read(BitReader r);

    /**
     * The exact length in bits of the codeword of {@code n}.
     *
     * @throws IllegalArgumentException if {@code n} is outside {@code [minValue(), maxValue()]}
     */
    long length(long n);

    /** Smallest encodable value. */
    long minValue();

    /** Largest encodable value. */
    long maxValue();

    /** Whether {@code n} is in {@code [minValue(), maxValue()]}. */
    default boolean canEncode(long n) {
        return n >= minValue() && n <= maxValue();
    }
}
