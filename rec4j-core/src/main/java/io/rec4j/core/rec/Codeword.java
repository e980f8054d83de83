package io.rec4j.core.rec;

import java.util.Arrays;

/**
 * What a channel simulator transmits: a short sequence of non-negative integers (an index; a bin and an index;
 * a list of step indices) and their exact cost in bits in the simulator's real bitstream
 * ({@link ChannelSimulator#write}). Immutable.
 */
public final class Codeword {
    private final long[] values;
    private final long bitLength;

    public Codeword(long[] values, long bitLength) {
        if (bitLength < 0) {
            throw new IllegalArgumentException("negative bit length " + bitLength);
        }
        this.values = values.clone();
        this.bitLength = bitLength;
    }

    /** Number of integer fields. */
    public int size() {
        return values.length;
    }

    public long value(int i) {
        return values[i];
    }

    public long[] values() {
        return values.clone();
    }

    /** Exact number of bits the codeword occupies in the bitstream. */
    public long bitLength() {
        return bitLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Codeword c && c.bitLength == bitLength && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Long.hashCode(bitLength);
    }

    @Override
    public String toString() {
        return "Codeword" + Arrays.toString(values) + "(" + bitLength + " bits)";
    }
}
