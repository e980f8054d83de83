/**
 * The REC library: relative entropy coding (channel simulation) with no runtime dependencies and nothing specific
 * to any codec. Its packages:
 *
 * <ul>
 *   <li>{@link io.rec4j.core.random}: shared randomness (Philox4x32-10 keyed by seed, stream and index).</li>
 *   <li>{@link io.rec4j.core.math}: special functions in {@link java.lang.StrictMath} only.</li>
 *   <li>{@link io.rec4j.core.coding} and {@link io.rec4j.core.coding.bits}: rANS with bits-back semantics, a range
 *       coder, entropy models, universal integer codes, bit I/O.</li>
 *   <li>{@link io.rec4j.core.container}: the versioned, checksummed container every rec4j file uses.</li>
 *   <li>{@link io.rec4j.core.rec}: every REC method behind {@link io.rec4j.core.rec.ChannelSimulator}, with the
 *       registry {@link io.rec4j.core.rec.RecMethod}; {@link io.rec4j.core.rec.dist}: targets, coding distributions
 *       and their density ratios; {@link io.rec4j.core.rec.plan}: block planning.</li>
 * </ul>
 *
 * <p>{@link io.rec4j.core.Rec4jDataException} is the root of every "bad input data" error. Codecs live in
 * {@code rec4j-codecs}; the module map is in {@code docs/architecture.md}.
 */
package io.rec4j.core;
