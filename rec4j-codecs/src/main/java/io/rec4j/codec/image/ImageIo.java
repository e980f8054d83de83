package io.rec4j.codec.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Loading (PNG, JPEG and whatever else {@code javax.imageio} reads) and PNG saving of {@link RgbImage}s.
 *
 * <p>Loaded images are converted to 8-bit sRGB by {@link BufferedImage#getRGB}: grey images become R = G = B,
 * 16-bit samples are reduced to 8 bits and alpha is dropped. PNG output is lossless: {@code read(write(img))}
 * equals {@code img}. Errors are typed: a missing or unreadable file raises an {@link IOException}
 * ({@link NoSuchFileException} when it does not exist); content that is not a decodable image raises
 * {@link ImageFormatException}.
 */
public final class ImageIo {
    private ImageIo() {
    }

    /** Loads an image file. */
    public static RgbImage read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Decodes an image held in memory. */
    public static RgbImage read(byte[] encoded) {
        try {
            return read(new ByteArrayInputStream(encoded), "byte array");
        } catch (IOException e) {
            throw new ImageFormatException("cannot decode image from byte array: " + e.getMessage(), e);
        }
    }

    private static RgbImage read(InputStream in, String what) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            // javax.imageio reports damaged content as IIOException (an IOException) or unchecked exceptions
            throw new ImageFormatException("cannot decode image " + what + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new ImageFormatException("not a recognised image format: " + what);
        }
        return fromBufferedImage(img);
    }

    /** Converts a {@link BufferedImage} to 8-bit RGB (alpha dropped). */
    public static RgbImage fromBufferedImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] b = new byte[w * h * RgbImage.CHANNELS];
        for (int p = 0; p < argb.length; p++) {
            int v = argb[p];
            b[3 * p] = (byte) (v >>> 16);
            b[3 * p + 1] = (byte) (v >>> 8);
            b[3 * p + 2] = (byte) v;
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
