package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.math.SpecialFunctions;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.DensityRatio1D;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.PriorityQueue;

/**
 * Joint AS* coding: one A* search over boxes of ℝ^D that codes a whole D-dimensional sample with one heap index
 * (G. Flamich, S. Markou, J. M. Hernández-Lobato, "Fast relative entropy coding with A* coding", ICML 2022,
 * arXiv 2201.12857, the AS* search on a binary space partition; A* sampling, C. J. Maddison, D. Tarlow, T. Minka,
 * NeurIPS 2014, arXiv 1411.0030, Alg. 1; {@code docs/algorithms.md}, "A* coding", "Joint AS* in D dimensions"). Method
 * {@code astar-joint}.
 *
 * <h2>Search</h2>
 * A node is a box {@code B = I_0 × … × I_{D−1}} (the root is the product of P's supports) with heap index h (root 1,
 * children 2h and 2h + 1), a candidate {@code X_B ~ P|_B} (coordinate d drawn from {@code P_d|I_d} with shared
 * randomness keyed by (d, h)), and a Gumbel {@code G_B} with location {@code ln P(B) = Σ_d ln P_d(I_d)} truncated above
 * by its parent's Gumbel. Because ℓ is a sum over dimensions, {@code Σ_d logSup_d(I_d)} ({@link DensityRatio1D#logSup},
 * certified for every pair, multimodal ratios and mixtures included) is an upper bound of ℓ on B, exact for the
 * product. Nodes are expanded by decreasing {@code G_B + bound}; the score of a node is {@code G_B + ℓ(X_B)}; the
 * search stops when no open node's key beats the best score, and the best node's candidate is an exact sample of Q
 * (A* sampling with a valid bound; each node is one point of the Poisson process, its children hold the rest of it).
 *
 * <p><b>Split rule (rec4j's; the paper splits intervals).</b> A node is split along the axis whose interval holds the
 * most P-mass (the lowest such axis on ties; the root splits axis 0), at its own candidate's coordinate on that axis,
 * as AS* splits an interval at its sample. The rule uses only P and the node's box, so the decoder, which does not
 * know Q, rebuilds the same tree. (Cycling through the axes by depth was measured as well: the same codelength, and
 * up to twice the expansions at 4 bits per dimension in 5 and 8 dimensions.)
 *
 * <h2>Codeword</h2>
 * One heap index for all D dimensions, written with the {@link HeapPathCode} of λ = total KL + 1: replaying the path,
 * the decoder regenerates each ancestor's split coordinate and codes each step with the P-mass fractions of the two
 * children (only the split axis changes), so node B costs about {@code −log2 P(B)} bits plus a geometric depth term
 * and the stop symbol: one {@code log2(KL + 1) + O(1)} overhead for the sample instead of one per dimension.
 *
 * <h2>Cost</h2>
 * The expected number of expansions of AS* is O(D∞) on ℝ for a unimodal ratio (S. Markou, "Notes on the runtime of A*
 * sampling", arXiv 2205.15250); no such bound is known for boxes, and the measured count grows quickly with D (see
 * {@code docs/algorithms.md}). {@link RecMethod#estimate} refuses problems beyond the measured range and the search
 * stops with a {@link RecCostException} after {@code maxExpansions} expansions, so no run hangs. Paths are capped at
 * {@value #MAX_DEPTH} levels (heap indices are longs): a search that would need to go deeper throws a
 * {@link RecCostException} instead of cutting the tree (which would bias the sample), and the estimate refuses total
 * KLs above {@link RecMethod#MAX_JOINT_ASTAR_KL_BITS}, where the selected depth (about 1.4 × KL) keeps a wide margin.
 *
 * <h2>Decoder</h2>
 * Walks the path bits of h from the root, regenerating each ancestor's split coordinate to narrow one axis, then draws
 * the final node's candidate. {@link StrictMath}/{@link SpecialFunctions} arithmetic only, in a fixed order.
 */
public final class JointAStarCoding implements ChannelSimulator {
    /** Deepest node (root depth 0): heap indices below 2^63. */
    public static final int MAX_DEPTH = 62;
    /** Default cap on expansions of one encoding, beyond which the search gives up with a {@link RecCostException}. */
    public static final long DEFAULT_MAX_EXPANSIONS = 1L << 18;

