package io.rec4j.codec.image;

import io.rec4j.core.coding.bits.BigEndian;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Loading (PNG and JPEG) and PNG saving of {@link RgbImage}s.
 *
 * <p>Loaded images are converted to 8-bit sRGB by {@link BufferedImage#getRGB}: grey images become R = G = B,
 * 16-bit samples are reduced to 8 bits and alpha is dropped. PNG output is lossless: {@code read(write(img))}
 * equals {@code img}.
 *
 * <p>Reading is strict, because a compressor that silently codes half an image is worse than one that refuses it:
 * only PNG and JPEG are accepted (by their signatures, not by whatever else {@code javax.imageio} could guess); a
 * PNG's chunk structure and every chunk's CRC-32 are checked and it must end with {@code IEND}; any warning the
 * decoder reports (a JPEG without its end-of-image marker, corrupt entropy-coded data) is an error; and the image
 * size is read from the header and checked against a pixel limit before any pixel memory is allocated. Errors are
 * typed: a missing or unreadable file raises an {@link IOException} ({@link NoSuchFileException} when it does not
 * exist); content that is not a complete, undamaged PNG or JPEG raises {@link ImageFormatException}; an image over
 * the pixel limit raises {@link ImageTooLargeException}.
 */
public final class ImageIo {
    /** Default pixel limit of {@link #read(byte[])} and {@link #read(Path)}: 2^28 (e.g. 16384 × 16384). */
    public static final long DEFAULT_MAX_PIXELS = 1L << 28;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageIo() {
    }

    /** The format and size of an image, read from its header without decoding any pixel. */
    public record Header(String format, int width, int height) {
        /** width × height. */
        public long pixels() {
            return (long) width * height;
        }
    }

    /** Loads an image file. */
    public static RgbImage read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return read(Files.readAllBytes(file), file.toString(), DEFAULT_MAX_PIXELS);
    }

    /** Decodes an image held in memory. */
    public static RgbImage read(byte[] encoded) {
        return read(encoded, "image", DEFAULT_MAX_PIXELS);
    }

    /**
     * Reads the format and size of a PNG or JPEG without decoding its pixels. For a PNG the whole chunk structure
     * and every CRC are checked here already.
     *
     * @param name how errors name the input (a file name)
     * @throws ImageFormatException if the bytes are not a PNG or JPEG, or the header is damaged
     */
    public static Header probe(byte[] encoded, String name) {
        String format = format(encoded, name);
        if (format.equals("png")) {
            checkPngChunks(encoded, name);
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            ImageReader reader = reader(format);
            try {
                reader.setInput(in, true, true);
                return new Header(format, reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageFormatException f) {
                throw f;
            }
            throw new ImageFormatException(name + ": damaged " + upper(format) + " header (" + reason(e) + ")", e);
        }
    }

    /**
     * Decodes a PNG or JPEG held in memory.
     *
     * @param name how errors name the input (a file name)
     * @param maxPixels the largest width × height accepted; checked from the header, before decoding
     * @throws ImageFormatException if the bytes are not a complete, undamaged PNG or JPEG
     * @throws ImageTooLargeException if the image has more than {@code maxPixels} pixels
     */
    public static RgbImage read(byte[] encoded, String name, long maxPixels) {
        Header h = probe(encoded, name);
        if (h.pixels() > maxPixels) {
            throw new ImageTooLargeException(name + " is " + h.width() + "x" + h.height() + " = " + h.pixels()
                    + " pixels, more than the limit of " + Math.min(maxPixels, (Integer.MAX_VALUE - 8L) / 3), h);
        }
        return read(encoded, name, h);
    }

    /**
     * Decodes a PNG or JPEG whose header the caller has already read with {@link #probe} (and checked against its
     * own limits), without reading the header again.
     *
     * @param probed what {@link #probe} returned for these bytes
     * @throws ImageFormatException  if the bytes are not a complete, undamaged PNG or JPEG
     * @throws ImageTooLargeException if the pixels would not fit in one Java array
     */
    public static RgbImage read(byte[] encoded, String name, Header probed) {
        return fromBufferedImage(decode(encoded, name, probed));
    }

    /**
     * Decodes a PNG or JPEG, checked as {@link #read(byte[], String, long)} checks it, into the
     * {@link BufferedImage} of {@code javax.imageio} (for callers that need the stored samples, e.g. grey levels,
     * rather than sRGB).
     */
    public static BufferedImage decode(byte[] encoded, String name, long maxPixels) {
        Header h = probe(encoded, name);
        if (h.pixels() > maxPixels) {
            throw new ImageTooLargeException(name + " is " + h.width() + "x" + h.height() + " = " + h.pixels()
                    + " pixels, more than the limit of " + maxPixels, h);
        }
        return decode(encoded, name, h);
    }

    private static BufferedImage decode(byte[] encoded, String name, Header probed) {
        Header h = probed;
        if (h.pixels() * RgbImage.CHANNELS > Integer.MAX_VALUE - 8) {
            throw new ImageTooLargeException(name + " is " + h.width() + "x" + h.height() + " = " + h.pixels()
                    + " pixels, more than the limit of " + (Integer.MAX_VALUE - 8L) / 3, h);
        }
        BufferedImage img;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            ImageReader reader = reader(h.format());
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
            if (!warnings.isEmpty()) {
                throw new ImageFormatException(name + ": damaged " + upper(h.format()) + " (" + warnings.get(0) + ")");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageFormatException f) {
                throw f;
            }
            // javax.imageio reports damaged content as IIOException (an IOException) or unchecked exceptions
            throw new ImageFormatException(name + ": damaged " + upper(h.format()) + " (" + reason(e) + ")", e);
        }
        if (img.getWidth() != h.width() || img.getHeight() != h.height()) {
            throw new ImageFormatException(name + ": decoded " + img.getWidth() + "x" + img.getHeight()
                    + " pixels, but the header says " + h.width() + "x" + h.height());
        }
        return img;
    }

    private static String format(byte[] b, String name) {
        if (b.length >= PNG_SIGNATURE.length && Arrays.equals(b, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0,
                PNG_SIGNATURE.length)) {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        throw new ImageFormatException(name + (b.length == 0 ? " is empty" : " is not a PNG or JPEG image"));
    }

    /**
     * Walks the chunks of a PNG (ISO/IEC 15948, section 5.3): 4-byte big-endian length, 4-byte type, data,
     * CRC-32 of type and data; the first chunk is a 13-byte {@code IHDR}, the last is {@code IEND}, nothing follows.
     */
    private static void checkPngChunks(byte[] b, String name) {
        int pos = PNG_SIGNATURE.length;
        CRC32 crc = new CRC32();
        boolean first = true;
        while (true) {
            if (b.length - pos < 12) {
                throw new ImageFormatException(name + ": truncated PNG (no IEND chunk; the file ends at byte "
                        + b.length + ")");
            }
            long length = BigEndian.u32(b, pos);
            if (length > b.length - pos - 12L) {
                throw new ImageFormatException(name + ": truncated PNG (a chunk at byte " + pos + " declares "
                        + length + " bytes, the file has " + (b.length - pos - 12L) + " left)");
            }
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 4; i++) {
                char c = type.charAt(i);
                if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                    throw new ImageFormatException(name + ": damaged PNG (invalid chunk type at byte " + pos + ")");
                }
            }
            if (first && (!type.equals("IHDR") || length != 13)) {
                throw new ImageFormatException(name + ": damaged PNG (the first chunk is not a 13-byte IHDR)");
            }
            first = false;
            crc.reset();
            crc.update(b, pos + 4, (int) length + 4);
            int stored = BigEndian.i32(b, pos + 8 + (int) length);
            if ((int) crc.getValue() != stored) {
                throw new ImageFormatException(name + ": damaged PNG (CRC mismatch in the " + type
                        + " chunk at byte " + pos + ")");
            }
            pos += 12 + (int) length;
            if (type.equals("IEND")) {
                if (pos != b.length) {
                    throw new ImageFormatException(name + ": " + (b.length - pos) + " unexpected bytes after the"
                            + " PNG's IEND chunk");
                }
                return;
            }
        }
    }

    private static ImageReader reader(String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no " + format + " reader in this Java runtime");
        }
        return readers.next();
    }

    private static String upper(String format) {
        return format.toUpperCase(java.util.Locale.ROOT);
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    }

    /** Converts a {@link BufferedImage} to 8-bit RGB (alpha dropped). */
    public static RgbImage fromBufferedImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] b = new byte[w * h * RgbImage.CHANNELS];
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) { // row by row: no second full-size copy of the image
            img.getRGB(0, y, w, 1, argb, 0, w);
            int o = 3 * y * w;
            for (int x = 0; x < w; x++) {
                int v = argb[x];
                b[o + 3 * x] = (byte) (v >>> 16);
                b[o + 3 * x + 1] = (byte) (v >>> 8);
                b[o + 3 * x + 2] = (byte) v;
            }
        }
        return RgbImage.of(w, h, b);
    }

    /** A {@code TYPE_INT_RGB} copy of the image. */
    public static BufferedImage toBufferedImage(RgbImage image) {
        int w = image.width();
        int h = image.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[w * h];
        for (int p = 0; p < rgb.length; p++) {
            rgb[p] = image.sample(3 * p) << 16 | image.sample(3 * p + 1) << 8 | image.sample(3 * p + 2);
        }
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    /** Writes the image as PNG. */
    public static void writePng(RgbImage image, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writePng(image, out);
        }
    }

    /** PNG encoding of the image. */
    public static byte[] pngBytes(RgbImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writePng(image, out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    private static void writePng(RgbImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(toBufferedImage(image), "png", out)) {
            throw new IllegalStateException("no PNG writer in this Java runtime");
        }
    }
}
