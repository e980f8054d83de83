package io.rec4j.core.random;

/**
 * {@link Philox4x32} for a run of consecutive counters, computed "structure of arrays": each round is one loop over
 * {@value #CAPACITY} independent counters held in separate arrays, a shape the JIT compiles to SIMD integer
 * instructions (plain Java; no Vector API). Integer arithmetic only, so the words are exactly those of
 * {@link Philox4x32#block(long, long, long, long[])} (checked by the tests). A batch holds scratch arrays and is not
 * thread-safe: use {@link #local()}, one per thread.
 */
final class PhiloxBatch {
    /** Blocks per call of {@link #blocks}. */
    static final int CAPACITY = 256;

    private static final ThreadLocal<PhiloxBatch> LOCAL = ThreadLocal.withInitial(PhiloxBatch::new);

    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final long W0 = 0x9E3779B9L;
    private static final long W1 = 0xBB67AE85L;
    private static final long MASK32 = 0xFFFF_FFFFL;

    // the four counter words of each block, in the low 32 bits of a long (so a 32x32 -> 64-bit product is a plain
    // long multiplication)
    private final long[] c0 = new long[CAPACITY];
    private final long[] c1 = new long[CAPACITY];
    private final long[] c2 = new long[CAPACITY];
    private final long[] c3 = new long[CAPACITY];
    private final long[] words = new long[2 * CAPACITY];
    /** Scratch positions within one batch of words (for callers that revisit a few of them). */
    final int[] positions = new int[2 * CAPACITY];

    /** This thread's batch (callers must not hold on to it across calls that may use it themselves). */
    static PhiloxBatch local() {
        return LOCAL.get();
    }

    /**
     * {@link #blocks(long, long, long, int, long[])} into this batch's own array, which is returned (valid until the
     * next call).
     */
    long[] blocks(long first, long counterHi, long key, int n) {
        blocks(first, counterHi, key, n, words);
        return words;
    }

    /**
     * The output of the {@code n ≤ CAPACITY} blocks with counters {@code (first + j, counterHi)}, {@code j < n}:
     * {@code out[2j] = w0:w1} and {@code out[2j + 1] = w2:w3} of block {@code j}, as {@link Philox4x32} returns them.
     */
    void blocks(long first, long counterHi, long key, int n, long[] out) {
        if (n < 0 || n > CAPACITY || out.length < 2 * n) {
            throw new IllegalArgumentException("n = " + n + " blocks into " + out.length + " words");
        }
        long[] a0 = c0;
        long[] a1 = c1;
        long[] a2 = c2;
        long[] a3 = c3;
        long hi2 = counterHi & MASK32;
        long hi3 = counterHi >>> 32;
        for (int j = 0; j < n; j++) {
            long b = first + j;
            a0[j] = b & MASK32;
            a1[j] = b >>> 32;
            a2[j] = hi2;
            a3[j] = hi3;
        }
        long k0 = key & MASK32;
        long k1 = key >>> 32;
        for (int r = 0; r < Philox4x32.ROUNDS; r++) {
            for (int j = 0; j < n; j++) {
                long p0 = M0 * a0[j];
                long p1 = M1 * a2[j];
                long n0 = (p1 >>> 32) ^ a1[j] ^ k0;
                long n2 = (p0 >>> 32) ^ a3[j] ^ k1;
                a1[j] = p1 & MASK32;
                a3[j] = p0 & MASK32;
                a0[j] = n0;
                a2[j] = n2;
            }
            k0 = (k0 + W0) & MASK32;
            k1 = (k1 + W1) & MASK32;
        }
        for (int j = 0; j < n; j++) {
            out[2 * j] = (a0[j] << 32) | a1[j];
            out[2 * j + 1] = (a2[j] << 32) | a3[j];
        }
    }
}
