package io.rec4j.codec.image;

import java.io.IOException;

/**
 * Receives the rows of an 8-bit RGB image one at a time, top to bottom: a streaming decoder hands each row over as
 * soon as it is known and keeps nothing of it afterwards, so an image never has to be held in memory as a whole
 * ({@link PngStreamWriter} writes the rows to a PNG file as they come).
 */
@FunctionalInterface
public interface RowSink {
    /**
     * Receives row {@code y} (rows arrive in order {@code 0, 1, …, height − 1}).
     *
     * @param y   the row's index
     * @param rgb the row's {@code 3·width} interleaved samples (R, G, B per pixel, as in {@link RgbImage}); the
     *            caller may reuse the array once this returns, so copy what you keep
     * @throws IOException if the row cannot be written
     */
    void row(int y, byte[] rgb) throws IOException;
}
