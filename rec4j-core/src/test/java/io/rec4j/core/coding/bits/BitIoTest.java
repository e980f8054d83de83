package io.rec4j.core.coding.bits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.coding.CorruptStreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BitIoTest {

    /** One write/read operation: kind 0 = writeBits(value, n), 1 = writeBit, 2 = writeUnary(n). */
    record Op(int kind, int n, long value) {
    }

    /** Packs a '0'/'1' string MSB first with zero padding, the reference for the writer's layout. */
    static byte[] pack(CharSequence bits) {
        byte[] out = new byte[(bits.length() + 7) / 8];
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '1') {
                out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
        }
        return out;
    }

    static void appendRef(StringBuilder sb, Op op) {
        switch (op.kind()) {
            case 0 -> {
                for (int i = op.n() - 1; i >= 0; i--) {
                    sb.append(((op.value() >>> i) & 1) == 1 ? '1' : '0');
                }
            }
            case 1 -> sb.append(op.value() != 0 ? '1' : '0');
            default -> sb.append("0".repeat(op.n())).append('1');
        }
    }

    static void apply(BitWriter w, Op op) {
        switch (op.kind()) {
            case 0 -> w.writeBits(op.value(), op.n());
            case 1 -> w.writeBit(op.value() != 0);
            default -> w.writeUnary(op.n());
        }
    }

    static void check(BitReader r, Op op) {
        switch (op.kind()) {
            case 0 -> assertEquals(op.value(), r.readBits(op.n()), () -> "readBits(" + op.n() + ")");
            case 1 -> assertEquals(op.value() != 0, r.readBit());
            default -> assertEquals(op.n(), r.readUnary(Math.max(op.n(), 64)));
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> bits = Combinators.combine(Arbitraries.integers().between(0, 64), Arbitraries.longs())
                .as((n, v) -> new Op(0, n, n == 64 ? v : v & ((1L << n) - 1)));
        Arbitrary<Op> bit = Arbitraries.integers().between(0, 1).map(b -> new Op(1, 1, b));
        Arbitrary<Op> unary = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 70)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 300)))
                .map(z -> new Op(2, z, 0));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, bits), net.jqwik.api.Tuple.of(2, bit), net.jqwik.api.Tuple.of(2, unary))
                .list().ofMaxSize(300);
    }

    @Property(seed = "20240611", tries = 500)
    void writerMatchesReferenceAndReaderRoundTrips(@ForAll("ops") List<Op> ops) {
        BitWriter w = new BitWriter(0);
        StringBuilder ref = new StringBuilder();
        for (Op op : ops) {
            apply(w, op);
            appendRef(ref, op);
            assertEquals(ref.length(), w.bitLength());
        }
        byte[] bytes = w.toByteArray();
        assertArrayEquals(pack(ref), bytes);

        BitReader r = new BitReader(bytes);
        long expectedRead = 0;
        StringBuilder tmp = new StringBuilder();
        for (Op op : ops) {
            check(r, op);
            tmp.setLength(0);
            appendRef(tmp, op);
            expectedRead += tmp.length();
            assertEquals(expectedRead, r.bitsRead());
            assertEquals(8L * bytes.length - expectedRead, r.bitsRemaining());
        }
        int padding = (int) r.bitsRemaining();
        assertTrue(padding < 8);
        assertThrows(CorruptStreamException.class, () -> r.readBits(padding + 1));
        assertEquals(padding, r.bitsRemaining(), "a failed readBits consumes nothing");
        assertEquals(0, r.readBits(padding), "padding is zero");
        assertThrows(CorruptStreamException.class, r::readBit);
        assertThrows(CorruptStreamException.class, r::readUnary);
    }

    @Test
    void goldenLayout() {
        BitWriter w = new BitWriter();
        w.writeBits(0b101, 3);
        w.writeBits(0xFF, 8);
        w.writeBit(false);
        w.writeUnary(3);
        assertEquals(3 + 8 + 1 + 4, w.bitLength());
        assertArrayEquals(new byte[] {(byte) 0b1011_1111, (byte) 0b1110_0001}, w.toByteArray());
        w.writeBit(true);
        assertEquals(17, w.bitLength());
        assertArrayEquals(new byte[] {(byte) 0b1011_1111, (byte) 0b1110_0001, (byte) 0x80}, w.toByteArray());
        w.reset();
        assertEquals(0, w.bitLength());
        assertArrayEquals(new byte[0], w.toByteArray());
        w.writeBits(-1L, 64);
        w.writeBits(0, 64);
        w.writeBits(0x8000_0000_0000_0001L, 64);
        assertEquals(192, w.bitLength());
        byte[] b = w.toByteArray();
        assertEquals(24, b.length);
        for (int i = 0; i < 8; i++) {
            assertEquals((byte) 0xFF, b[i]);
            assertEquals(0, b[8 + i]);
        }
        assertEquals((byte) 0x80, b[16]);
        assertEquals(1, b[23]);
        BitReader r = new BitReader(b);
        assertEquals(-1L, r.readBits(64));
        assertEquals(0, r.readBits(64));
        assertEquals(0x8000_0000_0000_0001L, r.readBits(64));
        assertEquals(0, r.bitsRemaining());
    }

    @Test
    void writerRejectsBadArguments() {
        BitWriter w = new BitWriter();
        assertThrows(IllegalArgumentException.class, () -> w.writeBits(0, -1));
        assertThrows(IllegalArgumentException.class, () -> w.writeBits(0, 65));
        assertThrows(IllegalArgumentException.class, () -> w.writeBits(2, 1));
        assertThrows(IllegalArgumentException.class, () -> w.writeBits(1, 0));
        assertThrows(IllegalArgumentException.class, () -> w.writeBits(-1L, 63));
        assertThrows(IllegalArgumentException.class, () -> w.writeUnary(-1));
        assertThrows(IllegalArgumentException.class, () -> new BitWriter(-1));
        assertEquals(0, w.bitLength());
    }

    @Test
    void readerRejectsBadArguments() {
        BitReader r = new BitReader(new byte[16]);
        assertThrows(IllegalArgumentException.class, () -> r.readBits(-1));
        assertThrows(IllegalArgumentException.class, () -> r.readBits(65));
        assertThrows(IllegalArgumentException.class, () -> r.readUnary(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> new BitReader(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> new BitReader(new byte[4], -1, 1));
        assertEquals(0, r.bitsRead());
    }

    @Test
    void emptyStream() {
        BitReader r = new BitReader(new byte[0]);
        assertEquals(0, r.readBits(0));
        assertThrows(CorruptStreamException.class, r::readBit);
        assertThrows(CorruptStreamException.class, () -> r.readBits(1));
        assertThrows(CorruptStreamException.class, () -> r.readBits(64));
        assertThrows(CorruptStreamException.class, r::readUnary);
        assertEquals(0, r.bitsRead());
        assertEquals(0, r.bitsRemaining());
    }

    @Test
    void sliceReadsOnlyItsBytes() {
        byte[] data = new byte[40];
        new Random(7).nextBytes(data);
        for (int off = 0; off <= 20; off++) {
            for (int len = 0; len <= 20; len++) {
                BitReader r = new BitReader(data, off, len);
                assertEquals(8L * len, r.bitsRemaining());
                for (int i = 0; i < len; i++) {
                    int want = data[off + i] & 0xFF;
                    long got = (i % 2 == 0) ? r.readBits(8) : (r.readBits(3) << 5) | r.readBits(5);
                    assertEquals(want, got);
                }
                assertThrows(CorruptStreamException.class, () -> r.readBits(1));
                assertEquals(8L * len, r.bitsRead());
            }
        }
    }

    @Test
    void readBitsAcrossEveryAlignment() {
        Random rnd = new Random(11);
        byte[] data = new byte[64];
        rnd.nextBytes(data);
        String ref = toBits(data);
        for (int skip = 0; skip < 80; skip++) {
            for (int n = 0; n <= 64; n++) {
                BitReader r = new BitReader(data);
                r.readBits(Math.min(skip, 64));
                if (skip > 64) {
                    r.readBits(skip - 64);
                }
                long want = n == 0 ? 0 : Long.parseUnsignedLong(ref.substring(skip, skip + n), 2);
                assertEquals(want, r.readBits(n), "skip " + skip + " n " + n);
                assertEquals(skip + n, r.bitsRead());
            }
        }
    }

    @Test
    void unaryBounds() {
        BitWriter w = new BitWriter();
        w.writeUnary(64);
        w.writeUnary(65);
        w.writeUnary(0);
        byte[] b = w.toByteArray();
        BitReader r = new BitReader(b);
        assertEquals(64, r.readUnary());
        assertThrows(CorruptStreamException.class, r::readUnary);

        BitReader r2 = new BitReader(b);
        assertEquals(64, r2.readUnary(64));
        assertEquals(65, r2.readUnary(65));
        assertEquals(0, r2.readUnary(0));

        BitReader r3 = new BitReader(new byte[] {0x01});
        assertThrows(CorruptStreamException.class, () -> r3.readUnary(6));
        assertEquals(7, new BitReader(new byte[] {0x01}).readUnary(7));

        // a long all-zero stream fails fast instead of scanning it all
        BitReader zeros = new BitReader(new byte[1 << 20]);
        assertThrows(CorruptStreamException.class, zeros::readUnary);
        assertTrue(zeros.bitsRead() <= 64 + 64);
        // and an all-zero stream ends inside the run when the bound is generous
        BitReader shortZeros = new BitReader(new byte[5]);
        assertThrows(CorruptStreamException.class, () -> shortZeros.readUnary(1000));
    }

    @Test
    void largeStreamGrowsBuffer() {
        Random rnd = new Random(3);
        BitWriter w = new BitWriter(1);
        int count = 300_000;
        int[] ns = new int[count];
        long[] vs = new long[count];
        for (int i = 0; i < count; i++) {
            int n = rnd.nextInt(65);
            long v = n == 64 ? rnd.nextLong() : rnd.nextLong() & ((1L << n) - 1);
            ns[i] = n;
            vs[i] = v;
            w.writeBits(v, n);
        }
        BitReader r = new BitReader(w.toByteArray());
        for (int i = 0; i < count; i++) {
            assertEquals(vs[i], r.readBits(ns[i]));
        }
        assertEquals(w.bitLength(), r.bitsRead());
        assertFalse(r.bitsRemaining() >= 8);
    }

    @Test
    void toByteArrayDoesNotDisturbWriting() {
        BitWriter w = new BitWriter();
        List<byte[]> snapshots = new ArrayList<>();
        StringBuilder ref = new StringBuilder();
        Random rnd = new Random(5);
        for (int i = 0; i < 200; i++) {
            int n = rnd.nextInt(20);
            long v = rnd.nextLong() & ((1L << n) - 1);
            w.writeBits(v, n);
            appendRef(ref, new Op(0, n, v));
            snapshots.add(w.toByteArray());
            assertArrayEquals(pack(ref), snapshots.get(i));
        }
    }

    static String toBits(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (byte b : data) {
            for (int i = 7; i >= 0; i--) {
                sb.append(((b >>> i) & 1) == 1 ? '1' : '0');
            }
        }
        return sb.toString();
    }
}
