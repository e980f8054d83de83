package io.rec4j.codec.miracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.container.ChecksumMismatchException;
import io.rec4j.core.container.ContainerFormatException;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockEncoding;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The MIRACLE file format and decoder: round trip, byte accounting, damaged files. */
class MiracleFileTest {
    /** A header for LeNet-300-100 with blocks of {@code b} and C bits. */
    static MiracleFile.Header header(int bits, int b) {
        return new MiracleFile.Header(MiracleArchitecture.LENET_300_100, MiracleFile.Parameterisation.MEAN_KL, bits,
                b, 1234567, new float[] {0.05f, 0.02f, 0.07f, 0.03f, 0.2f, 0.1f});
    }

    /** Codes a random posterior (means within the coding scale, σ a fraction of it) with the header's coder. */
    static Object[] encode(MiracleFile.Header h, long seed) {
        DiagonalGaussian p = h.codingDistribution();
        SplittableRandom r = new SplittableRandom(seed);
        double[] mean = new double[p.dimension()];
        double[] std = new double[p.dimension()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = p.std(i) * (r.nextDouble() - 0.5) * 0.6;
            std[i] = p.std(i) * (0.6 + 0.3 * r.nextDouble());
        }
        BitWriter out = new BitWriter();
        BlockEncoding e = h.coder().encode(p, DiagonalGaussian.of(mean, std), h.blockRandomness(), out);
        return new Object[] {MiracleFile.write(h, out.toByteArray()), e};
    }

