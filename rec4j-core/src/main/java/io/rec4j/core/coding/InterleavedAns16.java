package io.rec4j.core.coding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Four-lane interleaved order-0 rANS over bytes with 32-bit states and 16-bit renormalisation: the throughput
 * coder for byte data under one fixed {@link CategoricalModel} over the symbols 0..255 (precision 8 to 16).
 *
 * <p>rANS is due to J. Duda, arXiv:1311.2540 (2013). Four independent states share one stream of 16-bit words
 * (F. Giesen, "Interleaved entropy coders", arXiv:1402.3392, 2014): symbol {@code i} of the message is coded by
 * lane {@code i mod 4}. The encoder runs over the message backwards and the decoder forwards, so the decoder
 * reads the words in exactly the reverse order of their emission and the lanes need no bookkeeping. The encoder
 * divides by multiplying with a precomputed per-symbol reciprocal, the idea of Giesen's {@code ryg_rans} "fast
 * encoder" (after R. Alverson, "Integer division using reciprocals", ARITH 1991); the constants used here are
 * derived below and are not those of {@code ryg_rans}.
 *
 * <p>This is a separate format from {@link InterleavedAns} (64-bit states, 32-bit words, big-endian), which stays
 * bit-identical; no file format of rec4j uses either.
 *
 * <h2>Coding step</h2>
 * The coder works at precision {@code n = max(12, model precision)}: a model of precision {@code n' < 12} is used
 * as its exact rescaling to 12 bits (every frequency and cumulative frequency times {@code 2^(12-n')}; the same
 * probabilities), so that the fast paths can use fixed shifts. With {@code M = 2^n}, lower bound {@code L = 2^16}, a symbol of frequency {@code f} and left
 * cumulative frequency {@code c}, every state lies in {@code [L, 2^32)}:
 * <pre>
 *   encode: if x &ge; f&middot;2^(32-n) then emit the low 16 bits of x and x &larr; &lfloor;x / 2^16&rfloor;;
 *           x &larr; &lfloor;x / f&rfloor;&middot;M + (x mod f) + c
 *   decode: q &larr; x mod M;  s &larr; the symbol with c &le; q &lt; c + f;  x &larr; f&middot;&lfloor;x / M&rfloor; + q &minus; c;
 *           if x &lt; L then x &larr; x&middot;2^16 + (next word)
 * </pre>
 * Because {@code n <= 16}, one 16-bit word is always enough: after a shift the encoder's state is below
 * {@code 2^16 <= f 2^(32-n)}, and the decoder's state after a step is at least {@code f 2^(16-n) >= 1}, so one
 * refill brings it back to {@code [L, 2^32)}. Both renormalisations are therefore single, branch-free steps. The
 * two maps are inverse bijections between these state intervals (L is a multiple of M), so decoding returns
 * exactly the encoded bytes: the coder is <b>exactly invertible</b> for every input length (including 0), every
 * model and every precision it accepts.
 *
 * <p><b>Division.</b> The encoder needs {@code floor(x / f)} for {@code 0 <= x < 2^32}. For {@code f >= 2} it uses
 * {@code m = ceil(2^63 / f)} (below 2^63) and {@code floor(x / f) = floor(2x m / 2^64)}, the high word of a signed
 * 64 &times; 64-bit product of two non-negative numbers: writing {@code m = 2^63/f + e} with {@code 0 <= e < 1},
 * {@code x m / 2^63 = x/f + x e / 2^63} and the error term is below {@code 2^-31 < 1/f}, too small to reach the
 * next integer. For {@code f = 1} it uses {@code m = 2^63 - 1}, which gives {@code x - 1}; the step is written as
 * {@code x + c + floor(x/f) (M - f)}, and the bias {@code c + M - 1} instead of {@code c} absorbs the difference.
 *
 * <h2>Layout</h2>
 * Little-endian throughout: the four final encoder states as unsigned 32-bit integers (lane 0 first, 16 bytes),
 * then the 16-bit words in the order the decoder reads them. The length of the message and the model are not
 * stored; the caller supplies both. Every lane starts at state {@code L}; the decoder rejects a head below
 * {@code L}, checks that every lane returns to {@code L} and that every word was consumed, and raises
 * {@link CorruptStreamException} otherwise (a stream that ends early, an odd length, trailing bytes). Like any
 * entropy code, an altered stream may still decode to a different valid message; containers add a checksum.
 *
 * <h2>Speed</h2>
 * At coding precision 12 (every model up to 12 bits) the decoder reads one {@code int} per symbol,
 * {@code f << 20 | s << 12 | (q - c)}, from a 4096-entry table (16 KiB, L1-resident), and the encoder reads two
 * {@code long}s per symbol, {@code m} and {@code (M - f) << 20 | bias}; the renormalisation test is then the carry
 * of {@code x + (M - f) 2^20 = x + 2^32 - f 2^20} into bit 32. The four lanes are unrolled in one loop body, the
 * renormalisations are computed with masks instead of branches (the renormalisation of a lane is not
 * predictable), and the decoder's inner loop runs a number of groups fixed in advance so that no read needs a
 * check of its own. Above precision 12 both directions use a plain symbol-by-symbol loop with a division
 * (exact but several times slower); the stream format is the same.
 */
public final class InterleavedAns16 {
    /** Number of interleaved lanes. */
    public static final int LANES = 4;
    /** Smallest precision: 256 symbols need at least one quantile each. */
    public static final int MIN_PRECISION = 8;
    /** Largest precision: the one-word renormalisation needs {@code n <= 16}. */
    public static final int MAX_PRECISION = 16;
    /** The coding precision of every model up to this precision, and of the fast paths. */
    public static final int PACKED_PRECISION = 12;
    /** Bytes of lane states at the start of every stream. */
    public static final int HEADER_BYTES = 4 * LANES;

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long L = 1L << 16;
    private static final long UINT = 0xFFFF_FFFFL;

    private InterleavedAns16() {
    }

    /** The largest stream {@link #encode} can produce for {@code length} bytes: the header and one word per byte. */
    public static int maxEncodedLength(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be non-negative, was " + length);
        }
        if (length > (Integer.MAX_VALUE - 8 - HEADER_BYTES) / 2) {
            throw new IllegalArgumentException("message of " + length + " bytes is too long for one stream");
        }
        return HEADER_BYTES + 2 * length;
    }

    /**
     * The coding tables of one byte model, immutable and reusable across messages (building them costs about
     * {@code 2^precision + 256} table entries).
     */
    public static final class Tables {
        final int modelPrecision;
        /** The coding precision P: {@link #PACKED_PRECISION} for models up to that precision, else theirs. */
        final int precision;
        /** Frequencies and cumulative frequencies at the coding precision. */
        final int[] freq;
        final int[] cum;
        /**
         * Encoder entries at P = 12, two per symbol s: at 2s the reciprocal m; at 2s+1
         * {@code (M - f) << 20 | bias}, where {@code (M - f) << 20 = 2^32 - f 2^20} is the complement of the
         * renormalisation bound; null above P = 12.
         */
        final long[] enc;
        /** Decoder entries at P = 12, per quantile q: {@code f << 20 | s << 12 | (q - c)}; null above. */
        final int[] dec;
        /** Quantile to symbol above P = 12; null at 12. */
        final byte[] sym;

        private Tables(CategoricalModel model) {
            if (model.minSymbol() != 0 || model.maxSymbol() != 255) {
                throw new IllegalArgumentException("InterleavedAns16 needs a model over exactly the symbols 0..255, got "
                        + model.minSymbol() + ".." + model.maxSymbol());
            }
            int n = model.precision();
            if (n < MIN_PRECISION || n > MAX_PRECISION) {
                throw new IllegalArgumentException("InterleavedAns16 needs a model precision in [" + MIN_PRECISION
                        + ", " + MAX_PRECISION + "], was " + n);
            }
            modelPrecision = n;
            int up = Math.max(0, PACKED_PRECISION - n);
            int p = n + up;
            precision = p;
            long total = 1L << p;
            freq = new int[256];
            cum = new int[256];
            for (int s = 0; s < 256; s++) {
                freq[s] = model.frequency(s) << up;
                cum[s] = model.cumulative(s) << up;
            }
            if (p == PACKED_PRECISION) {
                // 256 positive frequencies: f <= M - 255 < 2^12 and q - c < f, so each field fits 12 bits
                enc = new long[2 * 256];
                dec = new int[1 << p];
                for (int s = 0; s < 256; s++) {
                    int f = freq[s];
                    int c = cum[s];
                    enc[2 * s] = f == 1 ? Long.MAX_VALUE : reciprocal(f);
                    enc[2 * s + 1] = (total - f) << 20 | (f == 1 ? c + total - 1 : c);
                    for (int k = 0; k < f; k++) {
                        dec[c + k] = f << 20 | s << 12 | k;
                    }
                }
                sym = null;
            } else {
                enc = null;
                dec = null;
                sym = new byte[1 << p];
                for (int s = 0; s < 256; s++) {
                    Arrays.fill(sym, cum[s], cum[s] + freq[s], (byte) s);
                }
            }
        }

        /** The tables of {@code model}, which must cover exactly the symbols 0..255 at precision 8 to 16. */
        public static Tables of(CategoricalModel model) {
            return new Tables(Objects.requireNonNull(model, "model"));
        }

        /** The model's precision in bits. */
        public int precision() {
            return modelPrecision;
        }

        /** The precision the coder works at: {@value #PACKED_PRECISION} for models up to it, else the model's. */
        public int codingPrecision() {
            return precision;
        }
    }

    /** {@code ceil(2^63 / f)} for {@code 2 <= f <= 2^16}. */
    static long reciprocal(int f) {
        long q = Long.divideUnsigned(1L << 63, f);
        return q * f == 1L << 63 ? q : q + 1;
    }

    /** {@code floor(x / f)} for {@code 0 <= x < 2^32}, {@code f >= 2}, from {@code m = reciprocal(f)}. */
    static long divide(long x, long m) {
        return Math.multiplyHigh(x << 1, m);
    }

    /** Encodes {@code data[offset, offset + length)} under {@code model}; see {@link #encode(byte[], int, int, Tables)}. */
    public static byte[] encode(byte[] data, int offset, int length, CategoricalModel model) {
        return encode(data, offset, length, Tables.of(model));
    }

    /**
     * Encodes {@code data[offset, offset + length)} (bytes as symbols 0..255) into a new array in the layout of the
     * class comment, at most {@link #maxEncodedLength(int)} bytes long.
     */
    public static byte[] encode(byte[] data, int offset, int length, Tables t) {
        Objects.checkFromIndexSize(offset, length, data.length);
        byte[] buf = new byte[maxEncodedLength(length)];
        // words are emitted last-read-first, so the buffer fills from its end
        int pos = buf.length;
        long[] x = {L, L, L, L};
        int[] freq = t.freq;
        int[] cum = t.cum;
        int p = t.precision;
        int quadEnd = offset + (length & ~3);
        // the plain loop: symbol by symbol, backwards, with exact division; at P = 12 only the last length mod 4
        // symbols (lanes 0..2), which the encoder codes first
        for (int i = offset + length - 1, stop = p == PACKED_PRECISION ? quadEnd : offset; i >= stop; i--) {
            int lane = (i - offset) & 3;
            int s = data[i] & 0xFF;
            int f = freq[s];
            long xl = x[lane];
            if (xl >= (long) f << (32 - p)) {
                SHORT_LE.set(buf, pos - 2, (short) xl);
                pos -= 2;
                xl >>>= 16;
            }
            x[lane] = (xl / f << p) + xl % f + cum[s];
        }
        if (p == PACKED_PRECISION) {
            pos = encodeQuads(data, offset, quadEnd, t.enc, buf, pos, x);
        }
        int start = pos - HEADER_BYTES;
        for (int j = 0; j < LANES; j++) {
            INT_LE.set(buf, start + 4 * j, (int) x[j]);
        }
        return start == 0 ? buf : Arrays.copyOfRange(buf, start, buf.length);
    }

    /**
     * The unrolled encoder at P = 12 for {@code data[offset, quadEnd)} (a multiple of 4 symbols), backwards, lanes
     * 3, 2, 1, 0 within each group; renormalisation and division without branches. Returns the new write position.
     */
    private static int encodeQuads(byte[] data, int offset, int quadEnd, long[] e, byte[] buf, int pos, long[] x) {
        long x0 = x[0];
        long x1 = x[1];
        long x2 = x[2];
        long x3 = x[3];
        // a store at pos - 2 is always in bounds (pos >= HEADER_BYTES: one word per symbol at most), so the word is
        // stored unconditionally and pos moves only when it is kept. m = -1 exactly when x >= bound, i.e. when
        // x + (2^32 - bound) carries into bit 32; then x becomes x >> 16 and pos moves down by 2.
        for (int i = quadEnd - 4; i >= offset; i -= 4) {
            int k3 = (data[i + 3] & 0xFF) << 1;
            long w3 = e[k3 + 1];
            long m3 = -((x3 + (w3 & -0x10_0000L)) >>> 32);
            SHORT_LE.set(buf, pos - 2, (short) x3);
            pos += (int) m3 << 1;
            x3 ^= (x3 ^ x3 >>> 16) & m3;
            x3 += (w3 & 0xF_FFFF) + Math.multiplyHigh(x3 << 1, e[k3]) * (w3 >>> 20);

            int k2 = (data[i + 2] & 0xFF) << 1;
            long w2 = e[k2 + 1];
            long m2 = -((x2 + (w2 & -0x10_0000L)) >>> 32);
            SHORT_LE.set(buf, pos - 2, (short) x2);
            pos += (int) m2 << 1;
            x2 ^= (x2 ^ x2 >>> 16) & m2;
            x2 += (w2 & 0xF_FFFF) + Math.multiplyHigh(x2 << 1, e[k2]) * (w2 >>> 20);

            int k1 = (data[i + 1] & 0xFF) << 1;
            long w1 = e[k1 + 1];
            long m1 = -((x1 + (w1 & -0x10_0000L)) >>> 32);
            SHORT_LE.set(buf, pos - 2, (short) x1);
            pos += (int) m1 << 1;
            x1 ^= (x1 ^ x1 >>> 16) & m1;
            x1 += (w1 & 0xF_FFFF) + Math.multiplyHigh(x1 << 1, e[k1]) * (w1 >>> 20);

            int k0 = (data[i] & 0xFF) << 1;
            long w0 = e[k0 + 1];
            long m0 = -((x0 + (w0 & -0x10_0000L)) >>> 32);
            SHORT_LE.set(buf, pos - 2, (short) x0);
            pos += (int) m0 << 1;
            x0 ^= (x0 ^ x0 >>> 16) & m0;
            x0 += (w0 & 0xF_FFFF) + Math.multiplyHigh(x0 << 1, e[k0]) * (w0 >>> 20);
        }
        x[0] = x0;
        x[1] = x1;
        x[2] = x2;
        x[3] = x3;
        return pos;
    }

    /** Decodes under {@code model}; see {@link #decode(byte[], int, int, byte[], int, int, Tables)}. */
    public static void decode(byte[] enc, int encOffset, int encLength, byte[] out, int offset, int length,
                              CategoricalModel model) {
        decode(enc, encOffset, encLength, out, offset, length, Tables.of(model));
    }

    /**
     * Decodes {@code length} bytes from {@code enc[encOffset, encOffset + encLength)}, which must be exactly one
     * stream of {@link #encode} under the same model, into {@code out[offset, offset + length)}.
     *
     * @throws CorruptStreamException if the range is not exactly an encoding of {@code length} symbols: too short,
     *     odd, a lane head below 2^16, words left over, or a lane that does not end at its initial state (on
     *     failure {@code out} holds partial output)
     * @throws IndexOutOfBoundsException if a range lies outside its array
     */
    public static void decode(byte[] enc, int encOffset, int encLength, byte[] out, int offset, int length, Tables t) {
        Objects.checkFromIndexSize(encOffset, encLength, enc.length);
        Objects.checkFromIndexSize(offset, length, out.length);
        if (encLength < HEADER_BYTES || (encLength & 1) != 0) {
            throw new CorruptStreamException("InterleavedAns16 stream of " + encLength + " bytes: need the "
                    + HEADER_BYTES + "-byte header and whole 16-bit words");
        }
        // x[0..3]: the lane states; x[4]: the read position
        long[] x = new long[LANES + 1];
        for (int j = 0; j < LANES; j++) {
            x[j] = head(enc, encOffset, j);
        }
        x[LANES] = encOffset + HEADER_BYTES;
        int encEnd = encOffset + encLength;
        int i = offset;
        int end = offset + length;
        int p = t.precision;
        if (p == PACKED_PRECISION) {
            i = decodeQuads(enc, encEnd, out, i, end, t.dec, x);
        }
        // the plain loop: precisions above 12, and the last symbols near the end of either array
        int pos = (int) x[LANES];
        int mask = (1 << p) - 1;
        int[] freq = t.freq;
        int[] cum = t.cum;
        byte[] sym = t.sym;
        int[] dec = t.dec;
        for (; i < end; i++) {
            int lane = (i - offset) & 3;
            long xl = x[lane];
            int q = (int) xl & mask;
            int s = sym != null ? sym[q] & 0xFF : (dec[q] >>> 12) & 0xFF;
            xl = freq[s] * (xl >>> p) + q - cum[s];
            if (xl < L) {
                if (pos > encEnd - 2) {
                    throw new CorruptStreamException("InterleavedAns16 stream ended after " + (i - offset) + " of "
                            + length + " symbols");
                }
                xl = xl << 16 | ((short) SHORT_LE.get(enc, pos) & 0xFFFF);
                pos += 2;
            }
            x[lane] = xl;
            out[i] = (byte) s;
        }
        for (int j = 0; j < LANES; j++) {
            if (x[j] != L) {
                throw new CorruptStreamException("InterleavedAns16 lane " + j
                        + " did not return to its initial state: the stream is damaged");
            }
        }
        if (pos != encEnd) {
            throw new CorruptStreamException((encEnd - pos) + " bytes left over after decoding " + length
                    + " symbols: the InterleavedAns16 stream is damaged");
        }
    }

    /**
     * The unrolled decoder at P = 12: decodes groups of four symbols from {@code out[i]} on while at least 8 bytes
     * of words remain (a group reads at most one word per lane, so every read is in range without a check), in
     * chunks whose length is fixed in advance so that each inner loop is a counted loop. Returns the new
     * {@code i}; states and position in {@code x}.
     */
    private static int decodeQuads(byte[] enc, int encEnd, byte[] out, int i, int end, int[] dec, long[] x) {
        long x0 = x[0];
        long x1 = x[1];
        long x2 = x[2];
        long x3 = x[3];
        int pos = (int) x[LANES];
        while (true) {
            int quads = Math.min((end - i) >> 2, (encEnd - pos) >> 3);
            if (quads <= 0) {
                break;
            }
            // per lane: x = f (x >> 12) + (q - c); then, branch-free, if x < 2^16 (m = -1) x = x 2^16 + word and
            // pos moves on by 2
            for (int stop = i + 4 * quads; i < stop; i += 4) {
                int e0 = dec[(int) x0 & 0xFFF];
                out[i] = (byte) (e0 >>> 12);
                x0 = (long) (e0 >>> 20) * (x0 >>> 12) + (e0 & 0xFFF);
                long m0 = (x0 - L) >> 63;
                x0 ^= (x0 ^ (x0 << 16 | (short) SHORT_LE.get(enc, pos) & 0xFFFF)) & m0;
                pos -= (int) m0 << 1;

                int e1 = dec[(int) x1 & 0xFFF];
                out[i + 1] = (byte) (e1 >>> 12);
                x1 = (long) (e1 >>> 20) * (x1 >>> 12) + (e1 & 0xFFF);
                long m1 = (x1 - L) >> 63;
                x1 ^= (x1 ^ (x1 << 16 | (short) SHORT_LE.get(enc, pos) & 0xFFFF)) & m1;
                pos -= (int) m1 << 1;

                int e2 = dec[(int) x2 & 0xFFF];
                out[i + 2] = (byte) (e2 >>> 12);
                x2 = (long) (e2 >>> 20) * (x2 >>> 12) + (e2 & 0xFFF);
                long m2 = (x2 - L) >> 63;
                x2 ^= (x2 ^ (x2 << 16 | (short) SHORT_LE.get(enc, pos) & 0xFFFF)) & m2;
                pos -= (int) m2 << 1;

                int e3 = dec[(int) x3 & 0xFFF];
                out[i + 3] = (byte) (e3 >>> 12);
                x3 = (long) (e3 >>> 20) * (x3 >>> 12) + (e3 & 0xFFF);
                long m3 = (x3 - L) >> 63;
                x3 ^= (x3 ^ (x3 << 16 | (short) SHORT_LE.get(enc, pos) & 0xFFFF)) & m3;
                pos -= (int) m3 << 1;
            }
        }
        x[0] = x0;
        x[1] = x1;
        x[2] = x2;
        x[3] = x3;
        x[LANES] = pos;
        return i;
    }

    private static long head(byte[] enc, int encOffset, int lane) {
        long x = (int) INT_LE.get(enc, encOffset + 4 * lane) & UINT;
        if (x < L) {
            throw new CorruptStreamException("InterleavedAns16 lane " + lane + " head 0x" + Long.toHexString(x)
                    + " is outside [2^16, 2^32)");
        }
        return x;
    }
}
