package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.math.FastLog;
import io.rec4j.core.math.PoolGate;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;

/**
 * Fixed-budget REC over {@code N = 2^κ} shared candidates, with the index sent in exactly κ bits
 * ({@code docs/algorithms.md}, "Minimal random coding (MRC)" and "Ordered random coding (ORC)").
 *
 * <ul>
 *   <li>{@link Selection#ORDERED}: ordered random coding (L. Theis and N. Y. Ahmed, "Algorithms for the communication
 *       of samples", ICML 2022, arXiv 2110.12805): {@code argmax_n ℓ(X_n) − ln T_n} with ordered arrival times
 *       {@code T_n}; this is PFR truncated to N candidates ("global-bound, depth-limited A* coding"), and agrees with
 *       exact PFR whenever PFR's index is at most N.</li>
 *   <li>{@link Selection#GUMBEL}: minimal random coding (M. Havasi, R. Peharz, J. M. Hernández-Lobato, "Minimal
 *       random code learning", ICLR 2019, arXiv 1810.00440): sample {@code n ∝ exp ℓ(X_n)} by the Gumbel-max trick
 *       {@code argmax_n ℓ(X_n) + G_n} with i.i.d. Gumbels. The log weight is the correct {@code ln q − ln p}, not
 *       MIRACLE's code, which doubles the prior term.</li>
 * </ul>
 * Both are approximate: the bias shrinks as κ grows past KL (Chatterjee–Diaconis; for ORC the certificate of
 * {@link BudgetedPfr}). For all-Gaussian coding distributions the candidates are scored with a fused quadratic form,
 * column by column, either from a cached {@link CandidateTable} (a key used before) or generated chunk by chunk as
 * they are scored; otherwise they are streamed one by one.
 */
public final class OrderedRandomCoding implements ChannelSimulator {
    /** How the candidate is chosen. */
    public enum Selection { ORDERED, GUMBEL }

    /** Largest budget with a materialised table (2^24 candidates). */
    public static final int MAX_TABLE_BITS = 24;
    /** Largest candidate table, in values (dimension × 2^κ): 512 MiB. */
    public static final long MAX_TABLE_VALUES = 1L << 26;
    /** Largest budget at all. */
    public static final int MAX_BUDGET_BITS = 40;

    private final int budgetBits;
    private final Selection selection;

    public OrderedRandomCoding(int budgetBits, Selection selection) {
        if (budgetBits < 0 || budgetBits > MAX_BUDGET_BITS) {
            throw new IllegalArgumentException("budget must be in [0, " + MAX_BUDGET_BITS + "] bits, was " + budgetBits);
        }
        this.budgetBits = budgetBits;
        this.selection = selection;
    }

    /** ORC with a budget of κ bits. */
    public static OrderedRandomCoding orc(int budgetBits) {
        return new OrderedRandomCoding(budgetBits, Selection.ORDERED);
    }

    /** MRC with a budget of κ bits. */
    public static OrderedRandomCoding mrc(int budgetBits) {
        return new OrderedRandomCoding(budgetBits, Selection.GUMBEL);
    }

    public int budgetBits() {
        return budgetBits;
    }

    @Override
    public String name() {
        return selection == Selection.ORDERED ? "orc" : "mrc";
    }

    @Override
    public boolean isExact() {
        return false;
    }

    @Override
    public Encoding encode(RecProblem problem, SharedRandomness shared) {
        long count = 1L << budgetBits;
        long[] chosen = {0, count}; // selected index, candidates examined
        double[] sample;
        if (usesTable(problem, budgetBits, selection)) {
            sample = selectGaussian(problem, shared, (int) count, chosen);
        } else {
            sample = selectStreaming(problem, shared, count, chosen);
        }
        Codeword c = new Codeword(new long[] {chosen[0]}, budgetBits);
        return new Encoding(c, sample, problem.klBits(), problem.maxLogRatioBits(), chosen[1], budgetBits);
    }

