package io.rec4j.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every product must equal the textbook triple loop bit for bit, whatever the shapes' remainders modulo the tiles. */
class OrderedProductTest {
    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,2", "4,4,4", "7,9,13", "17,300,33", "64,257,1", "130,513,70"})
    void everyProductEqualsTheTripleLoopBitForBit(int p, int q, int k) {
        SplittableRandom r = new SplittableRandom(p * 1000L + q * 10L + k);
        double[] a = values(k * p, r);
        double[] b = values(k * q, r);
        double[] want = new double[p * q];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < q; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += a[t * p + i] * b[t * q + j];
                }
                want[i * q + j] = s;
            }
        }
        assertArrayEquals(want, OrderedProduct.transposeTimes(a, p, b, q, k));
        // the same operands read the other way: a as p×K rows
        double[] aRows = new double[p * k];
        for (int i = 0; i < p; i++) {
            for (int t = 0; t < k; t++) {
                aRows[i * k + t] = a[t * p + i];
            }
        }
        assertArrayEquals(want, OrderedProduct.times(aRows, p, b, q, k));
        double[] bRows = new double[q * k];
        for (int j = 0; j < q; j++) {
            for (int t = 0; t < k; t++) {
                bRows[j * k + t] = b[t * q + j];
            }
        }
        assertArrayEquals(want, OrderedProduct.timesTransposed(aRows, p, bRows, q, k));
        double[] gram = OrderedProduct.gram(aRows, p, k);
        double[] upper = OrderedProduct.transposeTimesUpper(a, a, p, k);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += aRows[i * k + t] * aRows[j * k + t];
                }
                assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(gram[i * p + j]), "gram " + i + "," + j);
                if (j >= i) {
                    assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(upper[i * p + j]), "upper " + i + "," + j);
                }
            }
        }
    }

    @Test
    void shapesThatDoNotMatchAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OrderedProduct.transposeTimes(new double[6], 2, new double[6], 3, 3));
        assertThrows(IllegalArgumentException.class, () -> OrderedProduct.gram(new double[5], 2, 3));
    }

    /** Values of mixed magnitudes and signs, with exact zeros and negative zeros among them. */
    private static double[] values(int n, SplittableRandom r) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            v[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : Math.scalb(r.nextGaussian(), r.nextInt(-30, 30));
        }
        return v;
    }
}
