package io.rec4j.core.coding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Interleaved rANS for throughput: {@code lanes} independent rANS states (each as in {@link AnsStack}) share one
 * stream of 32-bit words. Symbol {@code i} of a message is coded by lane {@code i mod lanes}. Because the encoder
 * runs over the message backwards and the decoder forwards, the decoder consumes words in exactly the reverse
 * order of their emission, so the lanes can share the stream without any bookkeeping (F. Giesen, "Interleaved
 * entropy coders", arXiv:1402.3392, 2014). Independent lanes let the CPU overlap the dependency chains of
 * consecutive symbols.
 *
 * <h2>Layout</h2>
 * Big-endian throughout: the final head of each lane (8 bytes, lane 0 first), then the words in the order the
 * decoder reads them. Every lane starts at head {@code 2^31}; the decoder checks that each lane returns there and
 * that every word was consumed, so truncated, padded or altered streams raise {@link CorruptStreamException}
 * (a change that happens to keep the stream valid yields a different but still valid message, as with any entropy
 * coder; containers add a checksum on top).
 *
 * <p>A message coded with one lane is bit-identical to an {@link AnsStack} holding the same symbols.
 */
public final class InterleavedAns {
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long L = AnsStack.LOWER_BOUND;
    private static final long WORD_MASK = 0xFFFF_FFFFL;
    /** Largest supported lane count. */
    public static final int MAX_LANES = 64;

    private InterleavedAns() {
    }

    /** Encodes bytes (symbols 0..255 of {@code model}) with {@code lanes} interleaved states. */
    public static byte[] encodeBytes(byte[] data, int offset, int length, CategoricalModel model, int lanes) {
        checkLanes(lanes);
        FastTables t = byteTables(model);
        long[] x = new long[lanes];
        java.util.Arrays.fill(x, L);
        // words are emitted last-read-first, so fill the buffer from its end
        int[] buf = new int[length + 1];
        int pos = buf.length;
        long[] bound = t.renormBound;
        long[] rcp = t.reciprocal;
        int[] shift = t.shift;
        long[] bias = t.bias;
        long[] complement = t.complement;
        int end = offset + length;
        if (lanes == 2) {
            long x0 = L;
            long x1 = L;
            int i = end - 1;
            if (((i - offset) & 1) == 0) { // odd count: the last symbol belongs to lane 0
                int s = data[i] & 0xFF;
                if (x0 >= bound[s]) { buf[--pos] = (int) x0; x0 >>>= 32; }
                x0 += bias[s] + FastTables.divide(x0, rcp[s], shift[s]) * complement[s];
                i--;
            }
            for (; i > offset; i -= 2) {
                int s1 = data[i] & 0xFF;
                int s0 = data[i - 1] & 0xFF;
                if (x1 >= bound[s1]) { buf[--pos] = (int) x1; x1 >>>= 32; }
                x1 += bias[s1] + FastTables.divide(x1, rcp[s1], shift[s1]) * complement[s1];
                if (x0 >= bound[s0]) { buf[--pos] = (int) x0; x0 >>>= 32; }
                x0 += bias[s0] + FastTables.divide(x0, rcp[s0], shift[s0]) * complement[s0];
            }
            x[0] = x0;
            x[1] = x1;
        } else {
            for (int i = end - 1; i >= offset; i--) {
                int lane = (i - offset) % lanes;
                int s = data[i] & 0xFF;
                long xl = x[lane];
                if (xl >= bound[s]) {
                    buf[--pos] = (int) xl;
                    xl >>>= 32;
                }
                x[lane] = xl + bias[s] + FastTables.divide(xl, rcp[s], shift[s]) * complement[s];
            }
        }
        return layout(x, buf, pos);
    }

    /**
     * Decodes {@code length} bytes from {@code enc[encOffset, encOffset + encLength)} into {@code out}.
     *
     * @throws CorruptStreamException if the stream is not exactly an encoding of {@code length} symbols
     */
    public static void decodeBytes(byte[] enc, int encOffset, int encLength, byte[] out, int offset, int length,
                                   CategoricalModel model, int lanes) {
        checkLanes(lanes);
        FastTables t = byteTables(model);
        long[] x = readHeads(enc, encOffset, encLength, lanes);
        int pos = encOffset + 8 * lanes;
        int endPos = encOffset + (encLength & ~3);
        int precision = t.precision;
        long mask = (1L << precision) - 1;
        int[] freq = t.frequency;
        int[] cum = t.cumulative;
        byte[] lookup = t.byteLookup;
        if (lookup == null) {
            throw new IllegalArgumentException("bulk byte decoding needs a model precision of at most "
                    + FastTables.MAX_LOOKUP_PRECISION + " bits");
        }
        int end = offset + length;
        int i = offset;
        int[] packed = t.packed;
        if (lanes == 2 && packed != null) {
            // fast region: a pair of steps reads at most two words, so no bounds checks are needed inside
            long x0 = x[0];
            long x1 = x[1];
            for (; i + 1 < end && pos + 8 <= endPos; i += 2) {
                int q0 = (int) (x0 & mask);
                int q1 = (int) (x1 & mask);
                int e0 = packed[q0];
                int e1 = packed[q1];
                out[i] = lookup[q0];
                out[i + 1] = lookup[q1];
                x0 = (e0 >>> 16) * (x0 >>> precision) + (e0 & 0xFFFF);
                x1 = (e1 >>> 16) * (x1 >>> precision) + (e1 & 0xFFFF);
                long w0 = (int) INT_BE.get(enc, pos) & WORD_MASK;
                boolean r0 = x0 < L;
                x0 = r0 ? (x0 << 32) | w0 : x0;
                pos += r0 ? 4 : 0;
                long w1 = (int) INT_BE.get(enc, pos) & WORD_MASK;
                boolean r1 = x1 < L;
                x1 = r1 ? (x1 << 32) | w1 : x1;
                pos += r1 ? 4 : 0;
            }
            x[0] = x0;
            x[1] = x1;
        } else if (lanes == 4 && packed != null) {
            long x0 = x[0];
            long x1 = x[1];
            long x2 = x[2];
            long x3 = x[3];
            for (; i + 3 < end && pos + 16 <= endPos; i += 4) {
                int q0 = (int) (x0 & mask);
                int q1 = (int) (x1 & mask);
                int q2 = (int) (x2 & mask);
                int q3 = (int) (x3 & mask);
                int e0 = packed[q0];
                int e1 = packed[q1];
                int e2 = packed[q2];
                int e3 = packed[q3];
                out[i] = lookup[q0];
                out[i + 1] = lookup[q1];
                out[i + 2] = lookup[q2];
                out[i + 3] = lookup[q3];
                x0 = (e0 >>> 16) * (x0 >>> precision) + (e0 & 0xFFFF);
                x1 = (e1 >>> 16) * (x1 >>> precision) + (e1 & 0xFFFF);
                x2 = (e2 >>> 16) * (x2 >>> precision) + (e2 & 0xFFFF);
                x3 = (e3 >>> 16) * (x3 >>> precision) + (e3 & 0xFFFF);
                long w = (int) INT_BE.get(enc, pos) & WORD_MASK;
                boolean r = x0 < L;
                x0 = r ? (x0 << 32) | w : x0;
                pos += r ? 4 : 0;
                w = (int) INT_BE.get(enc, pos) & WORD_MASK;
                r = x1 < L;
                x1 = r ? (x1 << 32) | w : x1;
                pos += r ? 4 : 0;
                w = (int) INT_BE.get(enc, pos) & WORD_MASK;
                r = x2 < L;
                x2 = r ? (x2 << 32) | w : x2;
                pos += r ? 4 : 0;
                w = (int) INT_BE.get(enc, pos) & WORD_MASK;
                r = x3 < L;
                x3 = r ? (x3 << 32) | w : x3;
                pos += r ? 4 : 0;
            }
            x[0] = x0;
            x[1] = x1;
            x[2] = x2;
            x[3] = x3;
        }
        // general path: any lane count, and the last symbols near the end of the stream
        for (; i < end; i++) {
            int lane = (i - offset) % lanes;
            long xl = x[lane];
            int q = (int) (xl & mask);
            int s = lookup[q] & 0xFF;
            xl = freq[s] * (xl >>> precision) + q - cum[s];
            if (xl < L) {
                if (pos + 4 > endPos) {
                    throw exhausted(i - offset, length);
                }
                xl = (xl << 32) | ((int) INT_BE.get(enc, pos) & WORD_MASK);
                pos += 4;
            }
            x[lane] = xl;
            out[i] = (byte) s;
        }
        checkFinal(x, pos, encOffset + encLength);
    }

    /** Encodes int symbols under one model with {@code lanes} interleaved states (general, slower path). */
    public static byte[] encode(int[] symbols, int offset, int length, EntropyModel model, int lanes) {
        checkLanes(lanes);
        long[] x = new long[lanes];
        java.util.Arrays.fill(x, L);
        int[] buf = new int[length + 1];
        int pos = buf.length;
        int precision = model.precision();
        for (int i = offset + length - 1; i >= offset; i--) {
            int lane = (i - offset) % lanes;
            int s = symbols[i];
            if (!model.inSupport(s)) {
                throw new IllegalArgumentException("symbol " + s + " at index " + i + " is outside the model's support");
            }
            int f = model.frequency(s);
            if (f == (1 << precision)) {
                continue;
            }
            long xl = x[lane];
            if (xl >= ((long) f << (63 - precision))) {
                buf[--pos] = (int) xl;
                xl >>>= 32;
            }
            x[lane] = ((xl / f) << precision) + (xl % f) + model.cumulative(s);
        }
        return layout(x, buf, pos);
    }

    /** Decodes {@code length} int symbols written by {@link #encode(int[], int, int, EntropyModel, int)}. */
    public static int[] decode(byte[] enc, int length, EntropyModel model, int lanes) {
        checkLanes(lanes);
        long[] x = readHeads(enc, 0, enc.length, lanes);
        int pos = 8 * lanes;
        int endPos = enc.length & ~3;
        int precision = model.precision();
        long mask = (1L << precision) - 1;
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            int lane = i % lanes;
            long xl = x[lane];
            int q = (int) (xl & mask);
            int s = model.symbol(q);
            xl = model.frequency(s) * (xl >>> precision) + q - model.cumulative(s);
            if (xl < L) {
                if (pos + 4 > endPos) throw exhausted(i, length);
                xl = (xl << 32) | ((int) INT_BE.get(enc, pos) & WORD_MASK);
                pos += 4;
            }
            x[lane] = xl;
            out[i] = s;
        }
        checkFinal(x, pos, enc.length);
        return out;
    }

    private static byte[] layout(long[] heads, int[] buf, int pos) {
        int lanes = heads.length;
        int words = buf.length - pos;
        byte[] out = new byte[8 * lanes + 4 * words];
        for (int j = 0; j < lanes; j++) {
            LONG_BE.set(out, 8 * j, heads[j]);
        }
        int o = 8 * lanes;
        for (int k = pos; k < buf.length; k++, o += 4) {
            INT_BE.set(out, o, buf[k]);
        }
        return out;
    }

    private static long[] readHeads(byte[] enc, int offset, int length, int lanes) {
        if (offset < 0 || length < 0 || offset > enc.length - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + "+" + length + ") of " + enc.length);
        }
        if (length % 4 != 0 || length < 8 * lanes) {
            throw new CorruptStreamException("interleaved ANS stream of " + length + " bytes: need whole words and "
                    + (8 * lanes) + " bytes of lane heads");
        }
        long[] x = new long[lanes];
        for (int j = 0; j < lanes; j++) {
            x[j] = (long) LONG_BE.get(enc, offset + 8 * j);
            if (x[j] < L) {
                throw new CorruptStreamException("lane " + j + " head 0x" + Long.toHexString(x[j]) + " is outside [2^31, 2^63)");
            }
        }
        return x;
    }

    private static void checkFinal(long[] x, int pos, int end) {
        for (int j = 0; j < x.length; j++) {
            if (x[j] != L) {
                throw new CorruptStreamException("lane " + j + " did not return to its initial state: the stream is damaged");
            }
        }
        if (pos != end) {
            throw new CorruptStreamException((end - pos) + " bytes left over after decoding: the stream is damaged");
        }
    }

    private static CorruptStreamException exhausted(int decoded, int length) {
        return new CorruptStreamException("interleaved ANS stream ended after " + decoded + " of " + length + " symbols");
    }

    private static FastTables byteTables(CategoricalModel model) {
        if (model.minSymbol() != 0 || model.maxSymbol() != 255) {
            throw new IllegalArgumentException("bulk byte coding needs a model over exactly the symbols 0..255, got "
                    + model.minSymbol() + ".." + model.maxSymbol());
        }
        return model.fastTables();
    }

    private static void checkLanes(int lanes) {
        if (lanes < 1 || lanes > MAX_LANES) {
            throw new IllegalArgumentException("lanes must be in [1, " + MAX_LANES + "], was " + lanes);
        }
    }
}
