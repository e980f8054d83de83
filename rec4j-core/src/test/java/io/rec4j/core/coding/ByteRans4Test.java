package io.rec4j.core.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ByteRans4Test {

    /** A byte model; shape 0 uniform, 1 mildly skewed, 2 heavily skewed (one symbol near M - 255), 3 random spikes. */
    private static CategoricalModel byteModel(SplittableRandom rnd, int precision, int shape) {
        double[] p = new double[256];
        int hot = rnd.nextInt(256);
        for (int i = 0; i < 256; i++) {
            p[i] = switch (shape) {
                case 0 -> 1.0;
                case 1 -> StrictMath.pow(rnd.nextDouble(), 4);
                case 2 -> i == hot ? 1.0 : 1e-9;
                default -> rnd.nextInt(16) == 0 ? rnd.nextDouble() * 1e6 : rnd.nextDouble() * 1e-3;
            };
        }
        return CategoricalModel.fromProbabilities(p, precision, 0);
    }

    private static byte[] sample(SplittableRandom rnd, CategoricalModel m, int length) {
        byte[] data = new byte[length];
        boolean uniformBytes = rnd.nextInt(4) == 0; // sometimes ignore the model: rare symbols everywhere
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (uniformBytes ? rnd.nextInt(256) : Models.sample(rnd, m));
        }
        return data;
    }

    private static byte[] roundTrip(byte[] data, CategoricalModel m) {
        byte[] enc = ByteRans4.encode(data, 0, data.length, m);
        byte[] out = new byte[data.length];
        ByteRans4.decode(enc, 0, enc.length, out, 0, out.length, m);
        assertArrayEquals(data, out);
        return enc;
    }

    @Property(tries = 300, seed = "41")
    void roundTripsAtOffsets(@ForAll long seed, @ForAll @IntRange(min = 8, max = 15) int precision,
                             @ForAll @IntRange(min = 0, max = 3) int shape) {
        SplittableRandom rnd = new SplittableRandom(seed);
        CategoricalModel m = byteModel(rnd, precision, shape);
        int length = rnd.nextInt(3) == 0 ? rnd.nextInt(16) : rnd.nextInt(5000);
        byte[] data = sample(rnd, m, length);
        int pre = rnd.nextInt(8);
        byte[] padded = new byte[pre + length + rnd.nextInt(8)];
        System.arraycopy(data, 0, padded, pre, length);
        byte[] enc = ByteRans4.encode(padded, pre, length, m);
        assertTrue(enc.length <= ByteRans4.maxEncodedLength(length));
        assertArrayEquals(enc, roundTrip(data, m), "the offset does not change the stream");
        // decode from the middle of a larger array into the middle of another
        int encPre = rnd.nextInt(8);
        byte[] encPadded = new byte[encPre + enc.length + rnd.nextInt(8)];
        System.arraycopy(enc, 0, encPadded, encPre, enc.length);
        byte[] out = new byte[length + 9];
        Arrays.fill(out, (byte) 0x5A);
        ByteRans4.decode(encPadded, encPre, enc.length, out, 4, length, ByteRans4.Tables.of(m));
        assertArrayEquals(data, Arrays.copyOfRange(out, 4, 4 + length));
        for (int i = 0; i < 4; i++) {
            assertEquals((byte) 0x5A, out[i]);
        }
        for (int i = 4 + length; i < out.length; i++) {
            assertEquals((byte) 0x5A, out[i]);
        }
    }

    /**
     * The stream is the documented format: a plain reference encoder written from the class comment (groups of two
     * symbols per lane, exact division, frequencies rescaled to 12 bits below precision 12) writes the same bytes
     * as the unrolled one.
     */
    @Property(tries = 200, seed = "43")
    void matchesTheReferenceEncoderOfTheLayout(@ForAll long seed, @ForAll @IntRange(min = 8, max = 15) int precision,
                                               @ForAll @IntRange(min = 0, max = 3) int shape) {
        SplittableRandom rnd = new SplittableRandom(seed);
        CategoricalModel m = byteModel(rnd, precision, shape);
        byte[] data = sample(rnd, m, rnd.nextInt(3) == 0 ? rnd.nextInt(24) : rnd.nextInt(3000));
        assertArrayEquals(referenceEncode(data, m), ByteRans4.encode(data, 0, data.length, m));
    }

    private static byte[] referenceEncode(byte[] data, CategoricalModel model) {
        int up = Math.max(0, 12 - model.precision());
        int n = model.precision() + up;
        long lower = 1L << 31;
        long[] x = {lower, lower, lower, lower};
        java.util.ArrayDeque<Integer> emitted = new java.util.ArrayDeque<>();
        int length = data.length;
        for (int i = length - 1; i >= 0; i--) {
            int lane = i % 4;
            int j = i / 4;
            int count = (length - lane + 3) / 4;
            int s = data[i] & 0xFF;
            long f = (long) model.frequency(s) << up;
            long c = (long) model.cumulative(s) << up;
            if (j % 2 == 1 || j == count - 1) {
                long group = j % 2 == 1 ? f * ((long) model.frequency(data[i - 4] & 0xFF) << up) : f << n;
                // group < 2^(2n) (every frequency is below M), so the bound stays below 2^63
                if (x[lane] >= Math.multiplyExact(group, 1L << (63 - 2 * n))) {
                    emitted.push((int) x[lane]);
                    x[lane] >>>= 32;
                }
            }
            x[lane] = (x[lane] / f << n) + x[lane] % f + c;
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(32 + 4 * emitted.size())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long head : x) {
            out.putLong(head);
        }
        while (!emitted.isEmpty()) {
            out.putInt(emitted.pop());
        }
        return out.array();
    }

    @Test
    void emptyMessageIsTheHeaderOfFourInitialStates() {
        CategoricalModel m = byteModel(new SplittableRandom(1), 12, 1);
        byte[] enc = roundTrip(new byte[0], m);
        byte[] head = {0, 0, 0, (byte) 0x80, 0, 0, 0, 0};
        byte[] expected = new byte[32];
        for (int lane = 0; lane < 4; lane++) {
            System.arraycopy(head, 0, expected, 8 * lane, 8);
        }
        assertArrayEquals(expected, enc);
    }

    /**
     * Lengths 0..40 (every residue mod 8, so every mix of pairs and single last symbols in the lanes), the same
     * byte and a single symbol, at both precision bounds and on both sides of the fast precision 12.
     */
    @Test
    void shortAndConstantMessages() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int precision : new int[] {8, 11, 12, 13, 15}) {
            for (int shape = 0; shape < 4; shape++) {
                CategoricalModel m = byteModel(rnd, precision, shape);
                for (int length = 0; length <= 40; length++) {
                    roundTrip(sample(rnd, m, length), m);
                    byte[] same = new byte[length];
                    Arrays.fill(same, (byte) rnd.nextInt(256));
                    roundTrip(same, m);
                }
            }
        }
    }

    /** Long runs of the most and the least probable symbol: the states sit at their extremes. */
    @Test
    void extremeSymbolsOnSkewedModels() {
        for (int precision : new int[] {8, 12, 15}) {
            CategoricalModel m = byteModel(new SplittableRandom(precision), precision, 2);
            int hot = 0;
            int cold = 0;
            for (int s = 0; s < 256; s++) {
                hot = m.frequency(s) > m.frequency(hot) ? s : hot;
                cold = m.frequency(s) < m.frequency(cold) ? s : cold;
            }
            byte[] hotRun = new byte[100_003];
            Arrays.fill(hotRun, (byte) hot);
            byte[] enc = roundTrip(hotRun, m);
            assertTrue(enc.length < 1000 + hotRun.length * -Math.log(m.frequency(hot) / Math.pow(2, precision))
                    / Math.log(2) / 8 * 1.01, "a run of the most probable symbol costs about its information");
            byte[] coldRun = new byte[20_001];
            Arrays.fill(coldRun, (byte) cold);
            roundTrip(coldRun, m);
        }
    }

    /** The stream costs at most 1 % (plus the header) above the message's information under the model. */
    @Test
    void sizeIsCloseToTheInformationContent() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int precision : new int[] {8, 12, 15}) {
            CategoricalModel m = byteModel(rnd, precision, 1);
            byte[] data = new byte[200_000];
            double bits = 0;
            for (int i = 0; i < data.length; i++) {
                int s = Models.sample(rnd, m);
                data[i] = (byte) s;
                bits += precision - Math.log(m.frequency(s)) / Math.log(2);
            }
            byte[] enc = roundTrip(data, m);
            assertTrue(enc.length <= bits / 8 * 1.01 + ByteRans4.HEADER_BYTES,
                    enc.length + " bytes for " + bits / 8 + " bytes of information");
        }
    }

    /**
     * floor(x / f) by the reciprocal is exact for every f in [2, 2^15] at the edges and inside of [0, 2^63); f = 1
     * gives x - 1, which the bias absorbs.
     */
    @Test
    void reciprocalDivisionIsExact() {
        SplittableRandom rnd = new SplittableRandom(4);
        long top = Long.MAX_VALUE;
        for (int f = 1; f <= 1 << 15; f++) {
            long m = ByteRans4.reciprocal(f);
            int shift = ByteRans4.reciprocalShift(f);
            long[] xs = {1, f - 1, f, f + 1, top, top - 1, top - top % f, top - top % f - 1, (top / f) * f - 1,
                (1L << 31) * f - 1, (1L << 51) * f - 1, rnd.nextLong(Long.MAX_VALUE), rnd.nextLong(1L << 40),
                rnd.nextLong(1L << 20) + 1};
            for (long x : xs) {
                if (x < 1) {
                    continue;
                }
                assertEquals(f == 1 ? x - 1 : x / f, ByteRans4.divide(x, m, shift), "x = " + x + ", f = " + f);
            }
            if (f > 1) {
                assertEquals(0, ByteRans4.divide(0, m, shift));
            }
        }
    }

    @Test
    void rejectsModelsItCannotCode() {
        SplittableRandom rnd = new SplittableRandom(5);
        assertThrows(IllegalArgumentException.class, () -> ByteRans4.Tables.of(byteModel(rnd, 16, 1)));
        double[] p = new double[255];
        Arrays.fill(p, 1.0);
        assertThrows(IllegalArgumentException.class,
                () -> ByteRans4.Tables.of(CategoricalModel.fromProbabilities(p, 12, 0)));
        double[] q = new double[256];
        Arrays.fill(q, 1.0);
        assertThrows(IllegalArgumentException.class,
                () -> ByteRans4.Tables.of(CategoricalModel.fromProbabilities(q, 12, 1)));
        assertThrows(IndexOutOfBoundsException.class,
                () -> ByteRans4.encode(new byte[4], 2, 3, byteModel(rnd, 12, 0)));
    }

    /**
     * Every damaged stream either raises CorruptStreamException or is itself the encoding of what it decodes to
     * (a valid stream of another message); no other exception, no silent mismatch.
     */
    @Test
    void damagedStreamsAreDetectedOrAreValidStreams() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (int precision : new int[] {9, 12, 14}) {
            CategoricalModel m = byteModel(rnd, precision, 3);
            ByteRans4.Tables t = ByteRans4.Tables.of(m);
            byte[] data = sample(rnd, m, 3001);
            byte[] enc = ByteRans4.encode(data, 0, data.length, t);
            byte[] out = new byte[data.length];
            for (int cut = 0; cut < enc.length; cut++) {
                int c = cut;
                assertThrows(CorruptStreamException.class,
                        () -> ByteRans4.decode(enc, 0, c, out, 0, out.length, t), "cut at " + c);
            }
            for (int extra = 1; extra <= 8; extra++) {
                byte[] longer = Arrays.copyOf(enc, enc.length + extra);
                assertThrows(CorruptStreamException.class,
                        () -> ByteRans4.decode(longer, 0, longer.length, out, 0, out.length, t));
            }
            // one symbol more or fewer than encoded
            assertThrows(CorruptStreamException.class,
                    () -> ByteRans4.decode(enc, 0, enc.length, new byte[data.length + 1], 0, data.length + 1, t));
            assertThrows(CorruptStreamException.class,
                    () -> ByteRans4.decode(enc, 0, enc.length, out, 0, data.length - 1, t));
            // in-place changes: a near-optimal code has little redundancy, so many of them are valid streams of
            // other messages (e.g. a changed quantile between two symbols of frequency 1); the property is that an
            // accepted stream is exactly the encoding of what it decodes to
            for (int trial = 0; trial < 2000; trial++) {
                byte[] junk = enc.clone();
                int flips = 1 + rnd.nextInt(3);
                for (int k = 0; k < flips; k++) {
                    junk[rnd.nextInt(junk.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                assertDetectedOrCanonical(junk, out, t);
            }
            for (int trial = 0; trial < 500; trial++) {
                byte[] junk = new byte[rnd.nextInt(enc.length + 64)];
                rnd.nextBytes(junk);
                assertDetectedOrCanonical(junk, out, t);
            }
        }
    }

    /** {@code junk} raises CorruptStreamException, or decodes to bytes whose encoding is exactly {@code junk}. */
    private static void assertDetectedOrCanonical(byte[] junk, byte[] out, ByteRans4.Tables t) {
        try {
            ByteRans4.decode(junk, 0, junk.length, out, 0, out.length, t);
        } catch (CorruptStreamException detected) {
            return;
        }
        assertArrayEquals(junk, ByteRans4.encode(out, 0, out.length, t), "an accepted stream must be canonical");
    }
}
