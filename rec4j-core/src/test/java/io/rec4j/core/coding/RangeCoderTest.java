package io.rec4j.core.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rate, golden output, edge cases and API contracts of {@link RangeEncoder} / {@link RangeDecoder}. */
class RangeCoderTest {

    private static final double LN2 = Math.log(2.0);

    // ---------------------------------------------------------------------------------------------------- rate

    @Test
    void rateAtPrecision24IsWithinOneHundredthOfAPercentOfTheInformationContent() {
        RateReport report = measureRate(24, 1_000_000);
        assertTrue(report.excessBits() <= 1e-4 * report.idealBits(), report.toString());
        assertTrue(report.truncationBitsPerSymbol() < 0.01, report.toString());
    }

    @Test
    void rateAtPrecision12() {
        RateReport report = measureRate(12, 1_000_000);
        assertTrue(report.excessBits() <= 1e-4 * report.idealBits(), report.toString());
    }

    record RateReport(int precision, int symbols, long outputBits, double idealBits, double truncationBits) {
        /** Output bits minus flush minus information content. */
        double excessBits() {
            return outputBits - RangeEncoder.FLUSH_BITS - idealBits;
        }

        double truncationBitsPerSymbol() {
            return truncationBits / symbols;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "p=%d n=%d: output %d bits (flush %d), ideal %.1f bits (%.6f b/sym); excess %.1f bits"
                            + " = %.3e b/sym = %.5f %%; truncation loss (exact) %.3e b/sym",
                    precision, symbols, outputBits, RangeEncoder.FLUSH_BITS, idealBits, idealBits / symbols,
                    excessBits(), excessBits() / symbols, 100 * excessBits() / idealBits, truncationBitsPerSymbol());
        }
    }

    /** Geometric-ish source over 256 symbols (ratio 0.97), quantised at {@code precision}. */
    private static RateReport measureRate(int precision, int count) {
        double ratio = 0.97;
        TestCategorical model = TestCategorical.geometric(precision, 256, ratio);
        Random rnd = new Random(42);
        RangeEncoder enc = new RangeEncoder(count / 4);
        double ideal = 0;
        // exact re-computation of the interval width: truncation loss and number of renormalisation shifts
        long range = Long.MAX_VALUE;
        long shifts = 0;
        double truncation = 0;
        for (int i = 0; i < count; i++) {
            int s = model.sample(rnd);
            enc.encode(s, model);
            ideal += model.informationBits(s);
            long r = range >>> precision;
            truncation += Math.log1p((double) (range - (r << precision)) / (double) (r << precision)) / LN2;
            range = r * model.frequency(s);
            while (range < (1L << 31)) {
                range <<= 32;
                shifts++;
            }
        }
        long bits = enc.bitLength();
        assertEquals(32 * (shifts + 1), bits, "bitLength = 32 * (shifts + flush)");
        assertEquals(bits, 8L * enc.finish().length);
        // 32*shifts = ideal + truncation + log2(2^63 - 1) - log2(finalRange), with finalRange in [2^31, 2^63)
        double slack = 32.0 * shifts - ideal - truncation;
        assertTrue(slack > -32.001 && slack <= 0.001, "slack " + slack);
        RateReport report = new RateReport(precision, count, bits, ideal, truncation);
        System.out.println("[RangeCoder rate] " + report);
        return report;
    }

    // -------------------------------------------------------------------------------------------------- golden

    /** A fixed small message; its encoding is pinned so that format changes are noticed. */
    private static void encodeGoldenMessage(RangeEncoder enc) {
        TestCategorical model = new TestCategorical(4, -2, 1, 3, 7, 5); // symbols -2..1, sum 16
        TestCategorical skewed = TestCategorical.dominant(24, 0, 3, 1);
        int[] symbols = {0, 1, -1, 0, 0, -2, 1, 0};
        for (int s : symbols) {
            enc.encode(s, model);
        }
        enc.encodeRaw(0xDEADBEEF, 32);
        enc.encodeRaw(5, 3);
        for (int i = 0; i < 10; i++) {
            enc.encode(i % 5 == 0 ? 2 : 1, skewed);
        }
        enc.encodeRaw(0, 0);
        enc.encode(1, model);
    }

    private static final String GOLDEN_HEX = "919d870031f0b1dd7ffffffe843ad839";

    @Test
    void goldenBytes() {
        RangeEncoder enc = new RangeEncoder();
        encodeGoldenMessage(enc);
        byte[] bytes = enc.finish();
        assertEquals(GOLDEN_HEX, HexFormat.of().formatHex(bytes));

        RangeDecoder dec = new RangeDecoder(HexFormat.of().parseHex(GOLDEN_HEX));
        TestCategorical model = new TestCategorical(4, -2, 1, 3, 7, 5);
        TestCategorical skewed = TestCategorical.dominant(24, 0, 3, 1);
        for (int s : new int[] {0, 1, -1, 0, 0, -2, 1, 0}) {
            assertEquals(s, dec.decode(model));
        }
        assertEquals(0xDEADBEEF, dec.decodeRaw(32));
        assertEquals(5, dec.decodeRaw(3));
        for (int i = 0; i < 10; i++) {
            assertEquals(i % 5 == 0 ? 2 : 1, dec.decode(skewed));
        }
        assertEquals(0, dec.decodeRaw(0));
        assertEquals(1, dec.decode(model));
        assertTrue(dec.isExhaustedCleanly());
    }

    @Test
    void emptyMessageIsOneZeroWord() {
        RangeEncoder enc = new RangeEncoder();
        assertEquals(32, enc.bitLength());
        assertArrayEquals(new byte[4], enc.finish());
        RangeDecoder dec = new RangeDecoder(new byte[4]);
        assertTrue(dec.isExhaustedCleanly());
        assertFalse(new RangeDecoder(new int[] {1}).isExhaustedCleanly());
    }

    /** A hand-checked example: one raw word, 0xDEADBEEF, i.e. two 16-bit steps. */
    @Test
    void singleRawWordByHand() {
        // step 1: r = (2^63-1) >>> 16 = 2^47-1, low = 0xDEAD * r, range = r
        // step 2: r = 2^31-1, low += 0xBEEF * r, range = 2^31-1 < 2^31: emit bits 62..31 of low.
        // low = 0xDEAD*2^47 + 0xBEEF*2^31 - (0xDEAD + 0xBEEF), so the emitted word is 0xDEADBEEF - 1 and the
        // window keeps (2^31 - 0x19D9C) * 2^32, already a multiple of 2^31: the flush word is its top 32 bits,
        // 2 * (2^31 - 0x19D9C) = 0xFFFCC4C8.
        RangeEncoder enc = new RangeEncoder();
        enc.encodeRaw(0xDEADBEEF, 32);
        assertArrayEquals(new int[] {0xDEADBEEE, 0xFFFCC4C8}, enc.finishWords());
    }

    // ---------------------------------------------------------------------------------------------- edge cases

    @Test
    void singletonAlphabetsAndExtremePrecisions() {
        TestCategorical one = new TestCategorical(1, 7, 2);
        TestCategorical bit = new TestCategorical(1, 0, 1, 1);
        TestCategorical sure = new TestCategorical(24, 3, 1 << 24);
        TestCategorical dom = TestCategorical.dominant(24, 0, 1000, 999);
        RangeEncoder enc = new RangeEncoder(0);
        double ideal = 0;
        for (int i = 0; i < 10_000; i++) {
            enc.encode(7, one);
            enc.encode(i & 1, bit);
            enc.encode(3, sure);
            int s = i % 97 == 0 ? i % 1000 : 999;
            enc.encode(s, dom);
            ideal += 1 + dom.informationBits(s);
        }
        // the certain symbols are free, the bit costs 1, the dominant symbol almost nothing
        assertTrue(enc.bitLength() <= ideal + 64, "bits " + enc.bitLength() + " vs ideal " + ideal);
        int[] words = enc.finishWords();
        RangeDecoder dec = new RangeDecoder(words);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(7, dec.decode(one));
            assertEquals(i & 1, dec.decode(bit));
            assertEquals(3, dec.decode(sure));
            assertEquals(i % 97 == 0 ? i % 1000 : 999, dec.decode(dom));
        }
        dec.requireExhaustedCleanly();
    }

    @Test
    void encoderRejectsInvalidArguments() {
        TestCategorical model = new TestCategorical(4, -2, 1, 3, 7, 5);
        RangeEncoder enc = new RangeEncoder();
        assertThrows(IllegalArgumentException.class, () -> enc.encode(2, model));
        assertThrows(IllegalArgumentException.class, () -> enc.encode(-3, model));
        assertThrows(IllegalArgumentException.class, () -> enc.encodeRaw(8, 3));
        assertThrows(IllegalArgumentException.class, () -> enc.encodeRaw(-1, 31));
        assertThrows(IllegalArgumentException.class, () -> enc.encodeRaw(0, 33));
        assertThrows(IllegalArgumentException.class, () -> enc.encodeRaw(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new RangeEncoder(-1));
        enc.encode(1, model);
        byte[] first = enc.finish();
        assertTrue(enc.isFinished());
        assertArrayEquals(first, enc.finish());
        assertThrows(IllegalStateException.class, () -> enc.encode(1, model));
        assertThrows(IllegalStateException.class, () -> enc.encodeRaw(1, 1));
    }

    @Test
    void decoderRejectsMalformedLengths() {
        assertThrows(CorruptStreamException.class, () -> new RangeDecoder(new byte[0]));
        assertThrows(CorruptStreamException.class, () -> new RangeDecoder(new byte[7]));
        assertThrows(CorruptStreamException.class, () -> new RangeDecoder(new int[0]));
        assertThrows(CorruptStreamException.class, () -> new RangeDecoder(new byte[12], 4, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> new RangeDecoder(new byte[8], 4, 8));
        assertThrows(IllegalArgumentException.class, () -> new RangeDecoder(new byte[4]).decodeRaw(33));
    }

    @Test
    void extraTrailingWordIsReported() {
        RangeEncoder enc = new RangeEncoder();
        enc.encodeRaw(12345, 20);
        int[] words = enc.finishWords();
        int[] longer = java.util.Arrays.copyOf(words, words.length + 1);
        RangeDecoder dec = new RangeDecoder(longer);
        assertEquals(12345, dec.decodeRaw(20));
        assertFalse(dec.isExhaustedCleanly());
        assertThrows(CorruptStreamException.class, dec::requireExhaustedCleanly);
    }

    @Test
    void quantileInTheTruncationGapIsCorrupt() {
        // value = 2^63 - 1 - 0 lies beyond r * 2^p for the initial range: quantile 2^p
        RangeDecoder dec = new RangeDecoder(new int[] {-1, -1});
        assertThrows(CorruptStreamException.class, () -> dec.decode(new TestCategorical(1, 0, 1, 1)));
    }
}
