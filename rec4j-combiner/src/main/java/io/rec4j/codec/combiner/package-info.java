/**
 * COMBINER (Guo et al., "Compression with Bayesian implicit neural representations", NeurIPS 2023) encoder side:
 * posterior fitting, prior learning and progressive block coding on top of {@code rec4j-nn}; the bitstream, the
 * model file and the pure-Java decoder are {@link io.rec4j.codec.combiner.CombinerCodec} and
 * {@link io.rec4j.codec.combiner.CombinerModel} in rec4j-core.
 */
package io.rec4j.codec.combiner;
