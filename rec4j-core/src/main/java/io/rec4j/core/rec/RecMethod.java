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
    /** Greedy Poisson rejection sampling (Flamich, NeurIPS 2023, arXiv 2305.15313). */
    GPRS("gprs", true),
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

    /**
     * Optional settings; {@code null} means "the method's default".
     *
     * @param budgetBits    candidate budget 2^k for mrc, orc, sp-orc and budgeted (default ⌈KL⌉ + 2, at most
     *                      {@link OrderedRandomCoding#MAX_TABLE_BITS}; budgeted: from {@code epsilon})
     * @param epsilon       total-variation target of budgeted (default 0.5)
     * @param maxDepth      depth limit of astar-dl, 0 for none (default {@link AStarCoding#DEFAULT_MAX_DEPTH})
     * @param omega         irec: KL per auxiliary step in nats
     * @param samplesFactor irec: 1 + ε, exp(f·Ω) candidates per step
     * @param beams         irec: beam width
     * @param gprsVariant   gprs: {@code split} (default) or {@code global}
     * @param binBits       sp-pfr, sp-orc: log2 of the number of bins (default from {@link Partition#suggestedTotalBits})
     * @param heuristic     sp-pfr, sp-orc: bin heuristic (see {@link BinHeuristic#parse})
     */
    public record Settings(Integer budgetBits, Double epsilon, Integer maxDepth, Double omega, Double samplesFactor,
                           Integer beams, String gprsVariant, Integer binBits, String heuristic) {
        /** Every setting at its default. */
        public static Settings defaults() {
            return new Settings(null, null, null, null, null, null, null, null, null);
        }

        /** These settings with the candidate budget 2^{@code bits}. */
        public Settings withBudgetBits(int bits) {
            return new Settings(bits, epsilon, maxDepth, omega, samplesFactor, beams, gprsVariant, binBits, heuristic);
        }
    }

    /**
     * The simulator for {@code problem} with {@code settings}.
     *
     * @throws IllegalArgumentException for settings the method does not accept
     */
    public ChannelSimulator create(RecProblem problem, Settings settings) {
        double kl = problem.klBits();
        int defaultBudget = (int) Math.min(OrderedRandomCoding.MAX_TABLE_BITS, Math.ceil(kl) + 2);
        Settings o = settings;
        switch (this) {
            case PFR:
                return PoissonFunctionalRepresentation.withZipf(kl);
            case ORC:
                return OrderedRandomCoding.orc(o.budgetBits() != null ? o.budgetBits() : defaultBudget);
            case MRC:
                return OrderedRandomCoding.mrc(o.budgetBits() != null ? o.budgetBits() : defaultBudget);
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
                // one Zipf code per dimension, tuned to that dimension's share of the KL
                double lambda = kl / problem.dimension() + 1;
                return depth == 0 ? AStarCoding.exact(problem.dimension(), lambda)
                        : AStarCoding.depthLimited(problem.dimension(), lambda, depth);
            }
            case GPRS: {
                double lambda = kl / problem.dimension() + 1;
                String v = o.gprsVariant() == null ? "split" : o.gprsVariant().toLowerCase(Locale.ROOT);
                switch (v) {
                    case "split":
                        return GreedyPoissonRejectionSampling.splitOnSample(problem.dimension(), lambda);
                    case "global":
                        return GreedyPoissonRejectionSampling.global(problem.dimension(), lambda);
                    default:
                        throw new IllegalArgumentException("the GPRS variant must be 'split' or 'global', was '"
                                + o.gprsVariant() + "'");
                }
            }
            case SP_PFR:
            case SP_ORC: {
                // per-dimension KL stands in for the per-dimension mutual information that a codec estimates
                double[] mi = new double[problem.dimension()];
                for (int d = 0; d < mi.length; d++) {
                    mi[d] = problem.ratio(d).klNats() / StrictMath.log(2);
                }
                int binBits = o.binBits() != null ? o.binBits() : Partition.suggestedTotalBits(mi);
                boolean isExact = this == SP_PFR;
                BinHeuristic h = o.heuristic() != null ? BinHeuristic.parse(o.heuristic())
                        : isExact ? BinHeuristic.SUP_RATIO : BinHeuristic.Q_MASS;
                return isExact ? SpacePartitionedRec.exact(mi, binBits, h)
                        : SpacePartitionedRec.fixedBudget(mi, binBits, o.budgetBits() != null ? o.budgetBits()
                                : Math.max(2, defaultBudget - binBits), h);
            }
            case IREC:
                return new IrecCoder(o.omega() != null ? o.omega() : IrecCoder.DEFAULT_OMEGA_NATS,
                        o.samplesFactor() != null ? o.samplesFactor() : IrecCoder.DEFAULT_SAMPLES_FACTOR,
                        o.beams() != null ? o.beams() : IrecCoder.DEFAULT_BEAMS);
            default:
                throw new AssertionError(this);
        }
    }
}
