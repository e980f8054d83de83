package io.rec4j.core.coding.bits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rec4j.core.coding.CorruptStreamException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class IntegerCodeTest {

    static final IntegerCode GAMMA = EliasGamma.INSTANCE;
    static final IntegerCode DELTA = EliasDelta.INSTANCE;

    /** Every code under test; the indices are used by the interleaving property. */
    static final List<IntegerCode> CODES = new ArrayList<>();

    static {
        CODES.add(GAMMA);
        CODES.add(DELTA);
        for (int k = 1; k <= 8; k++) {
            CODES.add(new ZetaCode(k));
        }
        for (int k : new int[] {13, 16, 21, 30, 31, 32, 33, 62, 63}) {
            CODES.add(new ZetaCode(k));
        }
        for (int b : new int[] {0, 1, 2, 7, 8, 16, 31, 32, 33, 56, 57, 63}) {
            CODES.add(new FixedLengthCode(b));
        }
    }

    static String encode(IntegerCode code, long... values) {
        BitWriter w = new BitWriter();
        for (long v : values) {
            code.write(w, v);
        }
        String bits = BitIoTest.toBits(w.toByteArray());
        return bits.substring(0, (int) w.bitLength());
    }

    /** Interesting values: small ones, every power of two and its neighbours, values near Long.MAX_VALUE. */
    static long[] interestingValues() {
        TreeSet<Long> s = new TreeSet<>();
        for (long n = 0; n <= 300; n++) {
            s.add(n);
        }
        for (int e = 0; e < 63; e++) {
            long p = 1L << e;
            s.add(p - 1);
            s.add(p);
            s.add(p + 1);
            s.add(p + (p >>> 1));
            s.add(2 * p - 2);
        }
        for (long d = 0; d < 50; d++) {
            s.add(Long.MAX_VALUE - d);
        }
        s.add(Long.MAX_VALUE / 3);
        return s.stream().filter(v -> v >= 0).mapToLong(Long::longValue).toArray();
    }

    // ---------------------------------------------------------------------------------------------- golden bits

    @Test
    void gammaGolden() {
        String[] want = {"1", "010", "011", "00100", "00101", "00110", "00111", "0001000", "0001001", "0001010"};
        for (int n = 1; n <= want.length; n++) {
            assertEquals(want[n - 1], encode(GAMMA, n), "gamma(" + n + ")");
        }
        assertEquals("0".repeat(62) + "1" + "1".repeat(62), encode(GAMMA, Long.MAX_VALUE));
    }

    @Test
    void deltaGolden() {
        String[] want = {"1", "0100", "0101", "01100", "01101", "01110", "01111", "00100000", "00100001",
                "00100010"};
        for (int n = 1; n <= want.length; n++) {
            assertEquals(want[n - 1], encode(DELTA, n), "delta(" + n + ")");
        }
        // 2^62 .. 2^63-1: h = 62, gamma(63) = 00000 111111, then 62 low bits
        assertEquals("00000111111" + "1".repeat(62), encode(DELTA, Long.MAX_VALUE));
        assertEquals("00000111111" + "0".repeat(62), encode(DELTA, 1L << 62));
    }

    @Test
    void zeta2Golden() {
        String[] want = {
            "10", "110", "111", // h = 0
            "01000", "01001", "01010", "01011", // h = 1, n < 8: n - 4 in 3 bits
            "011000", "011001", "011010", "011011", "011100", "011101", "011110", "011111", // n in 4 bits
            "00100000", // 16: h = 2, 0 in 5 bits
        };
        ZetaCode z2 = new ZetaCode(2);
        for (int n = 1; n <= want.length; n++) {
            assertEquals(want[n - 1], encode(z2, n), "zeta2(" + n + ")");
        }
        assertEquals("001" + "01111", encode(z2, 31));
        assertEquals("001" + "100000", encode(z2, 32));
        assertEquals("001" + "111111", encode(z2, 63));
        assertEquals("0001" + "0000000", encode(z2, 64));
    }

    @Test
    void zeta3Golden() {
        ZetaCode z3 = new ZetaCode(3);
        assertEquals("100", encode(z3, 1));
        assertEquals("1010", encode(z3, 2));
        assertEquals("1011", encode(z3, 3));
        assertEquals("1100", encode(z3, 4));
        assertEquals("1111", encode(z3, 7));
        assertEquals("01" + "00000", encode(z3, 8));
        assertEquals("01" + "00111", encode(z3, 15));
        assertEquals("01" + "010000", encode(z3, 16));
        assertEquals("01" + "111111", encode(z3, 63));
        assertEquals("001" + "00000000", encode(z3, 64));
        assertEquals("001" + "010000000", encode(z3, 128));
    }

    @Test
    void fixedGolden() {
        assertEquals("", encode(new FixedLengthCode(0), 0));
        assertEquals("00101", encode(new FixedLengthCode(5), 5));
        assertEquals("0".repeat(63), encode(new FixedLengthCode(63), 0));
        assertEquals("1".repeat(63), encode(new FixedLengthCode(63), Long.MAX_VALUE));
    }

    // ----------------------------------------------------------------------------------------- lengths, zeta_1

    @Test
    void closedFormLengths() {
        for (long n : interestingValues()) {
            if (n < 1) {
                continue;
            }
            int lg = 63 - Long.numberOfLeadingZeros(n);
            assertEquals(2L * lg + 1, GAMMA.length(n), "gamma " + n);
            int lg2 = 31 - Integer.numberOfLeadingZeros(lg + 1);
            assertEquals(lg + 2L * lg2 + 1, DELTA.length(n), "delta " + n);
        }
    }

    @Test
    void lengthEqualsBitsWritten() {
        for (IntegerCode code : CODES) {
            for (long n : interestingValues()) {
                if (!code.canEncode(n)) {
                    continue;
                }
                BitWriter w = new BitWriter();
                w.writeBits(1, 3); // misalign on purpose
                code.write(w, n);
                assertEquals(code.length(n), w.bitLength() - 3, code + " " + n);
            }
        }
    }

    @Test
    void zeta1IsGamma() {
        ZetaCode z1 = new ZetaCode(1);
        for (long n : interestingValues()) {
            if (n >= 1) {
                assertEquals(encode(GAMMA, n), encode(z1, n), "n = " + n);
                assertEquals(GAMMA.length(n), z1.length(n));
            }
        }
        Random rnd = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            long n = (rnd.nextLong() >>> (1 + rnd.nextInt(63))) | 1;
            assertEquals(encode(GAMMA, n), encode(z1, n), "n = " + n);
        }
        // and decodes the same way from random bits
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[1 + rnd.nextInt(20)];
            rnd.nextBytes(b);
            assertEquals(decodeAll(GAMMA, b), decodeAll(z1, b));
        }
    }

    private static String decodeAll(IntegerCode code, byte[] b) {
        BitReader r = new BitReader(b);
        StringBuilder sb = new StringBuilder();
        try {
            while (r.bitsRemaining() > 0) {
                sb.append(code.read(r)).append(',');
            }
        } catch (CorruptStreamException e) {
            sb.append("corrupt@").append(r.bitsRead());
        }
        return sb.toString();
    }

    @Test
    void kraftSums() {
        int max = 1 << 16;
        for (IntegerCode code : CODES) {
            long lo = Math.max(1, code.minValue());
            long hi = Math.min(max, code.maxValue());
            if (code instanceof FixedLengthCode) {
                lo = 0;
            }
            int maxLen = 0;
            for (long n = lo; n <= hi; n++) {
                maxLen = (int) Math.max(maxLen, code.length(n));
            }
            BigInteger sum = BigInteger.ZERO;
            for (long n = lo; n <= hi; n++) {
                sum = sum.add(BigInteger.ONE.shiftLeft(maxLen - (int) code.length(n)));
            }
            BigInteger one = BigInteger.ONE.shiftLeft(maxLen);
            assertTrue(sum.compareTo(one) <= 0, code + ": Kraft sum above 1");
            if (code instanceof FixedLengthCode f && f.bits() <= 16) {
                assertEquals(one, sum, code + " is complete");
            }
        }
    }

    // ------------------------------------------------------------------------------------------- round trips

    @Test
    void roundTripInterestingValues() {
        for (IntegerCode code : CODES) {
            BitWriter w = new BitWriter();
            List<Long> written = new ArrayList<>();
            long expectedBits = 0;
            for (long n : interestingValues()) {
                if (code.canEncode(n)) {
                    code.write(w, n);
                    written.add(n);
                    expectedBits += code.length(n);
                }
            }
            assertEquals(expectedBits, w.bitLength(), code.toString());
            BitReader r = new BitReader(w.toByteArray());
            for (long n : written) {
                long before = r.bitsRead();
                assertEquals(n, code.read(r), code.toString());
                assertEquals(code.length(n), r.bitsRead() - before);
            }
        }
    }

    record Item(int code, long value) {
    }

    @Provide
    Arbitrary<List<Item>> items() {
        Arbitrary<Long> small = Arbitraries.longs().between(0, 1000);
        Arbitrary<Long> pow = Combinators.combine(Arbitraries.integers().between(0, 62),
                Arbitraries.integers().between(-1, 1)).as((e, d) -> (1L << e) + d);
        Arbitrary<Long> nearMax = Arbitraries.longs().between(0, 10_000).map(d -> Long.MAX_VALUE - d);
        Arbitrary<Long> any = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Long> scaled = Combinators.combine(Arbitraries.integers().between(1, 63), any)
                .as((s, v) -> v >>> s);
        Arbitrary<Long> values = Arbitraries.frequencyOf(Tuple.of(3, small), Tuple.of(3, pow),
                Tuple.of(1, nearMax), Tuple.of(1, any), Tuple.of(3, scaled));
        return Combinators.combine(Arbitraries.integers().between(0, CODES.size() - 1), values)
                .as((c, v) -> {
                    IntegerCode code = CODES.get(c);
                    long n = v;
                    if (!code.canEncode(n)) {
                        n = code.minValue() == 0 ? n & code.maxValue() : Math.max(1, n);
                    }
                    return new Item(c, n);
                })
                .list().ofMaxSize(200);
    }

    @Property(seed = "917263", tries = 1000)
    void interleavedRoundTrip(@ForAll("items") List<Item> items) {
        BitWriter w = new BitWriter(0);
        long bits = 0;
        for (Item it : items) {
            IntegerCode code = CODES.get(it.code());
            code.write(w, it.value());
            bits += code.length(it.value());
            assertEquals(bits, w.bitLength());
        }
        byte[] bytes = w.toByteArray();
        BitReader r = new BitReader(bytes);
        for (Item it : items) {
            assertEquals(it.value(), CODES.get(it.code()).read(r), () -> CODES.get(it.code()) + " " + it.value());
        }
        assertEquals(bits, r.bitsRead());

        // every proper byte-prefix that cuts into a codeword must fail with CorruptStreamException
        if (bytes.length > 0) {
            int cut = (int) (bits / 8 - (bits % 8 == 0 ? 1 : 0));
            for (int len = Math.max(0, cut - 3); len <= cut; len++) {
                BitReader t = new BitReader(bytes, 0, len);
                assertThrows(CorruptStreamException.class, () -> {
                    for (Item it : items) {
                        CODES.get(it.code()).read(t);
                    }
                }, "truncated to " + len + " of " + bytes.length + " bytes");
            }
        }
    }

    @Property(seed = "5551212", tries = 2000)
    void zetaRoundTripAnyK(@ForAll("zetaCase") long[] kn) {
        ZetaCode z = new ZetaCode((int) kn[0]);
        long n = kn[1];
        BitWriter w = new BitWriter();
        z.write(w, n);
        assertEquals(z.length(n), w.bitLength());
        BitReader r = new BitReader(w.toByteArray());
        assertEquals(n, z.read(r));
        assertEquals(w.bitLength(), r.bitsRead());
    }

    @Provide
    Arbitrary<long[]> zetaCase() {
        return Combinators.combine(Arbitraries.integers().between(1, ZetaCode.MAX_K),
                Arbitraries.integers().between(0, 62), Arbitraries.longs().between(-1, 1),
                Arbitraries.longs().between(1, Long.MAX_VALUE), Arbitraries.integers().between(0, 2))
                .as((k, e, d, any, pick) -> {
                    // exponents hk and hk + 1 are where the zeta codeword changes shape
                    int hk = (e / k) * k;
                    long n = switch (pick) {
                        case 0 -> (1L << hk) + d;
                        case 1 -> hk + 1 < 63 ? (1L << (hk + 1)) + d : Long.MAX_VALUE - 1 - d;
                        default -> any >>> e;
                    };
                    return new long[] {k, Math.max(1, n)};
                });
    }

    @Test
    void truncatedStreamsThrow() {
        for (IntegerCode code : CODES) {
            for (long n : interestingValues()) {
                if (!code.canEncode(n) || code.length(n) == 0) {
                    continue;
                }
                BitWriter w = new BitWriter();
                code.write(w, n);
                byte[] b = w.toByteArray();
                for (int len = 0; len < b.length; len++) {
                    if (8L * len >= code.length(n)) {
                        continue;
                    }
                    BitReader r = new BitReader(b, 0, len);
                    assertThrows(CorruptStreamException.class, () -> code.read(r), code + " " + n + " cut " + len);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ corrupt input

    @Test
    void randomBytesDecodeOrThrowCorrupt() {
        Random rnd = new Random(0xC0FFEE);
        int decoded = 0;
        int corrupt = 0;
        for (int trial = 0; trial < 4000; trial++) {
            byte[] b = new byte[rnd.nextInt(40)];
            rnd.nextBytes(b);
            if (trial % 4 == 0) { // sparse streams: long zero runs
                for (int i = 0; i < b.length; i++) {
                    b[i] &= (byte) (rnd.nextInt(256) & rnd.nextInt(256) & rnd.nextInt(256));
                }
            }
            String bits = BitIoTest.toBits(b);
            for (IntegerCode code : CODES) {
                BitReader r = new BitReader(b);
                int guard = 8 * b.length + 2; // every read of a code with length >= 1 consumes a bit
                try {
                    while (guard-- > 0) {
                        long before = r.bitsRead();
                        long v = code.read(r);
                        decoded++;
                        assertTrue(code.canEncode(v), code + " decoded out-of-range " + v);
                        long used = r.bitsRead() - before;
                        assertEquals(code.length(v), used, code + " " + v);
                        // the code is a bijection on its codewords: re-encoding gives back the same bits
                        assertEquals(bits.substring((int) before, (int) (before + used)), encode(code, v));
                        if (used == 0) {
                            break;
                        }
                    }
                } catch (CorruptStreamException e) {
                    corrupt++;
                } catch (RuntimeException e) {
                    fail(code + " threw " + e + " on " + bits, e);
                }
            }
        }
        assertTrue(decoded > 10_000 && corrupt > 1000, decoded + " decoded, " + corrupt + " corrupt");
    }

    @Test
    void overflowingCodewordsAreCorrupt() {
        // gamma: 63 zeros announce 2^63
        assertCorrupt(GAMMA, "0".repeat(63) + "1" + "0".repeat(63));
        assertCorrupt(GAMMA, "0".repeat(200));
        // delta: length prefix gamma(64) announces 2^63
        assertCorrupt(DELTA, "0000001000000" + "0".repeat(63));
        // zeta_2: h = 31 allows at most 2^63 - 1; 63 ones then a bit would be 2^64 - 1
        assertCorrupt(new ZetaCode(2), "0".repeat(31) + "1" + "1".repeat(64));
        // zeta_2: h = 32 is beyond the long range
        assertCorrupt(new ZetaCode(2), "0".repeat(32) + "1" + "0".repeat(70));
        // zeta_30: h = 2 has 89 + 1 value bits; a set bit among the 26 leading ones overflows
        assertCorrupt(new ZetaCode(30), "001" + "1" + "0".repeat(100));
        // and the largest legal codewords still decode
        for (IntegerCode code : CODES) {
            if (code.canEncode(Long.MAX_VALUE)) {
                BitReader r = new BitReader(pack(encode(code, Long.MAX_VALUE)));
                assertEquals(Long.MAX_VALUE, code.read(r), code.toString());
            }
        }
    }

    private static void assertCorrupt(IntegerCode code, String bits) {
        BitReader r = new BitReader(pack(bits));
        assertThrows(CorruptStreamException.class, () -> code.read(r), code + " " + bits);
    }

    private static byte[] pack(String bits) {
        return BitIoTest.pack(bits);
    }

    // ------------------------------------------------------------------------------------------- arguments

    @Test
    void encodersRejectOutOfRange() {
        BitWriter w = new BitWriter();
        for (IntegerCode code : List.of(GAMMA, DELTA, new ZetaCode(1), new ZetaCode(3), new ZetaCode(63))) {
            for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
                assertThrows(IllegalArgumentException.class, () -> code.write(w, bad), code + " " + bad);
                assertThrows(IllegalArgumentException.class, () -> code.length(bad), code + " " + bad);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new FixedLengthCode(8).write(w, 256));
        assertThrows(IllegalArgumentException.class, () -> new FixedLengthCode(8).write(w, -1));
        assertThrows(IllegalArgumentException.class, () -> new FixedLengthCode(0).write(w, 1));
        assertThrows(IllegalArgumentException.class, () -> new FixedLengthCode(63).write(w, -1));
        assertThrows(IllegalArgumentException.class, () -> new FixedLengthCode(8).length(256));
        assertEquals(0, w.bitLength(), "failed writes leave the stream untouched");
        assertThrows(IllegalArgumentException.class, () -> new ZetaCode(0));
        assertThrows(IllegalArgumentException.class, () -> new ZetaCode(64));
        assertThrows(IllegalArgumentException.class, () -> new FixedLengthCode(-1));
        assertThrows(IllegalArgumentException.class, () -> new FixedLengthCode(64));
        assertEquals(255, new FixedLengthCode(8).maxValue());
        assertEquals(Long.MAX_VALUE, new FixedLengthCode(63).maxValue());
        assertEquals(new ZetaCode(4), new ZetaCode(4));
        assertEquals(new FixedLengthCode(4).hashCode(), new FixedLengthCode(4).hashCode());
    }
}
