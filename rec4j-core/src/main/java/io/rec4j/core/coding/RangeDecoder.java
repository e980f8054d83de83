package io.rec4j.core.coding;

import io.rec4j.core.coding.bits.BigEndian;
import java.util.Objects;

/**
 * Decoder for the streams written by {@link RangeEncoder} (range coding after G. N. N. Martin, 1979; see the
 * encoder's documentation for the format and the references). Symbols come out in the order they were encoded
 * (FIFO); the decoder must be given the same sequence of models and raw bit counts as the encoder.
 *
 * <p>The decoder keeps {@code value = code - low} (the offset of the code point inside the current interval) and the
 * interval width {@code range}; it needs no carry handling. Decoding a symbol computes the quantile
 * {@code q = value / (range >>> p)}, looks it up with {@link EntropyModel#symbol(int)} and narrows the interval
 * exactly like the encoder.
 *
 * <h2>Error policy</h2>
 * Invalid input never yields an exception other than {@link CorruptStreamException} (given a correct model), and
 * never silently passes undetected where the format allows detection:
 * <ul>
 *   <li>A byte input whose length is not a multiple of four is rejected at construction, as is an empty input
 *       (every stream holds at least the flush word).</li>
 *   <li>A quantile outside {@code [0, 2^p)} (it lands in the part of the interval no symbol owns) raises
 *       {@code CorruptStreamException} immediately.</li>
 *   <li>Reading past the end: the decoder reads words ahead of the encoder by exactly one, because the flush word's
 *       lower bits are implicit zeros. It therefore feeds <em>one</em> zero word after the end of the data; a valid
 *       stream never needs a second. Needing a second padding word proves that the data was truncated, and raises
 *       {@code CorruptStreamException} at once. In particular, decoding the original symbol sequence from data
 *       truncated by one or more whole words always throws; the only way a truncation can go unnoticed while
 *       decoding is that the damage already changed earlier symbols (then the final check below usually fails; it
 *       passes only if the truncated data happens to be the exact encoding of another message).</li>
  <li>After the last symbol, {@link #isExhaustedCleanly()} (or {@link #requireExhaustedCleanly()}) checks that the
 *       data has been consumed exactly and that the final word is precisely the flush the encoder would have
 *       written. Together these hold if and only if the data is the canonical encoding of the symbols decoded so
 *       far; callers that know they have read the whole message should call it to catch trailing garbage, wrong
 *       symbol counts and most corruptions.</li>
 * </ul>
 * A corrupted stream can still decode to wrong symbols without any detectable inconsistency (the format carries no
 * checksum); detection is best effort beyond the guarantees above.
 *
 * <p>Instances are not thread-safe. The input arrays are not copied; do not modify them while decoding.
 */
public final class RangeDecoder {

    private static final long RENORM_THRESHOLD = RangeEncoder.RENORM_THRESHOLD;
    private static final int RAW_CHUNK_BITS = RangeEncoder.RAW_CHUNK_BITS;

    private final byte[] bytes;
    private final int[] ints;
    private final int offset;
    /** Number of real words in the input. */
    private final int wordCount;
    /** Index of the next word to read; {@code wordCount} means the next read is the single padding word. */
    private int position;

    private long value;
    private long range;
    /** Lowest bit of the last word read; it enters the window at the next shift. */
    private long spareBit;

    /** Decodes {@code data} entirely (big-endian 32-bit words as produced by {@link RangeEncoder#finish()}). */
    public RangeDecoder(byte[] data) {
        this(data, 0, data.length);
    }

