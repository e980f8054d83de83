package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.EliasDelta;
import io.rec4j.core.coding.bits.IntegerCode;
import io.rec4j.core.coding.bits.ZipfCode;
import io.rec4j.core.math.SpecialFunctions;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.DensityRatio1D;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.Arrays;
import java.util.Objects;

/**
 * A* coding and depth-limited A* coding (G. Flamich, S. Markou, J. M. Hernández-Lobato, "Fast relative entropy
 * coding with A* coding", ICML 2022, arXiv 2201.12857; {@code docs/algorithms.md}, "A* coding").
 *
 * <h2>Search (one dimension)</h2>
 * A* sampling (C. J. Maddison, D. Tarlow, T. Minka, "A* sampling", NeurIPS 2014) over a binary space-partition
 * tree of the support of P. A node is an interval B with heap index h (root 1, children 2h and 2h+1), a Gumbel
 * {@code G_B} with location {@code ln P(B)} truncated above by its parent's Gumbel (root: a standard Gumbel;
 * {@code G = m − ln(E + e^{−(bound − m)})}, {@code E ~ Exp(1)}), a candidate {@code X_B ~ P|_B} and the
 * upper bound {@code U_B = G_B + sup_B ℓ} ({@link DensityRatio1D#logSup}, which uses unimodality). Nodes are
 * expanded in order of decreasing bound from a max-heap; a node's score is {@code G_B + ℓ(X_B)}; the search stops
 * when no open node's bound beats the best score, and returns the best node, whose candidate is an exact sample of
 * Q. Children are pushed only if their bound beats the best score so far. {@link Encoding#candidatesExamined()}
 * counts expanded (popped) nodes, summed over dimensions (measured on the fixtures of {@code docs/algorithms.md},
 * "Notation and closed forms": 3.22, 4.40, 8.33 at D∞ = 2.77, 4.91, 9.88 bits, against PFR's ≥ 2^{D∞} = 6.8, 30,
 * 942).
 * <ul>
 *   <li>{@link Split#SAMPLE} (AS*): B is split at its own candidate. For unimodal {@code dQ/dP} on ℝ the expected
 *       number of expansions is {@code O(D∞[Q‖P])} (S. Markou, "Notes on the runtime of A* sampling",
 *       arXiv 2205.15250 — the ICML paper's own proof was flagged as inaccurate there).</li>
 *   <li>{@link Split#MEDIAN} (AD*): B is split at the median of {@code P|_B} (dyadic in CDF space); empirically also
 *       linear in D∞ (no theorem).</li>
 * </ul>
 * Candidates come from shared randomness keyed by the heap index ({@code shared.derive(CANDIDATES, d)}); the
 * Gumbels are encoder-private ({@code shared.derive(GUMBELS, d)}). Intervals are kept in x-space and sampled with
 * the tail-safe {@link RestrictedSampler}s, so paths of depth up to {@value #MAX_DEPTH} decode consistently.
 *
 * <h2>Depth limit ({@code astar-dl})</h2>
 * With a finite maximum depth {@code D_max}, nodes at that depth are leaves (DAD*-style when the split is the
 * median): the search is finite but the output is approximate; its bias falls quickly as {@code D_max} grows
 * past the typical selected depth (measured for AS* on the Gaussian fixtures: mean selected depth 1.9,
 * 3.2, 7.0, 11.4 at KL = 2.0, 4.0, 9.1, 15.1 bits; the bias — KS distance to Q — vanishes into sampling noise about
 * 5–10 levels deeper). {@code D_max = 0} means unlimited: the exact algorithm (the depth is then capped at
 * {@value #MAX_DEPTH} only so that heap indices fit a {@code long}; reaching it has negligible probability). The
 * default {@value #DEFAULT_MAX_DEPTH} (an unverified design choice; no source gives DAD*'s depth rule) leaves no
 * bias detectable with 4,000 draws up to a per-dimension KL of about 15 bits (μ = 4, s = 0.05: KS 0.0176 at
 * depth 24, as unlimited; 0.023 at 20; 0.065 at 16) while bounding the worst case. If a depth-limited tree holds
 * no candidate where q &gt; 0 (targets with a narrower support than P), the root is returned.
 *
 * <p>Unbounded ratios ({@code D∞ = ∞}, e.g. σ_q &gt; σ_p): the exact search would not terminate, so unlimited A*
 * throws {@link IllegalArgumentException} naming {@code orc}/{@code budgeted}; with a finite depth limit the
 * search is finite (the nodes touching an unbounded tail form at most two chains of length {@code D_max}), so
 * it is allowed and is approximate like every other depth-limited case.
 *
 * <h2>Codeword</h2>
 * Diagonal (product) problems are coded one dimension at a time, each with its own derived keys; the codeword is the
 * list of the D selected heap indices, concatenated in dimension order. The dimension is part of the configuration
 * (the reader must know how many indices follow). By default ({@link #exact}, {@link #depthLimited}) each index is
 * written with the {@link HeapPathCode} of the per-dimension λ: the path is arithmetic-coded with the P-mass fractions
 * of the children, which the decoder knows while it replays the path, so a node costs about {@code −log2 P(B)} bits
 * plus a geometric depth term, and the mean cost follows the KL (a plain integer code on h pays about a bit per
 * level, and a target on P's mode sits about 1.3 × KL levels deep). That code needs the coding distribution and the
 * shared randomness, so it is written and read with {@link #write(Codeword, ProductDistribution, SharedRandomness,
 * BitWriter)} and {@link #read(ProductDistribution, SharedRandomness, BitReader)}. An instance built with an
 * {@link IntegerCode} ({@link ZipfCode}, {@link EliasDelta}) writes h itself with it and also supports the plain
 * {@link #write(Codeword, BitWriter)} and {@link #read(BitReader)}. The paper gives A* coding's codelength only as
 * O(KL), without a constant; the {@code predictedBits} reported is the design target
 * {@code Σ_d KL_d + log2(KL_d + 1) + 4}.
 *
 * <h2>Decoder</h2>
 * Walks the heap index from the root: the bits after the leading one spell the path (0 = left); each ancestor's
 * split point is regenerated (its candidate for AS*, its median for AD*) to narrow the interval, and the final
 * node's candidate is returned. Only {@link StrictMath}/{@link SpecialFunctions} arithmetic is involved.
 */
