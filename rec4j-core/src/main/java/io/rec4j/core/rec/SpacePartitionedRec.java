package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.IntegerCode;
import io.rec4j.core.coding.bits.ZipfCode;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.HashMap;

/**
 * Space-partitioning REC (J. He, G. Flamich, J. M. Hernández-Lobato, "Accelerating relative entropy coding with
 * space partitioning", NeurIPS 2024, arXiv 2405.12203), reconstructed from the paper's abstract, figure captions and
 * the authors' poster ({@code docs/algorithms.md}, "Space partitioning", which marks rec4j's own choices): PFR
 * ({@code sp-pfr}, exact) or ORC ({@code sp-orc}, fixed budget) run with the re-weighted proposal
 * {@code p′(x) = J·π(j(x))·p(x)} over a shared {@link Partition} of J equal-P-mass grid bins.
 *
 * <p><b>Encoder.</b> Global arrivals {@code T_1 < T_2 < ...} of a unit-rate Poisson process carry bins
 * {@code j_n ~ π} ({@link BinHeuristic}, encoder-private) and that bin's next shared candidate
 * {@code X^{(j)}_k} (per-bin streams, {@link Partition}); the score is {@code ℓ(X) − ln(J π(j)) − ln T_n}, i.e.
 * {@code ln r′(X) − ln T_n}. {@code sp-pfr} stops as soon as {@code ln T_n ≥ ln r′_max − best}, with
 * {@code ln r′_max = max_j [ln sup_{B_j} r − ln(J π(j))]} (a sum of per-axis maxima); {@code sp-orc} takes exactly
 * {@code N = 2^κ} steps and keeps the best.
 *
 * <p><b>Exactness and π-independence.</b> {@code (T_n, X_n)} is a Poisson process with mean measure
 * {@code λ × P′}, so sp-pfr's output is exactly Q for any π that is positive wherever Q has mass (the heuristics are
 * floored). In the {@link SearchOrder#PER_BIN} search order each bin j has its own private unit-rate process
 * {@code S^{(j)}_1 < S^{(j)}_2 < ...} (private, and a function of the seed alone) and its k-th candidate arrives at
 * {@code T = S^{(j)}_k / π(j)}; merging the bins in order of T is the same process in law, and the score becomes
 * {@code ℓ(X) − ln J − ln S^{(j)}_k}, which does not involve π. The certified winner, the global minimiser of
 * {@code J·S^{(j)}_k / r(X^{(j)}_k)}, is therefore the same for every heuristic; π only changes how
 * many candidates are examined. The bins' first arrivals are drawn top down through a fixed tree of boxes of bins
 * and merged lazily ({@link PerBinArrivals}), so the work follows the candidates examined (0.03 to 2.2 boxes cut per
 * candidate in rec4j's measurements up to J = 2^40) plus O(Σ J_d) for the per-axis tables, not J.
 * {@link SearchOrder#GLOBAL} instead draws one global stream of arrivals and samples bins per axis
 * (O(D log J_d) per step); it is exact too, but its choice depends on π pathwise. {@link SearchOrder#AUTO} is the
 * per-bin order for sp-pfr and the global order for sp-orc: a fixed budget needs no π-independence, and the global
 * search's cost is bounded by its 2^κ steps (O(D log J_d) time each, a counter per bin visited), where the per-bin
 * search's lower bounds are loose under the q-mass heuristic on grids with many cut axes (measured: 20 axes and
 * 2^32 bins at κ = 16 ran a 2 GB heap out). The per-bin search gives up with a {@link RecCostException} once its
 * boxes would take more than 512 MiB.
 *
 * <p><b>Codeword</b> (the paper's two-part code; the authors' poster states that π is never sent): the bin index j in
 * {@link Partition#binIndexBits()} fixed bits, then the local index {@code k ≥ 1} with a universal
 * {@link IntegerCode} ({@link ZipfCode} by default). Bits charged are exactly those written. The decoder
 * regenerates candidate k of bin j in O(D).
 *
 * <p><b>Codelength.</b> The authors' bound (poster) is
 * {@code E|M| ≤ I + E[ε] + log2(I − log2 J + E[ε] + 1) + O(1)} with {@code ε = E_q[(log2 J − log2 q/p)₊]} (the
 * positive-part reading), so {@code I + ε ≈ E_q[max(log2 r, log2 J)] ≥ max(KL, log2 J)}: choose
 * {@code log2 J ≲ I}. {@link Encoding#predictedBits()} reports
 * {@code max(KL, log2 J) + log2(max(KL − log2 J, 0) + 1) + 4}, the PFR form of the strong functional representation
 * lemma with KL replaced by {@code max(KL, log2 J)}.
 */
