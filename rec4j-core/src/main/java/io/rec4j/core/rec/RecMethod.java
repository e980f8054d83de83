package io.rec4j.core.rec;

import io.rec4j.core.rec.dist.RecProblem;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The registry of channel simulators: every method's name (as used on the command line and in reports), whether it
 * is exact, and how its shared parameters default from the problem. The one place that turns a method name into a
 * {@link ChannelSimulator}.
 *
 * <p>Parameters that depend on the expected KL (Zipf λ = KL + 1, default budgets) are set from the problem's KL,
 * which in a stand-alone channel-simulation run plays the role of the mutual information that a real codec learns
 * from data and shares with its decoder. The methods and their papers are listed in {@code docs/algorithms.md}.
 */
public enum RecMethod {
    /** Minimal random coding with 2^κ candidates (Havasi et al., ICLR 2019, arXiv 1810.00440). */
    MRC("mrc", false),
    /** Ordered random coding with 2^κ candidates (Theis &amp; Ahmed, ICML 2022, arXiv 2110.12805). */
    ORC("orc", false),
    /**
     * Poisson functional representation (Li &amp; El Gamal, IEEE Trans. Inf. Theory 2018, arXiv 1701.02827), i.e.
     * global-bound A* coding (Flamich, Markou &amp; Hernández-Lobato, ICML 2022, arXiv 2201.12857).
     */
    PFR("pfr", true),
    /** Depth-limited AS* / AD* coding (Flamich, Markou &amp; Hernández-Lobato, ICML 2022, arXiv 2201.12857). */
    ASTAR_DL("astar-dl", false),
    /**
     * Joint AS*: one A* search over boxes of ℝ^D and one heap index for the whole sample (same paper; rec4j's box
     * split rule, see {@link JointAStarCoding}).
     */
    ASTAR_JOINT("astar-joint", true),
    /** Greedy Poisson rejection sampling (Flamich, NeurIPS 2023, arXiv 2305.15313). */
    GPRS("gprs", true),
    /**
     * Greedy rejection coding with splits on the sample, GRCS (Flamich, Markou &amp; Hernández-Lobato, NeurIPS 2023,
     * arXiv 2309.15746); certified-unimodal ratios only.
     */
    GRC("grc", true),
    /** Greedy rejection coding with dyadic (P-median) splits, GRCD (same paper); certified-unimodal ratios only. */
    GRCD("grcd", true),
    /** Space-partitioned PFR (He, Flamich &amp; Hernández-Lobato, NeurIPS 2024, arXiv 2405.12203). */
    SP_PFR("sp-pfr", true),
    /** Space-partitioned ORC with a fixed budget (same paper). */
    SP_ORC("sp-orc", false),
    /** PFR with a fixed candidate budget and a total-variation certificate (Flamich &amp; Wells, 2024, arXiv 2405.04363). */
    BUDGETED("budgeted", false),
    /** Index coding of VAE latents, iREC (Flamich, Havasi &amp; Hernández-Lobato, NeurIPS 2020, arXiv 2010.01185). */
    IREC("irec", false);

    private final String id;
    private final boolean exact;

    RecMethod(String id, boolean exact) {
        this.id = id;
        this.exact = exact;
    }

    /** The method's name on the command line, e.g. {@code sp-pfr}. */
    public String id() {
        return id;
    }

    /**
     * True iff the method's samples follow Q exactly with its default settings. Depth-limited A* is exact only
     * without a depth limit; see {@link #isExact(Settings)}.
     */
    public boolean isExact() {
        return exact;
    }

    /** True iff the simulator built with {@code settings} is exact. */
    public boolean isExact(Settings settings) {
        return exact || (this == ASTAR_DL && settings.maxDepth() != null && settings.maxDepth() == 0);
    }

    /** Every method name, comma-separated, in declaration order. */
    public static String names() {
        return Arrays.stream(values()).map(RecMethod::id).collect(Collectors.joining(", "));
    }

    /**
     * The method called {@code id}.
     *
     * @throws IllegalArgumentException naming the known methods if there is none
     */
    public static RecMethod of(String id) {
        for (RecMethod m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + id + "'; expected one of " + names());
    }

    /** Default {@link Settings#maxCandidates()}: 2^32 candidates (or search steps) over all encodings of one run. */
    public static final long DEFAULT_MAX_CANDIDATES = 1L << 32;
    /**
     * Largest per-dimension KL (bits) for split-on-sample GPRS: its paths are capped at
     * {@value GreedyPoissonRejectionSampling#MAX_DEPTH} levels; measured with 400 draws per point (μ = 0.3, P = N(0, 1)),
     * the mean path length is about 1.35·KL + 1 and the longest reached 52 levels at KL = 22.6 bits, 62 at 29.2 and
     * failed in 15% of draws at 39.2, so the limit keeps a margin of about 10 levels.
     */
    public static final double MAX_SPLIT_GPRS_KL_BITS = 26;
    /**
     * Largest per-dimension KL (bits) for exact (unlimited) A* coding: its paths are capped at
     * {@value AStarCoding#MAX_DEPTH} levels and the selected depth is about 0.75·KL (class comment of
     * {@link AStarCoding}), so beyond this the cap would silently bias the sample.
     */
    public static final double MAX_EXACT_ASTAR_KL_BITS = 64;
    /**
     * Largest total KL (bits) for joint AS* ({@link JointAStarCoding}): one path of at most
     * {@value JointAStarCoding#MAX_DEPTH} levels holds all dimensions; the mean selected depth is about 1.4·KL (1.35
     * at KL = 20 bits in 5 dimensions, 1.47 at 16 bits in 8), and the deepest of 100 draws reached 62 levels at KL = 32
     * bits, so the limit keeps a margin of about 25 levels over the mean.
     */
    public static final double MAX_JOINT_ASTAR_KL_BITS = 24;
    /**
     * Largest log2 of the estimated expansions of joint AS*: 2^4 below its running cap
     * {@link JointAStarCoding#DEFAULT_MAX_EXPANSIONS}, so a refused run is refused before it starts.
     */
    static final double MAX_JOINT_ASTAR_LOG2_EXPANSIONS = 14;
    private static final double LN2 = StrictMath.log(2);

