package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.EliasGamma;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;

/**
 * iREC: index coding with sequential auxiliary variables and beam search (G. Flamich, M. Havasi,
 * J. M. Hernández-Lobato, "Compressing images by encoding their latent representations with relative entropy
 * coding", NeurIPS 2020, arXiv 2010.01185; {@code docs/algorithms.md}, "iREC"), for diagonal Gaussian targets and
 * coding distributions. Approximate.
 *
 * <h2>Algorithm</h2>
 * Standardise each dimension by the coding distribution: {@code x = (z − μ_p)/σ_p} has prior N(0, 1) and target
 * N(m, s²) with {@code m = (μ_q − μ_p)/σ_p}, {@code s = σ_q/σ_p}.
 * <ol>
 *   <li>{@code K = max(1, ⌈KL[Q‖P] / Ω⌉)} auxiliary steps, Ω in nats.</li>
 *   <li>Under the prior, {@code x = A_1 + ... + A_K} with independent {@code A_j ~ N(0, w_j)}; the fractions
 *       {@code w_j} follow the power-law split of {@link IrecSchedule}. After step {@code j} the partial sum
 *       {@code S} has cumulative variance fraction {@code c}.</li>
 *   <li>Auxiliary target and proposal of the partial sum: if {@code x ~ Q} and {@code S | x} follows
 *       the prior's conditional (a Brownian bridge), {@code S ~ N(c·m, s²c² + c(1−c))}; the auxiliary proposal is
 *       {@code N(0, c)}. At the last step {@code c = 1} and the score is exactly {@code ln q − ln p}.</li>
 *   <li>Each step draws {@code M = ⌊exp((1+ε)·Ω)⌋} candidate increments per beam (36 for Ω = 3, 1+ε = 1.2), scores
 *       every extended partial sum by {@code Σ_d ln N(S_d; c m_d, s_d²c² + c(1−c)) − ln N(S_d; 0, c)}, and keeps
 *       the best {@code B} of all {@code B·M} (B = 1 is the greedy coder). Ties go to the earlier beam, then the
 *       smaller candidate index.</li>
 *   <li>The best final beam's index path is sent; the sample is {@code z = μ_p + σ_p·S}.</li>
 * </ol>
 *
 * <h2>Shared randomness</h2>
 * Candidates are keyed on the parent's index path, not on the mod-10007 pseudo-uniforms of the authors' beam-search
 * code ({@code gergely-flamich/relative-entropy-coding}): the root key is {@code shared.derive(ROOT_LABEL)}, the key of
 * a path extended by index {@code n} is {@code parentKey.derive(n)}, and candidate {@code n} of a beam is
 * {@code A_d = sqrt(w_j)·z} with {@code z = normal(stream d, index n)} under the beam's key. So every (step, path) has
 * its own candidates and the decoder regenerates only the chosen one per step: {@code O(K·D)} work. The recursion uses
 * {@link StrictMath} and a fixed summation order, so the decoded sample is bit-identical to the encoder's.
 *
 * <h2>Codeword</h2>
 * {@code K} in Elias γ, then the {@code K} indices in a uniform code over {@code [0, M)}: mixed-radix packing
 * into {@code ⌈c·log₂M⌉} bits per chunk of {@code c <= 128} indices ({@link MixedRadix}). The exact length is
 * {@code γ(K) + Σ_chunks ⌈c·log₂M⌉ < γ(K) + K·log₂M + ⌈K/128⌉} bits. Values of the {@link Codeword}:
 * {@code [K, n_0, ..., n_{K−1}]}. (The authors' code arithmetic-codes step counts and indices with static frequency
 * tables instead.)
 *
 * <p>Large problems are split into blocks by the caller; one call codes one block (all dimensions of the problem).
 */
public final class IrecCoder implements ChannelSimulator {
    /**
     * How each step ranks the extended partial sums.
     * <ul>
     *   <li>{@link #ARGMAX}: by the auxiliary log-ratio itself, as in the reference beam-search coder. Deterministic;
     *       biased both when {@code M} is too small for the step's KL and, for large {@code M}, because the greedy
     *       path then concentrates near the ratio's mode (the bias does not vanish as {@code M → ∞}).</li>
     *   <li>{@link #GUMBEL}: by the log-ratio plus an encoder-private Gumbel(0, 1) variate per candidate (the
     *       Gumbel-max form of minimal random coding, M. Havasi, R. Peharz, J. M. Hernández-Lobato, ICLR 2019). With
     *       {@code B = 1} each step is then an importance-resampling draw from the auxiliary conditional, whose law
     *       tends to Q as {@code M} grows; with {@code B > 1} it is a stochastic beam heuristic. Not in the paper.</li>
     * </ul>
     */
    public enum Selection { ARGMAX, GUMBEL }

