package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.math.SpecialFunctions;
import java.math.BigInteger;

/**
 * The index code of the binary-partition-tree searches, matched to the distribution of the nodes they select: exact
 * and depth-limited A* coding, AS* and AD* (G. Flamich, S. Markou, J. M. Hernández-Lobato, "Fast relative entropy
 * coding with A* coding", ICML 2022, arXiv 2201.12857) and split-on-sample GPRS (G. Flamich, "Greedy Poisson rejection
 * sampling", NeurIPS 2023, arXiv 2305.15313, Alg. 5); {@code docs/algorithms.md}, "Index codes". Neither paper gives a
 * code for the heap index; this one is rec4j's design.
 *
 * <p><b>What is coded.</b> A heap index h (root 1, children 2h and 2h + 1) names a node at depth {@code k =
 * ⌊log2 h⌋}; the k bits after its leading one spell the root-to-node path (0 = left). Both searches split a node's
 * interval B = (a, b) at a point x that the decoder regenerates without knowing the target (AS* and GPRS: the node's
 * own candidate; AD*: the median of P restricted to B). So the decoder, replaying the path from the root, knows the
 * P-mass of both children of a node before it reads the step into them. The code is one arithmetic codeword over the
 * decisions taken at the nodes of the path, each node's three outcomes having the probabilities
 * <ul>
 *   <li>stop here: {@code s = 2^{−j}} with {@code j = round(log2(λ + 1)) ≥ 1}, so that the depth follows the
 *       geometric law with mean {@code 2^j − 1 ≈ λ} (the maximum-entropy law on the depths with a given mean; λ is
 *       the searches' agreed parameter, per-dimension KL in bits + 1, and the measured mean depths are 0.8–1.3 × KL).
 *       The power of two makes the root's codeword exactly j bits, with no termination loss, which matters at small
 *       KL where the root is the likeliest node;</li>
 *   <li>go left / right: {@code (1 − s)} times the P-mass fraction of that child, {@code P((a, x)) / P((a, b))} or
 *       {@code P((x, b)) / P((a, b))}.</li>
 * </ul>
 * A node at the depth limit stops without a decision. The probabilities multiply along the path, so node B at depth k
 * costs {@code −log2 P(B) − k·log2(1 − s) + j} bits plus at most two bits of termination. For the searches
 * that is the right scale: the winning node's Gumbel, whose location is {@code ln P(B)}, must beat {@code −ℓ(X)}, so
 * {@code −log2 P(B)} tracks the KL (measured: slightly below it), while a Zipf code on h pays about one bit per level
 * and the depth of a target sitting on P's mode is about 1.3 × KL.
 *
 * <p><b>Arithmetic.</b> Every probability is an integer frequency out of {@code 2^}{@value #FREQUENCY_BITS} (each
 * outcome at least 1), and the codeword is computed exactly, without renormalisation: after i decisions the path's
 * interval is {@code [L, L + W)} in units of {@code 2^{−32i}} ({@link BigInteger}s; a decision multiplies the scale
 * by {@code 2^32} and W by the outcome's frequency). The codeword is the shortest binary fraction {@code c/2^n} whose
 * whole dyadic interval lies inside the final {@code [L, L + W)} (the smallest such c), so {@code n ≤ −log2 W' + 2}
 * for the interval's real width W'. The codewords of all paths are prefix-free because their intervals are disjoint;
 * the decoder reads bit by bit until its dyadic interval lies inside one outcome at each node, and at the end checks
 * that the bits are exactly the canonical codeword of the node reached (otherwise the stream is corrupt). A decision
 * at scale {@code 2^{−32i}} never needs more than {@code 32i} bits in all, so damaged input cannot make a loop long.
 *
 * <p><b>Determinism.</b> The P-mass fractions are computed with {@link RestrictedSampler#logMass}
 * ({@link StrictMath} and {@link SpecialFunctions} only, in a fixed order) from the interval end points, which the
 * encoder's length computation obtains by replaying the path exactly as the decoder does; everything after the
 * quantisation of the fractions is integer arithmetic.
 *
 * <p>Immutable and thread-safe.
 */
public final class HeapPathCode {
    /** Bits of the integer frequencies of each decision. */
    public static final int FREQUENCY_BITS = 32;
    /** Deepest node that can be coded: heap indices below 2^63. */
    public static final int MAX_DEPTH = 62;

    private static final long TOTAL = 1L << FREQUENCY_BITS;

