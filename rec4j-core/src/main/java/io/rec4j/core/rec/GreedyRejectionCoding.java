package io.rec4j.core.rec;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.DensityRatio1D;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;

/**
 * Greedy rejection coding (G. Flamich, S. Markou, J. M. Hernández-Lobato, "Faster relative entropy coding with greedy
 * rejection coding", NeurIPS 2023, arXiv 2309.15746; {@code docs/algorithms.md}, "Greedy rejection coding"): Harsha
 * et al.'s greedy rejection sampler run on a binary partition of the line, for 1-D density ratios r = dQ/dP that are
 * certified unimodal. An exact channel simulator.
 *
 * <p><b>Search.</b> A node of the search is an interval B of the partition tree (root: P's support, heap index 1),
 * a level H ≥ 0 and the mass {@code Z = ∫_B (r − H)₊ dP > 0}; conditionally on reaching the node, the rest of the
 * search must output the law with density {@code (r − H)₊·1_B / Z} against P. At the node the candidate
 * {@code X ~ P|B} is drawn from shared randomness keyed by the heap index and accepted with probability
 * {@code min(r(X) − H, H' − H)₊ / (H' − H)}, {@code H' = H + Z / P(B)} (the greedy rule: the largest acceptance that
 * never outputs more than the remaining target at any point). After a rejection B is split into two children
 * (at X: {@link Split#SAMPLE}, GRCS; at the P-median of B: {@link Split#DYADIC}, GRCD) and the search continues in
 * child C with probability {@code Z_C / (Z_left + Z_right)}, {@code Z_C = ∫_C (r − H')₊ dP}, at level H'. The derivation
 * that the output is exactly Q is in {@code docs/algorithms.md}; the acceptance and child choices use
 * encoder-private uniforms.
 *
 * <p><b>Codeword.</b> The heap index of the accepting node, written with the {@link HeapPathCode} (per-dimension
 * λ shared by both sides). The decoder rebuilds the accepting node's interval from P and the shared randomness alone
 * (GRCS: regenerating the candidates of its ancestors, which are the split points; GRCD: the medians) and draws its
 * candidate. The GRCS tree is the tree of split-on-sample GPRS ({@link GreedyPoissonRejectionSampling}), under a
 * different key.
 *
 * <p><b>Requirements and failure modes.</b> Every dimension's ratio must be bounded and certified unimodal
 * ({@link DensityRatio1D#isUnimodal()}) — the integrals {@code Z_C} are computed from the level set
 * {@code {r ≥ H'}}, one interval — otherwise {@link UnsupportedPairException} (naming methods that accept the pair)
 * or {@link IllegalArgumentException} (unbounded). Paths are limited to {@value #MAX_DEPTH} levels and the search
 * stops with {@link RecCostException} there, or if the remaining mass underflows (probability far below 1e-12 for the
 * pairs {@link RecMethod#estimate} admits). Multi-dimensional problems are coded dimension by dimension with keys
 * {@code shared.derive(LABEL, d)}.
 */
public final class GreedyRejectionCoding implements ChannelSimulator {
    /** Where a rejected node is split. */
    public enum Split {
        /** GRCS: at the rejected candidate. */
        SAMPLE,
        /** GRCD: at the median of P restricted to the node. */
        DYADIC
    }

    /** Derivation label of the per-dimension keys ("GRC"). */
    static final long LABEL = 0x0047_5243L;
    /** Derivation label, under a dimension's key, of the encoder-private uniforms ("PRIV"). */
    static final long PRIVATE_LABEL = 0x5052_4956L;
    /** Deepest path: heap indices below 2^63. */
    public static final int MAX_DEPTH = HeapPathCode.MAX_DEPTH;

    private final Split split;
    private final HeapPathCode pathCode;
    private final int dimension;

    /** GRC with the given split for {@code dimension}-dimensional problems, heap indices coded with {@code pathCode}. */
    public GreedyRejectionCoding(Split split, HeapPathCode pathCode, int dimension) {
        if (split == null || pathCode == null) {
            throw new IllegalArgumentException("split and heap path code are required");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        this.split = split;
        this.pathCode = pathCode;
        this.dimension = dimension;
    }

    /** GRC with a {@link HeapPathCode} of parameter λ = (expected per-dimension KL in bits) + 1. */
    public static GreedyRejectionCoding of(Split split, int dimension, double lambda) {
        return new GreedyRejectionCoding(split, new HeapPathCode(lambda), dimension);
    }

    public Split split() {
        return split;
    }

    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return split == Split.SAMPLE ? "grc" : "grcd";
    }

