package io.rec4j.core.coding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Four-lane interleaved order-0 rANS over bytes that renormalises once per <em>pair</em> of symbols of a lane: the
 * throughput coder for byte data under one fixed {@link CategoricalModel} over the symbols 0..255 (precision 8 to
 * 15).
 *
 * <p>rANS is due to J. Duda, arXiv:1311.2540 (2013). Four independent states share one stream of 32-bit words
 * (F. Giesen, "Interleaved entropy coders", arXiv:1402.3392, 2014): symbol {@code i} of the message is coded by
 * lane {@code i mod 4}. The encoder runs over the message backwards and the decoder forwards, so the decoder reads
 * the words in exactly the reverse order of their emission. The encoder divides by multiplying with a precomputed
 * per-symbol reciprocal, the idea of Giesen's {@code ryg_rans} "fast encoder" (after R. Alverson, "Integer
 * division using reciprocals", ARITH 1991); the constants here follow T. Granlund and P. Montgomery, "Division by
 * invariant integers using multiplication", PLDI 1994, as derived below.
 *
 * <p>This is a format of its own, separate from {@link InterleavedAns} (which stays bit-identical); no file format
 * of rec4j uses either.
 *
 * <h2>Coding step</h2>
 * The coder works at precision {@code n = max(12, model precision)}: a model of precision {@code n' < 12} is used
 * as its exact rescaling to 12 bits (every frequency and cumulative frequency times {@code 2^(12-n')}; the same
 * probabilities), so that the fast paths can use fixed shifts. With {@code M = 2^n}, lower bound {@code L = 2^31},
 * a symbol of frequency {@code f} and left cumulative frequency {@code c}, every state between groups lies in
 * {@code [L, 2^63)}, and the plain rANS steps are
 * <pre>
 *   C(s, x) = &lfloor;x / f&rfloor;&middot;M + (x mod f) + c          (encode)
 *   D(x)    = (s, f&middot;&lfloor;x / M&rfloor; + (x mod M) &minus; c)   with c &le; x mod M &lt; c + f   (decode)
 * </pre>
 * <b>Groups.</b> The symbols of one lane are taken in pairs, its symbols 0 and 1, 2 and 3, and so on; when a lane
 * has an odd number of symbols its last one forms a group alone. The decoder decodes a whole group and only then
 * renormalises, once: {@code if x < L then x <- x 2^32 + (next word)}. The encoder, which meets the groups
 * backwards, renormalises once before coding a group: with {@code F = f_a f_b} for a pair {@code (a, b)} and
 * {@code F = f M} for a single symbol, {@code if x >= F 2^(63-2n) then emit the low 32 bits of x and
 * x <- floor(x / 2^32)}, then {@code x <- C(a, C(b, x))} (for a single symbol, {@code C(s, x)}).
 *
 * <p><b>Exact invertibility.</b> Because {@code M} divides {@code L / M} (that is {@code 2n <= 31}, hence the
 * precision limit 15), the states from which a pair leads back into {@code [L, 2^63)} are exactly
 * {@code [F 2^(31-2n), F 2^(63-2n))} (apply the one-symbol fact "{@code C(s, x)} lies in {@code [K, 2^32 K)} iff
 * {@code x} lies in {@code [f K / M, f 2^32 K / M)}", valid when M divides K, twice; a single symbol is the pair
 * with a symbol of frequency M, whose step is the identity). The encoder's test puts the state into that interval
 * with at most one word, since {@code 2^31 >= F 2^(31-2n)}; after the decoder's two steps the state is back in
 * it, and it lies below {@code L} exactly when the encoder had emitted a word, in which case it is at least 1, so
 * one word brings it back to {@code [L, 2^63)}. Every step is thus a bijection and decoding returns exactly the
 * encoded bytes, for every input length (including 0), every model and every precision the coder accepts.
 *
 * <p><b>Division.</b> The encoder needs {@code floor(x / f)} for {@code 0 <= x < 2^63}. For {@code f >= 2} let
 * {@code l = ceil(log2 f)} and {@code m = ceil(2^(63+l) / f)}, which lies in {@code [2^63, 2^64)}; then
 * {@code floor(x / f) = floor(x m / 2^(63+l))} (Granlund and Montgomery, Thm. 4.2 with N = 63, since
 * {@code m f - 2^(63+l) < f <= 2^l}). The high word of the unsigned product is the signed
 * {@link Math#multiplyHigh} plus {@code x} (m read as a signed number is {@code m - 2^64}), shifted right by
 * {@code l - 1}. For {@code f = 1} the table holds {@code m = 2^64 - 1} and shift 0, which gives {@code x - 1};
 * the step is written as {@code x + c + floor(x/f) (M - f)}, and the bias {@code c + M - 1} instead of {@code c}
 * absorbs the difference.
 *
 * <h2>Layout</h2>
 * Little-endian throughout: the four final encoder states as 64-bit integers (lane 0 first, 32 bytes), then the
 * 32-bit words in the order the decoder reads them. The length of the message and the model are not stored; the
 * caller supplies both. Every lane starts at state {@code L}; the decoder rejects a head outside
 * {@code [L, 2^63)}, checks that every lane returns to {@code L} and that every word was consumed, and raises
 * {@link CorruptStreamException} otherwise (a stream that ends early, a length that is not header plus whole
 * words, trailing bytes). Like any entropy code with little redundancy, an altered stream may still decode to a
 * different valid message (for instance a changed quantile between two symbols of frequency 1); containers add a
 * checksum.
 *
 * <h2>Speed</h2>
 * At coding precision 12 (every model up to 12 bits) the decoder reads one {@code int} per symbol,
 * {@code f << 20 | s << 12 | (q - c)}, from a 4096-entry table (16 KiB, L1-resident), decodes eight symbols (two
 * per lane) per loop iteration and then renormalises each lane once, with masks instead of branches (whether a
 * lane renormalises is not predictable). Its inner loop runs a number of iterations fixed in advance, so that no
 * read needs a check of its own. The encoder reads four {@code long}s per symbol from one cache line and is
 * unrolled the same way. Above precision 12 both directions use a plain symbol-by-symbol loop with a division
 * (exact but several times slower); the stream format is the same.
 */
public final class ByteRans4 {
    /** Number of interleaved lanes. */
    public static final int LANES = 4;
    /** Smallest precision: 256 symbols need at least one quantile each. */
    public static final int MIN_PRECISION = 8;
    /** Largest precision: renormalising once per pair needs {@code 2 n <= 31}. */
    public static final int MAX_PRECISION = 15;
    /** The coding precision of every model up to this precision, and of the fast paths. */
    public static final int FAST_PRECISION = 12;
    /** Bytes of lane states at the start of every stream. */
    public static final int HEADER_BYTES = 8 * LANES;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long L = 1L << 31;
    private static final long UINT = 0xFFFF_FFFFL;

    private ByteRans4() {
    }

    /**
     * The largest stream {@link #encode} can produce for {@code length} bytes: the header and one word per group
     * (at most {@code length / 2 + 4} groups).
     */
    public static int maxEncodedLength(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be non-negative, was " + length);
        }
        if (length > (Integer.MAX_VALUE - 64 - HEADER_BYTES) / 2) {
            throw new IllegalArgumentException("message of " + length + " bytes is too long for one stream");
        }
        return HEADER_BYTES + 4 * (length / 2 + 4);
    }

    /**
     * The coding tables of one byte model, immutable and reusable across messages (building them costs about
     * {@code 2^precision + 256} table entries).
     */
    public static final class Tables {
        final int modelPrecision;
        /** The coding precision n: {@link #FAST_PRECISION} for models up to that precision, else theirs. */
        final int precision;
        /** Frequencies and cumulative frequencies at the coding precision. */
        final int[] freq;
        final int[] cum;
        /**
         * Encoder entries, four per symbol s: at 4s the reciprocal m, at 4s+1 the bias, at 4s+2 {@code M - f}, at
         * 4s+3 {@code f << 8 | shift} (a shift count reads only the low 6 bits).
         */
        final long[] enc;
        /** Decoder entries at n = 12, per quantile q: {@code f << 20 | s << 12 | (q - c)}; null above. */
        final int[] dec;
        /** Quantile to symbol above n = 12; null at 12. */
        final byte[] sym;

        private Tables(CategoricalModel model) {
            if (model.minSymbol() != 0 || model.maxSymbol() != 255) {
                throw new IllegalArgumentException("ByteRans4 needs a model over exactly the symbols 0..255, got "
                        + model.minSymbol() + ".." + model.maxSymbol());
            }
            int n = model.precision();
            if (n < MIN_PRECISION || n > MAX_PRECISION) {
                throw new IllegalArgumentException("ByteRans4 needs a model precision in [" + MIN_PRECISION
                        + ", " + MAX_PRECISION + "], was " + n);
            }
            modelPrecision = n;
            int up = Math.max(0, FAST_PRECISION - n);
            int p = n + up;
            precision = p;
            long total = 1L << p;
            freq = new int[256];
            cum = new int[256];
            enc = new long[4 * 256];
            for (int s = 0; s < 256; s++) {
                int f = model.frequency(s) << up;
                int c = model.cumulative(s) << up;
                freq[s] = f;
                cum[s] = c;
                enc[4 * s] = reciprocal(f);
                enc[4 * s + 1] = f == 1 ? c + total - 1 : c;
                int shift = reciprocalShift(f);
                enc[4 * s + 2] = total - f;
                enc[4 * s + 3] = (long) f << 8 | shift;
            }
            if (p == FAST_PRECISION) {
                // 256 positive frequencies: f <= M - 255 < 2^12 and q - c < f, so each field fits 12 bits
                dec = new int[1 << p];
                for (int s = 0; s < 256; s++) {
                    for (int k = 0; k < freq[s]; k++) {
                        dec[cum[s] + k] = freq[s] << 20 | s << 12 | k;
                    }
                }
                sym = null;
            } else {
                dec = null;
                sym = new byte[1 << p];
                for (int s = 0; s < 256; s++) {
                    Arrays.fill(sym, cum[s], cum[s] + freq[s], (byte) s);
                }
            }
        }

        /** The tables of {@code model}, which must cover exactly the symbols 0..255 at precision 8 to 15. */
        public static Tables of(CategoricalModel model) {
            return new Tables(Objects.requireNonNull(model, "model"));
        }

        /** The model's precision in bits. */
        public int precision() {
            return modelPrecision;
        }

        /** The precision the coder works at: {@value #FAST_PRECISION} for models up to it, else the model's. */
        public int codingPrecision() {
            return precision;
        }
    }

    /** The reciprocal m of the class comment for {@code 1 <= f <= 2^15}: {@code 2^64 - 1} for f = 1. */
    static long reciprocal(int f) {
        if (f == 1) {
            return -1L;
        }
        // ceil(2^(63+l) / f) = ceil(2^(l-1) 2^64 / f) with 2^(l-1) < f: long division in two 32-bit steps, each
        // quotient digit below 2^32 because the running remainder stays below f <= 2^15
        long r = 1L << reciprocalShift(f);
        long hi = (r << 32) / f;
        r = (r << 32) % f;
        long lo = (r << 32) / f;
        r = (r << 32) % f;
        return (hi << 32 | lo) + (r != 0 ? 1 : 0);
    }

    /** The shift {@code ceil(log2 f) - 1} that goes with {@link #reciprocal(int)}; 0 for f = 1. */
    static int reciprocalShift(int f) {
        return f == 1 ? 0 : 31 - Integer.numberOfLeadingZeros(f - 1);
    }

    /**
     * {@code floor(x / f)} for {@code 0 <= x < 2^63} and {@code f >= 2}, or {@code x - 1} for {@code f = 1} and
     * {@code x >= 1}, from {@link #reciprocal(int)} and {@link #reciprocalShift(int)}.
     */
    static long divide(long x, long m, int shift) {
        return (Math.multiplyHigh(x, m) + x) >>> shift;
    }

    /** Whether the symbol with index {@code j} in a lane of {@code count} symbols ends its group. */
    private static boolean endsGroup(int j, int count) {
        return (j & 1) != 0 || j == count - 1;
    }

    /** The number of symbols of lane {@code lane} in a message of {@code length} symbols. */
    private static int laneCount(int length, int lane) {
        return length > lane ? (length - lane + 3) >>> 2 : 0;
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
        int blockEnd = offset + (length & ~7);
        // the plain loop, backwards, with exact division: at n = 12 only the symbols after the last whole block of
        // eight, which the encoder codes first; above 12 all of them
        for (int i = offset + length - 1, stop = p == FAST_PRECISION ? blockEnd : offset; i >= stop; i--) {
            int lane = (i - offset) & 3;
            int j = (i - offset) >>> 2;
            int s = data[i] & 0xFF;
            int f = freq[s];
            long xl = x[lane];
            if (endsGroup(j, laneCount(length, lane))) {
                long group = (j & 1) != 0 ? (long) f * freq[data[i - 4] & 0xFF] : (long) f << p;
                if (xl >>> (63 - 2 * p) >= group) {
                    INT_LE.set(buf, pos - 4, (int) xl);
                    pos -= 4;
                    xl >>>= 32;
                }
            }
            x[lane] = (xl / f << p) + xl % f + cum[s];
        }
        if (p == FAST_PRECISION) {
            long[] e = t.enc;
            long x0 = x[0];
            long x1 = x[1];
            long x2 = x[2];
            long x3 = x[3];
            // blocks of eight, backwards: lane k codes b = data[i + 4 + k] (its symbol 2t + 1) after renormalising
            // for the pair (a, b), a = data[i + k]. The word is stored unconditionally (pos - 4 >= 0 always: one
            // word per group at most); m = -1 exactly when x >> 39 >= f_a f_b, then pos moves down and x >>= 32.
            for (int i = blockEnd - 8; i >= offset; i -= 8) {
                int b3 = (data[i + 7] & 0xFF) << 2;
                int a3 = (data[i + 3] & 0xFF) << 2;
                long m3 = ((e[b3 + 3] >>> 8) * (e[a3 + 3] >>> 8) - 1 - (x3 >>> 39)) >> 63;
                INT_LE.set(buf, pos - 4, (int) x3);
                pos += (int) m3 << 2;
                x3 ^= (x3 ^ x3 >>> 32) & m3;
                x3 += e[b3 + 1] + divide(x3, e[b3], (int) e[b3 + 3]) * e[b3 + 2];

                int b2 = (data[i + 6] & 0xFF) << 2;
                int a2 = (data[i + 2] & 0xFF) << 2;
                long m2 = ((e[b2 + 3] >>> 8) * (e[a2 + 3] >>> 8) - 1 - (x2 >>> 39)) >> 63;
                INT_LE.set(buf, pos - 4, (int) x2);
                pos += (int) m2 << 2;
                x2 ^= (x2 ^ x2 >>> 32) & m2;
                x2 += e[b2 + 1] + divide(x2, e[b2], (int) e[b2 + 3]) * e[b2 + 2];

                int b1 = (data[i + 5] & 0xFF) << 2;
                int a1 = (data[i + 1] & 0xFF) << 2;
                long m1 = ((e[b1 + 3] >>> 8) * (e[a1 + 3] >>> 8) - 1 - (x1 >>> 39)) >> 63;
                INT_LE.set(buf, pos - 4, (int) x1);
                pos += (int) m1 << 2;
                x1 ^= (x1 ^ x1 >>> 32) & m1;
                x1 += e[b1 + 1] + divide(x1, e[b1], (int) e[b1 + 3]) * e[b1 + 2];

                int b0 = (data[i + 4] & 0xFF) << 2;
                int a0 = (data[i] & 0xFF) << 2;
                long m0 = ((e[b0 + 3] >>> 8) * (e[a0 + 3] >>> 8) - 1 - (x0 >>> 39)) >> 63;
                INT_LE.set(buf, pos - 4, (int) x0);
                pos += (int) m0 << 2;
                x0 ^= (x0 ^ x0 >>> 32) & m0;
                x0 += e[b0 + 1] + divide(x0, e[b0], (int) e[b0 + 3]) * e[b0 + 2];

                x3 += e[a3 + 1] + divide(x3, e[a3], (int) e[a3 + 3]) * e[a3 + 2];
                x2 += e[a2 + 1] + divide(x2, e[a2], (int) e[a2 + 3]) * e[a2 + 2];
                x1 += e[a1 + 1] + divide(x1, e[a1], (int) e[a1 + 3]) * e[a1 + 2];
                x0 += e[a0 + 1] + divide(x0, e[a0], (int) e[a0 + 3]) * e[a0 + 2];
            }
            x[0] = x0;
            x[1] = x1;
            x[2] = x2;
            x[3] = x3;
        }
        int start = pos - HEADER_BYTES;
        for (int j = 0; j < LANES; j++) {
            LONG_LE.set(buf, start + 8 * j, x[j]);
        }
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
     *     not header plus whole words, a lane head outside [2^31, 2^63), words left over, or a lane that does not
     *     end at its initial state (on failure {@code out} holds partial output)
     * @throws IndexOutOfBoundsException if a range lies outside its array
     */
    public static void decode(byte[] enc, int encOffset, int encLength, byte[] out, int offset, int length, Tables t) {
        Objects.checkFromIndexSize(encOffset, encLength, enc.length);
        Objects.checkFromIndexSize(offset, length, out.length);
        if (encLength < HEADER_BYTES || (encLength & 3) != 0) {
            throw new CorruptStreamException("ByteRans4 stream of " + encLength + " bytes: need the "
                    + HEADER_BYTES + "-byte header and whole 32-bit words");
        }
        long[] x = new long[LANES];
        for (int j = 0; j < LANES; j++) {
            x[j] = (long) LONG_LE.get(enc, encOffset + 8 * j);
            if (x[j] < L) {
                throw new CorruptStreamException("ByteRans4 lane " + j + " head 0x" + Long.toHexString(x[j])
                        + " is outside [2^31, 2^63)");
            }
        }
        int pos = encOffset + HEADER_BYTES;
        int encEnd = encOffset + encLength;
        int i = offset;
        int end = offset + length;
        int p = t.precision;
        int[] dec = t.dec;
        if (p == FAST_PRECISION) {
            long x0 = x[0];
            long x1 = x[1];
            long x2 = x[2];
            long x3 = x[3];
            while (true) {
                // a block of eight reads at most one word per lane: chunks of blocks fixed in advance keep every
                // read in range, and each inner loop a counted loop
                int blocks = Math.min((end - i) >> 3, (encEnd - pos) >> 4);
                if (blocks <= 0) {
                    break;
                }
                for (int stop = i + 8 * blocks; i < stop; i += 8) {
                    int e0 = dec[(int) x0 & 0xFFF];
                    out[i] = (byte) (e0 >>> 12);
                    x0 = (e0 >>> 20) * (x0 >>> 12) + (e0 & 0xFFF);
                    int e1 = dec[(int) x1 & 0xFFF];
                    out[i + 1] = (byte) (e1 >>> 12);
                    x1 = (e1 >>> 20) * (x1 >>> 12) + (e1 & 0xFFF);
                    int e2 = dec[(int) x2 & 0xFFF];
                    out[i + 2] = (byte) (e2 >>> 12);
                    x2 = (e2 >>> 20) * (x2 >>> 12) + (e2 & 0xFFF);
                    int e3 = dec[(int) x3 & 0xFFF];
                    out[i + 3] = (byte) (e3 >>> 12);
                    x3 = (e3 >>> 20) * (x3 >>> 12) + (e3 & 0xFFF);

                    // the second symbol of each pair, then the lane's renormalisation: if x < 2^31 (m = -1),
                    // x = x 2^32 + word and pos moves on by 4
                    e0 = dec[(int) x0 & 0xFFF];
                    out[i + 4] = (byte) (e0 >>> 12);
                    x0 = (e0 >>> 20) * (x0 >>> 12) + (e0 & 0xFFF);
                    long m0 = (x0 - L) >> 63;
                    x0 = x0 & ~m0 | (x0 << 32 | (int) INT_LE.get(enc, pos) & UINT) & m0;
                    pos -= (int) m0 << 2;
                    e1 = dec[(int) x1 & 0xFFF];
                    out[i + 5] = (byte) (e1 >>> 12);
                    x1 = (e1 >>> 20) * (x1 >>> 12) + (e1 & 0xFFF);
                    long m1 = (x1 - L) >> 63;
                    x1 = x1 & ~m1 | (x1 << 32 | (int) INT_LE.get(enc, pos) & UINT) & m1;
                    pos -= (int) m1 << 2;
                    e2 = dec[(int) x2 & 0xFFF];
                    out[i + 6] = (byte) (e2 >>> 12);
                    x2 = (e2 >>> 20) * (x2 >>> 12) + (e2 & 0xFFF);
                    long m2 = (x2 - L) >> 63;
                    x2 = x2 & ~m2 | (x2 << 32 | (int) INT_LE.get(enc, pos) & UINT) & m2;
                    pos -= (int) m2 << 2;
                    e3 = dec[(int) x3 & 0xFFF];
                    out[i + 7] = (byte) (e3 >>> 12);
                    x3 = (e3 >>> 20) * (x3 >>> 12) + (e3 & 0xFFF);
                    long m3 = (x3 - L) >> 63;
                    x3 = x3 & ~m3 | (x3 << 32 | (int) INT_LE.get(enc, pos) & UINT) & m3;
                    pos -= (int) m3 << 2;
                }
            }
            x[0] = x0;
            x[1] = x1;
            x[2] = x2;
            x[3] = x3;
        }
        // the plain loop: precisions above 12, and the last symbols near the end of either array
        int mask = (1 << p) - 1;
        int[] freq = t.freq;
        int[] cum = t.cum;
        byte[] sym = t.sym;
        for (; i < end; i++) {
            int lane = (i - offset) & 3;
            long xl = x[lane];
            int q = (int) xl & mask;
            int s = sym != null ? sym[q] & 0xFF : (dec[q] >>> 12) & 0xFF;
            xl = freq[s] * (xl >>> p) + q - cum[s];
            if (xl < L && endsGroup((i - offset) >>> 2, laneCount(length, lane))) {
                if (pos > encEnd - 4) {
                    throw new CorruptStreamException("ByteRans4 stream ended after " + (i - offset) + " of "
                            + length + " symbols");
                }
                xl = xl << 32 | ((int) INT_LE.get(enc, pos) & UINT);
                pos += 4;
            }
            x[lane] = xl;
            out[i] = (byte) s;
        }
        for (int j = 0; j < LANES; j++) {
            if (x[j] != L) {
                throw new CorruptStreamException("ByteRans4 lane " + j
                        + " did not return to its initial state: the stream is damaged");
            }
        }
        if (pos != encEnd) {
            throw new CorruptStreamException((encEnd - pos) + " bytes left over after decoding " + length
                    + " symbols: the ByteRans4 stream is damaged");
        }
    }
}
