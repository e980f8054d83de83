package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.EliasDelta;
import io.rec4j.core.coding.bits.IntegerCode;
import io.rec4j.core.coding.bits.ZipfCode;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.DensityRatio1D;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.List;

/**
 * Greedy Poisson rejection sampling (G. Flamich, "Greedy Poisson rejection sampling", NeurIPS 2023, arXiv 2305.15313;
 * thesis theorems from G. Flamich, "Data compression with relative entropy coding", PhD thesis, arXiv 2506.16309;
 * {@code docs/algorithms.md}, "Greedy Poisson rejection sampling (GPRS)"): an exact channel simulator. A Poisson
 * process of candidates (T_n, X_n) with mean measure λ × P is searched for the first point under the graph of
 * {@code σ ∘ r}, where σ is the {@link StretchFunction}; the accepted X is an exact sample of Q.
 *
 * <p><b>Variants.</b>
 * <ul>
 *   <li>{@link Variant#GLOBAL} (paper Alg. 3): shared candidates {@code X_n ~ P} (n ≥ 1), encoder-private arrivals
 *       {@code T_n}; accept the first n with {@code ℓ(X_n) ≥ ln σ⁻¹(T_n)}; the index n is transmitted.
 *       {@code E[N] = 2^{D∞}} exactly (thesis Thm 4.2.6).</li>
 *   <li>{@link Variant#SPLIT_ON_SAMPLE} (paper Alg. 5; needs a unimodal ratio: pairs whose ratio is not certified
 *       unimodal by {@link DensityRatio1D#isUnimodal()}, e.g. mixtures or a uniform target against a normal, are
 *       refused with an {@link UnsupportedPairException} naming the global variant):
 *       the search keeps an interval (a, b), initially P's support; arrivals are restricted to it (rate
 *       {@code P((a, b))}); the candidate is {@code X = F_P⁻¹(F_P(a) + U_h·P((a, b)))} with a shared uniform keyed by
 *       the heap index h; on rejection the side of X away from the mode is discarded ({@code X < mode}: keep (X, b),
 *       h ← 2h + 1; otherwise keep (a, X), h ← 2h). The heap index of the accepted node (root 1) is transmitted and
 *       the decoder replays the path without knowing Q. {@code E[steps] < 2.26·KL + 9.66} (KL in bits; thesis
 *       Thm 5.2.5).</li>
 * </ul>
 *
 * <p><b>Dimensions.</b> The joint w_P, w_Q of a product do not factorise, so a D-dimensional problem is coded
 * dimension by dimension: dimension d runs the 1-D algorithm with its own shared key {@code shared.derive(LABEL, d)}
 * (candidates are {@code uniform(0, index)} of that key; the encoder's arrivals come from a further derived key), and
 * the codeword is the concatenation of the D per-dimension indices, each written with the instance's index code. The
 * number of dimensions is part of the instance's configuration (the stream does not carry it).
 *
 * <p><b>Index code.</b> The global variant's index: any {@link IntegerCode} accepting 1, shared by encoder and
 * decoder; the recommended one is {@link ZipfCode} with λ = (expected per-dimension KL in bits) + 1, i.e. the zeta
 * law with α = 1 + 1/(I + 1) of the thesis (Thm 4.2.7: mean length ≤ I + lb(I + 2) + 3 bits); {@link EliasDelta}
 * needs no parameter. The split-on-sample variant's heap index defaults to the {@link HeapPathCode} of λ, which codes
 * each step of the path with the P-mass shares of the two children ({@code docs/algorithms.md}, "Index codes");
 * λ must be agreed by both sides.
 *
 * <p><b>Requirements and failure modes.</b> Every dimension must have a bounded ratio (σ_q ≤ σ_p for Gaussians,
 * with equal means if equal); otherwise encoding fails with an {@link IllegalArgumentException} pointing to
 * {@code orc}/{@code budgeted}. Split-on-sample paths are limited to {@value #MAX_DEPTH} levels (heap indices fit a
 * long); the global variant to {@code maxCandidates} candidates per dimension; exceeding either throws
 * {@link RecCostException} ({@link RecMethod#estimate} predicts both before encoding). Stretch tables are cached per (target, coding) marginal pair.
 */
public final class GreedyPoissonRejectionSampling implements ChannelSimulator {
    /** Which GPRS search is run. */
    public enum Variant { GLOBAL, SPLIT_ON_SAMPLE }

    /** Derivation label of the per-dimension keys ("GPRS"). */
    static final long LABEL = 0x4750_5253L;
    /** Derivation label, under a dimension's key, of the encoder-private arrivals ("ARRV"). */
    static final long ARRIVALS_LABEL = 0x4152_5256L;
    /** Deepest split-on-sample path: heap indices below 2^63 (also the largest Zipf bucket). */
    public static final int MAX_DEPTH = 62;
    /** Default cap on global candidates per dimension. */
    public static final long DEFAULT_MAX_CANDIDATES = 1L << 32;

