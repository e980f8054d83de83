package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.EliasGamma;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.DensityRatio1D;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.List;

/**
 * Dyadic (branch-and-bound) greedy Poisson rejection sampling for 1-D density ratios r = dQ/dP that are certified
 * unimodal (G. Flamich, "Greedy Poisson rejection sampling", NeurIPS 2023, arXiv 2305.15313, the branch-and-bound
 * GPRS of its App. F with P-median splits; {@code docs/algorithms.md}, "Dyadic GPRS"). An exact channel simulator;
 * the search rule is rec4j's own derivation, given in the docs.
 *
 * <p><b>Search.</b> GPRS accepts the first point (T, X) of a Poisson process with mean measure λ × P that lies under
 * the graph of σ ∘ r ({@link StretchFunction}); at time t only points of {@code A_t = {x : r(x) ≥ σ⁻¹(t)}} can be
 * accepted, and A_t shrinks as t grows. The search keeps a node B of the dyadic tree of P (root: P's support, heap
 * index 1; children: the halves at the P-median of B, heap indices 2h and 2h + 1) and simulates only the points of
 * the process inside B, from time t on: the next one arrives after an Exp(1)/P(B) wait and lies at {@code X ~ P|B},
 * the k-th of node h drawn from shared randomness keyed by (h, k). After a rejection at time t the search descends to
 * a child while that child contains A_t, checked as: the mode lies on the child's side of the median m and
 * {@code ln r(m) < ln σ⁻¹(t)} (by unimodality nothing beyond m can then be accepted, now or later). Staying in B is
 * always allowed, so the descent is an optimisation that never costs exactness; the search stays at nodes whose
 * median does not split them (double resolution) and at depth {@value #MAX_DEPTH}.
 *
 * <p><b>Codeword.</b> Per dimension two numbers: the heap index h of the accepting node, written with the
 * {@link HeapPathCode} on the dyadic tree (each step costs about one bit), and the number k ≥ 1 of the accepted
 * arrival among the node's arrivals, Elias-γ coded. The decoder rebuilds the node's interval from P's medians alone
 * and draws arrival k of node h; it needs neither Q nor the stretch function.
 *
 * <p><b>Requirements.</b> Bounded and certified unimodal ratios; otherwise {@link IllegalArgumentException} or
 * {@link UnsupportedPairException} naming the global variant. At most {@code maxCandidates} arrivals per dimension
 * ({@link RecCostException} beyond).
 */
public final class DyadicGprs implements ChannelSimulator {
    /** Derivation label of the per-dimension keys ("DGPR"). */
    static final long LABEL = 0x4447_5052L;
    /** Derivation label, under a dimension's key, of the encoder-private arrival times ("ARRV"). */
    static final long ARRIVALS_LABEL = 0x4152_5256L;
    /** Deepest node: heap indices below 2^63. */
    public static final int MAX_DEPTH = HeapPathCode.MAX_DEPTH;
    /** Depth to which {@link #modeOnMedian} looks for the mode among the medians. */
    static final int MODE_CHECK_DEPTH = 40;

    private final HeapPathCode pathCode;
    private final int dimension;
    private final long maxCandidates;
    private final StretchCache stretchCache = new StretchCache();

    /**
     * Dyadic GPRS for {@code dimension}-dimensional problems; node indices written with {@code pathCode}, at most
     * {@code maxCandidates} arrivals per dimension.
     */
    public DyadicGprs(HeapPathCode pathCode, int dimension, long maxCandidates) {
        if (pathCode == null) {
            throw new IllegalArgumentException("the heap path code is required");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be positive");
        }
        this.pathCode = pathCode;
        this.dimension = dimension;
        this.maxCandidates = maxCandidates;
    }

