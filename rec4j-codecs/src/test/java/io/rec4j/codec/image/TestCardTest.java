package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic test card: pinned pixels, requested size, expected structure, lossless PNG. */
public class TestCardTest {
    /** SHA-256 of the 64×48 card's samples, pinned when the card was designed; also checked in fresh JVMs. */
    public static final String GOLDEN_64X48 = "f82a28c83084e01243349db5abbad47ecf1d27579abb8e88bf2126960869c0b4";

    @Test
    void pinnedAndRepeatable() {
        RgbImage a = TestCard.generate(64, 48);
        assertEquals(GOLDEN_64X48, a.sha256());
        assertEquals(a, TestCard.generate(64, 48));
    }

    @Test
    void hasTheRequestedSize() {
        for (int[] wh : new int[][] {{1, 1}, {3, 2}, {65, 33}, {768, 512}}) {
            RgbImage img = TestCard.generate(wh[0], wh[1]);
            assertEquals(wh[0], img.width());
            assertEquals(wh[1], img.height());
        }
        assertThrows(IllegalArgumentException.class, () -> TestCard.generate(0, 4));
    }

    @Test
    void containsBarsGradientsTextureAndNoise() {
        RgbImage img = TestCard.generate(128, 96);
        assertEquals(0xFFFFFF, img.rgb(0, 0)); // first bar white
        assertEquals(0xFFFF00, img.rgb(16, 5)); // second bar yellow, sharp edge at x = 16
        assertEquals(0x000000, img.rgb(127, 23)); // last bar black
        // band 1 left: red ramps with x, green with y
        assertTrue(img.get(60, 30, 0) > img.get(4, 30, 0) + 200);
        assertTrue(img.get(30, 46, 1) > img.get(30, 24, 1) + 150);
        // band 3 right: checkerboard of 1-pixel squares at its left edge
        assertNotEquals(img.rgb(64, 72), img.rgb(65, 72));
        // band 3 left: noise, so neighbouring pixels differ almost surely in some channel
        int differing = 0;
        for (int x = 0; x < 63; x++) {
            differing += img.rgb(x, 80) != img.rgb(x + 1, 80) ? 1 : 0;
        }
        // P(two noise pixels equal in all channels) = 256^-3 per pair, so 63 differing pairs unless the noise broke
        assertEquals(63, differing);
    }

    @Test
    void pngRoundTripIsLossless(@TempDir Path dir) throws Exception {
        RgbImage img = TestCard.generate(67, 41);
        Path file = dir.resolve("card.png");
        ImageIo.writePng(img, file);
        assertEquals(img, ImageIo.read(file));
        assertEquals(img, ImageIo.read(ImageIo.pngBytes(img)));
    }
}