    @Override
    public boolean isExact() {
        return true;
    }

    /** Why GRC refuses dimension {@code d}, and what accepts it. */
    static String notUnimodal(int d, DensityRatio1D r) {
        return "the density ratio q/p of dimension " + d + " (target " + r.target() + ", coding distribution "
                + r.coding() + ") is not certified unimodal, so its level sets are not single intervals and greedy "
                + "rejection coding cannot compute its branch masses; use global GPRS (gprs --gprs-variant global), "
                + "pfr or exact A* (astar-dl --max-depth 0), which are exact for it";
    }

    @Override
    public Encoding encode(RecProblem problem, SharedRandomness shared) {
        if (problem.dimension() != dimension) {
            throw new IllegalArgumentException("this GRC instance codes " + dimension + "-dimensional problems, got "
                    + problem.dimension());
        }
        for (int d = 0; d < dimension; d++) {
            DensityRatio1D r = problem.ratio(d);
            if (!(r.maxLogRatioNats() < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("D∞[Q‖P] is infinite in dimension " + d + " (the target is wider "
                        + "than the coding distribution in some tail): use ordered random coding (orc) or the "
                        + "budgeted sampler (budgeted) instead");
            }
            if (r.maxLogRatioNats() > 0 && !r.isUnimodal()) {
                throw new UnsupportedPairException(notUnimodal(d, r), "gprs --gprs-variant global");
            }
        }
        long[] indices = new long[dimension];
        double[] sample = new double[dimension];
        long steps = 0;
        long bits = 0;
        for (int d = 0; d < dimension; d++) {
            DensityRatio1D ratio = problem.ratio(d);
            SharedRandomness key = shared.derive(LABEL, d);
            long[] out = new long[2];
            sample[d] = encode1(ratio, key, key.derive(PRIVATE_LABEL), out);
            indices[d] = out[0];
            steps += out[1];
            bits += pathCode.length(out[0], tree(ratio.coding(), key));
        }
        return new Encoding(new Codeword(indices, bits), sample, problem.klBits(), problem.maxLogRatioBits(), steps,
                GreedyPoissonRejectionSampling.predictedBits(problem));
    }

    /** One dimension; {@code out = {heap index, steps}}. */
    private double encode1(DensityRatio1D ratio, SharedRandomness key, SharedRandomness priv, long[] out) {
        Distribution1D p = ratio.coding();
        RestrictedSampler ps = RestrictedSampler.of(p);
        RestrictedSampler qs = RestrictedSampler.of(ratio.target());
        double a = p.supportMin();
        double b = p.supportMax();
        double level = 0;
        double z = 1; // ∫ r dP
        long h = 1;
        for (int depth = 0; ; depth++) {
            double massB = StrictMath.exp(ps.logMass(a, b));
            double x = ps.sample(a, b, key, h);
            double next = level + z / massB;
            if (!(massB > 0) || !(next > level) || Double.isInfinite(next)) {
                throw underflow(a, b);
            }
            // accept iff r(x) > H + U (H' − H), i.e. with probability min(r(x) − H, H' − H)₊ / (H' − H)
            double u = priv.uniform(0, depth);
            double threshold = level + u * (next - level);
            if (ratio.logRatio(x) > StrictMath.log(threshold)) {
                out[0] = h;
                out[1] = depth + 1L;
                return x;
            }
            if (depth == MAX_DEPTH) {
                throw new RecCostException("greedy rejection coding path exceeded " + MAX_DEPTH + " levels (KL = "
                        + ratio.klNats() / StrictMath.log(2) + " bits in one dimension); use irec or spread the KL "
                        + "over more dimensions", null);
            }
            double m = split == Split.SAMPLE ? x : ps.median(a, b);
            if (!(a < m && m < b)) {
                throw underflow(a, b);
            }
            double[] set = ratio.levelSet(StrictMath.log(next));
            double zl = remaining(ratio, ps, qs, set, next, a, m);
            double zr = remaining(ratio, ps, qs, set, next, m, b);
            double total = zl + zr;
            if (!(total > 0) || Double.isInfinite(total)) {
                throw underflow(a, b);
            }
            level = next;
            if (priv.uniform(1, depth) * total < zl) {
                b = m;
                z = zl;
                h = 2 * h;
            } else {
                a = m;
                z = zr;
                h = 2 * h + 1;
            }
        }
    }

    private static RecCostException underflow(double a, double b) {
        return new RecCostException("greedy rejection coding: the remaining target mass on (" + a + ", " + b
                + ") is below double precision (the target sits too deep in P's tail)", null);
    }

    /**
     * {@code ∫_{(lo, hi)} (r − H)₊ dP = Q(J) − H·P(J)} with J = (lo, hi) ∩ {r ≥ H} ({@code set}: the level set at
     * ln H, one interval for a unimodal ratio); clamped at 0 against rounding.
     */
    static double remaining(DensityRatio1D ratio, RestrictedSampler ps, RestrictedSampler qs, double[] set,
                            double level, double lo, double hi) {
        double s = 0;
        for (int k = 0; k + 1 < set.length; k += 2) {
            double l = Math.max(lo, set[k]);
            double u = Math.min(hi, set[k + 1]);
            if (l < u) {
                s += StrictMath.exp(qs.logMass(l, u)) - level * StrictMath.exp(ps.logMass(l, u));
            }
        }
        return Math.max(s, 0);
    }

    @Override
    public double[] decode(ProductDistribution coding, SharedRandomness shared, Codeword codeword) {
        checkCoding(coding);
        if (codeword.size() != dimension) {
            throw new CorruptStreamException("GRC codeword has " + codeword.size() + " indices, expected " + dimension);
        }
        double[] x = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            long h = codeword.value(d);
            if (h < 1) {
                throw new CorruptStreamException("GRC heap index must be positive, was " + h);
            }
            SharedRandomness key = shared.derive(LABEL, d);
            Distribution1D p = coding.marginal(d);
            RestrictedSampler ps = RestrictedSampler.of(p);
            HeapPathCode.Splitter splitter = splitter(ps, key);
            int depth = HeapPathCode.depthOf(h);
            double a = p.supportMin();
            double b = p.supportMax();
            long node = 1;
            for (int level = depth - 1; level >= 0; level--) {
                double m = splitter.split(a, b, node);
                if (((h >>> level) & 1) == 1) {
                    a = m;
                    node = 2 * node + 1;
                } else {
                    b = m;
                    node = 2 * node;
                }
                if (!(a < b)) {
                    throw new CorruptStreamException("GRC path to node " + h + " runs into an empty interval");
                }
            }
            x[d] = ps.sample(a, b, key, node);
        }
        return x;
    }