public final class AStarCoding implements ChannelSimulator {
    /** How a node's interval is split into its two children. */
    public enum Split {
        /** AS*: at the node's own candidate (exact, O(D∞) expected expansions for unimodal ratios). */
        SAMPLE,
        /** AD*: at the median of P restricted to the node. */
        MEDIAN
    }

    /** Deepest node (root depth 0): heap indices at depth 62 are below 2^63. */
    public static final int MAX_DEPTH = 62;
    /** Default depth limit of {@link #depthLimited}; see the class comment. */
    public static final int DEFAULT_MAX_DEPTH = 24;
    /** Cap on expansions per dimension (far beyond any bounded problem's needs) before giving up. */
    public static final long DEFAULT_MAX_EXPANSIONS = 1L << 24;

    /** Derivation label of the per-dimension candidate keys ("ASTARCND"). */
    static final long CANDIDATES = 0x4153_5441_5243_4E44L;
    /** Derivation label of the encoder-private Gumbel keys ("ASTARGUM"). */
    static final long GUMBELS = 0x4153_5441_5247_554DL;
    private static final double LN2 = StrictMath.log(2);

    private final int dimension;
    /** Code of h itself, or null when {@link #pathCode} is used. */
    private final IntegerCode indexCode;
    /** The path code of h, or null when {@link #indexCode} is used. */
    private final HeapPathCode pathCode;
    private final int maxDepth;
    private final Split split;

