/**
 * Shared randomness: the counter-based generator Philox4x32-10 (Salmon, Moraes, Dror &amp; Shaw, "Parallel Random
 * Numbers: As Easy as 1, 2, 3", SC'11) in {@link io.rec4j.core.random.Philox4x32}, and
 * {@link io.rec4j.core.random.SharedRandomness}: 53-bit uniforms and normals (by inversion with AS 241, or by the
 * ziggurat of {@code Ziggurat}, chosen by {@link io.rec4j.core.random.NormalGenerator}) addressed by
 * (seed, stream, index) with O(1) random access, and per-block key derivation, so that an encoder and a decoder draw
 * the same candidates on any JVM. The contract is in {@code docs/shared-randomness.md}.
 */
package io.rec4j.core.random;
