/**
 * The pure-Java forward pass of RECOMBINER (He, Flamich, Guo, Hernández-Lobato, "RECOMBINER: Robust and Enhanced
 * Compression with Bayesian Implicit Neural Representations", ICLR 2024, arXiv 2309.17182): the linear
 * reparameterisation {@code w = h·A}, the upsampling network φ of the learned positional encodings with patch
 * stitching, the patch INRs over Fourier features and encodings, the three-level latent sum and the permutation
 * across patches. Bit for bit reproducible on every JVM (IEEE double arithmetic in fixed orders, {@code StrictMath}
 * or the polynomial sine of {@link io.rec4j.codec.inr.Sine}). Details in {@code docs/recombiner.md}; relative entropy
 * coding in {@code docs/algorithms.md}.
 */
package io.rec4j.codec.recombiner;
