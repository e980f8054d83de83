package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** PSNR of images with known error. */
class PsnrTest {
    private static RgbImage random(int w, int h, long seed, int max) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] s = new int[w * h * 3];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(max + 1);
        }
        return RgbImage.ofInts(w, h, s);
    }

    @Test
    void identicalImagesHaveInfinitePsnr() {
        RgbImage a = random(7, 5, 1, 255);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.psnr(a, RgbImage.of(7, 5, a.samples())));
        assertEquals(0.0, Psnr.mse(a, a));
    }

    @Test
    void offByOneEverywhereIs48Point13Db() {
        RgbImage a = random(9, 4, 2, 254);
        byte[] s = a.samples();
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) ((s[i] & 0xFF) + 1);
        }
        RgbImage b = RgbImage.of(9, 4, s);
        assertEquals(1.0, Psnr.mse(a, b));
        // 10·log10(255² / 1) = 20·log10(255) = 48.1308 dB
        assertEquals(48.1308, Psnr.psnr(a, b), 1e-4);
        assertEquals(20 * Math.log10(255), Psnr.psnr(b, a), 1e-12);
    }

    @Test
    void knownMseOfOneChannel() {
        // only the red sample of each pixel differs, by 3: MSE = 9/3 = 3 over all channels
        RgbImage a = random(6, 6, 3, 200);
        byte[] s = a.samples();
        for (int i = 0; i < s.length; i += 3) {
            s[i] = (byte) ((s[i] & 0xFF) + 3);
        }
        RgbImage b = RgbImage.of(6, 6, s);
        assertEquals(3.0, Psnr.mse(a, b));
        assertEquals(10 * Math.log10(255.0 * 255 / 3), Psnr.psnr(a, b), 1e-12);
        assertEquals(Psnr.psnr(a, b), Psnr.fromUnitMse(3.0 / (255.0 * 255)), 1e-12);
    }

    @Test
    void rejectsSizeMismatch() {
        assertThrows(IllegalArgumentException.class,
                () -> Psnr.psnr(random(2, 3, 4, 255), random(3, 2, 4, 255)));
        assertThrows(IllegalArgumentException.class, () -> Psnr.fromUnitMse(-1));
    }
}
