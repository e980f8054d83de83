package io.rec4j.core.rec;

import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;

/**
 * A relative entropy coding algorithm (a channel simulator): the encoder sees the target Q and the coding
 * distribution P and emits a {@link Codeword}; the decoder sees only P, the shared randomness and the codeword and
 * reproduces the encoder's sample bit for bit. Parameters that the decoder needs (budget κ, partition, zeta λ,
 * iREC schedule, ...) are configuration of the instance, shared by both sides.
 *
 * <p>Exact methods output a sample distributed exactly as Q; approximate (fixed-budget) methods output one whose
 * law is close to Q, with a bias that shrinks as the budget grows.
 */
public interface ChannelSimulator {

    /** Short name, as used on the command line (e.g. {@code pfr}, {@code orc}). */
    String name();

    /** True iff decoded samples follow Q exactly. */
    boolean isExact();

    /**
     * Encodes one sample of {@code problem.target()} against {@code problem.coding()}.
     *
     * @throws IllegalArgumentException if the method cannot handle the problem (e.g. an exact method and an
     *         unbounded density ratio); the message names the problem and a method to use instead
     */
    Encoding encode(RecProblem problem, SharedRandomness shared);

    /** Regenerates the sample for {@code codeword}. */
    double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword);

    /**
     * Writes {@code codeword} to the bitstream; exactly {@code codeword.bitLength()} bits. Simulators whose code
     * depends on the coding distribution or the shared randomness throw {@link UnsupportedOperationException} here
     * and must be written with {@link #write(Codeword, ProductDistribution, SharedRandomness, BitWriter)}.
     */
    void write(Codeword codeword, BitWriter out);

    /**
     * Reads one codeword written by {@link #write(Codeword, BitWriter)}.
     *
     * @throws io.rec4j.core.coding.CorruptStreamException if the stream is truncated or invalid
     * @throws UnsupportedOperationException               if the simulator's code needs the coding distribution and
     *                                                     the shared randomness: use
     *                                                     {@link #read(ProductDistribution, SharedRandomness, BitReader)}
     */
    Codeword read(BitReader in);

    /**
     * Writes {@code codeword}, the encoding of a problem with coding distribution {@code coding} under
     * {@code shared}; exactly {@code codeword.bitLength()} bits. This form works for every simulator, including
     * those whose index code is matched to the coding distribution (the heap path code of A* coding and
     * split-on-sample GPRS, {@link HeapPathCode}); the default ignores the two arguments.
     */
    default void write(Codeword codeword, ProductDistribution coding, SharedRandomness shared, BitWriter out) {
        write(codeword, out);
    }

    /**
     * Reads one codeword written by {@link #write(Codeword, ProductDistribution, SharedRandomness, BitWriter)} with
     * the same {@code coding} and {@code shared}; the default ignores them.
     *
     * @throws io.rec4j.core.coding.CorruptStreamException if the stream is truncated or invalid
     */
    default Codeword read(ProductDistribution coding, SharedRandomness shared, BitReader in) {
        return read(in);
    }
}