    /**
     * Decodes the {@code length} bytes of {@code data} starting at {@code offset}.
     *
     * @throws CorruptStreamException if {@code length} is zero or not a multiple of 4
     */
    public RangeDecoder(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0 || (length & 3) != 0) {
            throw new CorruptStreamException("range-coded stream must be a positive multiple of 4 bytes, got "
                    + length);
        }
        this.bytes = data;
        this.ints = null;
        this.offset = offset;
        this.wordCount = length >>> 2;
        init();
    }

    /** Decodes {@code words} entirely (as produced by {@link RangeEncoder#finishWords()}). */
    public RangeDecoder(int[] words) {
        this(words, 0, words.length);
    }

    /**
     * Decodes the {@code length} words of {@code words} starting at {@code offset}.
     *
     * @throws CorruptStreamException if {@code length} is zero
     */
    public RangeDecoder(int[] words, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, words.length);
        if (length == 0) {
            throw new CorruptStreamException("range-coded stream is empty");
        }
        this.bytes = null;
        this.ints = words;
        this.offset = offset;
        this.wordCount = length;
        init();
    }

    private void init() {
        long w0 = nextWord() & 0xFFFFFFFFL;
        long w1 = nextWord() & 0xFFFFFFFFL;
        value = (w0 << 31) | (w1 >>> 1);
        spareBit = w1 & 1;
        range = RangeEncoder.INITIAL_RANGE;
    }

    /**
     * Decodes one symbol under {@code model}.
     *
     * @throws CorruptStreamException   if the stream is invalid or truncated (see the class documentation)
     * @throws IllegalArgumentException if the model's precision is not in {@code [1, 24]}
     * @throws IllegalStateException    if the model is not invertible ({@code symbol} disagrees with
     *                                  {@code cumulative}/{@code frequency}), i.e. the model is broken
     */
    public int decode(EntropyModel model) {
        int precision = model.precision();
        if (precision < 1 || precision > EntropyModel.MAX_PRECISION) {
            throw new IllegalArgumentException("precision must be in [1, 24]: " + precision);
        }
        long r = range >>> precision;
        long q = value / r;
        if ((q >>> precision) != 0) {
            throw new CorruptStreamException("decoded quantile " + q + " outside [0, 2^" + precision + ")");
        }
        int symbol = model.symbol((int) q);
        int cumulative = model.cumulative(symbol);
        int frequency = model.frequency(symbol);
        if (q < cumulative || q - cumulative >= frequency || frequency < 1) {
            throw new IllegalStateException("model is not invertible: symbol(" + q + ") = " + symbol
                    + " but its interval is [" + cumulative + ", +" + frequency + ")");
        }
        advance(r, cumulative, frequency);
        return symbol;
    }

    /**
     * Decodes {@code n} raw bits written by {@link RangeEncoder#encodeRaw(int, int)}; for {@code n = 32} the
     * result is to be read as unsigned.
     */
    public int decodeRaw(int n) {
        if (n < 0 || n > 32) {
            throw new IllegalArgumentException("raw bit count must be in [0, 32]: " + n);
        }
        if (n > RAW_CHUNK_BITS) {
            int high = decodeRawChunk(n - RAW_CHUNK_BITS);
            int lowBits = decodeRawChunk(RAW_CHUNK_BITS);
            return (high << RAW_CHUNK_BITS) | lowBits;
        }
        return n == 0 ? 0 : decodeRawChunk(n);
    }

    private int decodeRawChunk(int n) {
        long r = range >>> n;
        long q = value / r;
        if ((q >>> n) != 0) {
            throw new CorruptStreamException("decoded raw value " + q + " outside [0, 2^" + n + ")");
        }
        advance(r, (int) q, 1);
        return (int) q;
    }

    private void advance(long r, int cumulative, int frequency) {
        value -= r * cumulative;
        range = r * frequency;
        while (range < RENORM_THRESHOLD) {
            long w = nextWord() & 0xFFFFFFFFL;
            value = (value << 32) | (spareBit << 31) | (w >>> 1);
            spareBit = w & 1;
            range <<= 32;
        }
    }

    private int nextWord() {
        int p = position;
        if (p < wordCount) {
            position = p + 1;
            if (ints != null) {
                return ints[offset + p];
            }
            int j = offset + 4 * p;
            return BigEndian.i32(bytes, j);
        }
        if (p == wordCount) {
            position = p + 1;
            return 0; // the implicit zero bits below the flush word
        }
        throw new CorruptStreamException("range-coded stream truncated: data ended after " + wordCount
                + " words but more are needed");
    }

    /**
     * Whether the input is exactly the canonical encoding of the symbols decoded so far: every word has been
     * consumed (plus the one implicit padding word, never more) and the last word equals the flush the encoder
     * writes. Call it after decoding the last symbol.
     */
    public boolean isExhaustedCleanly() {
        // value = code - low with the padding bits zero; the encoder's flush point is the smallest multiple of 2^31
        // at or above low, so value < 2^31 exactly when the final word is that flush.
        return position == wordCount + 1 && value < RENORM_THRESHOLD;
    }

    /**
     * Throws unless {@link #isExhaustedCleanly()}.
     *
     * @throws CorruptStreamException if the stream has unread words, or its last word is not a valid flush
     */
    public void requireExhaustedCleanly() {
        if (position <= wordCount) {
            throw new CorruptStreamException("range-coded stream is " + (wordCount + 1 - position)
                    + " word(s) longer than the decoded symbols need");
        }
        if (value >= RENORM_THRESHOLD) {
            throw new CorruptStreamException("range-coded stream does not end with a valid flush");
        }
    }

    /** Number of 32-bit words of input (excluding padding) consumed so far. */
    public int wordsConsumed() {
        return Math.min(position, wordCount);
    }
}