    /** Dyadic GPRS with a {@link HeapPathCode} of parameter λ = (expected per-dimension KL in bits) + 1. */
    public static DyadicGprs of(int dimension, double lambda) {
        return new DyadicGprs(new HeapPathCode(lambda), dimension, GreedyPoissonRejectionSampling.DEFAULT_MAX_CANDIDATES);
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
        StretchCache.checkPairs(problem, true, "dyadic");
        long[] values = new long[2 * dimension];
        double[] sample = new double[dimension];
        long examined = 0;
        long bits = 0;
        for (int d = 0; d < dimension; d++) {
            DensityRatio1D ratio = problem.ratio(d);
            SharedRandomness key = shared.derive(LABEL, d);
            StretchFunction stretch = ratio.maxLogRatioNats() > 0 ? stretch(ratio) : null;
            long[] out = new long[3];
            sample[d] = encode1(ratio, stretch, key, key.derive(ARRIVALS_LABEL), out);
            values[2 * d] = out[0];
            values[2 * d + 1] = out[1];
            examined += out[2];
            bits += pathCode.length(out[0], tree(ratio.coding())) + EliasGamma.INSTANCE.length(out[1]);
        }
        return new Encoding(new Codeword(values, bits), sample, problem.klBits(), problem.maxLogRatioBits(), examined,
                GreedyPoissonRejectionSampling.predictedBits(problem));
    }

    private StretchFunction stretch(DensityRatio1D ratio) {
        return stretchCache.of(ratio);
    }

