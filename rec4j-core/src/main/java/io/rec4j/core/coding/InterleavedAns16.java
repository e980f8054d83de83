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
 * With precision {@code n}, {@code M = 2^n}, lower bound {@code L = 2^16}, a symbol of frequency {@code f} and left
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
 * For precisions up to {@value #PACKED_PRECISION} the decoder reads one {@code int} per symbol,
 * {@code f << 20 | (q - c) << 8 | s}, from a {@code 2^n}-entry table (16 KiB at precision 12, L1-resident), and
 * the encoder reads the four {@code long}s {@code bound, m, bias, M - f} of a symbol from one cache line. The four
 * lanes are unrolled in one loop body. Above that precision the decoder uses two loads per symbol.
 */
public final class InterleavedAns16 {
    /** Number of interleaved lanes. */
    public static final int LANES = 4;
    /** Smallest precision: 256 symbols need at least one quantile each. */
    public static final int MIN_PRECISION = 8;
    /** Largest precision: the one-word renormalisation needs {@code n <= 16}. */
    public static final int MAX_PRECISION = 16;
    /** Largest precision with the single-load decoding table. */
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
        final int precision;
        /** Per symbol s at 4s: renormalisation bound f 2^(32-n), reciprocal m, bias, M - f. */
        final long[] enc;
        /** Per quantile: f << 20 | (q - c) << 8 | s, for precision <= PACKED_PRECISION; else null. */
        final int[] dec;
        /** Per quantile: f << 16 | (q - c); used with {@link #sym} above PACKED_PRECISION; else null. */
        final int[] wide;
        /** Per quantile: the symbol; above PACKED_PRECISION only; else null. */
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
            precision = n;
            long total = 1L << n;
            enc = new long[4 * 256];
            int[] freq = new int[256];
            int[] cum = new int[256];
            for (int s = 0; s < 256; s++) {
                int f = model.frequency(s);
                int c = model.cumulative(s);
                freq[s] = f;
                cum[s] = c;
                enc[4 * s] = (long) f << (32 - n);
                enc[4 * s + 1] = f == 1 ? Long.MAX_VALUE : reciprocal(f);
                enc[4 * s + 2] = f == 1 ? c + total - 1 : c;
                enc[4 * s + 3] = total - f;
            }
            // with 256 symbols of positive frequency, f <= M - 255 < 2^n: f fits n bits, q - c < f does too
            if (n <= PACKED_PRECISION) {
                dec = new int[1 << n];
                for (int s = 0; s < 256; s++) {
                    for (int k = 0; k < freq[s]; k++) {
                        dec[cum[s] + k] = freq[s] << 20 | k << 8 | s;
                    }
                }
                wide = null;
                sym = null;
            } else {
                dec = null;
                wide = new int[1 << n];
                sym = new byte[1 << n];
                for (int s = 0; s < 256; s++) {
                    for (int k = 0; k < freq[s]; k++) {
                        wide[cum[s] + k] = freq[s] << 16 | k;
                        sym[cum[s] + k] = (byte) s;
                    }
                }
            }
        }

        /** The tables of {@code model}, which must cover exactly the symbols 0..255 at precision 8 to 16. */
        public static Tables of(CategoricalModel model) {
            return new Tables(Objects.requireNonNull(model, "model"));
        }

        /** The model's precision in bits. */
        public int precision() {
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
        long[] e = t.enc;
        // words are emitted last-read-first, so the buffer fills from its end; a store at pos - 2 is always in
        // bounds (pos >= HEADER_BYTES, one word per symbol at most), so the renormalisation stores unconditionally
        int pos = buf.length;
        long x0 = L;
        long x1 = L;
        long x2 = L;
        long x3 = L;
        int quadEnd = offset + (length & ~3);
        // the last length mod 4 symbols belong to lanes 0..2 and are coded first (the encoder runs backwards)
        int tail = length & 3;
        if (tail == 3) {
            int k = (data[quadEnd + 2] & 0xFF) << 2;
            SHORT_LE.set(buf, pos - 2, (short) x2);
            int r = (int) ((e[k] - 1 - x2) >>> 63);
            pos -= r << 1;
            x2 >>>= r << 4;
            x2 += e[k + 2] + divide(x2, e[k + 1]) * e[k + 3];
        }
        if (tail >= 2) {
            int k = (data[quadEnd + 1] & 0xFF) << 2;
            SHORT_LE.set(buf, pos - 2, (short) x1);
            int r = (int) ((e[k] - 1 - x1) >>> 63);
            pos -= r << 1;
            x1 >>>= r << 4;
            x1 += e[k + 2] + divide(x1, e[k + 1]) * e[k + 3];
        }
        if (tail >= 1) {
            int k = (data[quadEnd] & 0xFF) << 2;
            SHORT_LE.set(buf, pos - 2, (short) x0);
            int r = (int) ((e[k] - 1 - x0) >>> 63);
            pos -= r << 1;
            x0 >>>= r << 4;
            x0 += e[k + 2] + divide(x0, e[k + 1]) * e[k + 3];
        }
        for (int i = quadEnd - 4; i >= offset; i -= 4) {
            // r = 1 exactly when x >= bound (both below 2^33, so the difference's sign bit decides)
            int k3 = (data[i + 3] & 0xFF) << 2;
            SHORT_LE.set(buf, pos - 2, (short) x3);
            int r3 = (int) ((e[k3] - 1 - x3) >>> 63);
            pos -= r3 << 1;
            x3 >>>= r3 << 4;
            x3 += e[k3 + 2] + divide(x3, e[k3 + 1]) * e[k3 + 3];

            int k2 = (data[i + 2] & 0xFF) << 2;
            SHORT_LE.set(buf, pos - 2, (short) x2);
            int r2 = (int) ((e[k2] - 1 - x2) >>> 63);
            pos -= r2 << 1;
            x2 >>>= r2 << 4;
            x2 += e[k2 + 2] + divide(x2, e[k2 + 1]) * e[k2 + 3];

            int k1 = (data[i + 1] & 0xFF) << 2;
            SHORT_LE.set(buf, pos - 2, (short) x1);
            int r1 = (int) ((e[k1] - 1 - x1) >>> 63);
            pos -= r1 << 1;
            x1 >>>= r1 << 4;
            x1 += e[k1 + 2] + divide(x1, e[k1 + 1]) * e[k1 + 3];

            int k0 = (data[i] & 0xFF) << 2;
            SHORT_LE.set(buf, pos - 2, (short) x0);
            int r0 = (int) ((e[k0] - 1 - x0) >>> 63);
            pos -= r0 << 1;
            x0 >>>= r0 << 4;
            x0 += e[k0 + 2] + divide(x0, e[k0 + 1]) * e[k0 + 3];
        }
        int start = pos - HEADER_BYTES;
        INT_LE.set(buf, start, (int) x0);
        INT_LE.set(buf, start + 4, (int) x1);
        INT_LE.set(buf, start + 8, (int) x2);
        INT_LE.set(buf, start + 12, (int) x3);
        return start == 0 ? buf : Arrays.copyOfRange(buf, start, buf.length);
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
        long x0 = head(enc, encOffset, 0);
        long x1 = head(enc, encOffset, 1);
        long x2 = head(enc, encOffset, 2);
        long x3 = head(enc, encOffset, 3);
        int pos = encOffset + HEADER_BYTES;
        int encEnd = encOffset + encLength;
        int n = t.precision;
        int mask = (1 << n) - 1;
        int i = offset;
        int end = offset + length;
        int[] dec = t.dec;
        if (dec != null) {
            // one step reads at most one word per lane: the loop bound keeps every read in range
            for (; i <= end - 4 && pos <= encEnd - 8; i += 4) {
                int e0 = dec[(int) x0 & mask];
                int e1 = dec[(int) x1 & mask];
                int e2 = dec[(int) x2 & mask];
                int e3 = dec[(int) x3 & mask];
                out[i] = (byte) e0;
                out[i + 1] = (byte) e1;
                out[i + 2] = (byte) e2;
                out[i + 3] = (byte) e3;
                x0 = (e0 >>> 20) * (x0 >>> n) + ((e0 >>> 8) & 0xFFF);
                x1 = (e1 >>> 20) * (x1 >>> n) + ((e1 >>> 8) & 0xFFF);
                x2 = (e2 >>> 20) * (x2 >>> n) + ((e2 >>> 8) & 0xFFF);
                x3 = (e3 >>> 20) * (x3 >>> n) + ((e3 >>> 8) & 0xFFF);
                // r = 1 exactly when x < L; then x = x 2^16 + word and pos advances by 2
                int r0 = (int) ((x0 - L) >>> 63);
                x0 = x0 << (r0 << 4) | ((short) SHORT_LE.get(enc, pos) & 0xFFFF & -r0);
                pos += r0 << 1;
                int r1 = (int) ((x1 - L) >>> 63);
                x1 = x1 << (r1 << 4) | ((short) SHORT_LE.get(enc, pos) & 0xFFFF & -r1);
                pos += r1 << 1;
                int r2 = (int) ((x2 - L) >>> 63);
                x2 = x2 << (r2 << 4) | ((short) SHORT_LE.get(enc, pos) & 0xFFFF & -r2);
                pos += r2 << 1;
                int r3 = (int) ((x3 - L) >>> 63);
                x3 = x3 << (r3 << 4) | ((short) SHORT_LE.get(enc, pos) & 0xFFFF & -r3);
                pos += r3 << 1;
            }
        }
        // the checked path: precisions above PACKED_PRECISION, and the last symbols near the end of either array
        long[] x = {x0, x1, x2, x3};
        int[] wide = t.wide;
        byte[] sym = t.sym;
        for (; i < end; i++) {
            int lane = (i - offset) & 3;
            long xl = x[lane];
            int q = (int) xl & mask;
            int s;
            long f;
            int bias;
            if (dec != null) {
                int e = dec[q];
                s = e & 0xFF;
                f = e >>> 20;
                bias = (e >>> 8) & 0xFFF;
            } else {
                int e = wide[q];
                s = sym[q] & 0xFF;
                f = e >>> 16;
                bias = e & 0xFFFF;
            }
            xl = f * (xl >>> n) + bias;
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

    private static long head(byte[] enc, int encOffset, int lane) {
        long x = (int) INT_LE.get(enc, encOffset + 4 * lane) & UINT;
        if (x < L) {
            throw new CorruptStreamException("InterleavedAns16 lane " + lane + " head 0x" + Long.toHexString(x)
                    + " is outside [2^16, 2^32)");
        }
        return x;
    }
}