public final class SpacePartitionedRec implements ChannelSimulator {
    /** How the encoder enumerates global steps; see the class comment. Decoding does not depend on it. */
    public enum SearchOrder { PER_BIN, GLOBAL, AUTO }

    /** Boxes the per-bin search may cut per candidate allowed and per level of its bin tree, before it gives up. */
    static final long CUTS_PER_CANDIDATE = 16;
    /** Largest sp-orc budget in bits. */
    public static final int MAX_BUDGET_BITS = 40;
    /** Default cap on the candidates sp-pfr examines before giving up. */
    public static final long DEFAULT_MAX_CANDIDATES = 1L << 32;
    /** Derivation label of the encoder-private randomness ("SPPRIV"). */
    static final long PRIVATE = 0x5350_5052_4956L;
    /** Additive constant of the predicted codelength, as for PFR's strong-functional-representation bound. */
    private static final double PREDICTION_CONSTANT = 4;
    private static final double LN2 = StrictMath.log(2);

    private final Partition partition;
    private final BinHeuristic heuristic;
    private final IntegerCode indexCode;
    /** κ for sp-orc; −1 for sp-pfr. */
    private final int budgetBits;
    private final SearchOrder order;
    private final long maxCandidates;

    private SpacePartitionedRec(Partition partition, BinHeuristic heuristic, IntegerCode indexCode, int budgetBits,
                                SearchOrder order, long maxCandidates) {
        if (indexCode.minValue() > 1) {
            throw new IllegalArgumentException("the local index code must accept 1");
        }
        if (budgetBits > MAX_BUDGET_BITS) {
            throw new IllegalArgumentException("budget must be in [0, " + MAX_BUDGET_BITS + "] bits, was " + budgetBits);
        }
        if (budgetBits >= 0 && indexCode.maxValue() < (1L << budgetBits)) {
            throw new IllegalArgumentException("the local index code cannot represent the budget 2^" + budgetBits);
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be positive");
        }
        this.partition = partition;
        this.heuristic = heuristic;
        this.indexCode = indexCode;
        this.budgetBits = budgetBits;
        this.order = order;
        this.maxCandidates = maxCandidates;
    }

    /** Exact sp-pfr with a {@link ZipfCode}{@code (zipfLambda)} local index. */
    public static SpacePartitionedRec exact(Partition partition, BinHeuristic heuristic, double zipfLambda) {
        return new SpacePartitionedRec(partition, heuristic, new ZipfCode(zipfLambda), -1, SearchOrder.AUTO,
                DEFAULT_MAX_CANDIDATES);
    }

    /** Fixed-budget sp-orc over {@code 2^budgetBits} global steps, {@link ZipfCode}{@code (zipfLambda)} local index. */
    public static SpacePartitionedRec fixedBudget(Partition partition, BinHeuristic heuristic, int budgetBits,
                                                  double zipfLambda) {
        if (budgetBits < 0) {
            throw new IllegalArgumentException("budget must be in [0, " + MAX_BUDGET_BITS + "] bits, was " + budgetBits);
        }
        return new SpacePartitionedRec(partition, heuristic, new ZipfCode(zipfLambda), budgetBits, SearchOrder.AUTO,
                DEFAULT_MAX_CANDIDATES);
    }