    /**
     * Optional settings; {@code null} means "the method's default". Each maps to the {@code rec4j rec roundtrip}
     * option of the same name.
     *
     * @param budgetBits     candidate budget 2^k for mrc, orc, sp-orc and budgeted (default: the smallest budget
     *                       whose {@link #tvBound certified TV} is at most {@code epsilon}; refused if that is above
     *                       the maximum budget)
     * @param epsilon        total-variation target of mrc, orc, sp-orc (default {@link #DEFAULT_TV}) and budgeted
     *                       (default 0.5, certified through KL alone)
     * @param maxDepth       depth limit of astar-dl, 0 for none (default {@link AStarCoding#DEFAULT_MAX_DEPTH})
     * @param omega          irec: KL per auxiliary step in nats
     * @param samplesFactor  irec: 1 + ε, exp(f·Ω) candidates per step
     * @param beams          irec: beam width
     * @param gprsVariant    gprs: {@code split} (default), {@code global} or {@code dyadic}
     * @param binBits        sp-pfr, sp-orc: log2 of the number of bins (default from {@link Partition#suggestedTotalBits})
     * @param heuristic      sp-pfr, sp-orc: bin heuristic (see {@link BinHeuristic#parse})
     * @param maxCandidates  limit on the expected candidates of all encodings checked together (default
     *                       {@link #DEFAULT_MAX_CANDIDATES}); also the running cap of pfr, global gprs and sp-pfr
     * @param maxMemoryBytes limit on the encoder's working memory (default half of {@link Runtime#maxMemory()})
     */
    public record Settings(Integer budgetBits, Double epsilon, Integer maxDepth, Double omega, Double samplesFactor,
                           Integer beams, String gprsVariant, Integer binBits, String heuristic, Long maxCandidates,
                           Long maxMemoryBytes) {
        /** Settings with the default limits. */
        public Settings(Integer budgetBits, Double epsilon, Integer maxDepth, Double omega, Double samplesFactor,
                        Integer beams, String gprsVariant, Integer binBits, String heuristic) {
            this(budgetBits, epsilon, maxDepth, omega, samplesFactor, beams, gprsVariant, binBits, heuristic, null,
                    null);
        }

        /** Every setting at its default. */
        public static Settings defaults() {
            return new Settings(null, null, null, null, null, null, null, null, null, null, null);
        }

        /** These settings with the candidate budget 2^{@code bits}. */
        public Settings withBudgetBits(int bits) {
            return new Settings(bits, epsilon, maxDepth, omega, samplesFactor, beams, gprsVariant, binBits, heuristic,
                    maxCandidates, maxMemoryBytes);
        }

        /** These settings with another candidate limit. */
        public Settings withMaxCandidates(long limit) {
            return new Settings(budgetBits, epsilon, maxDepth, omega, samplesFactor, beams, gprsVariant, binBits,
                    heuristic, limit, maxMemoryBytes);
        }

        /** These settings with another memory limit. */
        public Settings withMaxMemoryBytes(long limit) {
            return new Settings(budgetBits, epsilon, maxDepth, omega, samplesFactor, beams, gprsVariant, binBits,
                    heuristic, maxCandidates, limit);
        }

        /** The candidate limit in effect. */
        public long candidateLimit() {
            return maxCandidates != null ? maxCandidates : DEFAULT_MAX_CANDIDATES;
        }

        /** The memory limit in effect, in bytes. */
        public long memoryLimit() {
            return maxMemoryBytes != null ? maxMemoryBytes : Runtime.getRuntime().maxMemory() / 2;
        }

        /** These settings with the method-specific parameters reset to their defaults, keeping the limits. */
        Settings limitsOnly() {
            return new Settings(null, null, null, null, null, null, null, null, null, maxCandidates, maxMemoryBytes);
        }
    }

    /** Default total-variation target of orc, mrc and sp-orc when neither a budget nor an epsilon is given. */
    public static final double DEFAULT_TV = 0.01;

    /**
     * A certified upper bound on the total-variation distance between an approximate method's output law and Q.
     *
     * @param bound  the bound, in [0, 1]
     * @param basis  the argument behind it, one phrase
     */
    public record TvCertificate(double bound, String basis) {
    }