    /**
     * True iff encoding {@code problem} with a budget of {@code budgetBits} materialises a {@link CandidateTable}
     * ({@code 8·2^κ·(D + 1)} bytes, at most {@value #MAX_TABLE_VALUES} table values): all-Gaussian problems whose
     * scan would not stop early. With ordered selection and a bounded ratio the scan stops after about 2^{D∞}
     * candidates, so a table of the whole budget only pays off when the budget is not far beyond that.
     */
    static boolean usesTable(RecProblem problem, int budgetBits, Selection selection) {
        boolean stopsEarly = selection == Selection.ORDERED && problem.maxLogRatioBits() < budgetBits - 3;
        return problem.coding().isGaussian() && problem.target().isGaussian() && budgetBits <= MAX_TABLE_BITS
                && (long) problem.dimension() << budgetBits <= MAX_TABLE_VALUES && !stopsEarly;
    }

    /**
     * For ordered selection with a bounded ratio, D∞: once {@code −ln T_n + D∞} falls to the best score, no later
     * candidate can win and the scan stops early with the same result. Otherwise +∞ (scan everything).
     */
    private double stopBound(RecProblem problem) {
        return selection == Selection.ORDERED && problem.hasBoundedRatio() ? problem.maxLogRatioNats() : Double.POSITIVE_INFINITY;
    }

    /** Selection score noise for the next candidate: {@code −ln T_n} (ordered) or an i.i.d. Gumbel. */
    private double noise(Arrivals arrivals) {
        return selection == Selection.ORDERED ? -FastLog.log(arrivals.next()) : arrivals.nextGumbel();
    }

    private double[] selectStreaming(RecProblem problem, SharedRandomness shared, long count, long[] chosen) {
        ProductDistribution p = problem.coding();
        Arrivals arrivals = new Arrivals(shared, 0);
        double[] x = new double[p.dimension()];
        double best = Double.NEGATIVE_INFINITY;
        long bestIndex = 0;
        double stopBound = stopBound(problem);
        long n = 0;
        for (; n < count; n++) {
            double noise = noise(arrivals);
            if (noise + stopBound <= best) {
                break; // ordered noise only decreases: no later candidate can win (PFR's stopping rule)
            }
            p.candidate(shared, n, x);
            double score = problem.logRatio(x) + noise;
            if (score > best) {
                best = score;
                bestIndex = n;
            }
        }
        chosen[0] = bestIndex;
        chosen[1] = n;
        p.candidate(shared, bestIndex, x);
        return x;
    }

