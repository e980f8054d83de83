package io.rec4j.cli;

import io.rec4j.core.rec.BudgetedPfr;
import io.rec4j.core.rec.ChannelSimulator;
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
    record Options(Integer budgetBits, Double epsilon) {
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
            default:
                throw new Main.UsageException("method '" + method + "' is not implemented yet; available: pfr, orc, mrc, budgeted");
        }
    }
}
