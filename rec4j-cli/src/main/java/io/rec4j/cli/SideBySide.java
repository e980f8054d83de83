package io.rec4j.cli;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The demo's comparison picture: images side by side, enlarged by pixel replication so that a small image's
 * artefacts can be seen, each under a label; and the JPEG (javax.imageio, no WebP encoder ships with the JDK) of at
 * least a given size, for a comparison at the same rate.
 */
final class SideBySide {
    /** Enlargement of each image (nearest neighbour). */
    static final int SCALE = 4;
    private static final int LABEL = 22;
    private static final int GAP = 8;

    private SideBySide() {
    }

    /** A JPEG and its size in bytes. */
    record Jpeg(RgbImage image, int bytes) {
    }

    /**
     * The smallest JPEG of {@code img} (ImageIO's quality on a grid of 0.01 steps) whose file has at least
     * {@code minBytes} bytes, or the largest (quality 1) if none reaches it.
     */
    static Jpeg jpegAtLeast(RgbImage img, int minBytes) {
        int lo = 1;
        int hi = 100; // quality/100; the size grows with the quality, found by bisection (7 encodes)
        byte[] best = jpeg(img, 1.0f);
        if (best.length < minBytes) {
            return new Jpeg(ImageIo.read(best), best.length);
        }
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            byte[] b = jpeg(img, mid / 100f);
            if (b.length >= minBytes) {
                hi = mid;
                best = b;
            } else {
                lo = mid + 1;
            }
        }
        byte[] b = jpeg(img, lo / 100f);
        if (b.length >= minBytes && b.length <= best.length) {
            best = b;
        }
        return new Jpeg(ImageIo.read(best), best.length);
    }

    private static byte[] jpeg(RgbImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(ImageIo.toBufferedImage(img), null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Writes {@code a | b | c}, each enlarged {@link #SCALE} times, with their labels above, as a PNG. */
    static void write(Path file, RgbImage a, RgbImage b, RgbImage c, String la, String lb, String lc)
            throws IOException {
        RgbImage[] imgs = {a, b, c};
        String[] labels = {la, lb, lc};
        int w = a.width() * SCALE;
        int h = a.height() * SCALE;
        BufferedImage out = new BufferedImage(3 * w + 2 * GAP, h + LABEL, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, 0xFFFFFF);
            }
        }
        for (int k = 0; k < 3; k++) {
            int x0 = k * (w + GAP);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.setRGB(x0 + x, LABEL + y, imgs[k].rgb(x / SCALE, y / SCALE));
                }
            }
        }
        try { // labels need a font; a headless JDK without fonts still gets the picture
            Graphics2D g = out.createGraphics();
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
            for (int k = 0; k < 3; k++) {
                g.drawString(labels[k], k * (w + GAP) + 4, LABEL - 6);
            }
            g.dispose();
        } catch (RuntimeException | Error e) {
            // no labels: the command's output names the three panels
        }
        if (!ImageIO.write(out, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