    /** Default KL per auxiliary variable, nats (all reported iREC runs use 3). */
    public static final double DEFAULT_OMEGA_NATS = 3.0;
    /** Default oversampling factor 1+ε (the paper's lossless setting). */
    public static final double DEFAULT_SAMPLES_FACTOR = 1.2;
    /** Default beam count (greedy). */
    public static final int DEFAULT_BEAMS = 1;
    /** Largest number of candidates per step and beam. */
    public static final int MAX_CANDIDATES = 1 << 20;
    /** Largest beam count. */
    public static final int MAX_BEAMS = 1 << 10;
    /** Largest number of steps per block (about 3·10⁶ nats at Ω = 3): split larger problems into blocks. */
    public static final int MAX_STEPS = 1 << 20;
    /** Label of the root key under the caller's shared randomness (ASCII "iREC"). */
    static final long ROOT_LABEL = 0x6952_4543L;
    /** Label of the encoder-private key for {@link Selection#GUMBEL} noise (ASCII "iRGB"). */
    static final long GUMBEL_LABEL = 0x6952_4742L;

    private final double omegaNats;
    private final double samplesFactor;
    private final int beams;
    private final Selection selection;
    private final int candidates;
    private final MixedRadix indexCode;

    /**
     * @param omegaNats     Ω, KL per auxiliary variable in nats ({@code kl_per_partition})
     * @param samplesFactor 1+ε ({@code extra_samples}); {@code M = ⌊exp((1+ε)Ω)⌋} must be in [2, 2^20]
     * @param beams         B, the beam width (1 = greedy)
     */
    public IrecCoder(double omegaNats, double samplesFactor, int beams) {
        this(omegaNats, samplesFactor, beams, Selection.ARGMAX);
    }

    /**
     * @param omegaNats     Ω, KL per auxiliary variable in nats ({@code kl_per_partition})
     * @param samplesFactor 1+ε ({@code extra_samples}); {@code M = ⌊exp((1+ε)Ω)⌋} must be in [2, 2^20]
     * @param beams         B, the beam width (1 = greedy)
     * @param selection     the ranking rule (encoder only; the decoder and the codeword do not depend on it)
     */
    public IrecCoder(double omegaNats, double samplesFactor, int beams, Selection selection) {
        if (selection == null) {
            throw new IllegalArgumentException("selection is null");
        }
        if (!(omegaNats > 0) || Double.isInfinite(omegaNats)) {
            throw new IllegalArgumentException("Ω must be positive and finite, was " + omegaNats);
        }
        if (!(samplesFactor > 0) || Double.isInfinite(samplesFactor)) {
            throw new IllegalArgumentException("1+ε must be positive and finite, was " + samplesFactor);
        }
        if (beams < 1 || beams > MAX_BEAMS) {
            throw new IllegalArgumentException("beams must be in [1, " + MAX_BEAMS + "], was " + beams);
        }
        double m = StrictMath.floor(StrictMath.exp(samplesFactor * omegaNats));
        if (!(m >= 2 && m <= MAX_CANDIDATES)) {
            throw new IllegalArgumentException("M = floor(exp((1+ε)Ω)) = " + m + " must be in [2, " + MAX_CANDIDATES
                    + "]; choose a different Ω or 1+ε");
        }
        this.omegaNats = omegaNats;
        this.samplesFactor = samplesFactor;
        this.beams = beams;
        this.selection = selection;
        this.candidates = (int) m;
        this.indexCode = new MixedRadix(candidates);
    }

    /** Ω = 3 nats, 1+ε = 1.2, greedy (B = 1). */
    public static IrecCoder defaults() {
        return new IrecCoder(DEFAULT_OMEGA_NATS, DEFAULT_SAMPLES_FACTOR, DEFAULT_BEAMS);
    }

    /** The paper's lossless setting: Ω = 3, 1+ε = 1.2, B = 20. */
    public static IrecCoder lossless() {
        return new IrecCoder(3.0, 1.2, 20);
    }

    /** The paper's lossy setting: Ω = 3, 1+ε = 1.0, B = 10. */
    public static IrecCoder lossy() {
        return new IrecCoder(3.0, 1.0, 10);
    }

    public double omegaNats() {
        return omegaNats;
    }

    public double samplesFactor() {
        return samplesFactor;
    }

    public int beams() {
        return beams;
    }

    public Selection selection() {
        return selection;
    }

    /** M, the candidates per step and beam. */
    public int candidatesPerStep() {
        return candidates;
    }

    /** {@code K = max(1, ⌈KL/Ω⌉)}. */
    public long stepsFor(double klNats) {
        if (!(klNats >= 0) || Double.isInfinite(klNats)) {
            throw new IllegalArgumentException("KL must be finite and non-negative, was " + klNats);
        }
        return Math.max(1L, (long) StrictMath.ceil(klNats / omegaNats));
    }

