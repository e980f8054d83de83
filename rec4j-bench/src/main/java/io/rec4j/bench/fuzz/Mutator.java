package io.rec4j.bench.fuzz;

/**
 * A deterministic family of mutations of a seed input: mutation {@code i} of a seed is always the same bytes.
 * {@link Mutators} holds the standard ones.
 */
public interface Mutator {
    /** A short name for labels and reports, e.g. {@code "flip"}. */
    String name();

    /** How many mutations of {@code seed} this family has. */
    int count(byte[] seed);

    /** Mutation {@code index} of {@code seed} (never modifies {@code seed}). */
    byte[] apply(byte[] seed, int index);

    /** What mutation {@code index} does, for labels, e.g. {@code "[37]^0x80"}. */
    String describe(byte[] seed, int index);
}