    /**
     * A* coding that writes each heap index h with an integer code on h (see "Codeword" in the class comment).
     *
     * @param dimension number of dimensions of the problems coded (the reader needs it)
     * @param indexCode code of each heap index (must accept every positive long up to 2^63 − 1)
     * @param maxDepth  depth limit in [1, {@value #MAX_DEPTH}], or 0 for unlimited (exact)
     * @param split     AS* or AD* splitting
     */
    public AStarCoding(int dimension, IntegerCode indexCode, int maxDepth, Split split) {
        this(dimension, requireIndexCode(indexCode), null, maxDepth, split);
    }

    /**
     * A* coding that writes each heap index with {@code pathCode} (see "Codeword" in the class comment).
     *
     * @param dimension number of dimensions of the problems coded (the reader needs it)
     * @param pathCode  the heap path code (its λ is shared by encoder and decoder)
     * @param maxDepth  depth limit in [1, {@value #MAX_DEPTH}], or 0 for unlimited (exact)
     * @param split     AS* or AD* splitting
     */
    public AStarCoding(int dimension, HeapPathCode pathCode, int maxDepth, Split split) {
        this(dimension, null, Objects.requireNonNull(pathCode, "pathCode"), maxDepth, split);
    }

    private AStarCoding(int dimension, IntegerCode indexCode, HeapPathCode pathCode, int maxDepth, Split split) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (maxDepth < 0 || maxDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be in [0, " + MAX_DEPTH + "] (0 = unlimited), was "
                    + maxDepth);
        }
        this.dimension = dimension;
        this.indexCode = indexCode;
        this.pathCode = pathCode;
        this.maxDepth = maxDepth;
        this.split = split;
    }

    private static IntegerCode requireIndexCode(IntegerCode indexCode) {
        if (indexCode.minValue() > 1 || indexCode.maxValue() < Long.MAX_VALUE) {
            throw new IllegalArgumentException("the index code must accept every positive long, " + indexCode
                    + " does not");
        }
        return indexCode;
    }

    /**
     * Exact AS* with heap indices in the {@link HeapPathCode} of λ = {@code lambda} bits per dimension (e.g.
     * per-dimension KL + 1).
     */
    public static AStarCoding exact(int dimension, double lambda) {
        return new AStarCoding(dimension, new HeapPathCode(lambda), 0, Split.SAMPLE);
    }

    /** Depth-limited AS* ({@code maxDepth} in [1, 62], 0 = unlimited) with heap indices in the heap path code. */
    public static AStarCoding depthLimited(int dimension, double lambda, int maxDepth) {
        return new AStarCoding(dimension, new HeapPathCode(lambda), maxDepth, Split.SAMPLE);
    }

    /** Depth-limited AS* with the default depth {@value #DEFAULT_MAX_DEPTH} and the heap path code. */
    public static AStarCoding depthLimited(int dimension, double lambda) {
        return depthLimited(dimension, lambda, DEFAULT_MAX_DEPTH);
    }

    @Override
    public String name() {
        return "astar-dl";
    }

    @Override
    public boolean isExact() {
        return maxDepth == 0;
    }

    public int dimension() {
        return dimension;
    }

    /** The configured depth limit (0 = unlimited). */
    public int maxDepth() {
        return maxDepth;
    }

    public Split split() {
        return split;
    }

    /** The integer code on h, or null if this instance uses the {@link #pathCode()}. */
    public IntegerCode indexCode() {
        return indexCode;
    }

    /** The heap path code, or null if this instance writes h with an {@link #indexCode()}. */
    public HeapPathCode pathCode() {
        return pathCode;
    }

    private int effectiveDepth() {
        return maxDepth == 0 ? MAX_DEPTH : maxDepth;
    }

    @Override
    public Encoding encode(RecProblem problem, SharedRandomness shared) {
        if (problem.dimension() != dimension) {
            throw new IllegalArgumentException("this A* coder is configured for " + dimension
                    + " dimensions, the problem has " + problem.dimension());
        }
        if (!problem.hasBoundedRatio() && maxDepth == 0) {
            throw new IllegalArgumentException("D∞[Q‖P] is infinite (a target marginal is wider than the coding "
                    + "distribution in some tail): exact A* coding would not terminate; use ordered random coding "
                    + "(orc), the budgeted sampler (budgeted), or A* coding with a depth limit (astar-dl)");
        }
        long[] indices = new long[dimension];
        double[] sample = new double[dimension];
        long bits = 0;
        long expansions = 0;
        double predicted = 0;
        for (int d = 0; d < dimension; d++) {
            DensityRatio1D ratio = problem.ratio(d);
            Search s = new Search(ratio, RestrictedSampler.of(problem.coding().marginal(d)),
                    shared.derive(CANDIDATES, d), shared.derive(GUMBELS, d), effectiveDepth(), split);
            s.run(DEFAULT_MAX_EXPANSIONS);
            indices[d] = s.bestIndex;
            sample[d] = s.bestX;
            bits += indexBits(s.bestIndex, problem.coding().marginal(d), shared, d);
            expansions += s.expansions;
            double kl = Math.max(ratio.klNats() / LN2, 0);
            predicted += kl + StrictMath.log(kl + 1) / LN2 + 4;
        }
        return new Encoding(new Codeword(indices, bits), sample, problem.klBits(), problem.maxLogRatioBits(),
                expansions, predicted);
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        if (coding.dimension() != dimension || codeword.size() != dimension) {
            throw new IllegalArgumentException("this A* coder is configured for " + dimension + " dimensions; got a "
                    + coding.dimension() + "-dimensional coding distribution and " + codeword.size() + " indices");
        }
        double[] x = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            long h = codeword.value(d);
            if (h < 1) {
                throw new CorruptStreamException("A* heap index must be positive, was " + h);
            }
            if (depthOf(h) > effectiveDepth()) {
                throw new CorruptStreamException("A* heap index " + h + " is deeper than the depth limit "
                        + effectiveDepth());
            }
            Distribution1D p = coding.marginal(d);
            x[d] = nodeSample(RestrictedSampler.of(p), p.supportMin(), p.supportMax(),
                    shared.derive(CANDIDATES, d), h, split);
        }
        return x;
    }

    /** Depth of heap index {@code h ≥ 1} (root 0). */
    static int depthOf(long h) {
        return 63 - Long.numberOfLeadingZeros(h);
    }

    /**
     * The candidate of node {@code h}: walks the path from the root, narrowing {@code [lo, hi]} at each ancestor's
     * split point.
     *
     * @throws CorruptStreamException if the path runs into an empty interval (no encoder creates such a node)
     */
    static double nodeSample(RestrictedSampler p, double lo, double hi, SharedRandomness cand, long h, Split split) {
        double a = lo;
        double b = hi;
        for (int i = depthOf(h) - 1; i >= 0; i--) {
            long ancestor = h >>> (i + 1);
            double cut = splitPoint(p, a, b, cand, ancestor, split);
            if (((h >>> i) & 1) == 0) {
                b = cut;
            } else {
                a = cut;
            }
            if (!(a < b)) {
                throw new CorruptStreamException("A* heap index " + h + " leads to an empty interval");
            }
        }
        return p.sample(a, b, cand, h);
    }

    private static double splitPoint(RestrictedSampler p, double a, double b, SharedRandomness cand, long h,
                                     Split split) {
        return split == Split.SAMPLE ? p.sample(a, b, cand, h) : p.median(a, b);
    }

    /** Exact bits of heap index {@code h} of dimension {@code d} in this instance's code. */
    private long indexBits(long h, Distribution1D p, SharedRandomness shared, int d) {
        return pathCode == null ? indexCode.length(h) : pathCode.length(h, tree(p, shared, d));
    }

    /** Dimension {@code d}'s partition tree as the decoder rebuilds it (the path code's view). */
    private HeapPathCode.Tree tree(Distribution1D p, SharedRandomness shared, int d) {
        RestrictedSampler sampler = RestrictedSampler.of(p);
        SharedRandomness cand = shared.derive(CANDIDATES, d);
        Split s = split;
        return new HeapPathCode.Tree(sampler, p.supportMin(), p.supportMax(),
                (a, b, h) -> splitPoint(sampler, a, b, cand, h, s), effectiveDepth());
    }

    /**
     * Writes {@code codeword} with an instance's integer code on h.
     *
     * @throws UnsupportedOperationException if this instance uses the heap path code, which needs the coding
     *                                       distribution and the shared randomness: use
     *                                       {@link #write(Codeword, ProductDistribution, SharedRandomness, BitWriter)}
     */
    @Override
    public void write(Codeword codeword, BitWriter out) {
        requireIndexCode("write(codeword, coding, shared, out)");
        checkSize(codeword);
        for (int d = 0; d < dimension; d++) {
            indexCode.write(out, codeword.value(d));
        }
    }

    /**
     * Reads a codeword written with an instance's integer code on h.
     *
     * @throws UnsupportedOperationException if this instance uses the heap path code: use
     *                                       {@link #read(ProductDistribution, SharedRandomness, BitReader)}
     */
    @Override
    public Codeword read(BitReader in) {
        requireIndexCode("read(coding, shared, in)");
        long[] h = new long[dimension];
        long bits = 0;
        for (int d = 0; d < dimension; d++) {
            h[d] = indexCode.read(in);
            if (depthOf(h[d]) > effectiveDepth()) {
                throw new CorruptStreamException("A* heap index " + h[d] + " is deeper than the depth limit "
                        + effectiveDepth());
            }
            bits += indexCode.length(h[d]);
        }
        return new Codeword(h, bits);
    }

    @Override
    public void write(Codeword codeword, ProductDistribution coding, SharedRandomness shared, BitWriter out) {
        if (pathCode == null) {
            write(codeword, out);
            return;
        }
        checkSize(codeword);
        checkCoding(coding);
        for (int d = 0; d < dimension; d++) {
            pathCode.write(out, codeword.value(d), tree(coding.marginal(d), shared, d));
        }
    }

    @Override
    public Codeword read(ProductDistribution coding, SharedRandomness shared, BitReader in) {
        if (pathCode == null) {
            return read(in);
        }
        checkCoding(coding);
        long[] h = new long[dimension];
        long bits = 0;
        for (int d = 0; d < dimension; d++) {
            HeapPathCode.Read r = pathCode.read(in, tree(coding.marginal(d), shared, d));
            h[d] = r.index();
            bits += r.bits();
        }
        return new Codeword(h, bits);
    }

    private void requireIndexCode(String use) {
        if (pathCode != null) {
            throw new UnsupportedOperationException("this A* coder writes heap indices with " + pathCode
                    + ", which needs the coding distribution and the shared randomness: use " + use);
        }
    }

    private void checkSize(Codeword codeword) {
        if (codeword.size() != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " indices, got " + codeword.size());
        }
    }

    private void checkCoding(ProductDistribution coding) {
        if (coding.dimension() != dimension) {
            throw new IllegalArgumentException("this A* coder is configured for " + dimension + " dimensions; got a "
                    + coding.dimension() + "-dimensional coding distribution");
        }
    }

    @Override
    public String toString() {
        return "AStarCoding(dim=" + dimension + ", split=" + split + ", maxDepth="
                + (maxDepth == 0 ? "unlimited" : Integer.toString(maxDepth)) + ", code="
                + (pathCode != null ? pathCode : indexCode) + ")";
    }

    /** One dimension's A* search (encoder side); package-private for tests. */
    static final class Search {
        private final DensityRatio1D ratio;
        private final RestrictedSampler p;
        private final SharedRandomness cand;
        private final SharedRandomness gumbels;
        private final int depthLimit;
        private final Split split;
        private final double lo;
        private final double hi;

        long expansions;
        long bestIndex;
        double bestX = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        int maxHeap;

        Search(DensityRatio1D ratio, RestrictedSampler p, SharedRandomness cand, SharedRandomness gumbels,
               int depthLimit, Split split) {
            this.ratio = ratio;
            this.p = p;
            this.cand = cand;
            this.gumbels = gumbels;
            this.depthLimit = depthLimit;
            this.split = split;
            this.lo = ratio.coding().supportMin();
            this.hi = ratio.coding().supportMax();
        }

        /**
         * A Gumbel with location {@code m} truncated above at {@code bound}: {@code m − ln(E + e^{m − bound})} =
         * {@code −logAddExp(ln E − m, −bound)}, with {@code E = −ln U} from the private stream at node {@code h}.
         */
        private double truncatedGumbel(double m, double bound, long h) {
            double logE = StrictMath.log(-StrictMath.log(gumbels.uniform(0, h)));
            return -SpecialFunctions.logAddExp(logE - m, -bound);
        }

        void run(long maxExpansions) {
            NodeHeap heap = new NodeHeap();
            double rootMass = p.logMass(lo, hi);
            double g = truncatedGumbel(rootMass, Double.POSITIVE_INFINITY, 1);
            heap.push(new Node(1, 0, lo, hi, g, g + ratio.logSup(lo, hi)));
            while (heap.size() > 0 && heap.maxKey() > bestScore) {
                Node node = heap.pop();
                if (++expansions > maxExpansions) {
                    throw new RecCostException("A* coding needed more than " + maxExpansions
                            + " expansions in one dimension (D∞ = " + ratio.maxLogRatioNats() / LN2 + " bits)", null);
                }
                double x = p.sample(node.a, node.b, cand, node.h);
                double score = node.g + ratio.logRatio(x);
                if (score > bestScore) {
                    bestScore = score;
                    bestIndex = node.h;
                    bestX = x;
                }
                if (node.depth < depthLimit) {
                    double cut = split == Split.SAMPLE ? x : p.median(node.a, node.b);
                    pushChild(heap, node, 2 * node.h, node.a, cut);
                    pushChild(heap, node, 2 * node.h + 1, cut, node.b);
                }
                maxHeap = Math.max(maxHeap, heap.size());
            }
            if (bestIndex == 0) {
                // Only possible with a depth limit and a target whose support is narrower than P's: no node of the
                // truncated tree has a candidate where q > 0. Fall back to the root (an approximate method's
                // failure; its probability is part of the measured bias).
                bestIndex = 1;
                bestX = p.sample(lo, hi, cand, 1);
            }
        }

        private void pushChild(NodeHeap heap, Node parent, long h, double a, double b) {
            if (!(a < b)) {
                return;
            }
            double mass = p.logMass(a, b);
            if (mass == Double.NEGATIVE_INFINITY) {
                return;
            }
            double bound = ratio.logSup(a, b);
            if (bound == Double.NEGATIVE_INFINITY) {
                return; // Q vanishes on the child: no candidate there can win
            }
            double g = truncatedGumbel(mass, parent.g, h);
            double key = g + bound;
            if (key > bestScore) {
                heap.push(new Node(h, parent.depth + 1, a, b, g, key));
            }
        }
    }

    /** An open node of the search tree. */
    record Node(long h, int depth, double a, double b, double g, double key) {
    }

    /** A binary max-heap of nodes by {@link Node#key}, ties broken by the smaller heap index. */
    static final class NodeHeap {
        private Node[] nodes = new Node[16];
        private int size;

        int size() {
            return size;
        }

        double maxKey() {
            return nodes[0].key;
        }

        void push(Node n) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, 2 * size);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!above(n, nodes[parent])) {
                    break;
                }
                nodes[i] = nodes[parent];
                i = parent;
            }
            nodes[i] = n;
        }

        Node pop() {
            Node top = nodes[0];
            Node last = nodes[--size];
            nodes[size] = null;
            if (size > 0) {
                int i = 0;
                while (true) {
                    int c = 2 * i + 1;
                    if (c >= size) {
                        break;
                    }
                    if (c + 1 < size && above(nodes[c + 1], nodes[c])) {
                        c++;
                    }
                    if (!above(nodes[c], last)) {
                        break;
                    }
                    nodes[i] = nodes[c];
                    i = c;
                }
                nodes[i] = last;
            }
            return top;
        }

        private static boolean above(Node x, Node y) {
            return x.key > y.key || (x.key == y.key && x.h < y.h);
        }
    }
}
