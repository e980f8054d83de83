/**
 * 8-bit RGB images for the INR codecs: an immutable {@link io.rec4j.codec.image.RgbImage} with conversion to and
 * from [0, 1] doubles (clamp, then round half to even), PNG/JPEG loading and PNG saving
 * ({@link io.rec4j.codec.image.ImageIo}), 8-bit PSNR ({@link io.rec4j.codec.image.Psnr}), tiling with edge padding
 * ({@link io.rec4j.codec.image.TileGrid}) and a deterministic synthetic test card
 * ({@link io.rec4j.codec.image.TestCard}). Spec {@code combiner-recombiner.md} §1.1, §7.5, §7.6.
 */
package io.rec4j.codec.image;