    /**
     * The budget κ (bits) of orc, mrc, budgeted or sp-orc under {@code settings}: the given one, or the smallest that
     * certifies TV ≤ ε ({@link #tvBound}); NaN if no certificate can reach ε, with the reason in {@code why[0]}.
     */
    private double budgetFor(RecProblem problem, Settings settings, String[] why) {
        if (settings.budgetBits() != null && settings.epsilon() != null) {
            throw new IllegalArgumentException("give either a budget or an epsilon for method " + id + ", not both");
        }
        if (settings.budgetBits() != null) {
            return settings.budgetBits();
        }
        double eps = settings.epsilon() != null ? settings.epsilon() : this == BUDGETED ? 0.5 : DEFAULT_TV;
        if (!(eps > 0 && eps <= 1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1], was " + eps);
        }
        double kl = Math.max(problem.klBits(), 0);
        double dinf = Math.max(problem.maxLogRatioBits(), 0);
        boolean bounded = problem.hasBoundedRatio();
        double best = Double.POSITIVE_INFINITY;
        switch (this) {
            case BUDGETED:
                best = StrictMath.ceil((kl + BudgetedPfr.LI_EL_GAMAL_BITS) / eps);
                break;
            case ORC:
                best = StrictMath.ceil((kl + BudgetedPfr.LI_EL_GAMAL_BITS) / eps);
                if (bounded) {
                    best = Math.min(best, Math.max(0, StrictMath.ceil(dinf + log2(1 / eps))));
                }
                break;
            case MRC:
                if (bounded) {
                    // (r − 1)/(N + r − 1) ≤ ε  ⇔  N ≥ (r − 1)(1 − ε)/ε
                    double need = log2(StrictMath.expm1(dinf * LN2)) + log2((1 - eps) / eps);
                    best = Math.max(0, StrictMath.ceil(need));
                }
                break;
            case SP_ORC:
                if (bounded) {
                    best = Math.max(0, StrictMath.ceil(exactPartitionedSteps(problem, settings) + log2(1 / eps)));
                }
                break;
            default:
                throw new AssertionError(this);
        }
        int max = this == SP_ORC ? SpacePartitionedRec.MAX_BUDGET_BITS : OrderedRandomCoding.MAX_BUDGET_BITS;
        if (best == Double.POSITIVE_INFINITY) {
            why[0] = "no certificate bounds its total variation when D∞[Q‖P] is infinite; give --budget-bits k to run "
                    + "it with an estimated TV only, or use orc or budgeted (certified through KL)";
            return Double.NaN;
        }
        if (best > max) {
            why[0] = "certifying TV <= " + eps + " needs a budget of 2^" + fmt(best) + " candidates (KL = " + fmt(kl)
                    + " bits, D_inf = " + fmt(problem.maxLogRatioBits()) + " bits), more than the maximum 2^" + max
                    + "; raise --epsilon, give --budget-bits k (a weaker certificate), or use an exact method";
            return Double.NaN;
        }
        return best;
    }

    /**
     * The certified TV bound of orc, mrc, budgeted or sp-orc with budget 2^κ, or null for the other methods (exact, or
     * approximate without a certificate: astar-dl, irec).
     * <ul>
     *   <li>orc, budgeted: the output equals PFR's whenever PFR's selected index K is within the first N = 2^κ
     *       candidates, so TV ≤ P[K &gt; N] (Flamich &amp; Wells, arXiv 2405.04363): by Markov on ln K with
     *       Li–El Gamal's {@code E[log2 K] ≤ KL + 1.5307}, TV ≤ (KL + 1.5307)/κ; and, for a bounded ratio, by Markov
     *       on the global-bound stopping index (mean 2^{D∞}), TV ≤ 2^{D∞ − κ}.</li>
     *   <li>mrc (importance resampling over N candidates): the output density is
     *       {@code q(x)·E[N/(r(x) + Σ_{i≥2} r(X_i))] ≥ q(x)·N/(N − 1 + r_max)} by Jensen, so
     *       TV ≤ (r_max − 1)/(N + r_max − 1) with r_max = 2^{D∞}.</li>
     *   <li>sp-orc: the first N global steps of sp-pfr, whose global-bound search stops after 2^{log2 E[steps]}
     *       steps on average: TV ≤ E[steps]/N.</li>
     * </ul>
     */
    public TvCertificate tvBound(RecProblem problem, Settings settings) {
        if (this != ORC && this != MRC && this != BUDGETED && this != SP_ORC) {
            return null;
        }
        String[] why = new String[1];
        double k = budgetFor(problem, settings, why);
        if (Double.isNaN(k)) {
            return null;
        }
        double kl = Math.max(problem.klBits(), 0);
        double dinf = Math.max(problem.maxLogRatioBits(), 0);
        boolean bounded = problem.hasBoundedRatio();
        double bound = 1;
        String basis = "none";
        switch (this) {
            case ORC:
            case BUDGETED:
                if (k > 0) {
                    bound = Math.min(1, (kl + BudgetedPfr.LI_EL_GAMAL_BITS) / k);
                    basis = "(KL + 1.53)/budget, Flamich-Wells";
                }
                if (bounded && StrictMath.pow(2, dinf - k) < bound) {
                    bound = StrictMath.pow(2, dinf - k);
                    basis = "2^(D_inf - budget), Markov on PFR's stopping index";
                }
                break;
            case MRC:
                if (bounded) {
                    double r = StrictMath.pow(2, dinf);
                    double n = StrictMath.pow(2, k);
                    bound = Math.min(1, (r - 1) / (n + r - 1));
                    basis = "(r_max - 1)/(N + r_max - 1), Jensen on the importance weights";
                }
                break;
            case SP_ORC:
                if (bounded) {
                    bound = Math.min(1, StrictMath.pow(2, exactPartitionedSteps(problem, settings) - k));
                    basis = "E[sp-pfr steps]/N, Markov";
                }
                break;
            default:
                throw new AssertionError(this);
        }
        return bound < 1 ? new TvCertificate(bound, basis) : null;
    }

