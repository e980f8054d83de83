package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import org.junit.jupiter.api.Test;

/** The iREC codeword with its step count coded relative to an expected count: round trip and exact lengths. */
class IrecStepCodeTest {
    @Test
    void roundTripsAndCostsTheZigzagGammaOfTheDifference() {
        IrecCoder c = IrecCoder.lossless();
        for (double mean : new double[] {0.5, 2, 4}) {
            RecProblem p = new RecProblem(ProductDistribution.gaussian(new double[] {mean, -mean, 0.3},
                    new double[] {0.2, 0.3, 0.5}), ProductDistribution.gaussian(new double[3],
                    new double[] {1, 1, 1}));
            Encoding e = c.encode(p, SharedRandomness.fromSeed(7));
            long k = e.codeword().value(0);
            for (long expected : new long[] {1, k - 2, k, k + 3, 40}) {
                BitWriter w = new BitWriter();
                c.write(e.codeword(), w, expected);
                long d = k - Math.max(1, expected);
                long zigzag = d >= 0 ? 2 * d : -2 * d - 1;
                long gamma = 2 * (63 - Long.numberOfLeadingZeros(1 + zigzag)) + 1;
                BitWriter plain = new BitWriter();
                c.write(e.codeword(), plain);
                long gammaK = 2 * (63 - Long.numberOfLeadingZeros(k)) + 1;
                assertEquals(plain.bitLength() - gammaK + gamma, w.bitLength(), "K " + k + ", expected " + expected);
                Codeword back = c.read(new BitReader(w.toByteArray()), expected);
                assertArrayEquals(e.codeword().values(), back.values());
            }
        }
    }

    @Test
    void aStepCountBelowOneIsCorrupt() {
        BitWriter w = new BitWriter();
        // zigzag 5 = difference −3 from an expected count of 2: K = −1
        io.rec4j.core.coding.bits.EliasGamma.INSTANCE.write(w, 6);
        w.writeBits(0, 16);
        assertThrows(CorruptStreamException.class, () -> IrecCoder.lossless().read(new BitReader(w.toByteArray()), 2));
    }
}