    /**
     * The split point of a node, as the search and its decoder compute it: a pure function of the node's interval
     * {@code (a, b)} and heap index {@code h}, regenerated from shared randomness.
     */
    @FunctionalInterface
    interface Splitter {
        double split(double a, double b, long h);
    }

    /**
     * One dimension's partition tree as the decoder can rebuild it: P restricted to intervals, the root interval
     * {@code (lo, hi)}, the split rule and the depth limit (nodes at {@code maxDepth} are leaves).
     */
    record Tree(RestrictedSampler p, double lo, double hi, Splitter splitter, int maxDepth) {
        Tree {
            if (maxDepth < 0 || maxDepth > MAX_DEPTH) {
                throw new IllegalArgumentException("maxDepth must be in [0, " + MAX_DEPTH + "], was " + maxDepth);
            }
        }
    }

    /** A heap index read from a stream and the number of bits it took. */
    record Read(long index, long bits) {
    }

    private final double lambda;
    /** Frequency of "stop here": 2^{32 − j}. */
    private final long stop;

    /**
     * The code for searches tuned to λ = (expected per-dimension KL in bits) + 1, the parameter of the Zipf code that
     * A* coding and GPRS used on h before; encoder and decoder must agree on it.
     *
     * @throws IllegalArgumentException if λ is not finite and positive
     */
    public HeapPathCode(double lambda) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and positive, was " + lambda);
        }
        this.lambda = lambda;
        this.stop = 1L << (FREQUENCY_BITS - stopBits(lambda));
    }

    /** The λ this code was built for. */
    public double lambda() {
        return lambda;
    }

    /**
     * j of the stop probability {@code 2^{−j}}: {@code round(log2(λ + 1))}, clamped to [1, 31]; the depth then
     * follows the geometric law with mean {@code 2^j − 1}, the power-of-two mean closest to λ on the log scale.
     */
    static int stopBits(double lambda) {
        double j = StrictMath.rint(StrictMath.log(lambda + 1) / StrictMath.log(2));
        return (int) Math.min(Math.max(j, 1), FREQUENCY_BITS - 1);
    }

    /** Depth of heap index {@code h ≥ 1} (root 0). */
    static int depthOf(long h) {
        return 63 - Long.numberOfLeadingZeros(h);
    }

    /**
     * The exact number of bits {@link #write} emits for heap index {@code h} of {@code tree}.
     *
     * @throws IllegalArgumentException if {@code h < 1} or h is deeper than the tree's depth limit
     */
    long length(long h, Tree tree) {
        return length(h, new IntervalWalk(tree), tree.maxDepth());
    }

    /** Writes heap index {@code h} of {@code tree}: exactly {@link #length} bits. */
    void write(BitWriter out, long h, Tree tree) {
        write(out, h, new IntervalWalk(tree), tree.maxDepth());
    }

    /**
     * Reads one heap index of {@code tree}, replaying its path.
     *
     * @throws CorruptStreamException if the stream ends early, the path runs into an empty interval, or the bits are
     *                                not the canonical codeword of the node they lead to
     */
    Read read(BitReader in, Tree tree) {
        return read(in, new IntervalWalk(tree), tree.maxDepth());
    }

    /** The walk down a one-dimensional tree: the node's interval, split where the tree's splitter says. */
    private static final class IntervalWalk implements Walk {
        private final Tree tree;
        private double a;
        private double b;
        private long h = 1;
        private double x = Double.NaN;

        IntervalWalk(Tree tree) {
            this.tree = tree;
            this.a = tree.lo();
            this.b = tree.hi();
        }

        @Override
        public double leftFraction() {
            x = tree.splitter().split(a, b, h);
            return HeapPathCode.leftFraction(tree.p(), a, x, b);
        }

        @Override
        public boolean descend(boolean right) {
            if (Double.isNaN(x)) {
                x = tree.splitter().split(a, b, h);
            }
            if (right) {
                a = x;
                h = 2 * h + 1;
            } else {
                b = x;
                h = 2 * h;
            }
            x = Double.NaN;
            return a < b;
        }
    }

    /**
     * A partition tree that the decoder can replay one step at a time, for trees whose nodes are not one interval
     * (the boxes of {@link JointAStarCoding}). A walk starts at the root; before each step it gives the P-mass
     * fraction of the current node's left child, computed from shared information only, exactly as the decoder
     * computes it. A walk is stateful: use a fresh one for each call.
     */
    interface Walk {
        /** {@code P(left child) / P(node)} of the current node, in [0, 1] (NaN is read as 1/2). */
        double leftFraction();

        /**
         * Moves to the left ({@code right == false}) or right child of the current node.
         *
         * @return false if that child is empty (no encoder creates such a node)
         */
        boolean descend(boolean right);
    }

    /** The exact number of bits {@link #write(BitWriter, long, Walk, int)} emits for node {@code h} of a walk. */
    long length(long h, Walk walk, int maxDepth) {
        return encode(h, walk, maxDepth).bits;
    }

    /** Writes node {@code h} of the tree that {@code walk} (fresh, at the root) replays; nodes at {@code maxDepth} are leaves. */
    void write(BitWriter out, long h, Walk walk, int maxDepth) {
        Dyadic d = encode(h, walk, maxDepth);
        for (int i = d.bits - 1; i >= 0; i -= 64) {
            int n = Math.min(64, i + 1);
            out.writeBits(d.code.shiftRight(i + 1 - n).longValue() & mask(n), n);
        }
    }

    /**
     * Reads one node of the tree that {@code walk} (fresh, at the root) replays; the same arithmetic as
     * {@link #read(BitReader, Tree)}, with the walk's fractions in place of a one-dimensional interval's.
     *
     * @throws CorruptStreamException if the stream ends early, the path runs into an empty node, or the bits are not
     *                                the canonical codeword of the node they lead to
     */
    Read read(BitReader in, Walk walk, int maxDepth) {
        checkDepth(maxDepth);
        BigInteger low = BigInteger.ZERO;
        BigInteger width = BigInteger.ONE;
        int scale = 0;
        BigInteger v = BigInteger.ZERO;
        int m = 0;
        long h = 1;
        for (int depth = 0; depth < maxDepth; depth++) {
            long left = frequencyOf(walk.leftFraction());
            BigInteger base = low.shiftLeft(FREQUENCY_BITS);
            BigInteger toLeft = base.add(width.multiply(BigInteger.valueOf(stop)));
            BigInteger toRight = toLeft.add(width.multiply(BigInteger.valueOf(left)));
            scale += FREQUENCY_BITS;
            int outcome;
            while (true) {
                BigInteger dLo = v.shiftLeft(scale - m);
                BigInteger dHi = dLo.add(BigInteger.ONE.shiftLeft(scale - m));
                if (dHi.compareTo(toLeft) <= 0) {
                    outcome = 0;
                } else if (dLo.compareTo(toLeft) >= 0 && dHi.compareTo(toRight) <= 0) {
                    outcome = 1;
                } else if (dLo.compareTo(toRight) >= 0) {
                    outcome = 2;
                } else {
                    if (m >= scale) {
                        throw new IllegalStateException("heap path decoder: a unit straddles a boundary");
                    }
                    v = v.shiftLeft(1).add(in.readBit() ? BigInteger.ONE : BigInteger.ZERO);
                    m++;
                    continue;
                }
                break;
            }
            if (outcome == 0) {
                low = base;
                width = width.multiply(BigInteger.valueOf(stop));
                return finish(h, low, width, scale, v, m);
            }
            if (outcome == 1) {
                low = toLeft;
                width = width.multiply(BigInteger.valueOf(left));
                h = 2 * h;
            } else {
                low = toRight;
                width = width.multiply(BigInteger.valueOf(TOTAL - stop - left));
                h = 2 * h + 1;
            }
            if (!walk.descend(outcome == 2)) {
                throw new CorruptStreamException("heap path to node " + h + " runs into an empty node");
            }
        }
        return finish(h, low, width, scale, v, m);
    }

    private Dyadic encode(long h, Walk walk, int maxDepth) {
        checkDepth(maxDepth);
        if (h < 1) {
            throw new IllegalArgumentException("heap index must be positive, was " + h);
        }
        int k = depthOf(h);
        if (k > maxDepth) {
            throw new IllegalArgumentException("heap index " + h + " is deeper than the depth limit " + maxDepth);
        }
        BigInteger low = BigInteger.ZERO;
        BigInteger width = BigInteger.ONE;
        int scale = 0;
        for (int depth = 0; depth < k; depth++) {
            long left = frequencyOf(walk.leftFraction());
            BigInteger base = low.shiftLeft(FREQUENCY_BITS);
            scale += FREQUENCY_BITS;
            boolean right = ((h >>> (k - 1 - depth)) & 1) != 0;
            if (!right) {
                low = base.add(width.multiply(BigInteger.valueOf(stop)));
                width = width.multiply(BigInteger.valueOf(left));
            } else {
                low = base.add(width.multiply(BigInteger.valueOf(stop + left)));
                width = width.multiply(BigInteger.valueOf(TOTAL - stop - left));
            }
            if (!walk.descend(right)) {
                throw new IllegalArgumentException("heap index " + h + " names an empty node");
            }
        }
        if (k < maxDepth) {
            low = low.shiftLeft(FREQUENCY_BITS);
            width = width.multiply(BigInteger.valueOf(stop));
            scale += FREQUENCY_BITS;
        }
        return shortestDyadic(low, width, scale);
    }

    private static void checkDepth(int maxDepth) {
        if (maxDepth < 0 || maxDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be in [0, " + MAX_DEPTH + "], was " + maxDepth);
        }
    }

    /** A left-child fraction in [0, 1] (anything else counts as 1/2) as an integer frequency of the left child. */
    private long frequencyOf(double fraction) {
        long go = TOTAL - stop;
        double f0 = fraction >= 0 && fraction <= 1 ? fraction : 0.5;
        long f = (long) (f0 * go + 0.5);
        return Math.min(Math.max(f, 1), go - 1);
    }

    /** The node reached by the decoder is {@code h}; checks that the bits read are its canonical codeword. */
    private static Read finish(long h, BigInteger low, BigInteger width, int scale, BigInteger v, int m) {
        Dyadic canonical = shortestDyadic(low, width, scale);
        if (canonical.bits != m || !canonical.code.equals(v)) {
            throw new CorruptStreamException("heap path codeword of node " + h + " is not canonical");
        }
        return new Read(h, m);
    }

    /** {@code bits} bits of {@code code}. */
    private record Dyadic(int bits, BigInteger code) {
    }

    /**
     * The shortest dyadic interval {@code [c, c + 1)·2^{−n}} inside {@code [low, low + width)·2^{−scale}}, the smallest
     * c among those of that length. {@code width ≥ 1}, so {@code n ≤ scale}; with {@code 2^e ≤ width < 2^{e+1}} an
     * aligned block of {@code 2^{e−1}} units always fits, so at most two lengths are tried.
     */
    private static Dyadic shortestDyadic(BigInteger low, BigInteger width, int scale) {
        int e = width.bitLength() - 1;
        BigInteger high = low.add(width);
        for (int g = e; g >= 0; g--) {
            BigInteger c = low.add(BigInteger.ONE.shiftLeft(g).subtract(BigInteger.ONE)).shiftRight(g); // ⌈low/2^g⌉
            if (c.add(BigInteger.ONE).shiftLeft(g).compareTo(high) <= 0) {
                return new Dyadic(scale - g, c);
            }
        }
        throw new IllegalStateException("heap path code: a unit interval always fits");
    }

    /**
     * The integer frequency of the left child (a, x) of (a, b), in {@code [1, 2^32 − stop − 1]}: {@code 2^32 − stop}
     * times the P-mass fraction {@code P((a, x)) / (P((a, x)) + P((x, b)))}, rounded; one half of it when neither
     * child has representable mass.
     */
    long leftFrequency(RestrictedSampler p, double a, double x, double b) {
        return frequencyOf(leftFraction(p, a, x, b));
    }

    /** {@code P((a, x)) / (P((a, x)) + P((x, b)))}, 1/2 if neither side has representable mass. */
    static double leftFraction(RestrictedSampler p, double a, double x, double b) {
        double left = p.logMass(a, x);
        double right = p.logMass(x, b);
        if (left == Double.NEGATIVE_INFINITY && right == Double.NEGATIVE_INFINITY) {
            return 0.5;
        }
        double fraction = StrictMath.exp(left - SpecialFunctions.logAddExp(left, right));
        return fraction >= 0 && fraction <= 1 ? fraction : 0.5; // NaN only from degenerate input, same on both sides
    }

    private static long mask(int n) {
        return n == 64 ? -1L : (1L << n) - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeapPathCode c && Double.doubleToLongBits(c.lambda) == Double.doubleToLongBits(lambda);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lambda);
    }

    @Override
    public String toString() {
        return "HeapPathCode(lambda=" + lambda + ")";
    }
}
