/**
 * Bit-level input and output and universal codes for positive integers.
 *
 * <p>{@link io.rec4j.core.coding.bits.BitWriter} and {@link io.rec4j.core.coding.bits.BitReader} move bits
 * most-significant-bit first through a byte array. The {@link io.rec4j.core.coding.bits.IntegerCode} implementations
 * ({@link io.rec4j.core.coding.bits.EliasGamma}, {@link io.rec4j.core.coding.bits.EliasDelta},
 * {@link io.rec4j.core.coding.bits.ZetaCode}, {@link io.rec4j.core.coding.bits.FixedLengthCode}) write and read single
 * integers on top of them; REC algorithms use them to transmit candidate indices.
 *
 * <p>Decoders never trust their input: every way in which a damaged or truncated stream can fail to decode (reading
 * past the end, a unary run that is too long, a value that does not fit a {@code long}) is reported with
 * {@link io.rec4j.core.coding.CorruptStreamException}, and every decoding loop is bounded by the code, not by the data.
 */
package io.rec4j.core.coding.bits;
