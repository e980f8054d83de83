package io.rec4j.core.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class InterleavedAnsTest {

    private static CategoricalModel byteModel(SplittableRandom rnd, int precision) {
        double[] p = new double[256];
        for (int i = 0; i < 256; i++) {
            p[i] = StrictMath.pow(rnd.nextDouble(), 4);
        }
        return CategoricalModel.fromProbabilities(p, precision, 0);
    }

    @Property(tries = 200, seed = "17")
    void bytesRoundTrip(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int lanes,
                        @ForAll @IntRange(min = 8, max = 16) int precision) {
        SplittableRandom rnd = new SplittableRandom(seed);
        CategoricalModel m = byteModel(rnd, precision);
        byte[] data = new byte[rnd.nextInt(4000)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) Models.sample(rnd, m);
        }
        byte[] enc = InterleavedAns.encodeBytes(data, 0, data.length, m, lanes);
        byte[] out = new byte[data.length];
        InterleavedAns.decodeBytes(enc, 0, enc.length, out, 0, out.length, m, lanes);
        assertArrayEquals(data, out);
        // the generic int path writes the same bytes
        int[] syms = new int[data.length];
        for (int i = 0; i < syms.length; i++) {
            syms[i] = data[i] & 0xFF;
        }
        assertArrayEquals(enc, InterleavedAns.encode(syms, 0, syms.length, m, lanes));
        assertArrayEquals(syms, InterleavedAns.decode(enc, syms.length, m, lanes));
    }

    /** One lane is the AnsStack format. */
    @Test
    void oneLaneEqualsAnsStack() {
        SplittableRandom rnd = new SplittableRandom(1);
        CategoricalModel m = byteModel(rnd, 14);
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) Models.sample(rnd, m);
        }
        AnsStack s = new AnsStack();
        s.pushBytes(data, 0, data.length, m);
        assertArrayEquals(s.toBytes(), InterleavedAns.encodeBytes(data, 0, data.length, m, 1));
    }

    @Property(tries = 100, seed = "23")
    void intSymbolsRoundTrip(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int lanes) {
        SplittableRandom rnd = new SplittableRandom(seed);
        EntropyModel m = Models.randomCategorical(rnd, 5000, 1 + rnd.nextInt(24));
        int[] syms = new int[rnd.nextInt(3000)];
        for (int i = 0; i < syms.length; i++) {
            syms[i] = Models.sample(rnd, m);
        }
        byte[] enc = InterleavedAns.encode(syms, 0, syms.length, m, lanes);
        assertArrayEquals(syms, InterleavedAns.decode(enc, syms.length, m, lanes));
    }

    /** Truncation, extension and random bytes raise CorruptStreamException, never anything else. */
    @Test
    void damagedStreamsAreDetectedOrDecodeToValidSymbols() {
        SplittableRandom rnd = new SplittableRandom(5);
        CategoricalModel m = byteModel(rnd, 12);
        byte[] data = new byte[2000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) Models.sample(rnd, m);
        }
        for (int lanes : new int[] {1, 2, 4}) {
            byte[] enc = InterleavedAns.encodeBytes(data, 0, data.length, m, lanes);
            byte[] out = new byte[data.length];
            for (int cut = 0; cut < enc.length; cut += 1 + rnd.nextInt(16)) {
                int c = cut;
                assertThrows(CorruptStreamException.class,
                        () -> InterleavedAns.decodeBytes(enc, 0, c, out, 0, out.length, m, lanes));
            }
            byte[] longer = java.util.Arrays.copyOf(enc, enc.length + 4);
            assertThrows(CorruptStreamException.class,
                    () -> InterleavedAns.decodeBytes(longer, 0, longer.length, out, 0, out.length, m, lanes));
            for (int trial = 0; trial < 1000; trial++) {
                byte[] junk = enc.clone();
                junk[rnd.nextInt(junk.length)] ^= (byte) (1 << rnd.nextInt(8));
                try {
                    InterleavedAns.decodeBytes(junk, 0, junk.length, out, 0, out.length, m, lanes);
                } catch (CorruptStreamException expected) {
                    // detected
                }
            }
        }
    }
}
