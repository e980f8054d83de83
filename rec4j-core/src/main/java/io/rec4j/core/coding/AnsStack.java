package io.rec4j.core.coding;

import io.rec4j.core.coding.bits.BigEndian;
import java.util.Arrays;

/**
 * A range-variant asymmetric numeral systems (rANS) coder with <em>stack</em> (last in, first out) semantics: a
 * 64-bit head {@code x} in {@code [2^31, 2^63)} over a stack of 32-bit words.
 *
 * <p>rANS is due to J. Duda, "Asymmetric numeral systems: entropy coding combining speed of Huffman coding with
 * compression rate of arithmetic coding", arXiv:1311.2540 (2013); the 64-bit head / 32-bit word layout follows
 * F. Giesen's description of {@code rans64} (arXiv:1402.3392 for interleaving).
 *
 * <h2>Coding step</h2>
 * For a symbol with frequency {@code f} and left cumulative frequency {@code c} at precision {@code n}
 * ({@code f, c < 2^n}):
 * <pre>
 *   push: if x &ge; f&middot;2^(63-n) then emit the low 32 bits of x and x &larr; x / 2^32;
 *         x &larr; (&lfloor;x / f&rfloor; &middot; 2^n) + (x mod f) + c
 *   pop:  q &larr; x mod 2^n;  s &larr; symbol(q);  x &larr; f&middot;&lfloor;x / 2^n&rfloor; + q &minus; c;
 *         if x &lt; 2^31 then x &larr; x&middot;2^32 + (next word from the stack)
 * </pre>
 * Both maps are bijections between valid states, so the coder is exactly invertible and supports
 * <b>bits-back</b>: popping a symbol under any model from arbitrary (valid) data and pushing the same symbol back
 * under the same model restores the state bit for bit. Popping from an exhausted stack throws
 * {@link CorruptStreamException} rather than inventing bits.
 *
 * <h2>Serialised form</h2>
 * {@link #toBytes()} writes big-endian 32-bit words: first the head (high word, then low word), then the stack
 * from the top word to the bottom word. A decoder can therefore read it front to back while popping. The empty
 * stack serialises to {@code 80 00 00 00 | 00 00 00 00}... precisely: head {@code 2^31} is written as
 * {@code 00000000 80000000}.
 *
 * <p>Not thread-safe. A mutable coder; use {@link #snapshot()} / {@link #restore(Snapshot)} to try alternatives.
 */
public final class AnsStack {

    /** Lower bound of the normalised head, 2^31. */
    static final long LOWER_BOUND = 1L << 31;
    private static final long WORD_MASK = 0xFFFF_FFFFL;
    /** Raw pushes wider than this are split, so that every raw step is a valid rANS step. */
    private static final int RAW_CHUNK = 16;

    private long head;
    private int[] words;
    private int size;

    /** A new, empty stack. */
    public AnsStack() {
        this(16);
    }

    /** A new, empty stack with room for {@code initialWords} words before it grows. */
    public AnsStack(int initialWords) {
        this.head = LOWER_BOUND;
        this.words = new int[Math.max(initialWords, 2)];
        this.size = 0;
    }

    private AnsStack(long head, int[] words, int size) {
        this.head = head;
        this.words = words;
        this.size = size;
    }

    /**
     * A stack whose content is arbitrary binary data, a source of bits for bits-back coding. The head starts at
     * its lower bound and the words are popped in the order given ({@code data[0]} first).
     */
    public static AnsStack fromBinary(int[] data) {
        int[] w = new int[Math.max(data.length, 2)];
        for (int i = 0; i < data.length; i++) {
            w[data.length - 1 - i] = data[i];
        }
        return new AnsStack(LOWER_BOUND, w, data.length);
    }