    /**
     * Gaussian fast path. With {@code x = μ_p + σ_p z}: {@code ℓ = Σ_d c_d − (a_d + b_d z)²/2 + z²/2} where
     * {@code a_d = (μ_p − μ_q)/σ_q}, {@code b_d = σ_p/σ_q}, {@code c_d = ln(σ_p/σ_q)}, i.e.
     * {@code ℓ = Σ_d [z (h_d z + g_d)] + k} with {@code h_d = (1 − b_d²)/2}, {@code g_d = −a_d b_d},
     * {@code k = Σ_d c_d − a_d²/2}. The scores are accumulated one dimension at a time over a column of
     * candidates (a loop the JIT vectorises) — a column of a cached table, or a chunk generated just before — then a
     * second pass adds the selection noise and takes the argmax. Both ways compute every score with the same
     * operations in the same order, so the choice does not depend on the cache. Only the encoder evaluates scores;
     * the sample itself is {@code μ_p + σ_p z}, bit-identical to the decoder's regeneration.
     */
    private double[] selectGaussian(RecProblem problem, SharedRandomness shared, int count, long[] chosen) {
        int dim = problem.dimension();
        double k = 0;
        double[] h = new double[dim];
        double[] g = new double[dim];
        for (int d = 0; d < dim; d++) {
            Normal q = (Normal) problem.target().marginal(d);
            Normal p = (Normal) problem.coding().marginal(d);
            double a = (p.mean() - q.mean()) / q.std();
            double b = p.std() / q.std();
            k += StrictMath.log(p.std() / q.std()) - 0.5 * a * a;
            h[d] = 0.5 * (1 - b * b);
            g[d] = -a * b;
        }
        double[] score = new double[count];
        double[] z = CandidateTable.cachedOrNull(shared, dim, count);
        if (z != null) {
            for (int d = 0; d < dim; d++) {
                scoreColumn(z, d * count, score, 0, count, h[d], g[d]);
            }
        } else {
            scoreStreamed(shared, dim, count, h, g, score);
        }
        Arrivals arrivals = new Arrivals(shared, 0);
        double best = Double.NEGATIVE_INFINITY;
        int bestIndex = 0;
        double stopBound = stopBound(problem) - k; // scores below exclude the constant k
        // the noise a block at a time (the same values as one call per candidate; independent logarithms overlap)
        double[] noise = new double[Arrivals.BLOCK];
        int n = 0;
        scan:
        while (n < count) {
            int len = Math.min(Arrivals.BLOCK, count - n);
            if (selection == Selection.ORDERED) {
                arrivals.nextNegLogArrivals(noise, len);
            } else {
                arrivals.nextGumbels(noise, len);
            }
            for (int j = 0; j < len; j++, n++) {
                if (noise[j] + stopBound <= best) {
                    break scan;
                }
                double s = score[n] + noise[j];
                if (s > best) {
                    best = s;
                    bestIndex = n;
                }
            }
        }
        chosen[0] = bestIndex;
        chosen[1] = n;
        double[] x = new double[dim];
        for (int d = 0; d < dim; d++) {
            Normal p = (Normal) problem.coding().marginal(d);
            x[d] = p.mean() + p.std() * (z != null ? z[d * count + bestIndex] : shared.normal(d, bestIndex));
        }
        return x;
    }

    /** Candidates per chunk of {@link #scoreStreamed}: a column chunk of 16 KiB stays in the L1 cache. */
    static final int CHUNK = 2048;

    /**
     * Scores without a table: the candidates are generated a chunk of {@value #CHUNK} at a time, dimension by
     * dimension, into a small buffer and scored while it is in the cache, so a fresh key costs no 8·D·N-byte table.
     * Chunks are independent (each owns its candidates' scores, accumulated over d in increasing order as in the
     * table path), so large blocks run on the common fork-join pool ({@link PoolGate}) with the same result.
     */
    private static void scoreStreamed(SharedRandomness shared, int dim, int count, double[] h, double[] g,
                                      double[] score) {
        int chunks = (count + CHUNK - 1) / CHUNK;
        java.util.function.IntConsumer chunk = c -> {
            int from = c * CHUNK;
            int len = Math.min(CHUNK, count - from);
            double[] buf = new double[len];
            for (int d = 0; d < dim; d++) {
                shared.fillNormal(d, from, buf, 0, len);
                scoreColumn(buf, 0, score, from, len, h[d], g[d]);
            }
        };
        if ((long) dim * count >= CandidateTable.PARALLEL_MIN_VALUES && chunks > 1) {
            PoolGate.forEach(chunks, chunk);
        } else {
            for (int c = 0; c < chunks; c++) {
                chunk.accept(c);
            }
        }
    }

    /** {@code score[to + n] += z (h z + g)} for {@code z = column[from + n]}, {@code n < len}. */
    private static void scoreColumn(double[] column, int from, double[] score, int to, int len, double h, double g) {
        for (int n = 0; n < len; n++) {
            double zd = column[from + n];
            score[to + n] += zd * (h * zd + g);
        }
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        long n = codeword.value(0);
        if (n < 0 || n >= (1L << budgetBits)) {
            throw new CorruptStreamException("index " + n + " outside the budget of 2^" + budgetBits);
        }
        double[] x = new double[coding.dimension()];
        coding.candidate(shared, n, x);
        return x;
    }

    @Override
    public void write(Codeword codeword, BitWriter out) {
        out.writeBits(codeword.value(0), budgetBits);
    }

    @Override
    public Codeword read(BitReader in) {
        return new Codeword(new long[] {in.readBits(budgetBits)}, budgetBits);
    }
}
