package io.rec4j.cli;

import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.BudgetedPfr;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.Encoding;
import io.rec4j.core.rec.RecMethod;
import io.rec4j.core.rec.RoundTrip;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j rec roundtrip}: encode, write, read and decode N draws, printing the decoded samples as CSV. */
@Command(name = "roundtrip",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Encode N independent channel-simulation tasks for Q = N(m, s^2)^D against P = N(0, 1)^D through the",
            "real bitstream, decode them from the bits alone, and print CSV to stdout:",
            "  trial,bits,candidates,x1,...,xD",
            "where bits is the exact size of the trial's codeword in the stream, candidates the number of",
            "candidates (or search steps) the encoder examined, and x the DECODED sample.",
            "A summary (KL, D_inf, mean bits, bound) goes to stderr.",
            "Shared parameters that a real codec would learn from data (Zipf lambda = KL + 1, default budgets) are",
            "derived from KL[Q||P], which plays the role of the mutual information known to both sides."})
final class RecRoundtripCommand implements Callable<Integer> {
    @Option(names = "--method", required = true, paramLabel = "M",
            description = "One of: ${COMPLETION-CANDIDATES}.", completionCandidates = MethodNames.class)
    String method;

    @Option(names = "--dim", required = true, paramLabel = "D", description = "Dimension D >= 1.")
    int dim;

    @Option(names = "--target-mean", required = true, paramLabel = "m", description = "Target mean in every dimension.")
    double mean;

    @Option(names = "--target-std", required = true, paramLabel = "s",
            description = "Target standard deviation in every dimension (> 0). Exact methods need s < 1 (or s = 1, m = 0).")
    double std;

    @Option(names = "--budget-bits", paramLabel = "k",
            description = "Candidate budget 2^k for mrc, orc, sp-orc and budgeted (default: ceil(KL) + 2; budgeted: from --epsilon).")
    Integer budgetBits;

    @Option(names = "--epsilon", paramLabel = "e",
            description = "Total-variation target for budgeted: the budget is chosen so that TV <= e is certified (default 0.5).")
    Double epsilon;

    @Option(names = "--max-depth", paramLabel = "d",
            description = "astar-dl: maximum search-tree depth, 0 = unlimited (exact AS*); default 24.")
    Integer maxDepth;

    @Option(names = "--omega", paramLabel = "nats", description = "irec: KL per auxiliary step in nats (default 3).")
    Double omega;

    @Option(names = "--samples-factor", paramLabel = "f",
            description = "irec: 1 + epsilon; exp(f * omega) candidates per step (default 1.2).")
    Double samplesFactor;

    @Option(names = "--beams", paramLabel = "B", description = "irec: beam-search width (default 1 = greedy).")
    Integer beams;

    @Option(names = "--gprs-variant", paramLabel = "V",
            description = "gprs: 'split' (split-on-sample, O(KL) steps; default) or 'global' (about 2^D_inf candidates).")
    String gprsVariant;

    @Option(names = "--bin-bits", paramLabel = "b",
            description = "sp-pfr, sp-orc: log2 of the number of bins J, split over dimensions by their KL (default floor(KL)).")
    Integer binBits;

    @Option(names = "--heuristic", paramLabel = "H",
            description = "sp-pfr, sp-orc: bin heuristic sup-r, q-mass or mix:W (default sup-r for sp-pfr, q-mass for sp-orc).")
    String heuristic;

