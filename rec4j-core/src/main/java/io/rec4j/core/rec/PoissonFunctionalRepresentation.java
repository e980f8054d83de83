package io.rec4j.core.rec;

import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.IntegerCode;
import io.rec4j.core.coding.bits.ZipfCode;
import io.rec4j.core.math.FastLog;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;

/**
 * Exact channel simulation by the Poisson functional representation (C. T. Li and A. El Gamal, "Strong functional
 * representation lemma and applications to coding theorems", IEEE Trans. Inf. Theory 64(11), 2018, arXiv 1701.02827),
 * run as global-bound A* coding (G. Flamich, S. Markou, J. M. Hernández-Lobato, "Fast relative entropy coding with A*
 * coding", ICML 2022, arXiv 2201.12857); {@code docs/algorithms.md}, "Poisson functional representation (PFR)".
 * <p>Shared candidates {@code X_1, X_2, ...} ~ P are paired with encoder-private arrival times
 * {@code T_1 < T_2 < ...} of a unit-rate Poisson process; the encoder selects {@code N = argmin_n T_n / r(X_n)},
 * which makes {@code X_N} an exact sample of Q. Because {@code r <= exp(D∞)} the search stops once
 * {@code ln T_n − D∞} exceeds the best score, after about {@code 2^{D∞}} candidates on average. The index has
 * {@code E[ln N] <= KL + e^{-1} + ln 2} and is sent with a {@link ZipfCode} (or any positive-integer code).
 */
public final class PoissonFunctionalRepresentation implements ChannelSimulator {
    /** Default cap on the candidates examined before giving up. */
    public static final long DEFAULT_MAX_CANDIDATES = 1L << 32;

    private final IntegerCode indexCode;
    private final long maxCandidates;

    /** PFR whose index (≥ 1) is written with {@code indexCode}, examining at most {@code maxCandidates}. */
    public PoissonFunctionalRepresentation(IntegerCode indexCode, long maxCandidates) {
        if (indexCode.minValue() > 1) {
            throw new IllegalArgumentException("the index code must accept 1");
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be positive");
        }
        this.indexCode = indexCode;
        this.maxCandidates = maxCandidates;
    }

    /** PFR with a Zipf index code tuned to an expected KL of {@code expectedKlBits}: λ = KL + 1. */
    public static PoissonFunctionalRepresentation withZipf(double expectedKlBits) {
        return new PoissonFunctionalRepresentation(new ZipfCode(Math.max(expectedKlBits, 0) + 1), DEFAULT_MAX_CANDIDATES);
    }

    @Override
    public String name() {
        return "pfr";
    }

    @Override
    public boolean isExact() {
        return true;
    }

    @Override
    public Encoding encode(RecProblem problem, SharedRandomness shared) {
        double logRmax = problem.maxLogRatioNats();
        if (!problem.hasBoundedRatio()) {
            throw new IllegalArgumentException("D∞[Q‖P] is infinite (a target marginal is wider than the coding "
                    + "distribution in some tail): exact PFR would not terminate; use ordered random coding (orc) or "
                    + "the budgeted sampler (budgeted) instead");
        }
        ProductDistribution p = problem.coding();
        Arrivals arrivals = new Arrivals(shared, 0);
        double[] x = new double[p.dimension()];
        double[] best = new double[p.dimension()];
        double bestScore = Double.NEGATIVE_INFINITY;
        long bestIndex = 0;
        long n = 0;
        while (true) {
            double logT = FastLog.log(arrivals.next());
            if (logT - logRmax >= -bestScore) {
                break;
            }
            if (n == maxCandidates) {
                throw new RecCostException("PFR needed more than " + maxCandidates + " candidates (D∞ = "
                        + problem.maxLogRatioBits() + " bits); use space partitioning or a fixed-budget method, or "
                        + "raise --max-candidates", null);
            }
            n++;
            p.candidate(shared, n - 1, x);
            double score = problem.logRatio(x) - logT;
            if (score > bestScore) {
                bestScore = score;
                bestIndex = n;
                System.arraycopy(x, 0, best, 0, x.length);
            }
        }
        Codeword c = new Codeword(new long[] {bestIndex}, indexCode.length(bestIndex));
        double kl = problem.klBits();
        return new Encoding(c, best, kl, problem.maxLogRatioBits(), n, predictedBits(kl));
    }

    /** The codelength bound KL + log2(KL + 1) + 4 bits of the strong functional representation lemma. */
    static double predictedBits(double klBits) {
        return klBits + StrictMath.log(klBits + 1) / StrictMath.log(2) + 4;
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        long n = codeword.value(0);
        if (n < 1) {
            throw new io.rec4j.core.coding.CorruptStreamException("PFR index must be positive, was " + n);
        }
        double[] x = new double[coding.dimension()];
        coding.candidate(shared, n - 1, x);
        return x;
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
