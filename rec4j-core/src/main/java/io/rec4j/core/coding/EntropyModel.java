package io.rec4j.core.coding;

/**
 * A fixed-point probability model over a contiguous integer alphabet {@code [minSymbol, maxSymbol]}, shared by
 * every coder in rec4j (rANS stacks, interleaved rANS, range coder).
 *
 * <p>The model quantises probabilities to integer frequencies that sum to exactly {@code 2^precision()}. Every
 * symbol of the support has a frequency of at least one, so any in-support symbol can be coded and the model is
 * exactly invertible: for every quantile {@code q} in {@code [0, 2^precision)} there is exactly one symbol
 * {@code s = symbol(q)} with {@code cumulative(s) <= q < cumulative(s) + frequency(s)}.
 *
 * <p>Implementations must be deterministic: the integer tables may only depend on the model's parameters, never on
 * the JVM or CPU (compute them with {@link StrictMath} and a fixed evaluation order). Encoder and decoder then agree
 * bit for bit.
 */
public interface EntropyModel {

    /** The largest precision any coder accepts, and the default where a factory takes none. */
    int MAX_PRECISION = 24;

    /** Number of fractional bits of the fixed-point probabilities, in {@code [1, MAX_PRECISION]}. */
    int precision();

    /** Smallest symbol of the support (inclusive). */
    int minSymbol();

    /** Largest symbol of the support (inclusive). */
    int maxSymbol();

    /**
     * Left cumulative frequency of {@code symbol}: the sum of the frequencies of all smaller symbols.
     * Only defined for in-support symbols.
     */
    int cumulative(int symbol);

    /** Frequency of {@code symbol}, at least 1 for every in-support symbol. */
    int frequency(int symbol);

    /**
     * The symbol whose interval {@code [cumulative, cumulative + frequency)} contains {@code quantile}, for
     * {@code 0 <= quantile < 2^precision()}.
     */
    int symbol(int quantile);

    /** Whether {@code symbol} lies in the support. */
    default boolean inSupport(int symbol) {
        return symbol >= minSymbol() && symbol <= maxSymbol();
    }

    /** The model's probability of {@code symbol} as a double (exact: frequency / 2^precision). */
    default double probability(int symbol) {
        return frequency(symbol) / (double) (1L << precision());
    }

    /** Information content {@code -log2 p(symbol)} in bits under the quantised model. */
    default double informationBits(int symbol) {
        return precision() - StrictMath.log(frequency(symbol)) / StrictMath.log(2.0);
    }
}
