package io.rec4j.cli;

import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.Encoding;
import io.rec4j.core.rec.AStarCoding;
import io.rec4j.core.rec.IrecCoder;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.Partition;
import io.rec4j.core.rec.RecCost;
import io.rec4j.core.rec.RecMethod;
import io.rec4j.core.rec.RoundTrip;
import io.rec4j.core.rec.dist.DistributionSpec;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import io.rec4j.testkit.KolmogorovSmirnov;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j rec roundtrip}: encode, write, read and decode N draws, printing the decoded samples as CSV. */
@Command(name = "roundtrip",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Encode, write, read and decode N channel-simulation tasks; print the samples as CSV.",
            "",
            "Encode N independent channel-simulation tasks for a target Q against a coding distribution P (both "
                    + "products over D dimensions) through the real bitstream, decode them from the bits alone, and "
                    + "print CSV to stdout:",
            "  trial,bits,candidates,x1,...,xD",
            "where bits is the exact size of the trial's codeword in the stream, candidates the number of "
                    + "candidates (or search steps) the encoder examined, and x the DECODED sample. A summary (KL, D_inf, "
                    + "mean bits, bound; for approximate methods the certified TV bound and the KS distance of the "
                    + "decoded samples) goes to stderr. Q and P are given either as --target DIST [--coding DIST] or, "
                    + "for a Gaussian against N(0, 1), as --target-mean m --target-std s. DIST is",
            "  MARGINAL | MARGINAL;MARGINAL;...   (one marginal for all D dimensions, or one per dimension)",
            "  MARGINAL := normal(mean,std) | laplace(loc,scale) | uniform(lo,hi) | triangular(lo,mode,hi)",
            "            | mixture(w:MARGINAL,w:MARGINAL,...)   (weights summing to 1)",
            "for example --dim 2 --target 'mixture(0.5:normal(-2,0.5),0.5:normal(2,0.5));laplace(1,0.3)' --coding "
                    + "'normal(0,3);normal(0,1)'. Shared parameters that a real codec would learn from data (Zipf "
                    + "lambda = KL + 1, default budgets) are derived from KL[Q||P] and D_inf[Q||P], which play the role "
                    + "of what both sides know. Before anything runs, the method is checked: a pair it cannot simulate "
                    + "exactly (or, for an approximate method, within its certified TV) and runs beyond "
                    + "--max-candidates or half the JVM heap are refused (exit 1) with the methods that fit."})
final class RecRoundtripCommand implements Callable<Integer> {
    @Option(names = "--method", required = true, paramLabel = "M",
            description = "One of: ${COMPLETION-CANDIDATES}.", completionCandidates = MethodNames.class)
    String method;

    @Option(names = "--dim", required = true, paramLabel = "D", description = "Dimension D in [1, 1000000]; trials x D at most 10^7.")
    int dim;

    @Option(names = "--target", paramLabel = "DIST",
            description = "Target Q (see DIST above); instead of --target-mean/--target-std.")
    String target;

    @Option(names = "--coding", paramLabel = "DIST",
            description = "Coding distribution P (see DIST above; default normal(0,1)). Needs --target.")
    String coding;

    @Option(names = "--target-mean", paramLabel = "m",
            description = "Shorthand: target N(m, s^2) in every dimension against P = N(0, 1); with --target-std.")
    Double mean;

    @Option(names = "--target-std", paramLabel = "s",
            description = "Shorthand: target standard deviation (> 0). Exact methods need s < 1 (or s = 1, m = 0).")
    Double std;

    @Option(names = "--budget-bits", paramLabel = "k",
            description = "Candidate budget 2^k for mrc, orc, sp-orc and budgeted (default: the smallest that certifies TV <= --epsilon).")
    Integer budgetBits;

    @Option(names = "--epsilon", paramLabel = "e",
            description = "Total-variation target of orc, mrc, sp-orc and budgeted: the default budget is the smallest that "
                    + "certifies TV <= e (default 0.01; budgeted 0.5). Not with --budget-bits.")
    Double epsilon;

    @Option(names = "--max-depth", paramLabel = "d",
            description = "astar-dl: maximum search-tree depth, 0 = unlimited (exact AS*); default 24.")
    Integer maxDepth;

    @Option(names = "--omega", paramLabel = "nats", description = "irec: KL per auxiliary step in nats (default 3).")
    Double omega;

    @Option(names = "--samples-factor", paramLabel = "f",
            description = "irec: 1 + epsilon; exp(f * omega) candidates per step (default 2; the paper's 1.2 is measurably biased).")
    Double samplesFactor;

    @Option(names = "--beams", paramLabel = "B", description = "irec: beam-search width (default 1 = greedy).")
    Integer beams;

    @Option(names = "--selection", paramLabel = "S",
            description = "irec: 'sample' (default: each step draws its index from the normalised importance weights) or"
                    + " 'argmax' (the paper's beam search; approximate, biased whatever the candidate count).")
    String selection;