    private final Variant variant;
    /** Code of each index, or null when {@link #pathCode} is used. */
    private final IntegerCode indexCode;
    /** The heap path code of split-on-sample indices, or null when {@link #indexCode} is used. */
    private final HeapPathCode pathCode;
    private final int dimension;
    private final long maxCandidates;
    private final StretchCache stretchCache = new StretchCache();

    /**
     * GPRS of the given variant for {@code dimension}-dimensional problems, writing each dimension's index with
     * {@code indexCode}, examining at most {@code maxCandidates} candidates per dimension (global variant).
     */
    public GreedyPoissonRejectionSampling(Variant variant, IntegerCode indexCode, int dimension, long maxCandidates) {
        if (variant == null || indexCode == null) {
            throw new IllegalArgumentException("variant and index code are required");
        }
        if (indexCode.minValue() > 1) {
            throw new IllegalArgumentException("the index code must accept 1");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be positive");
        }
        this.variant = variant;
        this.indexCode = indexCode;
        this.pathCode = null;
        this.dimension = dimension;
        this.maxCandidates = maxCandidates;
    }

    /**
     * Split-on-sample GPRS for {@code dimension}-dimensional problems, writing each dimension's heap index with
     * {@code pathCode} ({@link HeapPathCode}: the path arithmetic-coded with the children's P-mass fractions, which
     * the decoder knows while it replays the path; its λ is shared by both sides). {@code maxCandidates} is checked
     * as in the other constructor (only the global variant runs into it).
     */
    public GreedyPoissonRejectionSampling(HeapPathCode pathCode, int dimension, long maxCandidates) {
        if (pathCode == null) {
            throw new IllegalArgumentException("the heap path code is required");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be positive");
        }
        this.variant = Variant.SPLIT_ON_SAMPLE;
        this.indexCode = null;
        this.pathCode = pathCode;
        this.dimension = dimension;
        this.maxCandidates = maxCandidates;
    }

    /**
     * Global GPRS with a {@link ZipfCode} of parameter {@code lambda} per dimension (use the expected per-dimension
     * KL in bits plus one; the decoder must use the same λ).
     */
    public static GreedyPoissonRejectionSampling global(int dimension, double lambda) {
        return new GreedyPoissonRejectionSampling(Variant.GLOBAL, new ZipfCode(lambda), dimension,
                DEFAULT_MAX_CANDIDATES);
    }

    /**
     * Split-on-sample GPRS with heap indices in the {@link HeapPathCode} of parameter {@code lambda} per dimension
     * (the expected per-dimension KL in bits plus one, shared by both sides); written and read with the overloads
     * that take the coding distribution and the shared randomness.
     */
    public static GreedyPoissonRejectionSampling splitOnSample(int dimension, double lambda) {
        return new GreedyPoissonRejectionSampling(new HeapPathCode(lambda), dimension, DEFAULT_MAX_CANDIDATES);
    }

    /** GPRS of the given variant with Elias-δ coded indices (no parameter to agree on). */
    public static GreedyPoissonRejectionSampling eliasDelta(Variant variant, int dimension) {
        return new GreedyPoissonRejectionSampling(variant, EliasDelta.INSTANCE, dimension, DEFAULT_MAX_CANDIDATES);
    }

    public Variant variant() {
        return variant;
    }

    /** The integer code of the indices, or null if this instance uses the {@link #pathCode()}. */
    public IntegerCode indexCode() {
        return indexCode;
    }

