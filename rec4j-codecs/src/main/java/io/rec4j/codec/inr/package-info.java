/**
 * Implicit neural representations (INRs) for the COMBINER image codec (spec {@code combiner-recombiner.md}
 * §1.1–1.3, §2.1, §2.8): pixel-centre coordinate grids, the Fourier embedding γ(x) and a SIREN-style MLP whose
 * forward pass is bit-for-bit reproducible on every JVM (IEEE double arithmetic, {@link java.lang.StrictMath}
 * transcendentals, one fixed summation order, no parallel reductions), so that a decoder reproduces the encoder's
 * reconstruction exactly.
 */
package io.rec4j.codec.inr;
