package io.rec4j.core.rec.plan;

import io.rec4j.core.random.SharedRandomness;

/**
 * Reproducible random permutations from {@link SharedRandomness}: the Fisher–Yates (Durstenfeld) shuffle driven by
 * shared 64-bit words, so planner and decoder (or a later run that rebuilds the plan) get the same permutation on any
 * JVM. The replacement for MIRACLE's numpy-seeded and COMBINER's {@code torch.randperm} shuffles
 * ({@code docs/algorithms.md}, "Block planning").
 *
 * <p>Definition: start from the identity {@code π = (0, 1, ..., n−1)}; for {@code i = n−1} down to {@code 1}
 * draw {@code j} uniform in {@code [0, i]} and swap {@code π[i]} and {@code π[j]}. The draws consume the words
 * {@code bits64(stream 0, k)} for {@code k = 0, 1, ...} of {@code rng}; {@code j = v mod (i+1)} for the top 63 bits
 * {@code v} of a word, with the words whose {@code v} falls in the incomplete last period rejected (the overflow
 * test of the JDK's bounded {@code nextInt}), so {@code j} is exactly uniform and only integer arithmetic is used.
 */
final class SeededPermutation {

    private SeededPermutation() {
    }

    /** The permutation of {@code {0, ..., n−1}} defined by {@code rng} (see the class comment). */
    public static int[] of(int n, SharedRandomness rng) {
        if (n < 0) {
            throw new IllegalArgumentException("negative permutation size " + n);
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        long counter = 0;
        for (int i = n - 1; i >= 1; i--) {
            long bound = i + 1L;
            // Reject v in the last, incomplete period of bound below 2^63: there v − (v mod bound) + bound − 1
            // overflows (the JDK's bounded nextInt idiom, on 63 bits).
            long v;
            long r;
            do {
                v = rng.bits64(0, counter++) >>> 1;
                r = v % bound;
            } while (v - r + (bound - 1) < 0);
            int j = (int) r;
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }
}