    @Option(names = "--gprs-variant", paramLabel = "V",
            description = "gprs: 'split' (split-on-sample, O(KL) steps; default), 'global' (about 2^D_inf candidates) or"
                    + " 'dyadic' (P-median splits; unimodal ratios).")
    String gprsVariant;

    @Option(names = "--bin-bits", paramLabel = "b",
            description = "sp-pfr, sp-orc: log2 of the number of bins J, split over dimensions by their KL (default floor(KL)).")
    Integer binBits;

    @Option(names = "--heuristic", paramLabel = "H",
            description = "sp-pfr, sp-orc: bin heuristic sup-r, q-mass or mix:W (default sup-r).")
    String heuristic;

    @Option(names = "--trials", required = true, paramLabel = "N", description = "Number of independent encodings.")
    int trials;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Master seed (default: ${DEFAULT-VALUE}); trial t uses derive(t).")
    long seed;

    @Option(names = "--max-candidates", paramLabel = "N", converter = CandidateCount.class,
            description = "Refuse runs whose expected candidates (or search steps), over all trials, exceed N"
                    + " (default 2^32); written as a number (1099511627776) or a power of two (2^40).")
    Long maxCandidates;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        validate();
        ProductDistribution q;
        ProductDistribution p;
        RecProblem problem;
        try {
            q = target != null ? DistributionSpec.parse(target, dim)
                    : ProductDistribution.iid(new io.rec4j.core.rec.dist.Normal(mean, std), dim);
            p = coding != null ? DistributionSpec.parse(coding, dim) : ProductDistribution.standardNormal(dim);
            problem = new RecProblem(q, p);
        } catch (IllegalArgumentException | UnsupportedOperationException ex) {
            throw new Main.UsageException((target != null ? "--target/--coding: " : "") + ex.getMessage());
        }
        RecMethod.Settings settings = new RecMethod.Settings(budgetBits, epsilon, maxDepth, omega, samplesFactor, beams,
                gprsVariant, binBits, heuristic, maxCandidates, null);
        RecMethod m = RecMethod.of(method);
        boolean exact = m.isExact(settings);
        if (exact && !problem.hasBoundedRatio() && target == null) {
            String why = std > 1 ? "--target-std " + std + " > 1"
                    : std == 1 ? "--target-std 1 with a shifted mean"
                    : "--target-mean " + mean + " (so far out that D_inf overflows)";
            throw new Main.UsageException("method " + method + " is exact and needs a bounded density ratio, but "
                    + why + " makes D_inf[Q||P] infinite (it would never terminate); use --method orc, "
                    + "--method budgeted or --method astar-dl with a finite --max-depth instead");
        }
        // the whole run's cost, known before anything is printed
        RecCost cost;
        ChannelSimulator sim;
        try {
            cost = m.check(problem, settings, trials);
            sim = m.create(problem, settings);
            if (selection != null) {
                sim = ((IrecCoder) sim).withSelection(IrecCoder.Selection.parse(selection));
            }
        } catch (IllegalArgumentException ex) {
            throw new Main.UsageException(ex.getMessage());
        }
        PrintWriter err0 = spec.commandLine().getErr();
        if (cost.bias() != null) {
            err0.println("rec4j rec roundtrip: warning: " + method + " is biased here: " + cost.bias());
            err0.flush();
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
        double[][] decoded = new double[dim][trials]; // at most MAX_VALUES doubles, for the KS summary
        for (int t = 0; t < trials; t++) {
            SharedRandomness shared = master.derive(t);
            Encoding e;
            try {
                e = sim.encode(problem, shared);
            } catch (IllegalArgumentException ex) {
                out.flush();
                throw new Main.UsageException("trial " + t + ": " + ex.getMessage());
            }
            // through the real bitstream: write, serialise, read back, decode from the bits alone
            RoundTrip rt = RoundTrip.of(sim, p, shared, e);
            StringBuilder row = new StringBuilder();
            row.append(t).append(',').append(rt.bits()).append(',').append(e.candidatesExamined());
            double[] xs = rt.decoded();
            for (int d = 0; d < dim; d++) {
                row.append(',').append(xs[d]);
                decoded[d][t] = xs[d];
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
        if (!sim.isExact()) {
            RecMethod.TvCertificate tv = m.tvBound(problem, settings);
            if (tv != null) {
                err.printf(Locale.ROOT, "  certified TV[decoded law, Q] <= %.4g (%s)%n", tv.bound(), tv.basis());
            } else {
                err.printf(Locale.ROOT, "  TV: no certificate for %s here; the KS distance below estimates it from "
                        + "below%n", sim.name());
            }
        }
        double worst = 0;
        int worstDim = 0;
        for (int d = 0; d < dim; d++) {
            double ks = KolmogorovSmirnov.statistic(decoded[d], q.marginal(d)::cdf);
            if (ks > worst) {
                worst = ks;
                worstDim = d;
            }
        }
        err.printf(Locale.ROOT, "  decoded samples vs Q: largest per-dimension KS distance %.4f (x%d), a lower bound on "
                + "TV up to sampling noise; KS critical value at alpha = 0.001: %.4f%n", worst, worstDim + 1,
                KolmogorovSmirnov.criticalValue(trials, 0.001));
        err.flush();
        return Main.EXIT_OK;
    }

    private void validate() {
        try {
            RecMethod.of(method);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (dim < 1 || dim > MAX_DIM) {
            throw new Main.UsageException("--dim must be in [1, " + MAX_DIM + "], was " + dim + " (larger problems "
                    + "belong in blocks: see the COMBINER codec)");
        }
        if (trials < 1) {
            throw new Main.UsageException("--trials must be at least 1, was " + trials);
        }
        if ((long) trials * dim > MAX_VALUES) {
            throw new Main.UsageException("--trials " + trials + " x --dim " + dim + " = " + (long) trials * dim
                    + " decoded values is more CSV than this command prints (at most " + MAX_VALUES
                    + ", about 200 MB); lower --trials or --dim");
        }
        if (target != null && (mean != null || std != null)) {
            throw new Main.UsageException("give either --target (and --coding) or --target-mean/--target-std, not both");
        }
        if (target == null) {
            if (coding != null) {
                throw new Main.UsageException("--coding needs --target (the shorthand --target-mean/--target-std "
                        + "always codes against N(0, 1))");
            }
            if (mean == null || std == null) {
                throw new Main.UsageException("give the target: --target DIST, or both --target-mean and --target-std");
            }
            if (!Double.isFinite(mean)) {
                throw new Main.UsageException("--target-mean must be finite, was " + mean);
            }
            if (!(std > 0) || Double.isInfinite(std)) {
                throw new Main.UsageException("--target-std must be finite and positive, was " + std);
            }
        }
        if (epsilon != null && !(epsilon > 0 && epsilon <= 1)) {
            throw new Main.UsageException("--epsilon must be in (0, 1], was " + epsilon);
        }
        if (budgetBits != null && (budgetBits < 0 || budgetBits > OrderedRandomCoding.MAX_BUDGET_BITS)) {
            throw new Main.UsageException("--budget-bits must be in [0, " + OrderedRandomCoding.MAX_BUDGET_BITS
                    + "], was " + budgetBits);
        }
        if (maxDepth != null && (maxDepth < 0 || maxDepth > AStarCoding.MAX_DEPTH)) {
            throw new Main.UsageException("--max-depth must be in [0, " + AStarCoding.MAX_DEPTH
                    + "] (0 = unlimited), was " + maxDepth);
        }
        if (omega != null && !(omega > 0 && omega < Double.POSITIVE_INFINITY)) {
            throw new Main.UsageException("--omega must be finite and positive, was " + omega);
        }
        if (samplesFactor != null && !(samplesFactor > 0 && samplesFactor < Double.POSITIVE_INFINITY)) {
            throw new Main.UsageException("--samples-factor must be finite and positive, was " + samplesFactor);
        }
        if (beams != null && (beams < 1 || beams > IrecCoder.MAX_BEAMS)) {
            throw new Main.UsageException("--beams must be in [1, " + IrecCoder.MAX_BEAMS + "], was " + beams);
        }
        if (selection != null) {
            if (!RecMethod.of(method).equals(RecMethod.IREC)) {
                throw new Main.UsageException("--selection applies to --method irec only");
            }
            try {
                IrecCoder.Selection.parse(selection);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
        }
        if (binBits != null && (binBits < 0 || binBits > Partition.MAX_TOTAL_BITS)) {
            throw new Main.UsageException("--bin-bits must be in [0, " + Partition.MAX_TOTAL_BITS + "], was "
                    + binBits);
        }
        if (maxCandidates != null && maxCandidates < 1) {
            throw new Main.UsageException("--max-candidates must be at least 1, was " + maxCandidates);
        }
    }

    /** Largest {@code --dim}: the problem and one decoded row are held in memory and printed as CSV. */
    static final int MAX_DIM = 1_000_000;
    /** Largest {@code --trials × --dim}: decoded values printed (about 20 bytes each). */
    static final long MAX_VALUES = 10_000_000;

    /** Parses {@code --max-candidates}: a positive decimal {@code long} or {@code 2^k} with k in [0, 62]. */
    static final class CandidateCount implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.strip();
            try {
                if (v.startsWith("2^")) {
                    int k = Integer.parseInt(v.substring(2));
                    if (k < 0 || k > 62) {
                        throw new CommandLine.TypeConversionException("2^k needs k in [0, 62], was '" + value + "'");
                    }
                    return 1L << k;
                }
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a count (a number such as "
                        + "4294967296, or 2^32)");
            }
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
