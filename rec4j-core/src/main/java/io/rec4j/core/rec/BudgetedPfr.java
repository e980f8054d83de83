package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.ZipfCode;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;

/**
 * Budgeted PFR with a total-variation certificate (G. Flamich and L. Wells, "Some notes on the sample complexity of
 * approximate channel simulation", arXiv:2405.04363, 2024; {@code docs/algorithms.md}, "Budgeted PFR"): global-bound,
 * depth-limited A* coding over a fixed number {@code N = 2^κ} of shared candidates, i.e. ordered random coding, whose
 * output law Q̃ satisfies
 * <pre>
 *   TV[Q̃, Q] &le; P[K &gt; N] &le; E[log2 K] / log2 N &le; (KL_bits + 1.5307) / log2 N
 * </pre>
 * where K is the index exact PFR would have chosen (Markov's inequality on log K and Li and El Gamal's
 * {@code E[ln K] <= KL + e^{-1} + ln 2}). So {@code log2 N >= (KL_bits + 1.5307)/ε} certifies TV ≤ ε. The
 * certificate is an upper bound, not an estimate: in practice N ≈ 2^{KL+2} already looks unbiased.
 *
 * <p>The selected index is skewed towards small values, so it is sent with a {@link ZipfCode} rather than κ
 * fixed bits.
 */
public final class BudgetedPfr implements ChannelSimulator {
    /** {@code (e^{-1} + ln 2) / ln 2}: the Li–El Gamal constant in bits. */
    public static final double LI_EL_GAMAL_BITS = (StrictMath.exp(-1) + StrictMath.log(2)) / StrictMath.log(2);

    private final OrderedRandomCoding orc;
    private final ZipfCode indexCode;

    /** Budget of {@code budgetBits} (N = 2^κ) with a Zipf index code of parameter {@code lambda}. */
    public BudgetedPfr(int budgetBits, double lambda) {
        this.orc = OrderedRandomCoding.orc(budgetBits);
        this.indexCode = new ZipfCode(lambda);
    }

    /** The sampler certified to TV ≤ ε for targets with KL ≤ {@code klBits}; λ = KL + 1. */
    public static BudgetedPfr forEpsilon(double klBits, double epsilon) {
        return new BudgetedPfr(budgetBitsFor(klBits, epsilon), Math.max(klBits, 0) + 1);
    }

    /** The smallest κ with {@code (KL + 1.5307)/κ <= ε}. */
    public static int budgetBitsFor(double klBits, double epsilon) {
        if (!(epsilon > 0) || !(klBits >= 0) || Double.isInfinite(klBits)) {
            throw new IllegalArgumentException("need KL >= 0 and ε > 0, got KL = " + klBits + ", ε = " + epsilon);
        }
        double bits = StrictMath.ceil((klBits + LI_EL_GAMAL_BITS) / epsilon);
        if (bits > OrderedRandomCoding.MAX_BUDGET_BITS) {
            throw new IllegalArgumentException("certifying ε = " + epsilon + " at KL = " + klBits + " bits needs 2^" + (long) bits
                    + " candidates, more than the maximum 2^" + OrderedRandomCoding.MAX_BUDGET_BITS);
        }
        return (int) bits;
    }

    /** The certified bound on TV for a target with KL {@code klBits} at this budget (capped at 1). */
    public double certifiedEpsilon(double klBits) {
        return Math.min(1.0, (klBits + LI_EL_GAMAL_BITS) / orc.budgetBits());
    }

    public int budgetBits() {
        return orc.budgetBits();
    }

    @Override
    public String name() {
        return "budgeted";
    }

    @Override
    public boolean isExact() {
        return false;
    }

    @Override
    public Encoding encode(RecProblem problem, SharedRandomness shared) {
        Encoding e = orc.encode(problem, shared);
        long index = e.codeword().value(0) + 1;
        Codeword c = new Codeword(new long[] {index}, indexCode.length(index));
        double kl = problem.klBits();
        return new Encoding(c, e.sample(), kl, e.maxLogRatioBits(), e.candidatesExamined(),
                PoissonFunctionalRepresentation.predictedBits(kl));
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        long index = codeword.value(0);
        if (index < 1 || index > (1L << orc.budgetBits())) {
            throw new CorruptStreamException("index " + index + " outside [1, 2^" + orc.budgetBits() + "]");
        }
        return orc.decode(coding, shared, new Codeword(new long[] {index - 1}, orc.budgetBits()));
    }

    @Override
    public void write(Codeword codeword, BitWriter out) {
        indexCode.write(out, codeword.value(0));
    }

    @Override
    public Codeword read(BitReader in) {
        long n = indexCode.read(in);
        return new Codeword(new long[] {n}, indexCode.length(n));
    }
}
