package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BigEndian;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading PNG/JPEG and the typed errors for files that are not images. */
class ImageIoTest {
    @Test
    void nonImageFileRaisesTypedError(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "this is not an image\n", StandardCharsets.UTF_8);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageIo.read(text));
        assertEquals(true, e.getMessage().contains("notes.png"), e.getMessage());
        assertThrows(Rec4jDataException.class, () -> ImageIo.read(new byte[] {1, 2, 3}));
    }

    @Test
    void truncatedPngRaisesTypedError(@TempDir Path dir) throws Exception {
        byte[] png = ImageIo.pngBytes(TestCard.generate(32, 32));
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        assertThrows(ImageFormatException.class, () -> ImageIo.read(cut));
        Path file = dir.resolve("cut.png");
        Files.write(file, cut);
        assertThrows(ImageFormatException.class, () -> ImageIo.read(file));
    }

    @Test
    void missingFileRaisesNoSuchFile(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> ImageIo.read(dir.resolve("absent.png")));
    }

    @Test
    void jpegOfAFlatColourLoadsCloseToIt(@TempDir Path dir) throws Exception {
        int w = 16;
        int h = 16;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 200 << 16 | 100 << 8 | 50);
            }
        }
        Path file = dir.resolve("flat.jpg");
        assertEquals(true, ImageIO.write(img, "jpeg", file.toFile()));
        RgbImage back = ImageIo.read(file);
        assertEquals(w, back.width());
        assertEquals(h, back.height());
        // A flat 8×8-aligned block keeps only DC terms; at the default quality their quantisation (step ≤ 9 on an
        // 8×mean scale, i.e. ≤ 0.6 levels) plus YCbCr conversion rounding stays within a few levels.
        int[] want = {200, 100, 50};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(want[c], back.get(x, y, c), 4, "(" + x + ", " + y + ", " + c + ")");
                }
            }
        }
    }

    @Test
    void greyPngLoadsAsEqualChannels() throws Exception {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 77);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grey, "png", out);
        RgbImage back = ImageIo.read(out.toByteArray());
        assertEquals(3, back.width());
        int v = back.get(1, 1, 0);
        assertEquals(v, back.get(1, 1, 1));
        assertEquals(v, back.get(1, 1, 2));
        assertEquals(0, back.get(0, 0, 0));
    }

    private static byte[] jpeg(int w, int h) throws Exception {
        BufferedImage img = ImageIo.toBufferedImage(TestCard.generate(w, h));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(true, ImageIO.write(img, "jpeg", out));
        return out.toByteArray();
    }

    @Test
    void truncatedJpegIsRejectedEvenWhereImageIoOnlyWarns() throws Exception {
        byte[] jpg = jpeg(64, 48);
        assertEquals(64, ImageIo.read(jpg).width());
        // javax.imageio decodes these with a warning ("Missing EOI marker", "premature end of data segment")
        for (int cut : new int[] {jpg.length - 2, jpg.length - 1, jpg.length * 85 / 100, jpg.length / 2, 3}) {
            byte[] b = Arrays.copyOf(jpg, cut);
            ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageIo.read(b, "cut.jpg", 1 << 20),
                    "cut at " + cut);
            assertEquals(true, e.getMessage().startsWith("cut.jpg"), e.getMessage());
        }
    }

    @Test
    void everySingleBytePngFlipIsRejected() {
        byte[] png = ImageIo.pngBytes(TestCard.generate(8, 8));
        for (int i = 0; i < png.length; i++) {
            byte[] b = png.clone();
            b[i] ^= (byte) 0x10;
            assertThrows(ImageFormatException.class, () -> ImageIo.read(b), "flip at " + i);
        }
        byte[] trailing = Arrays.copyOf(png, png.length + 1);
        assertThrows(ImageFormatException.class, () -> ImageIo.read(trailing));
    }

    @Test
    void onlyPngAndJpegAreAccepted() throws Exception {
        ByteArrayOutputStream bmp = new ByteArrayOutputStream();
        assertEquals(true, ImageIO.write(ImageIo.toBufferedImage(TestCard.generate(4, 4)), "bmp", bmp));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageIo.read(bmp.toByteArray(), "x.bmp", 99));
        assertEquals("x.bmp is not a PNG or JPEG image", e.getMessage());
        assertEquals("e.png is empty", assertThrows(ImageFormatException.class,
                () -> ImageIo.read(new byte[0], "e.png", 99)).getMessage());
    }

    @Test
    void probeReadsTheSizeAndTheLimitIsCheckedBeforeDecoding() throws Exception {
        assertEquals(new ImageIo.Header("jpeg", 40, 24), ImageIo.probe(jpeg(40, 24), "a.jpg"));
        byte[] png = ImageIo.pngBytes(TestCard.generate(30, 20));
        assertEquals(new ImageIo.Header("png", 30, 20), ImageIo.probe(png, "a.png"));
        assertThrows(ImageTooLargeException.class, () -> ImageIo.read(png, "a.png", 599));
        assertEquals(30, ImageIo.read(png, "a.png", 600).width());
        // a well-formed PNG whose header claims 100000 x 100000 pixels over a few bytes of data: refused from the
        // header, without allocating the 30 GB its pixels would need
        byte[] huge = png.clone();
        BigEndian.put32(huge, 16, 100_000);
        BigEndian.put32(huge, 20, 100_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(huge, 12, 17);
        BigEndian.put32(huge, 29, (int) crc.getValue());
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class, () -> ImageIo.read(huge));
        assertEquals(100_000, e.header().width());
    }
}