    /** Derivation label of the per-dimension candidate keys ("JASTRCND"). */
    static final long CANDIDATES = 0x4A41_5354_5243_4E44L;
    /** Derivation label of the encoder-private Gumbel key ("JASTRGUM"). */
    static final long GUMBELS = 0x4A41_5354_5247_554DL;
    private static final double LN2 = StrictMath.log(2);

    private final int dimension;
    private final HeapPathCode pathCode;
    private final long maxExpansions;

    /**
     * @param dimension     D, the number of dimensions of the problems coded (the reader needs it)
     * @param pathCode      the heap path code of the one index (its λ, total KL + 1, is shared by both sides)
     * @param maxExpansions running cap on expansions per encoding (at least 1)
     */
    public JointAStarCoding(int dimension, HeapPathCode pathCode, long maxExpansions) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (maxExpansions < 1) {
            throw new IllegalArgumentException("maxExpansions must be at least 1, was " + maxExpansions);
        }
        this.dimension = dimension;
        this.pathCode = java.util.Objects.requireNonNull(pathCode, "pathCode");
        this.maxExpansions = maxExpansions;
    }

    /** Joint AS* with the heap path code of λ = {@code lambda} (total KL in bits + 1) and the default cap. */
    public static JointAStarCoding of(int dimension, double lambda) {
        return new JointAStarCoding(dimension, new HeapPathCode(lambda), DEFAULT_MAX_EXPANSIONS);
    }

    @Override
    public String name() {
        return "astar-joint";
    }

    @Override
    public boolean isExact() {
        return true;
    }

    public int dimension() {
        return dimension;
    }

    public HeapPathCode pathCode() {
        return pathCode;
    }

    public long maxExpansions() {
        return maxExpansions;
    }

    /**
     * The axis a node is split along: the one whose interval holds the most P-mass ({@code mass[d] = ln P_d(I_d)}),
     * the lowest such axis on ties. A function of shared information only.
     */
    static int splitAxis(double[] mass) {
        int best = 0;
        for (int d = 1; d < mass.length; d++) {
            if (mass[d] > mass[best]) {
                best = d;
            }
        }
        return best;
    }

    @Override
    public Encoding encode(RecProblem problem, SharedRandomness shared) {
        checkCoding(problem.coding());
        if (!problem.hasBoundedRatio()) {
            throw new IllegalArgumentException("D∞[Q‖P] is infinite (a target marginal is wider than the coding "
                    + "distribution in some tail): joint A* coding would not terminate; use ordered random coding "
                    + "(orc), the budgeted sampler (budgeted), or A* coding with a depth limit (astar-dl)");
        }
        Search s = new Search(problem, shared);
        s.run();
        double kl = Math.max(problem.klBits(), 0);
        long bits = pathCode.length(s.bestIndex, new Replay(problem.coding(), shared), MAX_DEPTH);
        return new Encoding(new Codeword(new long[] {s.bestIndex}, bits), s.bestX, problem.klBits(),
                problem.maxLogRatioBits(), s.expansions, kl + StrictMath.log(kl + 1) / LN2 + 4);
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        checkCoding(coding);
        if (codeword.size() != 1) {
            throw new IllegalArgumentException("joint A* coding sends one index, got " + codeword.size());
        }
        long h = codeword.value(0);
        if (h < 1) {
            throw new CorruptStreamException("A* heap index must be positive, was " + h);
        }
        int k = HeapPathCode.depthOf(h);
        if (k > MAX_DEPTH) {
            throw new CorruptStreamException("A* heap index " + h + " is deeper than " + MAX_DEPTH);
        }
        Replay r = new Replay(coding, shared);
        for (int i = k - 1; i >= 0; i--) {
            if (!r.descend(((h >>> i) & 1) != 0)) {
                throw new CorruptStreamException("A* heap index " + h + " leads to an empty box");
            }
        }
        return r.candidate();
    }

    /**
     * Always throws: the heap path code needs the coding distribution and the shared randomness.
     *
     * @throws UnsupportedOperationException always; use {@link #write(Codeword, ProductDistribution, SharedRandomness,
     *                                       BitWriter)}
     */
    @Override
    public void write(Codeword codeword, BitWriter out) {
        throw new UnsupportedOperationException("joint A* coding writes its index with " + pathCode + ", which needs "
                + "the coding distribution and the shared randomness: use write(codeword, coding, shared, out)");
    }

    /**
     * Always throws, like {@link #write(Codeword, BitWriter)}.
     *
     * @throws UnsupportedOperationException always; use {@link #read(ProductDistribution, SharedRandomness, BitReader)}
     */
    @Override
    public Codeword read(BitReader in) {
        throw new UnsupportedOperationException("joint A* coding reads its index with " + pathCode + ", which needs "
                + "the coding distribution and the shared randomness: use read(coding, shared, in)");
    }

    @Override
    public void write(Codeword codeword, ProductDistribution coding, SharedRandomness shared, BitWriter out) {
        checkCoding(coding);
        if (codeword.size() != 1) {
            throw new IllegalArgumentException("joint A* coding sends one index, got " + codeword.size());
        }
        pathCode.write(out, codeword.value(0), new Replay(coding, shared), MAX_DEPTH);
    }

    @Override
    public Codeword read(ProductDistribution coding, SharedRandomness shared, BitReader in) {
        checkCoding(coding);
        HeapPathCode.Read r = pathCode.read(in, new Replay(coding, shared), MAX_DEPTH);
        return new Codeword(new long[] {r.index()}, r.bits());
    }

    private void checkCoding(ProductDistribution coding) {
        if (coding.dimension() != dimension) {
            throw new IllegalArgumentException("this joint A* coder is configured for " + dimension
                    + " dimensions; got a " + coding.dimension() + "-dimensional coding distribution");
        }
    }

    @Override
    public String toString() {
        return "JointAStarCoding(dim=" + dimension + ", code=" + pathCode + ", maxExpansions=" + maxExpansions + ")";
    }

    /** P's samplers and the candidate keys of each dimension. */
    private SharedRandomness[] candidateKeys(SharedRandomness shared) {
        SharedRandomness[] c = new SharedRandomness[dimension];
        for (int d = 0; d < dimension; d++) {
            c[d] = shared.derive(CANDIDATES, d);
        }
        return c;
    }

    private static RestrictedSampler[] samplers(ProductDistribution coding) {
        RestrictedSampler[] p = new RestrictedSampler[coding.dimension()];
        for (int d = 0; d < p.length; d++) {
            p[d] = RestrictedSampler.of(coding.marginal(d));
        }
        return p;
    }

    /**
     * The decoder's view of the tree: a box that starts at the root and follows a path, regenerating each split
     * coordinate (the {@link HeapPathCode.Walk} of the path code, and the decoder's own walk).
     */
    private final class Replay implements HeapPathCode.Walk {
        private final RestrictedSampler[] p;
        private final SharedRandomness[] cand;
        private final double[] a;
        private final double[] b;
        private final double[] mass;
        private long h = 1;

        Replay(ProductDistribution coding, SharedRandomness shared) {
            this.p = samplers(coding);
            this.cand = candidateKeys(shared);
            this.a = new double[dimension];
            this.b = new double[dimension];
            this.mass = new double[dimension];
            for (int d = 0; d < dimension; d++) {
                a[d] = coding.marginal(d).supportMin();
                b[d] = coding.marginal(d).supportMax();
                mass[d] = p[d].logMass(a[d], b[d]);
            }
        }

        private double cut(int axis) {
            return p[axis].sample(a[axis], b[axis], cand[axis], h);
        }

        @Override
        public double leftFraction() {
            int axis = splitAxis(mass);
            return HeapPathCode.leftFraction(p[axis], a[axis], cut(axis), b[axis]);
        }

        @Override
        public boolean descend(boolean right) {
            int axis = splitAxis(mass);
            double x = cut(axis);
            if (right) {
                a[axis] = x;
            } else {
                b[axis] = x;
            }
            mass[axis] = p[axis].logMass(a[axis], b[axis]);
            h = 2 * h + (right ? 1 : 0);
            return a[axis] < b[axis];
        }

        /** The current node's candidate. */
        double[] candidate() {
            double[] x = new double[dimension];
            for (int d = 0; d < dimension; d++) {
                x[d] = p[d].sample(a[d], b[d], cand[d], h);
            }
            return x;
        }
    }

    /**
     * An open node: its box, the per-axis log-masses and bounds of ℓ, its Gumbel and its key {@code g + Σ sup}.
     */
    private record Node(long h, int depth, double[] a, double[] b, double[] mass, double[] sup, double g,
                        double key) {
    }

    /** One encoding's search (encoder side). */
    private final class Search {
        private final RecProblem problem;
        private final RestrictedSampler[] p;
        private final SharedRandomness[] cand;
        private final SharedRandomness gumbels;

        long expansions;
        long bestIndex;
        double[] bestX;
        double bestScore = Double.NEGATIVE_INFINITY;

        Search(RecProblem problem, SharedRandomness shared) {
            this.problem = problem;
            this.p = samplers(problem.coding());
            this.cand = candidateKeys(shared);
            this.gumbels = shared.derive(GUMBELS);
        }

        /** A Gumbel with location {@code m} truncated above at {@code bound}, from the private stream at node h. */
        private double truncatedGumbel(double m, double bound, long h) {
            double logE = StrictMath.log(-StrictMath.log(gumbels.uniform(0, h)));
            return -SpecialFunctions.logAddExp(logE - m, -bound);
        }

        private static double sum(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s;
        }

        void run() {
            double[] a = new double[dimension];
            double[] b = new double[dimension];
            double[] mass = new double[dimension];
            double[] sup = new double[dimension];
            for (int d = 0; d < dimension; d++) {
                a[d] = problem.coding().marginal(d).supportMin();
                b[d] = problem.coding().marginal(d).supportMax();
                mass[d] = p[d].logMass(a[d], b[d]);
                sup[d] = problem.ratio(d).logSup(a[d], b[d]);
            }
            PriorityQueue<Node> open = new PriorityQueue<>((x, y) -> x.key != y.key ? Double.compare(y.key, x.key)
                    : Long.compare(x.h, y.h));
            double g = truncatedGumbel(sum(mass), Double.POSITIVE_INFINITY, 1);
            open.add(new Node(1, 0, a, b, mass, sup, g, g + sum(sup)));
            while (!open.isEmpty() && open.peek().key > bestScore) {
                Node node = open.poll();
                if (++expansions > maxExpansions) {
                    throw new RecCostException("joint A* coding needed more than " + maxExpansions + " expansions ("
                            + dimension + " dimensions, D∞ = " + problem.maxLogRatioBits() + " bits); code the "
                            + "dimensions separately (astar-dl) or use pfr or sp-pfr", null);
                }
                double[] x = new double[dimension];
                double score = node.g;
                for (int d = 0; d < dimension; d++) {
                    x[d] = p[d].sample(node.a[d], node.b[d], cand[d], node.h);
                    score += problem.ratio(d).logRatio(x[d]);
                }
                if (score > bestScore) {
                    bestScore = score;
                    bestIndex = node.h;
                    bestX = x;
                }
                if (node.depth == MAX_DEPTH) {
                    // its children could still win: cutting them off would bias the sample, so refuse loudly
                    throw new RecCostException("joint A* coding reached the path cap of " + MAX_DEPTH + " levels "
                            + "(KL = " + problem.klBits() + " bits); code the dimensions separately (astar-dl) or in "
                            + "smaller blocks", null);
                }
                int axis = splitAxis(node.mass);
                push(open, node, 2 * node.h, axis, node.a[axis], x[axis]);
                push(open, node, 2 * node.h + 1, axis, x[axis], node.b[axis]);
            }
            if (bestX == null) {
                throw new IllegalStateException("joint A* search ended without a candidate where q > 0");
            }
        }

        private void push(PriorityQueue<Node> open, Node parent, long h, int axis, double lo, double hi) {
            if (!(lo < hi)) {
                return;
            }
            double[] a = parent.a.clone();
            double[] b = parent.b.clone();
            a[axis] = lo;
            b[axis] = hi;
            double[] mass = parent.mass.clone();
            mass[axis] = p[axis].logMass(lo, hi);
            if (mass[axis] == Double.NEGATIVE_INFINITY) {
                return;
            }
            double s = problem.ratio(axis).logSup(lo, hi);
            if (s == Double.NEGATIVE_INFINITY) {
                return; // Q vanishes on the child: no candidate there can win
            }
            double[] sup = parent.sup.clone();
            sup[axis] = s;
            double g = truncatedGumbel(sum(mass), parent.g, h);
            double key = g + sum(sup);
            if (key > bestScore) {
                open.add(new Node(h, parent.depth + 1, a, b, mass, sup, g, key));
            }
        }
    }
}
