/**
 * Implicit neural representations (INRs) shared by the INR codecs: pixel-centre coordinate grids, the Fourier
 * embedding γ(x) and a SIREN MLP (Sitzmann et al., NeurIPS 2020, arXiv 2006.09661) in the layout COMBINER uses
 * (Guo et al., NeurIPS 2023, arXiv 2305.19185). The forward pass is bit-for-bit reproducible on every JVM (IEEE
 * double arithmetic, {@link java.lang.StrictMath} transcendentals, one fixed summation order, no parallel
 * reductions), so that a decoder reproduces the encoder's reconstruction exactly. The flat parameter layout of
 * {@link io.rec4j.codec.inr.SirenArchitecture} is the one the training engines use. Details in
 * {@code docs/combiner.md}, "Coordinates and Fourier features".
 */
package io.rec4j.codec.inr;