    /**
     * Candidates one encoding with {@code steps} steps scores: {@code M} per live beam per step, where one beam is
     * live at the first step and {@code min(B, live·M)} after each (exactly what {@link #encode} counts).
     */
    public double candidatesFor(long steps) {
        double total = 0;
        long alive = 1;
        for (long j = 0; j < steps; j++) {
            if (alive == beams) {
                return total + (double) (steps - j) * beams * candidates;
            }
            total += (double) alive * candidates;
            alive = Math.min(beams, alive * candidates);
        }
        return total;
    }

    /** Exact codeword length for {@code steps} steps: {@code γ(K)} plus the packed indices. */
    public long codewordBits(long steps) {
        return EliasGamma.INSTANCE.length(steps) + indexCode.length(steps);
    }

    @Override
    public String name() {
        return "irec";
    }

    @Override
    public boolean isExact() {
        return false;
    }

    @Override
    public Encoding encode(RecProblem problem, SharedRandomness shared) {
        if (!problem.target().isGaussian() || !problem.coding().isGaussian()) {
            throw new IllegalArgumentException("iREC handles diagonal Gaussian targets and coding distributions only;"
                    + " use orc or pfr for other distributions");
        }
        long k = stepsFor(problem.klNats());
        if (k > MAX_STEPS) {
            throw new IllegalArgumentException("KL of " + problem.klNats() + " nats needs " + k + " steps, more than "
                    + MAX_STEPS + "; split the problem into smaller blocks");
        }
        int steps = (int) k;
        int dim = problem.dimension();
        int m = candidates;
        double[] mean = new double[dim];
        double[] var = new double[dim];
        for (int d = 0; d < dim; d++) {
            Normal q = (Normal) problem.target().marginal(d);
            Normal p = (Normal) problem.coding().marginal(d);
            mean[d] = (q.mean() - p.mean()) / p.std();
            double s = q.std() / p.std();
            var[d] = s * s;
        }
        IrecSchedule schedule = IrecSchedule.of(steps);

        double[][] sums = new double[beams][dim];
        double[][] nextSums = new double[beams][dim];
        SharedRandomness[] keys = new SharedRandomness[beams];
        SharedRandomness[] nextKeys = new SharedRandomness[beams];
        keys[0] = shared.derive(ROOT_LABEL);
        int alive = 1;
        int[][] parent = new int[steps][];
        int[][] chosen = new int[steps][];
        double[][] z = new double[beams][dim * m];
        double[] tMean = new double[dim];
        double[] tHalfPrec = new double[dim];
        Top top = new Top(beams);
        long examined = 0;
        SharedRandomness noise = selection == Selection.GUMBEL ? shared.derive(GUMBEL_LABEL) : null;
        double[] gumbel = selection == Selection.GUMBEL ? new double[m] : null;

        for (int j = 0; j < steps; j++) {
            double c = schedule.cumulative(j);
            double sd = schedule.incrementStd(j);
            double pHalfPrec = 0.5 / c;
            double constant = 0;
            for (int d = 0; d < dim; d++) {
                double tVar = var[d] * c * c + c * (1 - c);
                tMean[d] = mean[d] * c;
                tHalfPrec[d] = 0.5 / tVar;
                constant += 0.5 * StrictMath.log(c / tVar);
            }
            top.clear();
            for (int b = 0; b < alive; b++) {
                double[] zb = z[b];
                for (int d = 0; d < dim; d++) {
                    keys[b].fillNormal(d, 0, zb, d * m, m);
                }
                double[] base = sums[b];
                if (gumbel != null) {
                    noise.fillUniform(j, (long) b * m, gumbel, 0, m);
                }
                for (int n = 0; n < m; n++) {
                    double score = gumbel == null ? constant : constant - StrictMath.log(-StrictMath.log(gumbel[n]));
                    for (int d = 0; d < dim; d++) {
                        double s = base[d] + sd * zb[d * m + n];
                        double e = s - tMean[d];
                        score += s * s * pHalfPrec - e * e * tHalfPrec[d];
                    }
                    top.offer(score, b, n);
                }
                examined += m;
            }
            int kept = top.size();
            parent[j] = new int[kept];
            chosen[j] = new int[kept];
            for (int r = 0; r < kept; r++) {
                int b = top.beam(r);
                int n = top.candidate(r);
                parent[j][r] = b;
                chosen[j][r] = n;
                double[] zb = z[b];
                for (int d = 0; d < dim; d++) {
                    nextSums[r][d] = sums[b][d] + sd * zb[d * m + n];
                }
                nextKeys[r] = j + 1 < steps ? keys[b].derive(n) : null;
            }
            double[][] ts = sums;
            sums = nextSums;
            nextSums = ts;
            SharedRandomness[] tk = keys;
            keys = nextKeys;
            nextKeys = tk;
            alive = kept;
        }

        long[] values = new long[steps + 1];
        values[0] = steps;
        for (int j = steps - 1, r = 0; j >= 0; j--) {
            values[j + 1] = chosen[j][r];
            r = parent[j][r];
        }
        double[] x = new double[dim];
        for (int d = 0; d < dim; d++) {
            Normal p = (Normal) problem.coding().marginal(d);
            x[d] = p.mean() + p.std() * sums[0][d];
        }
        Codeword codeword = new Codeword(values, codewordBits(steps));
        double predicted = EliasGamma.INSTANCE.length(steps) + steps * StrictMath.log(m) / StrictMath.log(2);
        return new Encoding(codeword, x, problem.klBits(), problem.maxLogRatioBits(), examined, predicted);
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        if (!coding.isGaussian()) {
            throw new IllegalArgumentException("iREC handles diagonal Gaussian coding distributions only");
        }
        int steps = checkedSteps(codeword);
        IrecSchedule schedule = IrecSchedule.of(steps);
        int dim = coding.dimension();
        double[] sum = new double[dim];
        SharedRandomness key = shared.derive(ROOT_LABEL);
        for (int j = 0; j < steps; j++) {
            long n = codeword.value(j + 1);
            double sd = schedule.incrementStd(j);
            for (int d = 0; d < dim; d++) {
                sum[d] = sum[d] + sd * key.normal(d, n);
            }
            if (j + 1 < steps) {
                key = key.derive(n);
            }
        }
        double[] x = new double[dim];
        for (int d = 0; d < dim; d++) {
            Normal p = (Normal) coding.marginal(d);
            x[d] = p.mean() + p.std() * sum[d];
        }
        return x;
    }

