/**
 * COMBINER encoder side (Guo, Flamich, He, Chen &amp; Hernández-Lobato, "Compression with Bayesian Implicit Neural
 * Representations", NeurIPS 2023, arXiv 2305.19185): test-time posterior fitting with per-block β control
 * ({@link io.rec4j.codec.combiner.PosteriorFitter}), prior learning by EM ({@link io.rec4j.codec.combiner.PriorLearner}),
 * block coding with progressive refinement ({@link io.rec4j.codec.combiner.CombinerEncoder}), on the training
 * engines of {@code rec4j-nn}.
 *
 * <p>This package is split across two modules on purpose: the file formats and the pure-Java decoder
 * ({@link io.rec4j.codec.combiner.CombinerModel}, {@link io.rec4j.codec.combiner.CombinerCodec},
 * {@link io.rec4j.codec.combiner.ShippedModels}) are in {@code rec4j-codecs}, which depends on the REC library only;
 * this module adds the encoder. The method is described in {@code docs/combiner.md}.
 */
package io.rec4j.codec.combiner;
