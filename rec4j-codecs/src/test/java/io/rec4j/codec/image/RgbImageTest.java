package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Conversion, clamping, rounding, cropping. */
class RgbImageTest {
    @Test
    void quantizeClampsThenRoundsHalfToEven() {
        assertEquals(0, RgbImage.quantize(-0.3));
        assertEquals(0, RgbImage.quantize(Double.NEGATIVE_INFINITY));
        assertEquals(255, RgbImage.quantize(1.7));
        assertEquals(255, RgbImage.quantize(Double.POSITIVE_INFINITY));
        assertEquals(128, RgbImage.quantize(0.5)); // 127.5 exactly: tie, to even
        assertThrows(IllegalArgumentException.class, () -> RgbImage.quantize(Double.NaN));
        // find doubles t whose product t·255 is exactly a tie k + ½ and check the even neighbour wins
        int ties = 0;
        for (int k = 0; k < 255; k++) {
            double t = (k + 0.5) / 255;
            for (double c : new double[] {Math.nextDown(t), t, Math.nextUp(t)}) {
                if (c * 255 == k + 0.5) {
                    assertEquals(k % 2 == 0 ? k : k + 1, RgbImage.quantize(c), "tie at " + (k + 0.5));
                    ties++;
                }
            }
        }
        assertTrue(ties > 50, "found only " + ties + " exact ties");
    }

    @Test
    void unitRoundTripIsIdentity() {
        int[] s = new int[4 * 3 * 3];
        for (int i = 0; i < s.length; i++) {
            s[i] = (i * 37 + 11) % 256;
        }
        RgbImage img = RgbImage.ofInts(4, 3, s);
        double[] u = img.toUnit();
        assertEquals(s[5] / 255.0, u[5]);
        assertEquals(img, RgbImage.fromUnit(4, 3, u));
        for (int k = 0; k <= 255; k++) {
            assertEquals(k, RgbImage.quantize(k / 255.0));
        }
    }

    @Test
    void accessorsAndImmutability() {
        byte[] raw = new byte[2 * 1 * 3];
        raw[3] = (byte) 200; // pixel (1, 0) red
        RgbImage img = RgbImage.of(2, 1, raw);
        raw[3] = 0;
        assertEquals(200, img.get(1, 0, 0));
        assertEquals(200 << 16, img.rgb(1, 0));
        img.samples()[3] = 1;
        assertEquals(200, img.get(1, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> img.get(2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.of(2, 2, raw));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.ofInts(1, 1, new int[] {0, 256, 0}));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.fromUnit(1, 1, new double[] {0, Double.NaN, 0}));
        assertNotEquals(img, RgbImage.of(1, 2, new byte[6]));
    }

    @Test
    void cropAndEdgePaddedCrop() {
        RgbImage card = TestCard.generate(10, 6);
        RgbImage c = card.crop(3, 2, 4, 3);
        assertEquals(card.rgb(3, 2), c.rgb(0, 0));
        assertEquals(card.rgb(6, 4), c.rgb(3, 2));
        assertThrows(IllegalArgumentException.class, () -> card.crop(8, 0, 3, 1));
        RgbImage p = card.cropPadded(8, 4, 4, 4); // columns 8..11, rows 4..7
        assertEquals(card.rgb(9, 5), p.rgb(1, 1));
        assertEquals(card.rgb(9, 5), p.rgb(3, 3)); // beyond the corner: the corner pixel
        assertEquals(card.rgb(8, 5), p.rgb(0, 2));
        RgbImage q = card.cropPadded(-2, -1, 3, 2);
        assertEquals(card.rgb(0, 0), q.rgb(0, 0));
        assertEquals(card.rgb(0, 0), q.rgb(2, 1));
        assertArrayEquals(card.samples(), card.cropPadded(0, 0, 10, 6).samples());
    }
}
