package io.rec4j.core.rec;

import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.ProductDistribution;
import java.util.Arrays;

/**
 * One encoding taken through the real bitstream: the codeword is written, serialised to bytes, read back and decoded
 * from the bits alone, as a receiver would. The harness of {@code rec4j rec roundtrip} and the REC benchmarks.
 *
 * @param bits        exact size of the codeword in the stream
 * @param streamBytes bytes of the serialised stream (the codeword padded to a byte)
 * @param decoded     the receiver's sample, equal to the encoder's
 */
public record RoundTrip(long bits, int streamBytes, double[] decoded) {

    /**
     * Writes {@code encoding}'s codeword, reads it back and decodes it against {@code coding} with {@code shared}
     * (the write and read overloads that take both, so codes matched to the coding distribution work too).
     *
     * @throws IllegalStateException if {@code sim} writes a different number of bits than the codeword charges, reads
     *                               back a different codeword, or the decoded sample differs from the encoder's (each
     *                               is a bug in {@code sim})
     */
    public static RoundTrip of(ChannelSimulator sim, ProductDistribution coding, SharedRandomness shared,
                               Encoding encoding) {
        BitWriter w = new BitWriter();
        sim.write(encoding.codeword(), coding, shared, w);
        if (w.bitLength() != encoding.codeword().bitLength()) {
            throw new IllegalStateException(sim.name() + " wrote " + w.bitLength() + " bits but charged "
                    + encoding.codeword().bitLength());
        }
        byte[] bytes = w.toByteArray();
        Codeword read = sim.read(coding, shared, new BitReader(bytes));
        if (!read.equals(encoding.codeword())) {
            throw new IllegalStateException(sim.name() + " read back " + read + " but wrote " + encoding.codeword());
        }
        double[] x = sim.decode(coding, shared, read);
        if (!Arrays.equals(x, encoding.sample())) {
            throw new IllegalStateException(sim.name() + ": the decoded sample differs from the encoder's");
        }
        return new RoundTrip(w.bitLength(), bytes.length, x);
    }
}