    /** One dimension; {@code out = {heap index, arrival number in the node, arrivals simulated}}. */
    private double encode1(DensityRatio1D ratio, StretchFunction stretch, SharedRandomness key,
                           SharedRandomness arrivals, long[] out) {
        Distribution1D p = ratio.coding();
        RestrictedSampler ps = RestrictedSampler.of(p);
        double mode = ratio.mode();
        double a = p.supportMin();
        double b = p.supportMax();
        double t = 0;
        long h = 1;
        int depth = 0;
        long k = 0;
        double massB = StrictMath.exp(ps.logMass(a, b));
        for (long n = 0; ; n++) {
            if (n >= maxCandidates) {
                throw new RecCostException("dyadic GPRS needed more than " + maxCandidates + " arrivals in one "
                        + "dimension; raise --max-candidates", null);
            }
            if (!(massB > 0)) {
                throw new RecCostException("dyadic GPRS: node (" + a + ", " + b + ") has no representable P-mass "
                        + "(mode too deep in P's tail)", null);
            }
            t += -StrictMath.log(arrivals.uniform(0, n)) / massB;
            k++;
            double x = ps.sample(a, b, key.derive(h), k);
            double level = stretch == null ? Double.NEGATIVE_INFINITY : stretch.logInverse(StrictMath.log(t));
            if (stretch == null || ratio.logRatio(x) >= level) {
                out[0] = h;
                out[1] = k;
                out[2] = n + 1;
                return x;
            }
            // descend while a child holds the whole acceptance region {ℓ ≥ level}
            while (depth < MAX_DEPTH) {
                double m = ps.median(a, b);
                if (!(a < m && m < b) || !(ratio.logRatio(m) < level)) {
                    break;
                }
                if (mode < m) {
                    b = m;
                    h = 2 * h;
                } else if (mode > m) {
                    a = m;
                    h = 2 * h + 1;
                } else {
                    break;
                }
                depth++;
                k = 0;
                massB = StrictMath.exp(ps.logMass(a, b));
            }
        }
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        checkCoding(coding);
        if (codeword.size() != 2 * dimension) {
            throw new CorruptStreamException("dyadic GPRS codeword has " + codeword.size() + " numbers, expected "
                    + 2 * dimension);
        }
        double[] x = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            long h = codeword.value(2 * d);
            long k = codeword.value(2 * d + 1);
            if (h < 1 || k < 1) {
                throw new CorruptStreamException("dyadic GPRS node and arrival must be positive, were " + h + ", " + k);
            }
            Distribution1D p = coding.marginal(d);
            RestrictedSampler ps = RestrictedSampler.of(p);
            double a = p.supportMin();
            double b = p.supportMax();
            for (int level = HeapPathCode.depthOf(h) - 1; level >= 0; level--) {
                double m = ps.median(a, b);
                if (((h >>> level) & 1) == 1) {
                    a = m;
                } else {
                    b = m;
                }
                if (!(a < b)) {
                    throw new CorruptStreamException("dyadic GPRS path to node " + h + " runs into an empty interval");
                }
            }
            x[d] = ps.sample(a, b, shared.derive(LABEL, d).derive(h), k);
        }
        return x;
    }

    /**
     * True iff the ratio's mode is one of the medians on its own path down the dyadic tree of P, at a node of P-mass
     * at least 2^-{@value #MODE_CHECK_DEPTH} (far above the acceptance regions of the KL ≤ 26 bits the registry
     * admits; deeper, every interval around the mode ends at it once the doubles run out): the search cannot descend past that node, which then runs global GPRS (at most
     * 2^D∞ arrivals). A symmetric target centred on P's median is the common case. Cost-model input.
     */
    static boolean modeOnMedian(DensityRatio1D ratio) {
        Distribution1D p = ratio.coding();
        RestrictedSampler ps = RestrictedSampler.of(p);
        double mode = ratio.mode();
        double a = p.supportMin();
        double b = p.supportMax();
        for (int depth = 0; depth < MODE_CHECK_DEPTH; depth++) {
            double m = ps.median(a, b);
            if (!(a < m && m < b)) {
                return false;
            }
            if (m == mode) {
                return true;
            }
            if (mode < m) {
                b = m;
            } else {
                a = m;
            }
        }
        return false;
    }

    /** The dyadic tree of P as the heap path code replays it. */
    private static HeapPathCode.Tree tree(Distribution1D p) {
        RestrictedSampler ps = RestrictedSampler.of(p);
        return new HeapPathCode.Tree(ps, p.supportMin(), p.supportMax(), (a, b, h) -> ps.median(a, b), MAX_DEPTH);
    }

    /** @throws UnsupportedOperationException always: the heap path code needs the coding distribution */
    @Override
    public void write(Codeword codeword, BitWriter out) {
        throw new UnsupportedOperationException("dyadic GPRS writes node indices with " + pathCode + ", which needs "
                + "the coding distribution: use write(codeword, coding, shared, out)");
    }

    /** @throws UnsupportedOperationException always: the heap path code needs the coding distribution */
    @Override
    public Codeword read(BitReader in) {
        throw new UnsupportedOperationException("dyadic GPRS reads node indices with " + pathCode + ", which needs "
                + "the coding distribution: use read(coding, shared, in)");
    }

    @Override
    public void write(Codeword codeword, ProductDistribution coding, SharedRandomness shared, BitWriter out) {
        checkCoding(coding);
        if (codeword.size() != 2 * dimension) {
            throw new IllegalArgumentException("dyadic GPRS codeword has " + codeword.size() + " numbers, expected "
                    + 2 * dimension);
        }
        for (int d = 0; d < dimension; d++) {
            pathCode.write(out, codeword.value(2 * d), tree(coding.marginal(d)));
            EliasGamma.INSTANCE.write(out, codeword.value(2 * d + 1));
        }
    }

    @Override
    public Codeword read(ProductDistribution coding, SharedRandomness shared, BitReader in) {
        checkCoding(coding);
        long[] v = new long[2 * dimension];
        long bits = 0;
        for (int d = 0; d < dimension; d++) {
            HeapPathCode.Read r = pathCode.read(in, tree(coding.marginal(d)));
            v[2 * d] = r.index();
            bits += r.bits();
            long k = EliasGamma.INSTANCE.read(in);
            if (k < 1) {
                throw new CorruptStreamException("dyadic GPRS arrival number must be positive, was " + k);
            }
            v[2 * d + 1] = k;
            bits += EliasGamma.INSTANCE.length(k);
        }
        return new Codeword(v, bits);
    }

    private void checkCoding(ProductDistribution coding) {
        if (coding.dimension() != dimension) {
            throw new IllegalArgumentException("this GPRS instance codes " + dimension + " dimensions, coding "
                    + "distribution has " + coding.dimension());
        }
    }
}