    @Test
    void decodesTheEncodersSampleBitForBit() {
        MiracleFile.Header h = header(6, 400);
        Object[] coded = encode(h, 7);
        byte[] file = (byte[]) coded[0];
        BlockEncoding e = (BlockEncoding) coded[1];
        MiracleFile.Parsed parsed = MiracleFile.parse(file);
        assertEquals(h.blockCount(), parsed.header().blockCount());
        assertArrayEquals(h.priorScale(), parsed.header().priorScale());
        double[] v = MiracleFile.decodeVariables(parsed);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(e.sample()[i]), Double.doubleToRawLongBits(v[i]), "variable " + i);
        }
        MiracleNetwork net = MiracleFile.decode(file);
        float[][] expected = h.hashing().expand(e.sample());
        for (int t = 0; t < expected.length; t++) {
            assertArrayEquals(expected[t], net.tensor(t));
        }
    }

    @Test
    void costsTheBlockBitsPlusAFixedHeader() {
        for (int[] cb : new int[][] {{6, 400}, {8, 137}, {3, 54930}, {12, 1000}}) {
            MiracleFile.Header h = header(cb[0], cb[1]);
            byte[] file = (byte[]) encode(h, cb[0])[0];
            long indexBytes = (h.indexBits() + 7) / 8;
            // 13 container bytes (4 magic, 2 version, 1 method, 1 header length, payload length varint, 4 CRC),
            // 4 payload bytes, b and seed as varints, 4 bytes per tensor scale
            int payload = (int) (4 + varintBytes(cb[1]) + varintBytes(1234567) + 4 * 6 + indexBytes);
            assertEquals(12 + varintBytes(payload) + payload, file.length, Arrays.toString(cb));
            assertEquals((54930 + cb[1] - 1) / cb[1], h.blockCount());
        }
    }

    private static int varintBytes(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    @Test
    void damagedFilesAreRejectedWithTypedErrors() {
        byte[] file = (byte[]) encode(header(5, 2000), 3)[0];
        for (int n = 0; n < file.length; n++) {
            byte[] cut = Arrays.copyOf(file, n);
            assertThrows(ContainerFormatException.class, () -> MiracleFile.decode(cut), "truncated to " + n);
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 200; k++) {
            byte[] flipped = file.clone();
            int bit = r.nextInt(8 * file.length);
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(Rec4jDataException.class, () -> MiracleFile.decode(flipped), "bit " + bit);
        }
        byte[] tail = file.clone();
        tail[tail.length - 5] ^= 1;
        assertThrows(ChecksumMismatchException.class, () -> MiracleFile.decode(tail));
    }

    @Test
    void structurallyInvalidPayloadsAreRejected() {
        MiracleFile.Header h = header(5, 2000);
        byte[] message = new byte[(int) ((h.indexBits() + 7) / 8)];
        assertThrows(IllegalArgumentException.class, () -> MiracleFile.write(h, Arrays.copyOf(message, 3)));
        byte[] good = MiracleFile.write(h, message);
        byte[] payload = io.rec4j.core.container.Container.parse(good).payload();
        // each: revision, architecture, parameterisation, C, block size 0, block size > V, scale NaN, scale < 0,
        // a missing byte, one byte too many, non-zero padding
        java.util.List<byte[]> bad = new java.util.ArrayList<>();
        bad.add(with(payload, 0, 2));
        bad.add(with(payload, 1, 9));
        bad.add(with(payload, 2, 2));
        bad.add(with(payload, 3, 0));
        bad.add(with(payload, 3, 25));
        byte[] zeroB = payload.clone();
        zeroB[4] = 0;
        bad.add(zeroB);
        bad.add(scale(payload, Float.NaN));
        bad.add(scale(payload, -1f));
        bad.add(Arrays.copyOf(payload, payload.length - 1));
        bad.add(Arrays.copyOf(payload, payload.length + 1));
        if (h.indexBits() % 8 != 0) {
            bad.add(with(payload, payload.length - 1, 1));
        }
        for (byte[] p : bad) {
            byte[] file = io.rec4j.core.container.Container.compact(io.rec4j.core.container.MethodId.MIRACLE,
                    io.rec4j.core.container.ContainerHeader.empty(), p).toBytes();
            assertThrows(Rec4jDataException.class, () -> MiracleFile.decode(file));
        }
        byte[] other = io.rec4j.core.container.Container.compact(io.rec4j.core.container.MethodId.COMBINER,
                io.rec4j.core.container.ContainerHeader.empty(), payload).toBytes();
        Rec4jDataException e = assertThrows(Rec4jDataException.class, () -> MiracleFile.decode(other));
        assertTrue(e.getMessage().contains("not a MIRACLE file"), e.getMessage());
    }

    private static byte[] with(byte[] p, int at, int value) {
        byte[] q = p.clone();
        q[at] = (byte) value;
        return q;
    }

    /** The payload with the first scale replaced (after 4 fixed bytes, b = 2000 in 2 bytes, seed in 3 bytes). */
    private static byte[] scale(byte[] p, float v) {
        byte[] q = p.clone();
        int at = 4 + 2 + 3;
        int bits = Float.floatToRawIntBits(v);
        q[at] = (byte) (bits >>> 24);
        q[at + 1] = (byte) (bits >>> 16);
        q[at + 2] = (byte) (bits >>> 8);
        q[at + 3] = (byte) bits;
        return q;
    }

    @Test
    void headerRejectsInvalidSettings() {
        float[] s = {1, 1, 1, 1, 1, 1};
        MiracleArchitecture a = MiracleArchitecture.LENET_300_100;
        MiracleFile.Parameterisation p = MiracleFile.Parameterisation.MEAN_VAR;
        assertThrows(IllegalArgumentException.class, () -> new MiracleFile.Header(a, p, 0, 10, 1, s));
        assertThrows(IllegalArgumentException.class, () -> new MiracleFile.Header(a, p, 25, 10, 1, s));
        assertThrows(IllegalArgumentException.class, () -> new MiracleFile.Header(a, p, 8, 0, 1, s));
        assertThrows(IllegalArgumentException.class, () -> new MiracleFile.Header(a, p, 8, 54931, 1, s));
        assertThrows(IllegalArgumentException.class, () -> new MiracleFile.Header(a, p, 8, 10, 1, new float[5]));
        assertThrows(IllegalArgumentException.class,
                () -> new MiracleFile.Header(a, p, 8, 10, 1, new float[] {1, 1, 1, 1, 1, 0}));
    }
}