    /**
     * Parses the output of {@link #toBytes()}.
     *
     * @throws CorruptStreamException if the length is not a whole number of words, is shorter than the head, or
     *         the head is outside {@code [2^31, 2^63)}
     */
    public static AnsStack fromBytes(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + "+" + length + ") of " + bytes.length);
        }
        if (length % 4 != 0) {
            throw new CorruptStreamException("ANS stream length " + length + " is not a multiple of 4 bytes");
        }
        if (length < 8) {
            throw new CorruptStreamException("ANS stream of " + length + " bytes is shorter than its 8-byte head");
        }
        long head = ((long) BigEndian.i32(bytes, offset) << 32) | (BigEndian.i32(bytes, offset + 4) & WORD_MASK);
        if (head < LOWER_BOUND) {
            throw new CorruptStreamException("ANS head 0x" + Long.toHexString(head) + " is outside [2^31, 2^63)");
        }
        int n = length / 4 - 2;
        int[] w = new int[Math.max(n, 2)];
        for (int i = 0; i < n; i++) {
            // byte order: top of stack first; internal array: top of stack last
            w[n - 1 - i] = BigEndian.i32(bytes, offset + 8 + 4 * i);
        }
        return new AnsStack(head, w, n);
    }

    /** Parses the output of {@link #toBytes()}. */
    public static AnsStack fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    /** Serialises head and stack; see the class comment for the layout. The stack itself is unchanged. */
    public byte[] toBytes() {
        if (size > (Integer.MAX_VALUE - 8) / 4 - 2) {
            throw new IllegalStateException("the stack holds " + size + " words, more than a byte array can take");
        }
        byte[] out = new byte[4 * (size + 2)];
        BigEndian.put32(out, 0, (int) (head >>> 32));
        BigEndian.put32(out, 4, (int) head);
        for (int i = 0; i < size; i++) {
            BigEndian.put32(out, 8 + 4 * i, words[size - 1 - i]);
        }
        return out;
    }

    /**
     * Exact length in bits of the serialised form, {@code 32 * (words + 2)}: what {@link #toBytes()} returns times
     * eight.
     */
    public long bitLength() {
        return 32L * (size + 2);
    }

    /**
     * Information content held by the stack relative to an empty one, in bits:
     * {@code 32 * words + log2(head) - 31}. Unlike {@link #bitLength()} it does not round the head up to whole
     * words, which makes it the right measure of the rate of a short message.
     */
    public double informationBits() {
        return 32.0 * size + StrictMath.log(head) / StrictMath.log(2.0) - 31.0;
    }

    /** Number of 32-bit words on the stack below the head. */
    public int wordCount() {
        return size;
    }

    /** True iff the stack is in its initial state (no words, head at its lower bound). */
    public boolean isEmpty() {
        return size == 0 && head == LOWER_BOUND;
    }

    /** Encodes {@code symbol} under {@code model}. */
    public void push(int symbol, EntropyModel model) {
        if (!model.inSupport(symbol)) {
            throw new IllegalArgumentException("symbol " + symbol + " is outside the model's support ["
                    + model.minSymbol() + ", " + model.maxSymbol() + "]");
        }
        pushInterval(model.cumulative(symbol), model.frequency(symbol), model.precision());
    }

    /** Decodes one symbol under {@code model}: the inverse of {@link #push(int, EntropyModel)}. */
    public int pop(EntropyModel model) {
        int precision = model.precision();
        int quantile = (int) (head & ((1L << precision) - 1));
        int symbol = model.symbol(quantile);
        int c = model.cumulative(symbol);
        int f = model.frequency(symbol);
        if (quantile < c || quantile - c >= f) {
            throw new IllegalStateException("model " + model + " is not invertible at quantile " + quantile);
        }
        head = f * (head >>> precision) + quantile - c;
        refill();
        return symbol;
    }

    /**
     * Pushes the symbols so that successive {@link #pop(EntropyModel)} calls return them in array order
     * ({@code symbols[offset]} first).
     */
    public void pushAll(int[] symbols, int offset, int length, EntropyModel model) {
        for (int i = offset + length - 1; i >= offset; i--) {
            push(symbols[i], model);
        }
    }

    /** Pops {@code length} symbols into {@code out} in the order they were passed to {@link #pushAll}. */
    public void popAll(int[] out, int offset, int length, EntropyModel model) {
        for (int i = offset; i < offset + length; i++) {
            out[i] = pop(model);
        }
    }

    /**
     * Pushes the low {@code bits} bits of {@code value} with a uniform model, {@code 1 <= bits <= 32}; higher bits
     * of {@code value} must be zero.
     */
    public void pushRaw(int value, int bits) {
        if (bits < 1 || bits > 32) {
            throw new IllegalArgumentException("raw width must be in [1, 32], was " + bits);
        }
        long v = value & WORD_MASK;
        if (bits < 32 && (v >>> bits) != 0) {
            throw new IllegalArgumentException("value 0x" + Long.toHexString(v) + " does not fit in " + bits + " bits");
        }
        if (bits > RAW_CHUNK) {
            // LIFO: the low chunk goes in first so that the high chunk comes out first
            pushRawChunk(v & ((1L << RAW_CHUNK) - 1), RAW_CHUNK);
            pushRawChunk(v >>> RAW_CHUNK, bits - RAW_CHUNK);
        } else {
            pushRawChunk(v, bits);
        }
    }

    /** Pops {@code bits} raw bits pushed by {@link #pushRaw(int, int)}. */
    public int popRaw(int bits) {
        if (bits < 1 || bits > 32) {
            throw new IllegalArgumentException("raw width must be in [1, 32], was " + bits);
        }
        if (bits > RAW_CHUNK) {
            long high = popRawChunk(bits - RAW_CHUNK);
            long low = popRawChunk(RAW_CHUNK);
            return (int) ((high << RAW_CHUNK) | low);
        }
        return (int) popRawChunk(bits);
    }

    private void pushRawChunk(long value, int bits) {
        if (head >= (1L << (63 - bits))) {
            emit();
        }
        head = (head << bits) | value;
    }

    private long popRawChunk(int bits) {
        long value = head & ((1L << bits) - 1);
        head >>>= bits;
        refill();
        return value;
    }

    /**
     * Pushes the interval {@code [cumulative, cumulative + frequency)} of {@code [0, 2^precision)}. The building
     * block of {@link #push}; exposed for callers with their own model representation.
     */
    public void pushInterval(int cumulative, int frequency, int precision) {
        if (precision < 1 || precision > EntropyModel.MAX_PRECISION) {
            throw new IllegalArgumentException("precision must be in [1, " + EntropyModel.MAX_PRECISION + "], was " + precision);
        }
        long total = 1L << precision;
        if (frequency <= 0 || cumulative < 0 || (long) cumulative + frequency > total) {
            throw new IllegalArgumentException("invalid interval [" + cumulative + ", " + cumulative + "+" + frequency
                    + ") at precision " + precision);
        }
        if (frequency == total) {
            return; // probability one: the rANS step is the identity
        }
        long x = head;
        if (x >= ((long) frequency << (63 - precision))) {
            emit();
            x = head;
        }
        head = ((x / frequency) << precision) + (x % frequency) + cumulative;
    }

    private void emit() {
        if (size == words.length) {
            words = Arrays.copyOf(words, words.length * 2);
        }
        words[size++] = (int) head;
        head >>>= 32;
    }

    private void refill() {
        if (head < LOWER_BOUND) {
            if (size == 0) {
                throw new CorruptStreamException("ANS stack exhausted: popped more information than was pushed");
            }
            head = (head << 32) | (words[--size] & WORD_MASK);
        }
    }

    /** The complete state, for {@link #restore(Snapshot)}. */
    public Snapshot snapshot() {
        return new Snapshot(head, Arrays.copyOf(words, size));
    }

    /** Resets this stack to a state captured by {@link #snapshot()}. */
    public void restore(Snapshot snapshot) {
        head = snapshot.head;
        int n = snapshot.words.length;
        if (words.length < n) {
            words = new int[Math.max(n, 2)];
        }
        System.arraycopy(snapshot.words, 0, words, 0, n);
        size = n;
    }

    /** A copy of this stack. */
    public AnsStack copy() {
        return new AnsStack(head, Arrays.copyOf(words, Math.max(size, 2)), size);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AnsStack)) {
            return false;
        }
        AnsStack other = (AnsStack) o;
        return head == other.head && Arrays.equals(words, 0, size, other.words, 0, other.size);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(head);
        for (int i = 0; i < size; i++) {
            h = 31 * h + words[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "AnsStack[head=0x" + Long.toHexString(head) + ", words=" + size + "]";
    }

    // ---- bulk byte fast path (the throughput path measured in rec4j-bench) ----

    /**
     * Pushes {@code length} bytes (symbols 0..255) under a byte {@link CategoricalModel} so that
     * {@link #popBytes} returns them in array order. Bit-identical to calling {@link #push} per byte in reverse,
     * but uses exact reciprocal division and no per-symbol checks beyond the model's tables.
     */
    public void pushBytes(byte[] data, int offset, int length, CategoricalModel model) {
        FastTables t = model.fastTables();
        if (t.minSymbol != 0 || model.maxSymbol() < 255) {
            throw new IllegalArgumentException("pushBytes needs a model over symbols 0..255");
        }
        ensureCapacity(size + length);
        int[] w = words;
        int s = size;
        long x = head;
        long[] bound = t.renormBound;
        long[] rcp = t.reciprocal;
        int[] shift = t.shift;
        long[] bias = t.bias;
        long[] complement = t.complement;
        for (int i = offset + length - 1; i >= offset; i--) {
            int sym = data[i] & 0xFF;
            if (x >= bound[sym]) {
                w[s++] = (int) x;
                x >>>= 32;
            }
            // x' = floor(x/f)*2^n + (x mod f) + c  ==  x + c + floor(x/f)*(2^n - f)
            long q = (Math.multiplyHigh(x, rcp[sym]) + ((rcp[sym] >> 63) & x)) >>> shift[sym];
            x += bias[sym] + q * complement[sym];
        }
        head = x;
        size = s;
    }

    /** Pops {@code length} bytes pushed by {@link #pushBytes} into {@code out}. */
    public void popBytes(byte[] out, int offset, int length, CategoricalModel model) {
        FastTables t = model.fastTables();
        if (t.minSymbol != 0 || model.maxSymbol() < 255) {
            throw new IllegalArgumentException("popBytes needs a model over symbols 0..255");
        }
        int[] w = words;
        int s = size;
        long x = head;
        int precision = t.precision;
        long mask = (1L << precision) - 1;
        int[] freq = t.frequency;
        int[] cum = t.cumulative;
        byte[] lookup = t.byteLookup;
        int[] packed = t.packed;
        int i = offset;
        int end = offset + length;
        if (packed != null && lookup != null) {
            // fast region: one packed load per step and a branch-free refill while words remain
            for (; i < end && s > 0; i++) {
                int q = (int) (x & mask);
                int e = packed[q];
                out[i] = lookup[q];
                x = (e >>> 16) * (x >>> precision) + (e & 0xFFFF);
                long word = w[s - 1] & WORD_MASK;
                boolean refill = x < LOWER_BOUND;
                x = refill ? (x << 32) | word : x;
                s -= refill ? 1 : 0;
            }
        }
        try {
            for (; i < end; i++) {
                int q = (int) (x & mask);
                int sym = lookup != null ? lookup[q] & 0xFF : t.search(q);
                x = freq[sym] * (x >>> precision) + q - cum[sym];
                if (x < LOWER_BOUND) {
                    if (s == 0) {
                        throw new CorruptStreamException("ANS stack exhausted after " + (i - offset) + " of " + length + " bytes");
                    }
                    x = (x << 32) | (w[--s] & WORD_MASK);
                }
                out[i] = (byte) sym;
            }
        } finally {
            head = x;
            size = s;
        }
    }

    private void ensureCapacity(int n) {
        if (words.length < n) {
            words = Arrays.copyOf(words, Math.max(n, words.length * 2));
        }
    }

    /** Immutable copy of a stack's state. */
    public static final class Snapshot {
        private final long head;
        private final int[] words;

        private Snapshot(long head, int[] words) {
            this.head = head;
            this.words = words;
        }

        /** Length in bits of the snapshotted stack, as {@link AnsStack#bitLength()}. */
        public long bitLength() {
            return 32L * (words.length + 2);
        }
    }
}
