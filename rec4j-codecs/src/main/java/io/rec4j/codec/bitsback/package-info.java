/**
 * Bits-back coding of the rotational symmetries of SliceGPT-sliced transformers (He, Flamich &amp;
 * Hernández-Lobato, arXiv 2410.01309): {@link io.rec4j.codec.bitsback.RotationCoder} codes one residual site's
 * rotation by popping a symmetric matrix from the ANS stack and pushing it back on decoding. Work in progress (issue
 * 15): the model file format, the safetensors reader and the encoder follow.
 */
package io.rec4j.codec.bitsback;
