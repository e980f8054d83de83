package io.rec4j.codec.irec;

import io.rec4j.codec.image.ImageFormatException;
import io.rec4j.codec.image.ImageIo;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reading and writing the 28×28 8-bit grey images iREC codes, sample for sample: a grey PNG's stored levels (not
 * their sRGB conversion, which {@link BufferedImage#getRGB} would apply to a linear-grey image), or an RGB image
 * whose three channels are equal everywhere.
 */
public final class GreyImages {
    private GreyImages() {
    }

    /**
     * The 784 grey levels of a 28×28 PNG (or JPEG) in row-major order.
     *
     * @throws ImageFormatException if the bytes are not an undamaged image, not 28×28, or not grey
     */
    public static int[] read(byte[] encoded, String name) {
        BufferedImage img = ImageIo.decode(encoded, name, 1L << 20);
        int side = VaeArchitecture.SIDE;
        if (img.getWidth() != side || img.getHeight() != side) {
            throw new ImageFormatException(name + " is " + img.getWidth() + "x" + img.getHeight()
                    + "; iREC models code " + side + "x" + side + " grey images");
        }
        int[] out = new int[side * side];
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        int bits = img.getColorModel().getComponentSize(0);
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY || bands == 1 && bits == 8
                && img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY) {
            r.getSamples(0, 0, side, side, 0, out);
            return out;
        }
        if (bands <= 2 && img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY) {
            throw new ImageFormatException(name + " is a " + bits + "-bit grey image; iREC codes 8-bit grey levels");
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int argb = img.getRGB(x, y);
                int red = (argb >>> 16) & 0xFF;
                int green = (argb >>> 8) & 0xFF;
                int blue = argb & 0xFF;
                if (red != green || green != blue) {
                    throw new ImageFormatException(name + " is a colour image (pixel " + x + "," + y + " is RGB "
                            + red + "," + green + "," + blue + "); iREC codes grey images");
                }
                out[y * side + x] = red;
            }
        }
        return out;
    }

    /** An 8-bit grey PNG of 784 levels (28×28, row-major). */
    public static byte[] png(int[] levels) {
        int side = VaeArchitecture.SIDE;
        if (levels.length != side * side) {
            throw new IllegalArgumentException("need " + side * side + " levels, got " + levels.length);
        }
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        r.setSamples(0, 0, side, side, 0, levels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!javax.imageio.ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
