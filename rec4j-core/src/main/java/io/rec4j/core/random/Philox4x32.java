package io.rec4j.core.random;

/**
 * The Philox4x32-10 counter-based pseudo-random function: a keyed bijection of a 128-bit counter (four 32-bit
 * words) under a 64-bit key (two 32-bit words), from J. K. Salmon, M. A. Moraes, R. O. Dror and D. E. Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", Proc. SC'11 (2011), Sect. 4.
 *
 * <p>Each of the ten rounds multiplies two counter words by the constants {@code 0xD2511F53} and
 * {@code 0xCD9E8D57}, takes the 64-bit products apart into high and low halves, and permutes/XORs them with the
 * other counter words and the round key; the key is bumped by the Weyl constants {@code 0x9E3779B9} and
 * {@code 0xBB67AE85} between rounds. Only integer arithmetic is involved, so the output is identical on every JVM
 * and CPU. Verified against the Random123 known-answer vectors in the tests.
 *
 * <p>Random access is O(1): output block {@code i} is simply {@code philox(counter = i, key)}.
 */
public final class Philox4x32 {
    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final long MASK32 = 0xFFFF_FFFFL;

    /** Number of rounds (the "-10"). */
    public static final int ROUNDS = 10;

    private Philox4x32() {
    }

    /**
     * Computes one 128-bit block for counter {@code (c0, c1, c2, c3)} and key {@code (k0, k1)} (word 0 is the least
     * significant, as in Random123) and writes the four output words to {@code out[0..3]}.
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        long[] pair = new long[2];
        block((c0 & MASK32) | ((long) c1 << 32), (c2 & MASK32) | ((long) c3 << 32), (k0 & MASK32) | ((long) k1 << 32), pair);
        out[0] = (int) (pair[0] >>> 32);
        out[1] = (int) pair[0];
        out[2] = (int) (pair[1] >>> 32);
        out[3] = (int) pair[1];
    }

    /**
     * One block for the 128-bit counter {@code (counterLo, counterHi)} (words c0, c1 from counterLo's low and high
     * halves, c2, c3 from counterHi's) and the 64-bit key (k0 low half, k1 high half), returned as two 64-bit words
     * {@code out[0] = (w0 << 32) | w1} and {@code out[1] = (w2 << 32) | w3}, where w0..w3 are the Random123
     * output words.
     */
    public static void block(long counterLo, long counterHi, long key, long[] out) {
        int c0 = (int) counterLo;
        int c1 = (int) (counterLo >>> 32);
        int c2 = (int) counterHi;
        int c3 = (int) (counterHi >>> 32);
        int k0 = (int) key;
        int k1 = (int) (key >>> 32);
        for (int r = 0; r < ROUNDS; r++) {
            long p0 = M0 * (c0 & MASK32);
            long p1 = M1 * (c2 & MASK32);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        out[0] = ((long) c0 << 32) | (c1 & MASK32);
        out[1] = ((long) c2 << 32) | (c3 & MASK32);
    }
}
