package io.rec4j.core.random;

/**
 * How {@link SharedRandomness} turns its Philox words into standard normals. Part of the file format: a decoder must
 * use the generator its encoder used, so a bitstream that switches generators needs a new revision (the COMBINER
 * codec's revision 3 selects {@link #ZIGGURAT}; revisions 1 and 2 use {@link #INVERSION}). The exact definitions are
 * in {@code docs/shared-randomness.md}.
 */
public enum NormalGenerator {
    /**
     * Revision 1: {@code z = Φ⁻¹(u)} of the 53-bit uniform {@code u} at the same (stream, index), with Wichura's
     * AS 241 ({@link io.rec4j.core.math.SpecialFunctions#normalQuantile(double)}). About 20 ns per normal. The
     * default of {@link SharedRandomness#fromSeed(long)}.
     */
    INVERSION,
    /**
     * The 256-layer ziggurat of Marsaglia and Tsang (J. Stat. Softw. 5(8), 2000) on one 64-bit Philox word per
     * normal, with the layer index drawn from bits disjoint from the abscissa (Doornik, 2005) and a rejection
     * fallback keyed by (stream, index, attempt); see {@code Ziggurat}. A few ns per normal.
     */
    ZIGGURAT
}
