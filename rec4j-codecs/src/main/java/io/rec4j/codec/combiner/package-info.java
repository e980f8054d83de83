/**
 * The COMBINER codec (Guo, Flamich, He, Chen &amp; Hernández-Lobato, "Compression with Bayesian Implicit Neural
 * Representations", NeurIPS 2023, arXiv 2305.19185): the model file ({@link io.rec4j.codec.combiner.CombinerModel}:
 * INR architecture, learned prior as exact IEEE-754 bits, block plan, seed, κ, tile size), the image bitstream and its
 * pure-Java decoder ({@link io.rec4j.codec.combiner.CombinerCodec}), and the models shipped in this jar
 * ({@link io.rec4j.codec.combiner.ShippedModels}).
 *
 * <p>Decoding needs this module and {@code rec4j-core} only. The encoder lives in the same package in
 * {@code rec4j-combiner}. Method: {@code docs/combiner.md}; byte layout: {@code docs/container-format.md}.
 */
package io.rec4j.codec.combiner;
