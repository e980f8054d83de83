package io.rec4j.cli;

import io.rec4j.core.rec.AStarCoding;
import io.rec4j.core.rec.BinHeuristic;
import io.rec4j.core.rec.BudgetedPfr;
import io.rec4j.core.rec.Partition;
import io.rec4j.core.rec.SpacePartitionedRec;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.GreedyPoissonRejectionSampling;
import io.rec4j.core.rec.IrecCoder;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.PoissonFunctionalRepresentation;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.List;

/** Builds a channel simulator from command-line options. */
final class Simulators {
    /** Every method name the CLI accepts. */
    static final List<String> METHODS = List.of("mrc", "orc", "pfr", "astar-dl", "gprs", "sp-pfr", "sp-orc", "budgeted", "irec");
    static final List<String> EXACT = List.of("pfr", "gprs", "sp-pfr");

    /** Options that configure the methods; null means "not given". */
    record Options(Integer budgetBits, Double epsilon, Integer maxDepth, Double omega, Double samplesFactor, Integer beams,
                   String gprsVariant, Integer binBits, String heuristic) {
        Options(Integer budgetBits, Double epsilon) {
            this(budgetBits, epsilon, null, null, null, null, null, null, null);
        }
    }

    private Simulators() {
    }

    /**
     * The simulator for {@code method}. Shared parameters that depend on the expected KL (Zipf λ, default budgets)
     * are set from the problem's KL, which in this harness plays the role of the mutual information that a real
     * codec learns from training data and shares with the decoder.
     */
    static ChannelSimulator create(String method, RecProblem problem, Options o) {
        double kl = problem.klBits();
        int defaultBudget = (int) Math.min(OrderedRandomCoding.MAX_TABLE_BITS, Math.ceil(kl) + 2);
        switch (method) {
            case "pfr":
                return PoissonFunctionalRepresentation.withZipf(kl);
            case "orc":
                return OrderedRandomCoding.orc(o.budgetBits() != null ? o.budgetBits() : defaultBudget);
            case "mrc":
                return OrderedRandomCoding.mrc(o.budgetBits() != null ? o.budgetBits() : defaultBudget);
            case "budgeted":
                if (o.budgetBits() != null && o.epsilon() != null) {
                    throw new Main.UsageException("give either --budget-bits or --epsilon for method budgeted, not both");
                }
                if (o.budgetBits() != null) {
                    return new BudgetedPfr(o.budgetBits(), kl + 1);
                }
                return BudgetedPfr.forEpsilon(kl, o.epsilon() != null ? o.epsilon() : 0.5);
            case "astar-dl": {
                int depth = o.maxDepth() != null ? o.maxDepth() : AStarCoding.DEFAULT_MAX_DEPTH;
                // one Zipf code per dimension, tuned to that dimension's share of the KL
                double lambda = kl / problem.dimension() + 1;
                return depth == 0 ? AStarCoding.exact(problem.dimension(), lambda)
                        : AStarCoding.depthLimited(problem.dimension(), lambda, depth);
            }
            case "gprs": {
                double lambda = kl / problem.dimension() + 1;
                String v = o.gprsVariant() == null ? "split" : o.gprsVariant();
                switch (v) {
                    case "split":
                        return GreedyPoissonRejectionSampling.splitOnSample(problem.dimension(), lambda);
                    case "global":
                        return GreedyPoissonRejectionSampling.global(problem.dimension(), lambda);
                    default:
                        throw new Main.UsageException("--gprs-variant must be 'split' or 'global', was '" + v + "'");
                }
            }
            case "sp-pfr":
            case "sp-orc": {
                // per-dimension KL stands in for the per-dimension mutual information that a codec estimates
                double[] mi = new double[problem.dimension()];
                for (int d = 0; d < mi.length; d++) {
                    mi[d] = problem.ratio(d).klNats() / Math.log(2);
                }
                int binBits = o.binBits() != null ? o.binBits() : Partition.suggestedTotalBits(mi);
                boolean exact = method.equals("sp-pfr");
                BinHeuristic h = o.heuristic() != null ? BinHeuristic.parse(o.heuristic())
                        : exact ? BinHeuristic.SUP_RATIO : BinHeuristic.Q_MASS;
                return exact ? SpacePartitionedRec.exact(mi, binBits, h)
                        : SpacePartitionedRec.fixedBudget(mi, binBits, o.budgetBits() != null ? o.budgetBits()
                                : Math.max(2, defaultBudget - binBits), h);
            }
            case "irec":
                return new IrecCoder(o.omega() != null ? o.omega() : IrecCoder.DEFAULT_OMEGA_NATS,
                        o.samplesFactor() != null ? o.samplesFactor() : IrecCoder.DEFAULT_SAMPLES_FACTOR,
                        o.beams() != null ? o.beams() : IrecCoder.DEFAULT_BEAMS);
            default:
                throw new Main.UsageException("method '" + method + "' is not implemented yet");
        }
    }
}