    @Option(names = "--trials", required = true, paramLabel = "N", description = "Number of independent encodings.")
    int trials;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Master seed (default: ${DEFAULT-VALUE}); trial t uses derive(t).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        validate();
        ProductDistribution q = ProductDistribution.iid(new io.rec4j.core.rec.dist.Normal(mean, std), dim);
        ProductDistribution p = ProductDistribution.standardNormal(dim);
        RecProblem problem = new RecProblem(q, p);
        RecMethod.Settings settings = new RecMethod.Settings(budgetBits, epsilon, maxDepth, omega, samplesFactor, beams,
                gprsVariant, binBits, heuristic);
        boolean exact = RecMethod.of(method).isExact(settings);
        if (exact && !problem.hasBoundedRatio()) {
            throw new Main.UsageException("method " + method + " is exact and needs a bounded density ratio, but "
                    + "--target-std " + std + (std > 1 ? " > 1" : " = 1 with a shifted mean")
                    + " makes D_inf[Q||P] infinite (it would never terminate); use --method orc, --method budgeted or"
                    + " --method astar-dl with a finite --max-depth instead");
        }
        ChannelSimulator sim;
        try {
            sim = RecMethod.of(method).create(problem, settings);
        } catch (IllegalArgumentException ex) {
            throw new Main.UsageException(ex.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder header = new StringBuilder("trial,bits,candidates");
        for (int d = 1; d <= dim; d++) {
            header.append(",x").append(d);
        }
        out.println(header);
        SharedRandomness master = SharedRandomness.fromSeed(seed);
        double totalBits = 0;
        double totalCandidates = 0;
        long streamBits = 0;
        for (int t = 0; t < trials; t++) {
            SharedRandomness shared = master.derive(t);
            Encoding e;
            try {
                e = sim.encode(problem, shared);
            } catch (IllegalArgumentException ex) {
                throw new Main.UsageException(ex.getMessage());
            }
            // through the real bitstream: write, serialise, read back, decode from the bits alone
            RoundTrip rt = RoundTrip.of(sim, p, shared, e);
            StringBuilder row = new StringBuilder();
            row.append(t).append(',').append(rt.bits()).append(',').append(e.candidatesExamined());
            for (double v : rt.decoded()) {
                row.append(',').append(v);
            }
            out.println(row);
            totalBits += rt.bits();
            totalCandidates += e.candidatesExamined();
            streamBits += 8L * rt.streamBytes();
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        double kl = problem.klBits();
        err.printf(Locale.ROOT, "rec4j rec roundtrip: method %s (%s), D = %d, KL = %.4f bits, D_inf = %.4f bits%n", sim.name(),
                sim.isExact() ? "exact" : "approximate", dim, kl, problem.maxLogRatioBits());
        err.printf(Locale.ROOT, "  mean bits %.3f (KL + log2(KL+1) + 4 = %.3f), mean candidates %.1f, %d trials, %d bits in byte-padded streams%n",
                totalBits / trials, kl + StrictMath.log(kl + 1) / StrictMath.log(2) + 4, totalCandidates / trials, trials, streamBits);
        if (sim instanceof BudgetedPfr b) {
            err.printf(Locale.ROOT, "  budget 2^%d candidates: certified TV <= %.4f%n", b.budgetBits(), b.certifiedEpsilon(kl));
        }
        err.flush();
        return Main.EXIT_OK;
    }

    private void validate() {
        try {
            RecMethod.of(method);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (dim < 1) {
            throw new Main.UsageException("--dim must be at least 1, was " + dim);
        }
        if (trials < 1) {
            throw new Main.UsageException("--trials must be at least 1, was " + trials);
        }
        if (!Double.isFinite(mean)) {
            throw new Main.UsageException("--target-mean must be finite, was " + mean);
        }
        if (!(std > 0) || Double.isInfinite(std)) {
            throw new Main.UsageException("--target-std must be finite and positive, was " + std);
        }
        if (epsilon != null && !(epsilon > 0 && epsilon <= 1)) {
            throw new Main.UsageException("--epsilon must be in (0, 1], was " + epsilon);
        }
        if (budgetBits != null && (budgetBits < 0 || budgetBits > 40)) {
            throw new Main.UsageException("--budget-bits must be in [0, 40], was " + budgetBits);
        }
    }

    /** The method names of {@link RecMethod}, for the help text. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(RecMethod.values()).map(RecMethod::id).iterator();
        }
    }
}
