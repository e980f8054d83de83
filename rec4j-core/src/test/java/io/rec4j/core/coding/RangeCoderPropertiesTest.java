package io.rec4j.core.coding;

import static io.rec4j.core.coding.RangeCoderFixtures.assertDecodes;
import static io.rec4j.core.coding.RangeCoderFixtures.encode;
import static io.rec4j.core.coding.RangeCoderFixtures.randomMessage;
import static io.rec4j.core.coding.RangeCoderFixtures.referenceEncode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.coding.RangeCoderFixtures.Op;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Property-based round trips of {@link RangeEncoder} / {@link RangeDecoder} over random models and messages. */
class RangeCoderPropertiesTest {

    @Property(seed = "42", tries = 300)
    void roundTripsRandomMessages(@ForAll long seed, @ForAll @IntRange(min = 0, max = 5000) int length) {
        Random rnd = new Random(seed);
        List<Op> ops = randomMessage(rnd, length);
        RangeEncoder enc = encode(ops);
        long predictedBits = enc.bitLength();
        byte[] bytes = enc.finish();
        int[] words = enc.finishWords();

        assertEquals(predictedBits, 8L * bytes.length, "bitLength() before finish");
        assertEquals(predictedBits, enc.bitLength(), "bitLength() after finish");
        assertEquals(bytes.length, 4 * words.length);
        for (int i = 0; i < words.length; i++) {
            int fromBytes = ((bytes[4 * i] & 0xFF) << 24) | ((bytes[4 * i + 1] & 0xFF) << 16)
                    | ((bytes[4 * i + 2] & 0xFF) << 8) | (bytes[4 * i + 3] & 0xFF);
            assertEquals(words[i], fromBytes, "big-endian word " + i);
        }
        assertArrayEquals(referenceEncode(ops), words, "matches the BigInteger reference encoder");

        RangeDecoder fromWords = new RangeDecoder(words);
        assertDecodes(ops, fromWords);
        assertTrue(fromWords.isExhaustedCleanly());
        fromWords.requireExhaustedCleanly();
        assertEquals(words.length, fromWords.wordsConsumed());

        // embedded at an offset inside a larger buffer with garbage around it
        int pad = rnd.nextInt(9);
        byte[] embedded = new byte[bytes.length + 2 * pad];
        rnd.nextBytes(embedded);
        System.arraycopy(bytes, 0, embedded, pad, bytes.length);
        RangeDecoder fromBytes = new RangeDecoder(embedded, pad, bytes.length);
        assertDecodes(ops, fromBytes);
        assertTrue(fromBytes.isExhaustedCleanly());

        int[] embeddedWords = new int[words.length + 3];
        System.arraycopy(words, 0, embeddedWords, 1, words.length);
        embeddedWords[0] = rnd.nextInt();
        embeddedWords[embeddedWords.length - 1] = rnd.nextInt();
        embeddedWords[embeddedWords.length - 2] = -1;
        RangeDecoder fromEmbeddedWords = new RangeDecoder(embeddedWords, 1, words.length);
        assertDecodes(ops, fromEmbeddedWords);
        assertTrue(fromEmbeddedWords.isExhaustedCleanly());
    }

    /** Carry-heavy messages: raw all-ones / all-zeros words and dominant top or bottom symbols. */
    @Property(seed = "42", tries = 200)
    void roundTripsCarryHeavyMessages(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int length) {
        Random rnd = new Random(seed);
        int precision = 1 + rnd.nextInt(24);
        int n = (int) Math.min(1L << precision, 2 + rnd.nextInt(5));
        TestCategorical top = TestCategorical.dominant(precision, 0, n, n - 1);
        TestCategorical bottom = TestCategorical.dominant(precision, 0, n, 0);
        double pTop = rnd.nextDouble();
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            switch (rnd.nextInt(4)) {
                case 0:
                    ops.add(Op.raw(rnd.nextDouble() < pTop ? -1 : 0, 32));
                    break;
                case 1: {
                    int k = 1 + rnd.nextInt(32);
                    int v = rnd.nextDouble() < pTop ? -1 : 0;
                    ops.add(Op.raw(k == 32 ? v : v & ((1 << k) - 1), k));
                    break;
                }
                case 2:
                    ops.add(Op.symbol(top, rnd.nextDouble() < 0.95 ? n - 1 : rnd.nextInt(n)));
                    break;
                default:
                    ops.add(Op.symbol(bottom, rnd.nextDouble() < 0.95 ? 0 : rnd.nextInt(n)));
            }
        }
        int[] words = encode(ops).finishWords();
        assertArrayEquals(referenceEncode(ops), words);
        RangeDecoder dec = new RangeDecoder(words);
        assertDecodes(ops, dec);
        dec.requireExhaustedCleanly();
    }

    /**
     * Steers the interval onto a word boundary with raw 16-bit symbols so that long runs of {@code 0xFFFFFFFF} words
     * stay pending, then jumps across the boundary: the carry must ripple through the whole run. (Random data
     * almost never does this: it needs an interval straddling a word boundary at the moment of emission.)
     */
    @Property(seed = "42", tries = 100)
    void carryRipplesThroughLongRunsOfOnes(@ForAll long seed) {
        Random rnd = new Random(seed);
        List<Op> ops = new ArrayList<>();
        BigInteger low = BigInteger.ZERO; // exact simulation of the encoder state (as in the reference encoder)
        long range = Long.MAX_VALUE;
        BigInteger unit = BigInteger.ONE.shiftLeft(31);
        int episodes = 1 + rnd.nextInt(6);
        for (int e = 0; e < episodes; e++) {
            // filler
            for (int i = rnd.nextInt(5); i > 0; i--) {
                int v = rnd.nextInt(1 << 16);
                ops.add(Op.raw(v, 16));
                long r = range >>> 16;
                low = low.add(BigInteger.valueOf(r * v));
                range = r;
                while (range < (1L << 31)) {
                    low = low.shiftLeft(32);
                    range <<= 32;
                }
            }
            BigInteger target = low.divide(unit).add(BigInteger.ONE).multiply(unit);
            int zoomSteps = 1 + rnd.nextInt(80);
            for (int step = 0; step <= zoomSteps; step++) {
                long r = range >>> 16;
                long v;
                if (step < zoomSteps) {
                    v = target.subtract(BigInteger.ONE).subtract(low).divide(BigInteger.valueOf(r)).longValue();
                } else { // jump to the first sub-interval at or above the target
                    BigInteger[] qr = target.subtract(low).divideAndRemainder(BigInteger.valueOf(r));
                    v = qr[0].longValue() + (qr[1].signum() > 0 ? 1 : 0);
                }
                v = Math.max(0, Math.min(v, (1 << 16) - 1));
                ops.add(Op.raw((int) v, 16));
                low = low.add(BigInteger.valueOf(r * v));
                range = r;
                while (range < (1L << 31)) {
                    low = low.shiftLeft(32);
                    target = target.shiftLeft(32);
                    range <<= 32;
                }
            }
        }
        int[] words = encode(ops).finishWords();
        assertArrayEquals(referenceEncode(ops), words);
        int zeros = 0;
        for (int w : words) {
            zeros += w == 0 ? 1 : 0;
        }
        assertTrue(zeros >= 1, "a carry through a run of ones leaves zero words behind");
        RangeDecoder dec = new RangeDecoder(words);
        assertDecodes(ops, dec);
        dec.requireExhaustedCleanly();
    }
}
