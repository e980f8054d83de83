/**
 * 8-bit RGB images shared by the image codecs: an immutable {@link io.rec4j.codec.image.RgbImage} with conversion
 * to and from [0, 1] doubles (clamp, then round half to even), PNG/JPEG loading and PNG saving
 * ({@link io.rec4j.codec.image.ImageIo}), 8-bit PSNR ({@link io.rec4j.codec.image.Psnr}), tiling with edge padding
 * ({@link io.rec4j.codec.image.TileGrid}) and two images generated in code for the demo: a photograph-like scene
 * ({@link io.rec4j.codec.image.SyntheticScene}) and a codec stress card ({@link io.rec4j.codec.image.TestCard}).
 * Conventions (pixel order, rounding) are in {@code docs/combiner.md}, "Images and tiles".
 */
package io.rec4j.codec.image;
