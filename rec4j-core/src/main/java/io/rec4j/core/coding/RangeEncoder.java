package io.rec4j.core.coding;

import io.rec4j.core.coding.bits.BigEndian;
import java.util.Arrays;

/**
 * First-in-first-out entropy encoder: a range coder with a 64-bit state that emits 32-bit words. Symbols are
 * decoded by {@link RangeDecoder} in the order in which they were encoded (contrast the rANS stack, which is LIFO).
 *
 * <p>The technique is range coding as described by G. N. N. Martin, "Range encoding: an algorithm for removing
 * redundancy from a digitised message" (1979), i.e. arithmetic coding with a finite-precision integer interval that
 * is renormalised in whole digits. Emitting large digits (here 32-bit words) while keeping the interval width in a
 * wide register follows the byte-/word-oriented variants popularised by M. Schindler ("A fast renormalisation for
 * arithmetic coding", 1998) and D. Subbotin (carry-less range coder, 1999). This implementation resolves carries
 * exactly (no interval shrinking, unlike Subbotin's carry-less variant) with a pending-word scheme: the most recently
 * emitted word and a run of {@code 0xFFFFFFFF} words after it are held back until it is certain that no carry can
 * reach them any more.
 *
 * <h2>State and invariants</h2>
 * <ul>
 *   <li>{@code low} is a 63-bit window {@code [0, 2^63)}: the lower end of the current interval, below the words
 *       already emitted. The next word to emit is window bits 62..31.</li>
 *   <li>{@code range} is the interval width; after renormalisation {@code 2^31 <= range < 2^63}. It starts at
 *       {@code 2^63 - 1}.</li>
 *   <li>Coding a symbol with left cumulative frequency {@code c}, frequency {@code f} and precision {@code p}:
 *       {@code r = range >>> p; low += r*c; range = r*f}. Since {@code low < 2^63} and {@code r*c < 2^63} the sum
 *       fits in 64 unsigned bits; bit 63 is the carry into the emitted words. The interval {@code [range - r*2^p,
 *       range)} lost to the truncation of {@code r} costs at most {@code log2(1 + 2^p / range)} bits, i.e. below
 *       {@code 0.0113} bits for {@code p = 24} even at the smallest range, and far less on average (the range is
 *       usually much larger than {@code 2^31}).</li>
 *   <li>Whenever {@code range < 2^31} the top 32 bits of the window are emitted and {@code low} and {@code range}
 *       are shifted left by 32 (one shift always suffices because {@code range >= 2^(31-24)} after any symbol).</li>
 * </ul>
 *
 * <h2>Output format and flush</h2>
 * The output is a sequence of 32-bit words, most significant word first; {@link #finish()} stores each word
 * big-endian in four bytes, {@link #finishWords()} returns them as ints. The flush writes exactly
 * {@value #FLUSH_WORDS} word ({@value #FLUSH_BITS} bits): the smallest multiple of {@code 2^31} in the window that
 * lies in {@code [low, low + range)} (which exists because {@code range >= 2^31}). Its lower 31 window bits are zero
 * and are supplied by the decoder's implicit zero padding, so the total length in words is the number of
 * renormalisation shifts plus one. The empty message encodes to a single zero word. The encoding is canonical:
 * {@link RangeDecoder#isExhaustedCleanly()} accepts exactly the streams this encoder produces.
 *
 * <p>Instances are not thread-safe and are single-use: after {@code finish()} (or {@code finishWords()}) no further
 * symbols may be encoded; repeated finish calls return copies of the same result.
 */
public final class RangeEncoder {

    /** Number of 32-bit words written by the final flush. */
    public static final int FLUSH_WORDS = 1;

    /** Number of bits written by the final flush. */
    public static final int FLUSH_BITS = 32 * FLUSH_WORDS;

    static final long WINDOW_MASK = Long.MAX_VALUE; // 2^63 - 1
    static final long RENORM_THRESHOLD = 1L << 31;
    static final long INITIAL_RANGE = Long.MAX_VALUE;
    static final int RAW_CHUNK_BITS = 16;

    private long low;
    private long range = INITIAL_RANGE;

    /** Final words. */
    private int[] words;
    private int size;

    /** The last emitted word (may still receive a carry), valid if {@code hasPending}. */
    private int pendingWord;
    private boolean hasPending;
    /** Number of {@code 0xFFFFFFFF} words emitted after {@code pendingWord} (may still turn into zeros). */
    private long pendingOnes;

    private int[] result;

    /** An encoder with a small initial buffer. */
    public RangeEncoder() {
        this(16);
    }

    /** An encoder whose buffer initially holds {@code initialWordCapacity} words (it grows as needed). */
    public RangeEncoder(int initialWordCapacity) {
        if (initialWordCapacity < 0) {
            throw new IllegalArgumentException("negative capacity: " + initialWordCapacity);
        }
        words = new int[Math.max(1, initialWordCapacity)];
    }

    /**
     * Encodes {@code symbol} under {@code model}.
     *
     * @throws IllegalArgumentException if the symbol is outside the model's support, the model's precision is not in
     *                                  {@code [1, 24]} or the model reports an inconsistent interval
     * @throws IllegalStateException    if the encoder has been finished
     */
    public void encode(int symbol, EntropyModel model) {
        int precision = model.precision();
        if (precision < 1 || precision > EntropyModel.MAX_PRECISION) {
            throw new IllegalArgumentException("precision must be in [1, 24]: " + precision);
        }
        if (!model.inSupport(symbol)) {
            throw new IllegalArgumentException("symbol " + symbol + " outside the model's support ["
                    + model.minSymbol() + ", " + model.maxSymbol() + "]");
        }
        int cumulative = model.cumulative(symbol);
        int frequency = model.frequency(symbol);
        if (cumulative < 0 || frequency < 1 || (long) cumulative + frequency > (1L << precision)) {
            throw new IllegalArgumentException("model gives invalid interval [" + cumulative + ", +" + frequency
                    + ") for symbol " + symbol + " at precision " + precision);
        }
        encodeInterval(cumulative, frequency, precision);
    }

