/**
 * Entropy coding with models and coders as separate concepts: fixed-point, exactly invertible models
 * ({@link io.rec4j.core.coding.EntropyModel}: uniform, categorical, quantised Gaussian/Laplace/logistic), a rANS
 * stack (Duda, arXiv 1311.2540) with bits-back semantics ({@link io.rec4j.core.coding.AnsStack}: push and pop are
 * exact inverses in both orders), an interleaved multi-lane rANS for throughput
 * ({@link io.rec4j.core.coding.InterleavedAns}), a four-lane order-0 byte coder that renormalises once per pair
 * of symbols, the fastest path for bytes under one model ({@link io.rec4j.core.coding.ByteRans4}), and a FIFO range
 * coder over the same model interface
 * ({@link io.rec4j.core.coding.RangeEncoder}, {@link io.rec4j.core.coding.RangeDecoder}). A damaged stream raises
 * {@link io.rec4j.core.coding.CorruptStreamException}.
 */
package io.rec4j.core.coding;