    /**
     * The expected cost of one encoding of {@code problem} with {@code settings}, without encoding: candidates (or
     * search steps), working memory, and whether the method can run at all ({@link RecCost#blocker()}) or will be
     * biased ({@link RecCost#bias()}). Work is O(dimension) (sp-pfr/sp-orc: also O(bins per axis)).
     *
     * @throws IllegalArgumentException for settings the method does not accept
     */
    public RecCost estimate(RecProblem problem, Settings settings) {
        int dim = problem.dimension();
        double kl = problem.klBits();
        double dinf = problem.maxLogRatioBits();
        long vectors = mul(24, dim);
        if (!(kl < Double.POSITIVE_INFINITY) || Double.isNaN(dinf)) {
            return blocked("KL[Q‖P] is not a finite double (KL = " + kl + " bits): no method can code this target");
        }
        boolean bounded = problem.hasBoundedRatio();
        String unbounded = "D∞[Q‖P] is infinite (a target marginal is wider than the coding distribution in some tail"
                + " or too far out), so an exact search would never stop";
        switch (this) {
            case PFR:
                if (!bounded) {
                    return blocked(unbounded);
                }
                return new RecCost(id, Math.max(dinf, 0), vectors, "2^D_inf, global-bound A* / PFR", null, null);
            case ORC:
            case MRC:
            case BUDGETED: {
                if (this == BUDGETED && settings.budgetBits() != null && settings.epsilon() != null) {
                    throw new IllegalArgumentException("give either a budget or an epsilon for method budgeted, "
                            + "not both");
                }
                if (settings.budgetBits() != null) {
                    checkBudget(settings.budgetBits());
                }
                String[] why = new String[1];
                double k = budgetFor(problem, settings, why);
                if (Double.isNaN(k)) {
                    return blocked(why[0]);
                }
                int budget = (int) k;
                OrderedRandomCoding.Selection sel = this == MRC ? OrderedRandomCoding.Selection.GUMBEL
                        : OrderedRandomCoding.Selection.ORDERED;
                boolean table = OrderedRandomCoding.usesTable(problem, budget, sel);
                double log2 = budget;
                String basis = "2^budget, budget " + budget + " bits";
                if (sel == OrderedRandomCoding.Selection.ORDERED && bounded && !table && dinf < budget) {
                    log2 = Math.max(dinf, 0);
                    basis = "2^D_inf: the PFR stopping rule ends the scan before the budget 2^" + budget;
                }
                long memory = table ? mul(8L << budget, dim + 1L) : vectors;
                String bias = null;
                TvCertificate tv = tvBound(problem, settings);
                if (tv != null && tv.bound() > 0.1) {
                    bias = "its certified total variation is only <= " + String.format(Locale.ROOT, "%.3g", tv.bound())
                            + " (" + tv.basis() + ")";
                } else if (tv == null && budget < kl) {
                    bias = "the budget 2^" + budget + " is below 2^KL = 2^" + fmt(kl)
                            + ": the sample is far from Q (Chatterjee-Diaconis)";
                }
                return new RecCost(id, log2, memory, basis, null, bias);
            }
            case ASTAR_DL: {
                int depth = settings.maxDepth() != null ? settings.maxDepth() : AStarCoding.DEFAULT_MAX_DEPTH;
                if (depth < 0 || depth > AStarCoding.MAX_DEPTH) {
                    throw new IllegalArgumentException("maxDepth must be in [0, " + AStarCoding.MAX_DEPTH
                            + "] (0 = unlimited), was " + depth);
                }
                if (depth == 0 && !bounded) {
                    return blocked(unbounded + "; give A* a depth limit (--max-depth) or use orc");
                }
                double total = 0;
                double worst = 0;
                double worstKl = 0;
                for (int d = 0; d < dim; d++) {
                    double dd = problem.ratio(d).maxLogRatioNats() / LN2;
                    double kd = Math.max(problem.ratio(d).klNats() / LN2, 0);
                    // AS*: O(D∞) expansions, about 0.7·D∞ + 1.5 measured; a depth limit also bounds them (two
                    // chains of the limit's length where the ratio is unbounded)
                    double e = depth == 0 ? dd + 2 : Math.min(dd, 2.0 * depth) + 2;
                    total += e;
                    worst = Math.max(worst, e);
                    worstKl = Math.max(worstKl, kd);
                }
                if (worst > AStarCoding.DEFAULT_MAX_EXPANSIONS) {
                    return blocked("one dimension needs about " + count(log2(worst)) + " A* expansions, above the cap"
                            + " of 2^24 per dimension");
                }
                if (depth == 0 && worstKl > MAX_EXACT_ASTAR_KL_BITS) {
                    return blocked("a dimension has KL = " + fmt(worstKl) + " bits, beyond what exact A* coding's "
                            + AStarCoding.MAX_DEPTH + "-level paths reach (" + fmt(MAX_EXACT_ASTAR_KL_BITS)
                            + " bits per dimension)");
                }
                String bias = depth > 0 && 0.75 * worstKl + 5 > depth
                        ? "the depth limit " + depth + " is below the typical selected depth 0.75·KL + 5 = "
                        + fmt(0.75 * worstKl + 5) + " levels of the worst dimension" : null;
                long memory = Math.max(vectors, mul(160, (long) StrictMath.ceil(worst)));
                return new RecCost(id, log2(total), memory, "AS*: about D_inf + 2 expansions per dimension", null,
                        bias);
            }
            case ASTAR_JOINT: {
                if (!bounded) {
                    return blocked(unbounded);
                }
                if (kl > MAX_JOINT_ASTAR_KL_BITS) {
                    return blocked("the total KL = " + fmt(kl) + " bits is beyond what joint A* coding's "
                            + JointAStarCoding.MAX_DEPTH + "-level path reaches (" + fmt(MAX_JOINT_ASTAR_KL_BITS)
                            + " bits); code the dimensions separately (astar-dl --max-depth 0) or in smaller blocks");
                }
                double log2 = jointAStarLog2Expansions(problem);
                if (log2 > MAX_JOINT_ASTAR_LOG2_EXPANSIONS) {
                    return blocked("about " + count(log2) + " expansions expected in " + dim + " dimensions, above "
                            + "joint A* coding's limit of 2^" + (int) MAX_JOINT_ASTAR_LOG2_EXPANSIONS + " (its search "
                            + "grows quickly with D); code the dimensions separately (astar-dl --max-depth 0)");
                }
                // open nodes: at most two per expansion, each four arrays of D doubles and a header
                long perNode = add(mul(32, dim), 96);
                long memory = Math.max(vectors, mul(perNode, 2L * (long) StrictMath.ceil(StrictMath.pow(2, log2))));
                return new RecCost(id, log2, memory, "joint AS*: measured 1.32 (D - 1) + 1.2 mean log2(D_inf_d + 1)"
                        + " - 0.4 bits of expansions", null, null);
            }
            case GPRS: {
                String v = settings.gprsVariant() == null ? "split" : settings.gprsVariant().toLowerCase(Locale.ROOT);
                if (!v.equals("split") && !v.equals("global") && !v.equals("dyadic")) {
                    throw new IllegalArgumentException("the GPRS variant must be 'split', 'global' or 'dyadic', was '"
                            + settings.gprsVariant() + "'");
                }
                if (!bounded) {
                    return blocked(unbounded);
                }
                double log2Total = Double.NEGATIVE_INFINITY;
                double split = 0;
                double worstKl = 0;
                double worstDinfNats = 0;
                for (int d = 0; d < dim; d++) {
                    double dn = problem.ratio(d).maxLogRatioNats();
                    double kd = Math.max(problem.ratio(d).klNats() / LN2, 0);
                    worstDinfNats = Math.max(worstDinfNats, dn);
                    worstKl = Math.max(worstKl, kd);
                    split += 2.26 * kd + 9.66;
                    log2Total = logAdd2(log2Total, Math.max(dn / LN2, 0));
                }
                if (worstDinfNats > StretchFunction.MAX_LOG_RMAX_NATS) {
                    return blocked("a dimension has D∞ = " + fmt(worstDinfNats / LN2) + " bits, beyond the range of "
                            + "GPRS's stretch table (" + fmt(StretchFunction.MAX_LOG_RMAX_NATS / LN2) + " bits)");
                }
                long tables = Math.min(dim, 256);
                long memory = Math.max(vectors, mul(mul(96, StretchFunction.nodesFor(worstDinfNats)), tables));
                if (v.equals("global")) {
                    return new RecCost(id, log2Total, memory, "sum over dimensions of 2^D_inf, global GPRS", null,
                            null);
                }
                for (int d = 0; d < dim; d++) {
                    io.rec4j.core.rec.dist.DensityRatio1D r = problem.ratio(d);
                    if (r.maxLogRatioNats() > 0 && !r.isUnimodal()) {
                        return blocked(GreedyPoissonRejectionSampling.notUnimodal(d, r));
                    }
                }
                if (worstKl > MAX_SPLIT_GPRS_KL_BITS) {
                    return blocked("a dimension has KL = " + fmt(worstKl) + " bits, beyond what split-on-sample "
                            + "GPRS's " + GreedyPoissonRejectionSampling.MAX_DEPTH + "-level paths reach ("
                            + fmt(MAX_SPLIT_GPRS_KL_BITS) + " bits per dimension)");
                }
                if (v.equals("dyadic")) {
                    // a mode on a dyadic median stops the descent there: global GPRS inside that node, <= 2^D_inf
                    double dyadic = 0;
                    for (int d = 0; d < dim; d++) {
                        io.rec4j.core.rec.dist.DensityRatio1D r = problem.ratio(d);
                        dyadic += DyadicGprs.modeOnMedian(r) ? StrictMath.pow(2, Math.max(r.maxLogRatioNats() / LN2, 0))
                                : 2.26 * Math.max(r.klNats() / LN2, 0) + 9.66;
                    }
                    return new RecCost(id, log2(dyadic), memory, "per dimension 2.26 KL + 9.66 steps, or 2^D_inf "
                            + "where the mode sits on a dyadic median, dyadic GPRS", null, null);
                }
                return new RecCost(id, log2(split), memory, "sum of 2.26 KL + 9.66 steps per dimension, split GPRS",
                        null, null);
            }
            case GRC:
            case GRCD: {
                if (!bounded) {
                    return blocked(unbounded);
                }
                double steps = 0;
                double worstKl = 0;
                for (int d = 0; d < dim; d++) {
                    io.rec4j.core.rec.dist.DensityRatio1D r = problem.ratio(d);
                    if (r.maxLogRatioNats() > 0 && !r.isUnimodal()) {
                        return blocked(GreedyRejectionCoding.notUnimodal(d, r));
                    }
                    double kd = Math.max(r.klNats() / LN2, 0);
                    worstKl = Math.max(worstKl, kd);
                    steps += 4.82 * kd + 10;
                }
                if (worstKl > MAX_SPLIT_GPRS_KL_BITS) {
                    return blocked("a dimension has KL = " + fmt(worstKl) + " bits, beyond what greedy rejection "
                            + "coding's " + GreedyRejectionCoding.MAX_DEPTH + "-level paths reach ("
                            + fmt(MAX_SPLIT_GPRS_KL_BITS) + " bits per dimension)");
                }
                return new RecCost(id, log2(steps), vectors, "sum of 4.82 KL + 10 steps per dimension (the GRCS "
                        + "runtime theorem's slope), greedy rejection coding", null, null);
            }
            case SP_PFR:
            case SP_ORC: {
                if (this == SP_PFR && !bounded) {
                    return blocked(unbounded);
                }
                if (this == SP_ORC) {
                    String[] why = new String[1];
                    if (Double.isNaN(budgetFor(problem, settings, why))) {
                        return blocked(why[0]);
                    }
                }
                SpacePartitionedRec sp = (SpacePartitionedRec) build(problem, settings);
                double log2 = sp.log2ExpectedSteps(problem);
                String bias = null;
                TvCertificate tv = this == SP_ORC ? tvBound(problem, settings) : null;
                if (tv != null && tv.bound() > 0.1) {
                    bias = "its certified total variation is only <= " + String.format(Locale.ROOT, "%.3g", tv.bound())
                            + " (" + tv.basis() + ")";
                } else if (this == SP_ORC && tv == null && sp.budgetBits() + sp.partition().log2BinCount() < kl) {
                    bias = "the budget 2^" + sp.budgetBits() + " times J = 2^" + fmt(sp.partition().log2BinCount())
                            + " bins is below 2^KL = 2^" + fmt(kl) + ": the sample is far from Q";
                }
                return new RecCost(id, log2, Math.max(vectors, sp.memoryBytes(log2)),
                        this == SP_PFR ? "exp(ln r'_max) of the partitioned search" : "2^budget global steps", null,
                        bias);
            }
            case IREC: {
                IrecCoder c = irec(settings);
                if (!problem.target().isGaussian() || !problem.coding().isGaussian()) {
                    return blocked("iREC handles diagonal Gaussian targets and coding distributions only");
                }
                for (int d = 0; d < dim; d++) {
                    io.rec4j.core.rec.dist.Normal q = (io.rec4j.core.rec.dist.Normal) problem.target().marginal(d);
                    io.rec4j.core.rec.dist.Normal p = (io.rec4j.core.rec.dist.Normal) problem.coding().marginal(d);
                    double s = q.std() / p.std();
                    double m = (q.mean() - p.mean()) / p.std();
                    if (!(s * s >= Double.MIN_NORMAL && s * s < Double.POSITIVE_INFINITY && m * m < Double.MAX_VALUE)) {
                        return blocked("dimension " + d + " has sigma_q/sigma_p = " + s + " and a standardised mean "
                                + m + ", out of the range of iREC's variance arithmetic");
                    }
                }
                long steps = c.stepsFor(problem.klNats());
                if (steps > IrecCoder.MAX_STEPS) {
                    return blocked("KL = " + fmt(problem.klNats()) + " nats needs " + steps + " steps at omega = "
                            + c.omegaNats() + ", more than " + IrecCoder.MAX_STEPS + "; raise --omega or split the "
                            + "problem into blocks");
                }
                double log2 = log2(c.candidatesFor(steps));
                long memory = add(mul(mul(8L * c.beams(), dim), c.candidatesPerStep() + 2L), mul(16L * c.beams(), steps));
                return new RecCost(id, log2, Math.max(vectors, memory), "steps x exp(f omega) x beams = " + steps
                        + " x " + c.candidatesPerStep() + " x " + c.beams(), null, null);
            }
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Checks that {@code encodings} encodings of {@code problem} fit the limits of {@code settings} and returns the
     * estimate of one.
     *
     * @throws RecCostException naming the cost, the limit, the methods that fit and the {@code --max-candidates}
     *                          override, if the method cannot run or its cost is beyond a limit
     * @throws IllegalArgumentException for settings the method does not accept
     */
    public RecCost check(RecProblem problem, Settings settings, long encodings) {
        if (encodings < 1) {
            throw new IllegalArgumentException("encodings must be at least 1, was " + encodings);
        }
        long limit = settings.candidateLimit();
        if (limit < 1) {
            throw new IllegalArgumentException("the candidate limit must be at least 1, was " + limit);
        }
        RecCost c = estimate(problem, settings);
        if (!c.feasible()) {
            throw new RecCostException("method " + id + " cannot code this target: " + c.blocker() + "; "
                    + alternatives(problem, settings, encodings), c);
        }
        double log2Total = c.log2Candidates() + log2(encodings);
        if (!(log2Total <= log2(limit))) {
            String override = log2Total < 62
                    ? "--max-candidates " + (long) StrictMath.ceil(StrictMath.pow(2, log2Total)) + " runs it anyway"
                    : "no --max-candidates reaches it";
            throw new RecCostException("method " + id + " needs about " + count(log2Total) + " candidates ("
                    + c.basis() + (encodings > 1 ? ", times " + encodings + " encodings" : "")
                    + "), over the limit of " + count(log2(limit)) + " (--max-candidates); " + override + "; "
                    + alternatives(problem, settings, encodings), c);
        }
        long memLimit = settings.memoryLimit();
        if (c.memoryBytes() > memLimit) {
            throw new RecCostException("method " + id + " needs about " + RecCost.bytes(c.memoryBytes())
                    + " of memory, over the limit of " + RecCost.bytes(memLimit) + " (half the JVM's maximum heap); "
                    + alternatives(problem, settings, encodings), c);
        }
        return c;
    }

    /** The other methods that fit the limits with their default settings, cheapest first, as one phrase. */
    private String alternatives(RecProblem problem, Settings settings, long encodings) {
        Settings plain = settings.limitsOnly();
        double log2Limit = log2(settings.candidateLimit()) - log2(encodings);
        java.util.List<RecCost> fits = new java.util.ArrayList<>();
        for (RecMethod m : values()) {
            if (m == this) {
                continue;
            }
            RecCost c;
            try {
                c = m.estimate(problem, plain);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (c.feasible() && c.log2Candidates() <= log2Limit && c.memoryBytes() <= settings.memoryLimit()) {
                fits.add(c);
            }
        }
        if (fits.isEmpty()) {
            return "no method fits the limits for this target (KL = " + fmt(problem.klBits()) + " bits, D_inf = "
                    + fmt(problem.maxLogRatioBits()) + " bits): split it into more dimensions or blocks";
        }
        fits.sort(java.util.Comparator.comparingDouble(RecCost::log2Candidates));
        StringBuilder s = new StringBuilder("methods that fit: ");
        for (int i = 0; i < fits.size() && i < 3; i++) {
            RecCost c = fits.get(i);
            RecMethod m = of(c.method());
            s.append(i > 0 ? ", " : "").append(c.method()).append(" (")
                    .append(m.isExact(plain) ? "exact" : c.bias() == null ? "approximate" : "biased")
                    .append(", about ").append(count(c.log2Candidates())).append(')');
        }
        return s.toString();
    }

    /**
     * The simulator for {@code problem} with {@code settings}, after {@link #check check}ing that one encoding fits
     * the limits.
     *
     * @throws RecCostException if the method cannot run on the problem or its cost is beyond the limits
     * @throws IllegalArgumentException for settings the method does not accept
     */
    public ChannelSimulator create(RecProblem problem, Settings settings) {
        check(problem, settings, 1);
        return build(problem, settings);
    }

    private ChannelSimulator build(RecProblem problem, Settings settings) {
        return build(problem.klBits(), problem.dimension(), perDimensionKlBits(problem), problem, settings);
    }

    /**
     * The simulator a codec shares with its decoder for blocks whose per-dimension KLs (bits) are expected to be
     * {@code expectedKlBits}: measured on training data and stored with the model, since every parameter a decoder
     * uses must be known to it. The parameters are those {@link #create} derives from a problem's own KLs (Zipf and
     * heap-path λ, sp-pfr's partition). Fixed-budget methods (mrc, orc, sp-orc, budgeted) need
     * {@code settings.budgetBits()}: their default budget depends on the problem's density ratio.
     *
     * @throws IllegalArgumentException for settings the method does not accept, or a KL that is negative or not finite
     */
    public ChannelSimulator forExpectedKl(double[] expectedKlBits, Settings settings) {
        if (expectedKlBits.length == 0) {
            throw new IllegalArgumentException("need at least one dimension");
        }
        double kl = 0;
        for (double k : expectedKlBits) {
            if (!(k >= 0) || Double.isInfinite(k)) {
                throw new IllegalArgumentException("expected KLs must be finite and non-negative, got " + k);
            }
            kl += k;
        }
        boolean fixedBudget = this == MRC || this == ORC || this == SP_ORC || this == BUDGETED;
        if (fixedBudget && settings.budgetBits() == null) {
            throw new IllegalArgumentException("method " + id + " needs a budget when built from expected KLs");
        }
        return build(kl, expectedKlBits.length, expectedKlBits.clone(), null, settings);
    }

    private ChannelSimulator build(double kl, int dimension, double[] klPerDimension, RecProblem problem,
                                   Settings settings) {
        long cap = settings.candidateLimit();
        Settings o = settings;
        switch (this) {
            case PFR:
                return new PoissonFunctionalRepresentation(new io.rec4j.core.coding.bits.ZipfCode(Math.max(kl, 0) + 1),
                        cap);
            case ORC:
                return OrderedRandomCoding.orc(builtBudget(problem, o));
            case MRC:
                return OrderedRandomCoding.mrc(builtBudget(problem, o));
            case BUDGETED:
                if (o.budgetBits() != null && o.epsilon() != null) {
                    throw new IllegalArgumentException("give either a budget or an epsilon for method budgeted, not both");
                }
                if (o.budgetBits() != null) {
                    return new BudgetedPfr(o.budgetBits(), kl + 1);
                }
                return BudgetedPfr.forEpsilon(kl, o.epsilon() != null ? o.epsilon() : 0.5);
            case ASTAR_DL: {
                int depth = o.maxDepth() != null ? o.maxDepth() : AStarCoding.DEFAULT_MAX_DEPTH;
                // one heap path code per dimension, tuned to that dimension's share of the KL
                double lambda = kl / dimension + 1;
                return depth == 0 ? AStarCoding.exact(dimension, lambda)
                        : AStarCoding.depthLimited(dimension, lambda, depth);
            }
            case ASTAR_JOINT:
                // one heap path code for the whole sample, tuned to the total KL
                return new JointAStarCoding(dimension, new HeapPathCode(Math.max(kl, 0) + 1),
                        JointAStarCoding.DEFAULT_MAX_EXPANSIONS);
            case GPRS: {
                double lambda = kl / dimension + 1;
                String v = o.gprsVariant() == null ? "split" : o.gprsVariant().toLowerCase(Locale.ROOT);
                switch (v) {
                    case "split":
                        return new GreedyPoissonRejectionSampling(new HeapPathCode(lambda), dimension, cap);
                    case "global":
                        return new GreedyPoissonRejectionSampling(GreedyPoissonRejectionSampling.Variant.GLOBAL,
                                new io.rec4j.core.coding.bits.ZipfCode(lambda), dimension, cap);
                    case "dyadic":
                        return new DyadicGprs(new HeapPathCode(lambda), dimension, cap);
                    default:
                        throw new IllegalArgumentException("the GPRS variant must be 'split', 'global' or 'dyadic', was '"
                                + o.gprsVariant() + "'");
                }
            }
            case GRC:
            case GRCD:
                return GreedyRejectionCoding.of(this == GRC ? GreedyRejectionCoding.Split.SAMPLE
                        : GreedyRejectionCoding.Split.DYADIC, dimension, kl / dimension + 1);
            case SP_PFR:
            case SP_ORC: {
                double[] mi = klPerDimension;
                int binBits = o.binBits() != null ? o.binBits() : Partition.suggestedTotalBits(mi);
                boolean isExact = this == SP_PFR;
                // sup-r minimises r'_max, hence sp-pfr's expected steps and the budget that certifies sp-orc's TV
                BinHeuristic h = o.heuristic() != null ? BinHeuristic.parse(o.heuristic()) : BinHeuristic.SUP_RATIO;
                int budget = o.budgetBits() != null ? checkSpBudget(o.budgetBits()) : isExact ? 0 : builtBudget(problem, o);
                return isExact ? SpacePartitionedRec.exact(mi, binBits, h).withMaxCandidates(cap)
                        : SpacePartitionedRec.fixedBudget(mi, binBits, budget, h);
            }
            case IREC:
                return irec(o);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * log2 of the expected expansions of joint AS* ({@link JointAStarCoding}), a fit to measurements (Gaussian targets
     * against N(0, 1), 1–8 dimensions, 2 and 4 bits per dimension, within 0.4 bits of the measured means; see
     * {@code docs/algorithms.md}, "Joint AS* in D dimensions"): {@code 1.32 (D − 1) + 1.2·mean_d log2(D∞_d + 1) − 0.4},
     * D∞_d in bits. No theorem bounds the expansions of A* over boxes.
     */
    static double jointAStarLog2Expansions(RecProblem problem) {
        int dim = problem.dimension();
        double s = 0;
        for (int d = 0; d < dim; d++) {
            s += log2(Math.max(problem.ratio(d).maxLogRatioNats() / LN2, 0) + 1);
        }
        return Math.max(0, 1.32 * (dim - 1) + 1.2 * s / dim - 0.4);
    }

    /**
     * log2 of the mean number of global steps of the exact search (sp-pfr) with sp-orc's partition and bin
     * heuristic: sp-orc's first N steps are that search's, so its output is exact whenever the search stops by N.
     */
    private static double exactPartitionedSteps(RecProblem problem, Settings o) {
        Settings exact = new Settings(null, null, null, null, null, null, null, o.binBits(),
                o.heuristic(), o.maxCandidates(), o.maxMemoryBytes());
        return ((SpacePartitionedRec) SP_PFR.build(problem, exact)).log2ExpectedSteps(problem);
    }

    /** The budget a fixed-budget method is built with (the certificate's, or the given one). */
    private int builtBudget(RecProblem problem, Settings o) {
        String[] why = new String[1];
        double k = budgetFor(problem, o, why);
        if (Double.isNaN(k)) {
            throw new RecCostException("method " + id + " cannot code this target: " + why[0], null);
        }
        return (int) k;
    }

    /** Per-dimension KL in bits; stands in for the per-dimension mutual information that a codec estimates. */
    private static double[] perDimensionKlBits(RecProblem problem) {
        double[] mi = new double[problem.dimension()];
        for (int d = 0; d < mi.length; d++) {
            mi[d] = problem.ratio(d).klNats() / LN2;
        }
        return mi;
    }

    private static int defaultBinBits(RecProblem problem, Settings o) {
        return o.binBits() != null ? o.binBits() : Partition.suggestedTotalBits(perDimensionKlBits(problem));
    }

    private static IrecCoder irec(Settings o) {
        if (o.beams() != null && (o.beams() < 1 || o.beams() > IrecCoder.MAX_BEAMS)) {
            throw new IllegalArgumentException("beams must be in [1, " + IrecCoder.MAX_BEAMS + "], was " + o.beams());
        }
        return new IrecCoder(o.omega() != null ? o.omega() : IrecCoder.DEFAULT_OMEGA_NATS,
                o.samplesFactor() != null ? o.samplesFactor() : IrecCoder.DEFAULT_SAMPLES_FACTOR,
                o.beams() != null ? o.beams() : IrecCoder.DEFAULT_BEAMS);
    }

    private static int checkBudget(int bits) {
        if (bits < 0 || bits > OrderedRandomCoding.MAX_BUDGET_BITS) {
            throw new IllegalArgumentException("budget must be in [0, " + OrderedRandomCoding.MAX_BUDGET_BITS
                    + "] bits, was " + bits);
        }
        return bits;
    }

    private static int checkSpBudget(int bits) {
        if (bits < 0 || bits > SpacePartitionedRec.MAX_BUDGET_BITS) {
            throw new IllegalArgumentException("budget must be in [0, " + SpacePartitionedRec.MAX_BUDGET_BITS
                    + "] bits, was " + bits);
        }
        return bits;
    }

    private RecCost blocked(String why) {
        return new RecCost(id, Double.POSITIVE_INFINITY, 0, "none", why, null);
    }

    /** log2 of a positive count (−∞ for 0). */
    static double log2(double x) {
        return StrictMath.log(x) / LN2;
    }

    /** log2(2^a + 2^b). */
    private static double logAdd2(double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        if (hi == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return hi + StrictMath.log1p(StrictMath.pow(2, lo - hi)) / LN2;
    }

    /** a·b saturating at {@link Long#MAX_VALUE} (both non-negative). */
    static long mul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /** a + b saturating at {@link Long#MAX_VALUE} (both non-negative). */
    static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    private static String count(double log2) {
        return RecCost.count(log2);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