    /**
     * Encodes the low {@code n} bits of {@code bits} under a uniform model over {@code [0, 2^n)}; costs
     * {@code n} bits plus the usual tiny truncation loss. {@code n = 0} encodes nothing.
     *
     * @param bits a value in {@code [0, 2^n)} (for {@code n = 32} any int, read as unsigned)
     * @param n    number of bits, in {@code [0, 32]}
     */
    public void encodeRaw(int bits, int n) {
        if (n < 0 || n > 32) {
            throw new IllegalArgumentException("raw bit count must be in [0, 32]: " + n);
        }
        if (n < 32 && (bits >>> n) != 0) {
            throw new IllegalArgumentException("value " + Integer.toUnsignedString(bits) + " does not fit in "
                    + n + " bits");
        }
        if (n > RAW_CHUNK_BITS) {
            encodeInterval(bits >>> RAW_CHUNK_BITS, 1, n - RAW_CHUNK_BITS);
            encodeInterval(bits & ((1 << RAW_CHUNK_BITS) - 1), 1, RAW_CHUNK_BITS);
        } else if (n > 0) {
            encodeInterval(bits, 1, n);
        }
    }

    /** Core step; arguments already validated: {@code 0 <= c}, {@code 1 <= f}, {@code c + f <= 2^p}, {@code p <= 24}. */
    private void encodeInterval(int cumulative, int frequency, int precision) {
        checkOpen();
        long r = range >>> precision;
        long l = low + r * cumulative;
        if (l < 0) { // bit 63 set: carry into the emitted words
            propagateCarry();
            l &= WINDOW_MASK;
        }
        low = l;
        range = r * frequency;
        while (range < RENORM_THRESHOLD) {
            emit((int) (low >>> 31));
            low = (low << 32) & WINDOW_MASK;
            range <<= 32;
        }
    }

    /**
     * Exact length in bits of what {@link #finish()} would return if called now (always a multiple of 32, and
     * includes the {@value #FLUSH_BITS}-bit flush).
     */
    public long bitLength() {
        if (result != null) {
            return 32L * result.length;
        }
        return 32L * (size + (hasPending ? 1 : 0) + pendingOnes + FLUSH_WORDS);
    }

    /** Flushes and returns the stream as big-endian bytes (length a multiple of 4). */
    public byte[] finish() {
        int[] w = finishInternal();
        byte[] out = new byte[w.length * 4];
        for (int i = 0; i < w.length; i++) {
            BigEndian.put32(out, 4 * i, w[i]);
        }
        return out;
    }

    /** Flushes and returns the stream as 32-bit words, first word first. */
    public int[] finishWords() {
        return finishInternal().clone();
    }

    /** Whether {@code finish()} or {@code finishWords()} has been called. */
    public boolean isFinished() {
        return result != null;
    }

    private int[] finishInternal() {
        if (result == null) {
            // smallest multiple of 2^31 that is >= low; it is < low + 2^31 <= low + range
            long v = (low + (RENORM_THRESHOLD - 1)) & ~(RENORM_THRESHOLD - 1);
            if (v < 0) {
                propagateCarry();
                v &= WINDOW_MASK;
            }
            emit((int) (v >>> 31));
            commitPending();
            result = Arrays.copyOf(words, size);
            words = null;
        }
        return result;
    }

    private void checkOpen() {
        if (result != null) {
            throw new IllegalStateException("encoder already finished");
        }
    }

    /** Emits a word that may still receive a carry. */
    private void emit(int word) {
        if (word == -1 && hasPending) {
            pendingOnes++;
        } else {
            commitPending();
            pendingWord = word;
            hasPending = true;
        }
    }

    /** Adds one to the last emitted word, rippling through the run of all-ones words. */
    private void propagateCarry() {
        // The coded value always stays below 1 (initial interval [0, 2^63 - 1) / 2^63), so a carry never leaves
        // the pending words; these checks only guard against a broken invariant.
        if (!hasPending) {
            throw new IllegalStateException("internal error: carry without emitted words");
        }
        if (pendingOnes == 0) {
            if (pendingWord == -1) {
                throw new IllegalStateException("internal error: carry overflow");
            }
            pendingWord++;
        } else {
            if (pendingWord == -1) {
                throw new IllegalStateException("internal error: carry overflow");
            }
            append(pendingWord + 1);
            for (long i = 1; i < pendingOnes; i++) {
                append(0);
            }
            pendingWord = 0;
            pendingOnes = 0;
        }
    }

    private void commitPending() {
        if (hasPending) {
            append(pendingWord);
            for (long i = 0; i < pendingOnes; i++) {
                append(-1);
            }
            hasPending = false;
            pendingOnes = 0;
        }
    }

    private void append(int word) {
        if (size == words.length) {
            if (size == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("range coder output too large");
            }
            words = Arrays.copyOf(words, (int) Math.min(Integer.MAX_VALUE - 8, 2L * size + 16));
        }
        words[size++] = word;
    }
}
