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
 * iREC: index coding with sequential auxiliary variables (G. Flamich, M. Havasi, J. M. Hernández-Lobato, "Compressing
 * images by encoding their latent representations with relative entropy coding", NeurIPS 2020, arXiv 2010.01185;
 * {@code docs/algorithms.md}, "iREC"), for diagonal Gaussian targets and coding distributions.
 * Approximate: every step is a finite importance-sampling step.
 *
 * <h2>Algorithm</h2>
 * Standardise each dimension by the coding distribution: {@code x = (z − μ_p)/σ_p} has prior N(0, 1) and target
 * N(m, s²) with {@code m = (μ_q − μ_p)/σ_p}, {@code s = σ_q/σ_p}.
 * <ol>
 *   <li>{@code K = max(1, ⌈KL[Q‖P] / Ω⌉)} auxiliary steps, Ω in nats.</li>
 *   <li>Under the prior, {@code x = A_1 + ... + A_K} with independent {@code A_j ~ N(0, w_j)}; the fractions
 *       {@code w_j} come from one of the 64 shapes of {@link IrecSchedule}. {@link Split#ADAPTIVE} (default) picks,
 *       per call, the shape whose largest per-step KL is smallest and transmits it; {@link Split#POWER_LAW} always
 *       uses the paper's fitted power law. After step {@code j} the partial sum {@code S} has cumulative variance
 *       fraction {@code c} and remaining fraction {@code r = 1 − c}.</li>
 *   <li>Auxiliary target and proposal of the partial sum: if {@code x ~ Q} and {@code S | x} follows
 *       the prior's conditional (a Brownian bridge), {@code S ~ N(c·m, s²c² + c·r)}; the auxiliary proposal is
 *       {@code N(0, c)}. At the last step {@code c = 1} and the score is exactly {@code ln q − ln p}.</li>
 *   <li>Each step draws {@code M = ⌊exp((1+ε)·Ω)⌋} candidate increments per beam and gives every extended partial sum
 *       the log-weight {@code Σ_d ln N(S_d; c m_d, s_d²c² + c·r) − ln N(S_d; 0, c)}. {@link Selection#SAMPLE}
 *       (default, B = 1) draws the index from the normalised weights, as minimal random coding does; {@link
 *       Selection#ARGMAX} keeps the best {@code B} of all {@code B·M} extensions (the paper's beam search).</li>
 *   <li>The chosen (best final) beam's index path is sent; the sample is {@code z = μ_p + σ_p·S}.</li>
 * </ol>
 *
 * <h2>Greedy conditional updates</h2>
 * The authors' greedy coder re-derives, after each step, the target {@code Q(x | A_1..A_j)} and the coding
 * distribution {@code P(x | A_1..A_j)} in closed form and scores the next increment by their auxiliary ratio. That
 * is what the log-weight above does: the joint law of the partial sums under Q is the prior's random walk tilted by
 * {@code q(x)/p(x)}, so {@code q(a_j | a_<j)/p(a_j) = W_j(S_j)/W_{j−1}(S_{j−1})} with {@code W_j} the auxiliary ratio
 * of step {@code j}. For a fixed prefix the denominator is one constant, so scoring by {@code ln W_j(S_j)} gives the
 * same normalised weights (and the same argmax) as the conditional update, and for a beam it is the path's
 * product of conditional weights ({@code IrecGreedyEquivalenceTest} checks the index paths agree).
 *
 * <h2>Shared randomness</h2>
 * Candidates are keyed on the parent's index path, not on the mod-10007 pseudo-uniforms of the authors' beam-search
 * code ({@code gergely-flamich/relative-entropy-coding}): the root key is {@code shared.derive(ROOT_LABEL)}, the key of
 * a path extended by index {@code n} is {@code parentKey.derive(n)}, and candidate {@code n} of a beam is
 * {@code A_d = sqrt(w_j)·z} with {@code z = normal(stream d, index n)} under the beam's key. So every (step, path) has
 * its own candidates and the decoder regenerates only the chosen one per step: {@code O(K·D)} work. The recursion uses
 * {@link StrictMath} and a fixed summation order, so the decoded sample is bit-identical to the encoder's. The
 * {@link Selection#SAMPLE} noise is keyed under {@code shared.derive(GUMBEL_LABEL)}; the decoder never draws it.
 *
 * <h2>Codeword</h2>
 * {@code K} in Elias γ; then, for {@link Split#ADAPTIVE} and {@code K > 1}, the shape in 6 bits; then the {@code K}
 * indices in a uniform code over {@code [0, M)}: mixed-radix packing into {@code ⌈c·log₂M⌉} bits per chunk of
 * {@code c <= 128} indices ({@link MixedRadix}). The exact length is {@code γ(K) + 6 + Σ_chunks ⌈c·log₂M⌉ <
 * γ(K) + 6 + K·log₂M + ⌈K/128⌉} bits. The candidates of a step are i.i.d. given the path, so under either selection
 * the chosen index is uniform on {@code [0, M)} and independent of the earlier ones (exchangeability; checked by
 * {@code IrecIndexCodeTest}): {@code log₂M} bits per index is the entropy, and an entropy coder could only add its
 * flush. (The authors' code arithmetic-codes step counts and indices with static frequency tables.) Values of the
 * {@link Codeword}: {@code [K, shape, n_0, ..., n_{K−1}]}.
 *
 * <p>Large problems are split into blocks by the caller; one call codes one block (all dimensions of the problem).
 */
public final class IrecCoder implements ChannelSimulator {
    /** How each step chooses among the weighted extensions. */
    public enum Selection {
        /**
         * Draw the index from the normalised importance weights (Gumbel-max: the log-weight plus an encoder-private
         * Gumbel(0, 1) variate per candidate, then the largest), as minimal random coding does (M. Havasi, R. Peharz,
         * J. M. Hernández-Lobato, ICLR 2019). With {@code B = 1} each step is an importance-resampling draw from the
         * step's conditional target, whose law tends to it as {@code M} grows; with {@code B > 1} it is a stochastic
         * beam heuristic. The default.
         */
        SAMPLE,
        /**
         * Keep the {@code B} largest log-weights, the paper's beam search. Approximate and biased whatever {@code M}:
         * the greedy path concentrates near the mode of the weights, not on Q ({@code docs/algorithms.md} gives
         * measured KS distances).
         */
        ARGMAX;

        /** {@code sample} or {@code argmax}, case-insensitive. */
        public static Selection parse(String name) {
            switch (name.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "sample":
                    return SAMPLE;
                case "argmax":
                    return ARGMAX;
                default:
                    throw new IllegalArgumentException("iREC selection must be 'sample' or 'argmax', was '" + name + "'");
            }
        }
    }

    /** Which variance split the steps use ({@link IrecSchedule}). */
    public enum Split {
        /** The shape with the smallest largest per-step KL, chosen per call and sent in 6 bits when K > 1. Default. */
        ADAPTIVE,
        /** Always the paper's fitted power law; nothing is sent. */
        POWER_LAW
    }

    /** Default KL per auxiliary variable, nats (all reported iREC runs use 3). */
    public static final double DEFAULT_OMEGA_NATS = 3.0;
    /** Default oversampling factor 1+ε; see {@code docs/algorithms.md}, "iREC", for why it exceeds the paper's 1.2. */
    public static final double DEFAULT_SAMPLES_FACTOR = 2.0;
    /** Default beam count (one path: importance resampling at every step). */
    public static final int DEFAULT_BEAMS = 1;
    /** Largest number of candidates per step and beam. */
    public static final int MAX_CANDIDATES = 1 << 20;
    /** Largest beam count. */
    public static final int MAX_BEAMS = 1 << 10;
    /** Largest number of steps per block (about 3·10⁶ nats at Ω = 3): split larger problems into blocks. */
    public static final int MAX_STEPS = 1 << 20;
    /** Label of the root key under the caller's shared randomness (ASCII "iREC"). */
    static final long ROOT_LABEL = 0x6952_4543L;
    /** Label of the encoder-private key for {@link Selection#SAMPLE} noise (ASCII "iRGB"). */
    static final long GUMBEL_LABEL = 0x6952_4742L;

    private final double omegaNats;
    private final double samplesFactor;
    private final int beams;
    private final Selection selection;
    private final Split split;
    private final int candidates;
    private final MixedRadix indexCode;

    /**
     * {@link Selection#SAMPLE} with the {@link Split#ADAPTIVE} split.
     *
     * @param omegaNats     Ω, KL per auxiliary variable in nats ({@code kl_per_partition})
     * @param samplesFactor 1+ε ({@code extra_samples}); {@code M = ⌊exp((1+ε)Ω)⌋} must be in [2, 2^20]
     * @param beams         B, the number of paths kept (1 = one path)
     */
    public IrecCoder(double omegaNats, double samplesFactor, int beams) {
        this(omegaNats, samplesFactor, beams, Selection.SAMPLE);
    }

    /**
     * The {@link Split#ADAPTIVE} split.
     *
     * @param omegaNats     Ω, KL per auxiliary variable in nats ({@code kl_per_partition})
     * @param samplesFactor 1+ε ({@code extra_samples}); {@code M = ⌊exp((1+ε)Ω)⌋} must be in [2, 2^20]
     * @param beams         B, the number of paths kept (1 = one path)
     * @param selection     the selection rule (encoder only; the decoder and the codeword do not depend on it)
     */
    public IrecCoder(double omegaNats, double samplesFactor, int beams, Selection selection) {
        this(omegaNats, samplesFactor, beams, selection, Split.ADAPTIVE);
    }

    /**
     * @param omegaNats     Ω, KL per auxiliary variable in nats ({@code kl_per_partition})
     * @param samplesFactor 1+ε ({@code extra_samples}); {@code M = ⌊exp((1+ε)Ω)⌋} must be in [2, 2^20]
     * @param beams         B, the number of paths kept (1 = one path)
     * @param selection     the selection rule (encoder only; the decoder and the codeword do not depend on it)
     * @param split         the variance split; part of the format (both sides must agree)
     */
    public IrecCoder(double omegaNats, double samplesFactor, int beams, Selection selection, Split split) {
        if (selection == null) {
            throw new IllegalArgumentException("selection is null");
        }
        if (split == null) {
            throw new IllegalArgumentException("split is null");
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
        this.split = split;
        this.candidates = (int) m;
        this.indexCode = new MixedRadix(candidates);
    }

    /** The default: Ω = 3 nats, 1+ε = {@value #DEFAULT_SAMPLES_FACTOR}, one path, sampled indices, adaptive split. */
    public static IrecCoder defaults() {
        return new IrecCoder(DEFAULT_OMEGA_NATS, DEFAULT_SAMPLES_FACTOR, DEFAULT_BEAMS);
    }

    /**
     * The paper's lossless setting, as published: Ω = 3, 1+ε = 1.2, beam search with B = 20, the power-law split.
     * Approximate and measurably biased.
     */
    public static IrecCoder lossless() {
        return new IrecCoder(3.0, 1.2, 20, Selection.ARGMAX, Split.POWER_LAW);
    }

    /**
     * The paper's lossy setting, as published: Ω = 3, 1+ε = 1.0, beam search with B = 10, the power-law split.
     * Approximate and measurably biased.
     */
    public static IrecCoder lossy() {
        return new IrecCoder(3.0, 1.0, 10, Selection.ARGMAX, Split.POWER_LAW);
    }

    /** This coder with another selection rule (the codeword format is unchanged). */
    public IrecCoder withSelection(Selection s) {
        return new IrecCoder(omegaNats, samplesFactor, beams, s, split);
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

    public Split split() {
        return split;
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

    /** Exact codeword length for {@code steps} steps: {@code γ(K)}, the shape if sent, and the packed indices. */
    public long codewordBits(long steps) {
        return EliasGamma.INSTANCE.length(steps) + shapeBits(steps) + indexCode.length(steps);
    }

    /** Bits of the transmitted schedule shape: 6 for the adaptive split with more than one step, else 0. */
    private long shapeBits(long steps) {
        return split == Split.ADAPTIVE && steps > 1 ? IrecSchedule.SHAPE_BITS : 0;
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
        int shape = split == Split.ADAPTIVE ? IrecSchedule.bestShape(steps, mean, var) : IrecSchedule.PAPER_SHAPE;
        IrecSchedule schedule = IrecSchedule.of(steps, shape);

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
        SharedRandomness noise = selection == Selection.SAMPLE ? shared.derive(GUMBEL_LABEL) : null;
        double[] gumbel = selection == Selection.SAMPLE ? new double[m] : null;

        for (int j = 0; j < steps; j++) {
            double c = schedule.cumulative(j);
            double r = schedule.remaining(j);
            double sd = schedule.incrementStd(j);
            double pHalfPrec = 0.5 / c;
            double constant = 0;
            for (int d = 0; d < dim; d++) {
                double tVar = var[d] * c * c + c * r;
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
            for (int rank = 0; rank < kept; rank++) {
                int b = top.beam(rank);
                int n = top.candidate(rank);
                parent[j][rank] = b;
                chosen[j][rank] = n;
                double[] zb = z[b];
                for (int d = 0; d < dim; d++) {
                    nextSums[rank][d] = sums[b][d] + sd * zb[d * m + n];
                }
                nextKeys[rank] = j + 1 < steps ? keys[b].derive(n) : null;
            }
            double[][] ts = sums;
            sums = nextSums;
            nextSums = ts;
            SharedRandomness[] tk = keys;
            keys = nextKeys;
            nextKeys = tk;
            alive = kept;
        }

        long[] values = new long[steps + 2];
        values[0] = steps;
        values[1] = shape;
        for (int j = steps - 1, rank = 0; j >= 0; j--) {
            values[j + 2] = chosen[j][rank];
            rank = parent[j][rank];
        }
        double[] x = new double[dim];
        for (int d = 0; d < dim; d++) {
            Normal p = (Normal) problem.coding().marginal(d);
            x[d] = p.mean() + p.std() * sums[0][d];
        }
        Codeword codeword = new Codeword(values, codewordBits(steps));
        double predicted = EliasGamma.INSTANCE.length(steps) + shapeBits(steps)
                + steps * StrictMath.log(m) / StrictMath.log(2);
        return new Encoding(codeword, x, problem.klBits(), problem.maxLogRatioBits(), examined, predicted);
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        if (!coding.isGaussian()) {
            throw new IllegalArgumentException("iREC handles diagonal Gaussian coding distributions only");
        }
        int steps = checkedSteps(codeword);
        IrecSchedule schedule = IrecSchedule.of(steps, (int) codeword.value(1));
        int dim = coding.dimension();
        double[] sum = new double[dim];
        SharedRandomness key = shared.derive(ROOT_LABEL);
        for (int j = 0; j < steps; j++) {
            long n = codeword.value(j + 2);
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

    /** Validates {@code [K, shape, n_0..n_{K−1}]} for this coder; returns K. */
    private int checkedSteps(Codeword codeword) {
        if (codeword.size() < 2) {
            throw new CorruptStreamException("iREC codeword holds " + codeword.size() + " values, fewer than 2");
        }
        long k = codeword.value(0);
        if (k < 1 || k > MAX_STEPS || codeword.size() != k + 2) {
            throw new CorruptStreamException("iREC codeword announces " + k + " steps but holds "
                    + (codeword.size() - 2) + " indices (at most " + MAX_STEPS + " allowed)");
        }
        long shape = codeword.value(1);
        if (shapeBits(k) == 0 ? shape != IrecSchedule.PAPER_SHAPE : shape < 0 || shape >= IrecSchedule.SHAPES) {
            throw new CorruptStreamException("iREC schedule shape " + shape + " is not valid here ("
                    + (shapeBits(k) == 0 ? "must be " + IrecSchedule.PAPER_SHAPE : "[0, " + IrecSchedule.SHAPES + ")")
                    + ")");
        }
        for (int j = 2; j < k + 2; j++) {
            long n = codeword.value(j);
            if (n < 0 || n >= candidates) {
                throw new CorruptStreamException("iREC index " + n + " at step " + (j - 2) + " outside [0, "
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
        int shapeBits = (int) shapeBits(steps);
        if (shapeBits > 0) {
            out.writeBits(v[1], shapeBits);
        }
        indexCode.write(out, v, 2, steps);
    }

    /**
     * Writes {@code codeword} with its step count {@code K} coded relative to {@code expectedSteps} (a value the
     * decoder knows, e.g. from a model's training KL): Elias γ of {@code 1 + zigzag(K − expectedSteps)}, then the shape
     * and the indices as {@link #write(Codeword, BitWriter)} writes them. A step count near the expected one costs one
     * to five bits instead of {@code 2⌊log₂K⌋ + 1}, as the static step-count model of the authors' code does.
     */
    public void write(Codeword codeword, BitWriter out, long expectedSteps) {
        int steps = checkedSteps(codeword);
        long d = steps - Math.max(1, expectedSteps);
        EliasGamma.INSTANCE.write(out, 1 + (d >= 0 ? 2 * d : -2 * d - 1));
        long[] v = codeword.values();
        int shapeBits = (int) shapeBits(steps);
        if (shapeBits > 0) {
            out.writeBits(v[1], shapeBits);
        }
        indexCode.write(out, v, 2, steps);
    }

    /** Reads a codeword written by {@link #write(Codeword, BitWriter, long)} with the same {@code expectedSteps}. */
    public Codeword read(BitReader in, long expectedSteps) {
        long z = EliasGamma.INSTANCE.read(in) - 1;
        long k = Math.max(1, expectedSteps) + ((z & 1) == 0 ? z >>> 1 : -((z + 1) >>> 1));
        if (k < 1 || k > MAX_STEPS) {
            throw new CorruptStreamException("iREC step count " + k + " outside [1, " + MAX_STEPS + "]");
        }
        return readIndices((int) k, in);
    }

    @Override
    public Codeword read(BitReader in) {
        long k = EliasGamma.INSTANCE.read(in);
        if (k > MAX_STEPS) {
            throw new CorruptStreamException("iREC step count " + k + " exceeds " + MAX_STEPS);
        }
        return readIndices((int) k, in);
    }

    private Codeword readIndices(int steps, BitReader in) {
        int shapeBits = (int) shapeBits(steps);
        if (in.bitsRemaining() < shapeBits + indexCode.length(steps)) {
            throw new CorruptStreamException("stream ends inside the " + steps + " iREC indices");
        }
        long[] v = new long[steps + 2];
        v[0] = steps;
        v[1] = shapeBits > 0 ? in.readBits(shapeBits) : IrecSchedule.PAPER_SHAPE;
        indexCode.read(in, v, 2, steps);
        return new Codeword(v, codewordBits(steps));
    }

    @Override
    public String toString() {
        return "IrecCoder[Ω=" + omegaNats + " nats, 1+ε=" + samplesFactor + ", M=" + candidates + ", B=" + beams + ", "
                + selection + ", " + split + "]";
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