    /** The split rule as the decoder computes it: the node's candidate (GRCS) or the median (GRCD). */
    private HeapPathCode.Splitter splitter(RestrictedSampler ps, SharedRandomness key) {
        return split == Split.SAMPLE ? (a, b, h) -> ps.sample(a, b, key, h) : (a, b, h) -> ps.median(a, b);
    }

    private HeapPathCode.Tree tree(Distribution1D p, SharedRandomness key) {
        RestrictedSampler ps = RestrictedSampler.of(p);
        return new HeapPathCode.Tree(ps, p.supportMin(), p.supportMax(), splitter(ps, key), MAX_DEPTH);
    }

    /** @throws UnsupportedOperationException always: the heap path code needs the coding distribution */
    @Override
    public void write(Codeword codeword, BitWriter out) {
        throw new UnsupportedOperationException("GRC writes heap indices with " + pathCode + ", which needs the "
                + "coding distribution and the shared randomness: use write(codeword, coding, shared, out)");
    }

    /** @throws UnsupportedOperationException always: the heap path code needs the coding distribution */
    @Override
    public Codeword read(BitReader in) {
        throw new UnsupportedOperationException("GRC reads heap indices with " + pathCode + ", which needs the "
                + "coding distribution and the shared randomness: use read(coding, shared, in)");
    }

    @Override
    public void write(Codeword codeword, ProductDistribution coding, SharedRandomness shared, BitWriter out) {
        checkCoding(coding);
        if (codeword.size() != dimension) {
            throw new IllegalArgumentException("GRC codeword has " + codeword.size() + " indices, expected " + dimension);
        }
        for (int d = 0; d < dimension; d++) {
            pathCode.write(out, codeword.value(d), tree(coding.marginal(d), shared.derive(LABEL, d)));
        }
    }

    @Override
    public Codeword read(ProductDistribution coding, SharedRandomness shared, BitReader in) {
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

    private void checkCoding(ProductDistribution coding) {
        if (coding.dimension() != dimension) {
            throw new IllegalArgumentException("this GRC instance codes " + dimension + " dimensions, coding "
                    + "distribution has " + coding.dimension());
        }
    }
}
