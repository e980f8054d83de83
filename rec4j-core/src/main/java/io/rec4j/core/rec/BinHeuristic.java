package io.rec4j.core.rec;

import io.rec4j.core.math.SpecialFunctions;
import io.rec4j.core.rec.dist.DensityRatio1D;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.Normal;

/**
 * The encoder-private search heuristic π over the bins of a {@link Partition} (a rec4j design choice; the paper only
 * says that bins are re-weighted; {@code docs/algorithms.md}, "Space partitioning"): the proposal becomes
 * {@code p′(x) = J·π(j(x))·p(x)}. It never leaves the encoder and does not change which sample is selected
 * (π-independence, see {@link SpacePartitionedRec}), only how fast the selection is found and certified. Every
 * heuristic here factorises over the axes, {@code π(j) = Π_d π_d(i_d)}, so bins are sampled one axis at a time and
 * {@code ln r′_max = Σ_d max_i [ln sup_{I_{d,i}} r_d − ln(J_d π_d(i))]}.
 *
 * <p>Per axis, {@code π_d = w·π_d^Q + (1 − w)·π_d^sup}, a per-axis mixture of
 * <ul>
 *   <li><b>Q-mass</b> ({@code w = 1}): {@code π_d^Q(i) ∝ Q_d(I_{d,i})}. The product over axes is
 *       {@code Q(B_j)}, which minimises {@code KL[Q‖P′]} (the within-bin KL): the right choice for fixed-budget
 *       ORC.</li>
 *   <li><b>sup-r</b> ({@code w = 0}): {@code π_d^sup(i) ∝ sup_{I_{d,i}} r_d}. The product is
 *       {@code sup_{B_j} r} (the ratio factorises), which minimises {@code r′_max = Σ_j sup_{B_j} r / J}: the right
 *       choice for exact PFR, whose runtime is about {@code r′_max}.</li>
 * </ul>
 * All weights are computed in log space, and every axis is floored by mixing in a uniform component of weight
 * {@value #FLOOR}: {@code π_d ← (1 − ε)·π_d + ε/J_d}, so no bin where Q has mass ever gets {@code π = 0} (which
 * would break exactness). The floor moves {@code KL[Q‖P′]} by at most {@code −log2(1 − ε)} per axis, about
 * {@code 1.4·10⁻⁶} bits, and caps each axis's factor of {@code r′_max} at {@code sup r_d/ε}.
 *
 * @param qMassWeight the weight {@code w ∈ [0, 1]} of the Q-mass component
 */
public record BinHeuristic(double qMassWeight) {
    /** Weight of the uniform floor component, 2^-20. */
    public static final double FLOOR = 0x1.0p-20;

    /** π ∝ sup_{B_j} r (optimal for exact PFR). */
    public static final BinHeuristic SUP_RATIO = new BinHeuristic(0);
    /** π ∝ Q(B_j) (optimal for fixed-budget ORC). */
    public static final BinHeuristic Q_MASS = new BinHeuristic(1);

    public BinHeuristic {
        if (!(qMassWeight >= 0 && qMassWeight <= 1)) {
            throw new IllegalArgumentException("the Q-mass weight must be in [0, 1], was " + qMassWeight);
        }
    }

    /** The per-axis mixture {@code w·π^Q + (1 − w)·π^sup}. */
    public static BinHeuristic mixture(double qMassWeight) {
        return new BinHeuristic(qMassWeight);
    }

    /** Parses {@code sup-r}, {@code q-mass} or {@code mix:W}. */
    public static BinHeuristic parse(String s) {
        return switch (s) {
            case "sup-r" -> SUP_RATIO;
            case "q-mass" -> Q_MASS;
            default -> {
                if (s.startsWith("mix:")) {
                    try {
                        yield mixture(Double.parseDouble(s.substring(4)));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("bad mixture weight in '" + s + "'", e);
                    }
                }
                throw new IllegalArgumentException("unknown bin heuristic '" + s + "' (sup-r, q-mass, mix:W)");
            }
        };
    }

    /** True iff this heuristic needs finite {@code sup r} on every bin. */
    public boolean needsBoundedRatio() {
        return qMassWeight < 1;
    }

    /**
     * The normalised, floored {@code ln π_d(i)} of one axis, given its interval {@code edges} and
     * {@code logSup[i] = ln sup_{I_i} r_d}.
     *
     * @throws IllegalArgumentException if the sup-r component is used and some {@code logSup} is infinite
     */
    double[] logWeights(DensityRatio1D ratio, double[] edges, double[] logSup) {
        int n = logSup.length;
        double[] w = new double[n];
        if (n == 1) {
            return w; // ln 1
        }
        double[] sup = null;
        if (qMassWeight < 1) {
            for (int i = 0; i < n; i++) {
                if (logSup[i] == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("the density ratio is unbounded on a tail bin, so the sup-r "
                            + "heuristic is undefined; use the q-mass heuristic (with sp-orc)");
                }
            }
            sup = normalise(logSup.clone());
        }
        double[] mass = null;
        if (qMassWeight > 0) {
            mass = new double[n];
            for (int i = 0; i < n; i++) {
                mass[i] = logMass(ratio.target(), edges[i], edges[i + 1]);
            }
            mass = normalise(mass);
        }
        double lnW = StrictMath.log(qMassWeight);
        double ln1mW = StrictMath.log1p(-qMassWeight);
        double lnKeep = StrictMath.log1p(-FLOOR);
        double lnFloor = StrictMath.log(FLOOR / n);
        for (int i = 0; i < n; i++) {
            double v;
            if (sup == null) {
                v = mass[i];
            } else if (mass == null) {
                v = sup[i];
            } else {
                v = SpecialFunctions.logAddExp(lnW + mass[i], ln1mW + sup[i]);
            }
            w[i] = SpecialFunctions.logAddExp(lnKeep + v, lnFloor);
        }
        return normalise(w);
    }

    /** Subtracts the log-sum; an all-{@code −∞} vector becomes uniform. */
    private static double[] normalise(double[] lw) {
        double z = SpecialFunctions.logSumExp(lw);
        if (z == Double.NEGATIVE_INFINITY || Double.isNaN(z)) {
            double u = -StrictMath.log(lw.length);
            java.util.Arrays.fill(lw, u);
            return lw;
        }
        for (int i = 0; i < lw.length; i++) {
            lw[i] -= z;
        }
        return lw;
    }

    /** {@code ln Q([a, b])}: tail-accurate for normals, a CDF difference otherwise. */
    static double logMass(Distribution1D q, double a, double b) {
        if (q instanceof Normal n) {
            double za = (a - n.mean()) / n.std();
            double zb = (b - n.mean()) / n.std();
            if (za >= 0) {
                return SpecialFunctions.logSubExp(SpecialFunctions.logNormalSf(za), SpecialFunctions.logNormalSf(zb));
            }
            if (zb <= 0) {
                return SpecialFunctions.logSubExp(SpecialFunctions.logNormalCdf(zb), SpecialFunctions.logNormalCdf(za));
            }
            return StrictMath.log(SpecialFunctions.normalCdf(zb) - SpecialFunctions.normalCdf(za));
        }
        double m = q.cdf(b) - q.cdf(a);
        return m > 0 ? StrictMath.log(m) : Double.NEGATIVE_INFINITY;
    }

    @Override
    public String toString() {
        return qMassWeight == 0 ? "sup-r" : qMassWeight == 1 ? "q-mass" : "mix:" + qMassWeight;
    }
}