    /**
     * sp-pfr on the grid {@link Partition#fromMutualInformation}{@code (miBitsPerDim, totalBinBits)}, Zipf λ set to
     * the expected within-bin index size {@code max(Σ I_d − log2 J, 0) + 1}.
     */
    public static SpacePartitionedRec exact(double[] miBitsPerDim, int totalBinBits, BinHeuristic heuristic) {
        Partition p = Partition.fromMutualInformation(miBitsPerDim, totalBinBits);
        return exact(p, heuristic, defaultLambda(miBitsPerDim, p));
    }

    /** sp-orc on the MI-allocated grid, as {@link #exact(double[], int, BinHeuristic)}. */
    public static SpacePartitionedRec fixedBudget(double[] miBitsPerDim, int totalBinBits, int budgetBits,
                                                  BinHeuristic heuristic) {
        Partition p = Partition.fromMutualInformation(miBitsPerDim, totalBinBits);
        return fixedBudget(p, heuristic, budgetBits, defaultLambda(miBitsPerDim, p));
    }

    /** {@code max(Σ I_d − log2 J, 0) + 1}: the log term {@code I − log J + ε + 1} of the authors' bound without ε. */
    public static double defaultLambda(double[] miBitsPerDim, Partition partition) {
        double s = 0;
        for (double v : miBitsPerDim) {
            s += Math.max(v, 0);
        }
        return Math.max(s - partition.log2BinCount(), 0) + 1;
    }

    /** This simulator with another encoder search order (decoding is unaffected). */
    public SpacePartitionedRec withSearchOrder(SearchOrder newOrder) {
        return new SpacePartitionedRec(partition, heuristic, indexCode, budgetBits, newOrder, maxCandidates);
    }

    /** This simulator with another (encoder-private) heuristic. */
    public SpacePartitionedRec withHeuristic(BinHeuristic newHeuristic) {
        return new SpacePartitionedRec(partition, newHeuristic, indexCode, budgetBits, order, maxCandidates);
    }

    /** This simulator with another local-index code (both sides must agree). */
    public SpacePartitionedRec withIndexCode(IntegerCode code) {
        return new SpacePartitionedRec(partition, heuristic, code, budgetBits, order, maxCandidates);
    }

    /** This sp-pfr with another cap on the candidates examined. */
    public SpacePartitionedRec withMaxCandidates(long cap) {
        return new SpacePartitionedRec(partition, heuristic, indexCode, budgetBits, order, cap);
    }

    public Partition partition() {
        return partition;
    }

    public BinHeuristic heuristic() {
        return heuristic;
    }

    public IntegerCode indexCode() {
        return indexCode;
    }

    /** κ of sp-orc; −1 for sp-pfr. */
    public int budgetBits() {
        return budgetBits;
    }

    public SearchOrder searchOrder() {
        return order;
    }

    @Override
    public String name() {
        return budgetBits < 0 ? "sp-pfr" : "sp-orc";
    }

    @Override
    public boolean isExact() {
        return budgetBits < 0;
    }

    /** The per-axis quantities of one problem: edges, ln sup r, ln π. */
    private record Axes(double[][] logSup, double[][] logPi, double logRmaxPrime) {
    }