    /** The heap path code of split-on-sample indices, or null if this instance uses an {@link #indexCode()}. */
    public HeapPathCode pathCode() {
        return pathCode;
    }

    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return "gprs";
    }

    @Override
    public boolean isExact() {
        return true;
    }

    @Override
    public Encoding encode(RecProblem problem, SharedRandomness shared) {
        if (problem.dimension() != dimension) {
            throw new IllegalArgumentException("this GPRS instance codes " + dimension + "-dimensional problems, got "
                    + problem.dimension());
        }
        StretchCache.checkPairs(problem, variant == Variant.SPLIT_ON_SAMPLE, "split-on-sample");
        long[] indices = new long[dimension];
        double[] sample = new double[dimension];
        long examined = 0;
        long bits = 0;
        for (int d = 0; d < dimension; d++) {
            DensityRatio1D ratio = problem.ratio(d);
            SharedRandomness key = shared.derive(LABEL, d);
            SharedRandomness arrivals = key.derive(ARRIVALS_LABEL);
            StretchFunction stretch = ratio.maxLogRatioNats() > 0 ? stretch(ratio) : null;
            long[] out = new long[2];
            sample[d] = variant == Variant.GLOBAL
                    ? encodeGlobal(ratio, stretch, key, arrivals, out)
                    : encodeSplit(ratio, stretch, key, arrivals, out);
            indices[d] = out[0];
            examined += out[1];
            bits += indexBits(out[0], ratio.coding(), key);
        }
        double kl = problem.klBits();
        return new Encoding(new Codeword(indices, bits), sample, kl, problem.maxLogRatioBits(), examined,
                predictedBits(problem));
    }

    /** Why split-on-sample GPRS refuses dimension {@code d}, and what accepts it. */
    static String notUnimodal(int d, DensityRatio1D r) {
        return "the density ratio q/p of dimension " + d + " (target " + r.target() + ", coding distribution "
                + r.coding() + ") is not certified unimodal, so its level sets are not single intervals and "
                + "split-on-sample GPRS would be biased; use global GPRS (--gprs-variant global), pfr or exact A* "
                + "(astar-dl --max-depth 0), which are exact for it";
    }

    /** Σ_d (KL_d + log2(KL_d + 1) + 4): the per-dimension codelength bound used in the tests. */
    static double predictedBits(RecProblem problem) {
        double s = 0;
        for (int d = 0; d < problem.dimension(); d++) {
            double kl = problem.ratio(d).klNats() / StrictMath.log(2);
            s += kl + StrictMath.log(kl + 1) / StrictMath.log(2) + 4;
        }
        return s;
    }

    private StretchFunction stretch(DensityRatio1D ratio) {
        return stretchCache.of(ratio);
    }

    /** Alg. 3 in one dimension; {@code out = {index, candidates}}; {@code stretch == null} means Q = P. */
    private double encodeGlobal(DensityRatio1D ratio, StretchFunction stretch, SharedRandomness key,
                                SharedRandomness arrivals, long[] out) {
        Distribution1D p = ratio.coding();
        double t = 0;
        for (long n = 1; ; n++) {
            if (n > maxCandidates) {
                throw new RecCostException("global GPRS needed more than " + maxCandidates + " candidates (D∞ = "
                        + ratio.maxLogRatioNats() / StrictMath.log(2) + " bits); use split-on-sample GPRS or raise "
                        + "--max-candidates", null);
            }
            t += -StrictMath.log(arrivals.uniform(0, n - 1));
            double x = p.quantile(key.uniform(0, n - 1));
            if (stretch == null || ratio.logRatio(x) >= stretch.logInverse(StrictMath.log(t))) {
                out[0] = n;
                out[1] = n;
                return x;
            }
        }
    }

    /** Alg. 5 in one dimension; {@code out = {heap index, steps}}. */
    private double encodeSplit(DensityRatio1D ratio, StretchFunction stretch, SharedRandomness key,
                               SharedRandomness arrivals, long[] out) {
        Distribution1D p = ratio.coding();
        RestrictedSampler sampler = RestrictedSampler.of(p);
        double mode = ratio.mode();
        double a = p.supportMin();
        double b = p.supportMax();
        double t = 0;
        long h = 1;
        for (int depth = 0; ; depth++) {
            double m = StretchFunction.mass(p, a, b);
            if (!(m > 0)) {
                throw new RecCostException("split-on-sample GPRS: interval (" + a + ", " + b + ") has no "
                        + "representable P-mass (mode too deep in P's tail)", null);
            }
            t += -StrictMath.log(arrivals.uniform(0, depth)) / m;
            double x = sampler.sample(a, b, key, h);
            if (stretch == null || ratio.logRatio(x) >= stretch.logInverse(StrictMath.log(t))) {
                out[0] = h;
                out[1] = depth + 1L;
                return x;
            }
            if (depth == MAX_DEPTH) {
                throw new RecCostException("split-on-sample GPRS path exceeded " + MAX_DEPTH + " levels (KL = "
                        + ratio.klNats() / StrictMath.log(2) + " bits in one dimension); use irec or spread the KL "
                        + "over more dimensions", null);
            }
            if (x < mode) {
                a = x;
                h = 2 * h + 1;
            } else {
                b = x;
                h = 2 * h;
            }
        }
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        if (coding.dimension() != dimension) {
            throw new IllegalArgumentException("this GPRS instance codes " + dimension + " dimensions, coding "
                    + "distribution has " + coding.dimension());
        }
        if (codeword.size() != dimension) {
            throw new CorruptStreamException("GPRS codeword has " + codeword.size() + " indices, expected "
                    + dimension);
        }
        double[] x = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            long index = codeword.value(d);
            if (index < 1) {
                throw new CorruptStreamException("GPRS index must be positive, was " + index);
            }
            SharedRandomness key = shared.derive(LABEL, d);
            Distribution1D p = coding.marginal(d);
            x[d] = variant == Variant.GLOBAL ? p.quantile(key.uniform(0, index - 1)) : replay(p, key, index);
        }
        return x;
    }

    /** Replays the split-on-sample path to heap index {@code h}: the bits after the leading one, most significant first. */
    private static double replay(Distribution1D p, SharedRandomness key, long h) {
        int depth = 63 - Long.numberOfLeadingZeros(h);
        double a = p.supportMin();
        double b = p.supportMax();
        long node = 1;
        RestrictedSampler sampler = RestrictedSampler.of(p);
        for (int level = depth - 1; level >= 0; level--) {
            double x = sampler.sample(a, b, key, node);
            if (((h >>> level) & 1) == 1) {
                a = x;
                node = 2 * node + 1;
            } else {
                b = x;
                node = 2 * node;
            }
        }
        return sampler.sample(a, b, key, node);
    }

    /** Exact bits of index {@code index} in this instance's code; {@code key} is the dimension's key. */
    private long indexBits(long index, Distribution1D p, SharedRandomness key) {
        return pathCode == null ? indexCode.length(index) : pathCode.length(index, tree(p, key));
    }

    /** A dimension's split-on-sample tree as the decoder replays it ({@link #replay}), for the path code. */
    private static HeapPathCode.Tree tree(Distribution1D p, SharedRandomness key) {
        RestrictedSampler sampler = RestrictedSampler.of(p);
        return new HeapPathCode.Tree(sampler, p.supportMin(), p.supportMax(),
                (a, b, h) -> sampler.sample(a, b, key, h), MAX_DEPTH);
    }

    /**
     * Writes {@code codeword} with an instance's integer code.
     *
     * @throws UnsupportedOperationException if this instance uses the heap path code, which needs the coding
     *                                       distribution and the shared randomness: use
     *                                       {@link #write(Codeword, ProductDistribution, SharedRandomness, BitWriter)}
     */
    @Override
    public void write(Codeword codeword, BitWriter out) {
        requireIndexCode("write(codeword, coding, shared, out)");
        for (int d = 0; d < codeword.size(); d++) {
            indexCode.write(out, codeword.value(d));
        }
    }

    @Override
    public void write(Codeword codeword, ProductDistribution coding, SharedRandomness shared, BitWriter out) {
        if (pathCode == null) {
            write(codeword, out);
            return;
        }
        checkCoding(coding);
        if (codeword.size() != dimension) {
            throw new IllegalArgumentException("GPRS codeword has " + codeword.size() + " indices, expected "
                    + dimension);
        }
        for (int d = 0; d < dimension; d++) {
            pathCode.write(out, codeword.value(d), tree(coding.marginal(d), shared.derive(LABEL, d)));
        }
    }

    @Override
    public Codeword read(ProductDistribution coding, SharedRandomness shared, BitReader in) {
        if (pathCode == null) {
            return read(in);
        }
        checkCoding(coding);
        long[] v = new long[dimension];
        long bits = 0;
        for (int d = 0; d < dimension; d++) {
            HeapPathCode.Read r = pathCode.read(in, tree(coding.marginal(d), shared.derive(LABEL, d)));
            v[d] = r.index();
            bits += r.bits();
        }
        return new Codeword(v, bits);
    }

    private void requireIndexCode(String use) {
        if (pathCode != null) {
            throw new UnsupportedOperationException("this GPRS instance writes heap indices with " + pathCode
                    + ", which needs the coding distribution and the shared randomness: use " + use);
        }
    }

    private void checkCoding(ProductDistribution coding) {
        if (coding.dimension() != dimension) {
            throw new IllegalArgumentException("this GPRS instance codes " + dimension + " dimensions, coding "
                    + "distribution has " + coding.dimension());
        }
    }

    /**
     * Reads a codeword written with an instance's integer code.
     *
     * @throws UnsupportedOperationException if this instance uses the heap path code: use
     *                                       {@link #read(ProductDistribution, SharedRandomness, BitReader)}
     */
    @Override
    public Codeword read(BitReader in) {
        requireIndexCode("read(coding, shared, in)");
        long[] v = new long[dimension];
        long bits = 0;
        for (int d = 0; d < dimension; d++) {
            v[d] = indexCode.read(in);
            if (v[d] < 1) {
                throw new CorruptStreamException("GPRS index must be positive, was " + v[d]);
            }
            bits += indexCode.length(v[d]);
        }
        return new Codeword(v, bits);
    }
}
