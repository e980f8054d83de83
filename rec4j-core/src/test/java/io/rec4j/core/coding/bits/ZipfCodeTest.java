package io.rec4j.core.coding.bits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfCodeTest {

    /**
     * Regression: the last bucket's bound once overflowed, giving that unused bucket a 1-bit code and every index an
     * extra bit. For small λ the Zipf mass of bucket 0 exceeds 1/2, so its Huffman code must have length 1.
     */
    @Test
    void mostLikelyBucketGetsTheShortestCode() {
        ZipfCode z = new ZipfCode(1.05);
        assertEquals(1, z.length(1));
        assertEquals(3, z.length(2)); // bucket 1: 2 code bits + 1 offset bit
        for (double lambda : new double[] {0.5, 1, 3, 7.5, 20, 60}) {
            ZipfCode c = new ZipfCode(lambda);
            // the bucket code is complete: Kraft sum over buckets is exactly 1
            double kraft = 0;
            for (int k = 0; k < 63; k++) {
                kraft += Math.pow(2, -(c.length(1L << k) - k));
            }
            assertEquals(1.0, kraft, 1e-12, "λ = " + lambda);
        }
    }

    @Test
    void roundTripsAndChargesExactBits() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (double lambda : new double[] {0.7, 4, 16}) {
            ZipfCode c = new ZipfCode(lambda);
            BitWriter w = new BitWriter();
            long[] values = new long[2000];
            long bits = 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = i % 10 == 0 ? Long.MAX_VALUE - rnd.nextInt(5) : 1 + (rnd.nextLong() >>> (1 + rnd.nextInt(63)));
                c.write(w, values[i]);
                bits += c.length(values[i]);
            }
            assertEquals(bits, w.bitLength());
            BitReader r = new BitReader(w.toByteArray());
            for (long v : values) {
                assertEquals(v, c.read(r));
            }
        }
    }

    /**
     * For indices whose log2 is about λ the code costs about λ + log2(λ + 1) + O(1) bits: at λ = 16, an index of
     * 2^16 costs at most 16 + log2(17) + 4 bits.
     */
    @Test
    void costNearTheTunedScale() {
        ZipfCode c = new ZipfCode(16);
        assertTrue(c.length(1L << 16) <= 16 + Math.log(17) / Math.log(2) + 4, "cost " + c.length(1L << 16));
        assertThrows(IllegalArgumentException.class, () -> new ZipfCode(0));
        assertThrows(IllegalArgumentException.class, () -> new ZipfCode(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> c.write(new BitWriter(), 0));
    }
}