    private Axes axes(RecProblem problem) {
        int dim = partition.dimension();
        double[][] logSup = new double[dim][];
        double[][] logPi = new double[dim][];
        double lnRmax = 0;
        for (int d = 0; d < dim; d++) {
            int n = partition.intervals(d);
            double[] e = partition.edges(problem.coding().marginal(d), d);
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = problem.ratio(d).logSup(e[i], e[i + 1]);
            }
            logSup[d] = s;
            logPi[d] = heuristic.logWeights(problem.ratio(d), e, s);
            double lnN = StrictMath.log(n);
            double m = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                m = Math.max(m, s[i] - lnN - logPi[d][i]);
            }
            lnRmax += m;
        }
        return new Axes(logSup, logPi, lnRmax);
    }

    /**
     * log2 of the expected global steps of one encoding of {@code problem}: the budget for sp-orc; for sp-pfr
     * {@code ln r′_max / ln 2}, since the search stops once {@code ln T} exceeds {@code ln r′_max} minus the best
     * score and the winner's {@code T / r′} is Exp(1), as for PFR's {@code 2^{D∞}}. Computes the per-axis edges
     * (O(Σ J_d)).
     */
    double log2ExpectedSteps(RecProblem problem) {
        if (budgetBits >= 0) {
            return budgetBits;
        }
        if (!problem.hasBoundedRatio()) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(axes(problem).logRmaxPrime(), 0) / LN2;
    }

    /**
     * Working memory of one encoding that examines about {@code 2^log2Steps} candidates: per-axis tables, and the
     * per-bin search's heap entries (a box or a bin, {@code 64 + 12·A} bytes for A cut axes, twice over while the
     * arrays grow; about {@code 2·steps + 2·levels} entries, levels the depth of its bin tree) or the global search's
     * per-bin counters (a hash-map entry, about 80 bytes, per bin visited).
     */
    long memoryBytes(double log2Steps) {
        long axes = 0;
        int cutAxes = 0;
        for (int d = 0; d < partition.dimension(); d++) {
            axes += 64L * (partition.intervals(d) + 1); // edges, ln sup r, ln π, range maxima of ln π
            cutAxes += partition.intervals(d) > 1 ? 1 : 0;
        }
        double steps = StrictMath.pow(2, log2Steps);
        double search;
        if (perBin()) {
            double entries = Math.min(2.0 * partition.binCount(), 2 * steps + 2 * treeLevels() + 1);
            search = 2 * (64 + 12.0 * cutAxes) * entries;
        } else {
            search = 80 * Math.min(steps, partition.binCount());
        }
        return axes + (long) Math.min(search, Long.MAX_VALUE / 2);
    }

    /** True iff this simulator searches in the per-bin order. */
    private boolean perBin() {
        return order == SearchOrder.PER_BIN || (order == SearchOrder.AUTO && budgetBits < 0);
    }

    /** Levels of the per-bin search's tree of boxes: {@code Σ_d ⌈log2 J_d⌉}. */
    private int treeLevels() {
        int levels = 0;
        for (int d = 0; d < partition.dimension(); d++) {
            levels += 32 - Integer.numberOfLeadingZeros(partition.intervals(d) - 1);
        }
        return levels;
    }

    /** Mutable search state shared by both search orders. */
    private final class Search {
        final RecProblem problem;
        final ProductDistribution p;
        final SharedRandomness shared;
        final double lnJ;
        final double[] x;
        final double[] best;
        final int[] digits;
        double bestScore = Double.NEGATIVE_INFINITY;
        long bestBin = -1;
        long bestK = 0;
        long steps;
        /** Bins whose first arrival the search generated (its work besides the candidates it examined). */
        long binsTouched;
        /** Boxes of bins the per-bin search cut. */
        long cuts;

        Search(RecProblem problem, SharedRandomness shared) {
            this.problem = problem;
            this.p = problem.coding();
            this.shared = shared;
            this.lnJ = partition.log2BinCount() * LN2;
            this.x = new double[partition.dimension()];
            this.best = new double[partition.dimension()];
            this.digits = new int[partition.dimension()];
        }

        /** True iff the search must stop before examining an arrival at log-time {@code lnT}. */
        boolean done(double lnT, double lnRmax) {
            if (budgetBits >= 0) {
                return steps == 1L << budgetBits;
            }
            if (lnT >= lnRmax - bestScore) {
                return true;
            }
            if (steps == maxCandidates) {
                throw new RecCostException("sp-pfr needed more than " + maxCandidates + " candidates (ln r′_max = "
                        + lnRmax + " nats); use more bins, the sup-r heuristic, sp-orc, or raise --max-candidates",
                        null);
            }
            return false;
        }

        /** Examines candidate k of bin j (digits already set) with score offset {@code −ln J − extra}. */
        void examine(long bin, long k, double extra) {
            steps++;
            partition.candidate(p, Partition.binKey(shared, bin), digits, k, x);
            double score = problem.logRatio(x) - lnJ - extra;
            if (score > bestScore) {
                bestScore = score;
                bestBin = bin;
                bestK = k;
                System.arraycopy(x, 0, best, 0, x.length);
            }
        }
    }

    /**
     * One encoding with the work its search did besides the candidates it examined: bins whose first arrival it
     * generated, and boxes of bins it cut ({@link PerBinArrivals}; 0 in the global order).
     */
    record Traced(Encoding encoding, long binsTouched, long cuts) {
    }

    @Override
    public Encoding encode(RecProblem problem, SharedRandomness shared) {
        return encodeTraced(problem, shared).encoding();
    }

    /** {@link #encode} with its work counted. */
    Traced encodeTraced(RecProblem problem, SharedRandomness shared) {
        if (problem.dimension() != partition.dimension()) {
            throw new IllegalArgumentException("problem has " + problem.dimension() + " dimensions, partition "
                    + partition.dimension());
        }
        if (budgetBits < 0 && !problem.hasBoundedRatio()) {
            throw new IllegalArgumentException("D∞[Q‖P] is infinite (a target marginal is wider than the coding "
                    + "distribution in some tail), so a tail bin has unbounded sup r and exact sp-pfr would not "
                    + "terminate; use sp-orc (fixed budget, q-mass heuristic) or orc instead");
        }
        Axes axes = axes(problem);
        Search s = new Search(problem, shared);
        if (perBin()) {
            searchPerBin(s, axes);
        } else {
            searchGlobal(s, axes);
        }
        Codeword c = new Codeword(new long[] {s.bestBin, s.bestK},
                partition.binIndexBits() + indexCode.length(s.bestK));
        double kl = problem.klBits();
        double l = Math.max(kl, partition.log2BinCount());
        double predicted = l + StrictMath.log(l - partition.log2BinCount() + 1) / LN2 + PREDICTION_CONSTANT;
        return new Traced(new Encoding(c, s.best, kl, problem.maxLogRatioBits(), s.steps, predicted), s.binsTouched,
                s.cuts);
    }

    /**
     * Per-bin merge: bin j's k-th arrival is {@code S^{(j)}_k / π(j)} with its own private unit-rate process,
     * generated lazily in order of arrival by {@link PerBinArrivals}.
     */
    private void searchPerBin(Search s, Axes axes) {
        PerBinArrivals arrivals = new PerBinArrivals(partition, axes.logPi(), s.shared.derive(PRIVATE, 2),
                s.shared.derive(PRIVATE, 0), maxCuts());
        double lnRmax = axes.logRmaxPrime();
        try {
            while (arrivals.next(budgetBits >= 0 ? Double.POSITIVE_INFINITY : lnRmax - s.bestScore)) {
                if (s.done(arrivals.lnT(), lnRmax)) {
                    break;
                }
                partition.digits(arrivals.bin(), s.digits);
                // score ℓ − ln J − ln S^{(j)}_k: π cancels, computed without it so that it is bit-identical for every π
                s.examine(arrivals.bin(), arrivals.index(), arrivals.lnS());
            }
        } finally {
            s.binsTouched = arrivals.binsTouched();
            s.cuts = arrivals.cuts();
        }
    }

    /**
     * Most boxes the per-bin search may cut: {@value #CUTS_PER_CANDIDATE} per level of its tree per candidate allowed
     * (saturating); searches cut about one box per candidate.
     */
    private long maxCuts() {
        long perCandidate = CUTS_PER_CANDIDATE * (treeLevels() + 1L);
        return maxCandidates > Long.MAX_VALUE / perCandidate ? Long.MAX_VALUE : maxCandidates * perCandidate;
    }

    /**
     * Global stream: unit-rate arrivals {@code T_n} and, independently, bin digits {@code i_d ~ π_d} by inversion
     * of the per-axis cumulative weights, all from one private key; per-bin counters in a hash map.
     */
    private void searchGlobal(Search s, Axes axes) {
        int dim = partition.dimension();
        SharedRandomness priv = s.shared.derive(PRIVATE, 1);
        double[][] cum = new double[dim][];
        for (int d = 0; d < dim; d++) {
            double[] lw = axes.logPi()[d];
            double[] c = new double[lw.length];
            double acc = 0;
            for (int i = 0; i < lw.length; i++) {
                acc += StrictMath.exp(lw[i]);
                c[i] = acc;
            }
            cum[d] = c;
        }
        HashMap<Long, Long> counts = new HashMap<>();
        double t = 0;
        for (long n = 0; ; n++) {
            t += -StrictMath.log(priv.uniform(0, n));
            double lnT = StrictMath.log(t);
            if (s.done(lnT, axes.logRmaxPrime())) {
                break;
            }
            double lnPi = 0;
            for (int d = 0; d < dim; d++) {
                double[] c = cum[d];
                int i = c.length == 1 ? 0 : lowerBound(c, priv.uniform(1 + d, n) * c[c.length - 1]);
                s.digits[d] = i;
                lnPi += axes.logPi()[d][i];
            }
            long bin = partition.bin(s.digits);
            long k = counts.merge(bin, 1L, Long::sum);
            s.binsTouched += k == 1 ? 1 : 0;
            s.examine(bin, k, lnPi + lnT);
        }
    }

    /** The first index whose cumulative weight exceeds {@code v} (the last one if rounding leaves none). */
    private static int lowerBound(double[] cum, double v) {
        int lo = 0;
        int hi = cum.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > v) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        if (coding.dimension() != partition.dimension()) {
            throw new IllegalArgumentException("coding distribution has " + coding.dimension()
                    + " dimensions, partition " + partition.dimension());
        }
        if (codeword.size() != 2) {
            throw new CorruptStreamException("space-partitioned codeword needs (bin, index), got " + codeword);
        }
        checkFields(codeword.value(0), codeword.value(1));
        return partition.candidate(coding, shared, codeword.value(0), codeword.value(1));
    }

    private void checkFields(long bin, long k) {
        if (bin < 0 || bin >= partition.binCount()) {
            throw new CorruptStreamException("bin index " + bin + " outside [0, " + partition.binCount() + ")");
        }
        if (k < 1 || (budgetBits >= 0 && k > 1L << budgetBits)) {
            throw new CorruptStreamException("local index " + k + " outside [1, "
                    + (budgetBits >= 0 ? Long.toString(1L << budgetBits) : "∞") + "]");
        }
    }

    @Override
    public void write(Codeword codeword, BitWriter out) {
        out.writeBits(codeword.value(0), partition.binIndexBits());
        indexCode.write(out, codeword.value(1));
    }

    @Override
    public Codeword read(BitReader in) {
        long bin = in.readBits(partition.binIndexBits());
        long k = indexCode.read(in);
        checkFields(bin, k);
        return new Codeword(new long[] {bin, k}, partition.binIndexBits() + indexCode.length(k));
    }

    @Override
    public String toString() {
        return name() + "[" + partition + ", " + heuristic + (budgetBits >= 0 ? ", κ=" + budgetBits : "") + ", "
                + indexCode + ", " + order + "]";
    }
}