    private int checkedSteps(Codeword codeword) {
        if (codeword.size() < 1) {
            throw new CorruptStreamException("iREC codeword is empty");
        }
        long k = codeword.value(0);
        if (k < 1 || k > MAX_STEPS || codeword.size() != k + 1) {
            throw new CorruptStreamException("iREC codeword announces " + k + " steps but holds "
                    + (codeword.size() - 1) + " indices (at most " + MAX_STEPS + " allowed)");
        }
        for (int j = 1; j <= k; j++) {
            long n = codeword.value(j);
            if (n < 0 || n >= candidates) {
                throw new CorruptStreamException("iREC index " + n + " at step " + (j - 1) + " outside [0, "
                        + candidates + ")");
            }
        }
        return (int) k;
    }

    @Override
    public void write(Codeword codeword, BitWriter out) {
        int steps = checkedSteps(codeword);
        long[] v = codeword.values();
        EliasGamma.INSTANCE.write(out, steps);
        indexCode.write(out, v, 1, steps);
    }

    @Override
    public Codeword read(BitReader in) {
        long k = EliasGamma.INSTANCE.read(in);
        if (k > MAX_STEPS) {
            throw new CorruptStreamException("iREC step count " + k + " exceeds " + MAX_STEPS);
        }
        int steps = (int) k;
        if (in.bitsRemaining() < indexCode.length(steps)) {
            throw new CorruptStreamException("stream ends inside the " + steps + " iREC indices");
        }
        long[] v = new long[steps + 1];
        v[0] = steps;
        indexCode.read(in, v, 1, steps);
        return new Codeword(v, codewordBits(steps));
    }

    @Override
    public String toString() {
        return "IrecCoder[Ω=" + omegaNats + " nats, 1+ε=" + samplesFactor + ", M=" + candidates + ", B=" + beams + ", " + selection + "]";
    }

    /**
     * The best {@code capacity} (score, beam, candidate) triples seen, sorted by decreasing score; a later triple
     * must beat a kept one strictly, so ties keep the earlier beam and candidate.
     */
    private static final class Top {
        private final double[] score;
        private final int[] beam;
        private final int[] cand;
        private int size;

        Top(int capacity) {
            score = new double[capacity];
            beam = new int[capacity];
            cand = new int[capacity];
        }

        void clear() {
            size = 0;
        }

        int size() {
            return size;
        }

        int beam(int r) {
            return beam[r];
        }

        int candidate(int r) {
            return cand[r];
        }

        void offer(double s, int b, int n) {
            int cap = score.length;
            if (size == cap && !(s > score[cap - 1])) {
                return;
            }
            int pos = size == cap ? cap - 1 : size++;
            while (pos > 0 && s > score[pos - 1]) {
                score[pos] = score[pos - 1];
                beam[pos] = beam[pos - 1];
                cand[pos] = cand[pos - 1];
                pos--;
            }
            score[pos] = s;
            beam[pos] = b;
            cand[pos] = n;
        }
    }
}
