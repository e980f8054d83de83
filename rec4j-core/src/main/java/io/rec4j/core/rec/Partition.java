package io.rec4j.core.rec;

import io.rec4j.core.math.SpecialFunctions;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.Laplace;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.Uniform;
import java.util.Arrays;

/**
 * The shared grid partition of space-partitioning REC (J. He, G. Flamich, J. M. Hernández-Lobato, "Accelerating
 * relative entropy coding with space partitioning", NeurIPS 2024, arXiv 2405.12203; {@code docs/algorithms.md},
 * "Space partitioning"). Immutable.
 *
 * <p><b>Grid.</b> Dimension {@code d} is cut into {@code J_d} intervals of equal coding mass, with edges at the
 * quantiles {@code F_d⁻¹(i/J_d)}; the bins are the {@code J = Π J_d} grid cells, each of P-mass {@code 1/J}. Bin
 * {@code j} is the mixed-radix number of its interval digits {@code (i_0, ..., i_{D−1})} with dimension 0 least
 * significant: {@code j = i_0 + J_0·(i_1 + J_1·(i_2 + ...))}. The partition depends on P and on public statistics
 * only, so the decoder rebuilds it.
 *
 * <p><b>Per-bin candidate streams.</b> Candidate {@code k ≥ 1} of bin {@code j} has coordinate {@code d} equal to
 * {@code F_d⁻¹((i_d + U)/J_d)} with {@code U = uniform(stream d, index k − 1)} under the key
 * {@code shared.derive(CANDIDATES, j)}, so it is P restricted to the bin and costs O(D) at any (j, k). For the upper
 * half of the intervals ({@code 2 i_d ≥ J_d}) the same point is computed from the upper tail,
 * {@code F̄_d⁻¹((J_d − 1 − i_d + U)/J_d)} with {@code F̄⁻¹(v) = F⁻¹(1 − v)} evaluated without forming {@code 1 − v}
 * (closed forms for {@link Normal}, {@link Laplace}, {@link Uniform}), so tail bins keep full precision. Only
 * {@link StrictMath}-based quantiles are used, as the decoder needs.
 *
 * <p><b>Choosing J_d from mutual information</b> ({@link #fromMutualInformation}). The paper (its App. B.2.1, Figs. 7,
 * 9) assigns intervals to axes by per-dimension mutual information {@code I_d} and does not cut axes with
 * {@code I_d ≈ 0}, but its exact formula is not reproduced here. rec4j uses powers of two, {@code J_d = 2^{b_d}}, with
 * the bit counts {@code b_d} apportioned from the total {@code B = log2 J} in proportion to {@code I_d}
 * ({@code log2 J_d ≈ I_d · log2 J / Σ I}) by the largest-remainder (Hamilton) rule: quota {@code B·I_d/ΣI}, every axis
 * gets the floor of its quota, and the bits left over go one each to the axes with the largest fractional parts (ties:
 * larger {@code I_d}, then lower {@code d}). Axes with {@code I_d ≤ 0} get no bits ({@code J_d = 1}). An axis is capped
 * at {@value #MAX_AXIS_BITS} bits; bits it cannot take are re-apportioned among the uncapped axes by the same rule, and
 * if every positive-MI axis is capped the total is reduced. Powers of two make the bin index exactly {@code B} bits.
 */
public final class Partition {
    /** Largest number of bits (log2 J_d) on one axis: per-axis tables have {@code J_d} entries. */
    public static final int MAX_AXIS_BITS = 20;
    /** Largest total log2 J (bin indices are non-negative {@code long}s). */
    public static final int MAX_TOTAL_BITS = 62;
    /** Derivation label of the per-bin candidate keys ("SPCAND"). */
    static final long CANDIDATES = 0x5350_4341_4E44L;

    private final int[] intervals;
    private final long binCount;
    private final int binIndexBits;

    private Partition(int[] intervals) {
        if (intervals.length == 0) {
            throw new IllegalArgumentException("a partition needs at least one dimension");
        }
        long j = 1;
        for (int d = 0; d < intervals.length; d++) {
            int n = intervals[d];
            if (n < 1 || n > 1 << MAX_AXIS_BITS) {
                throw new IllegalArgumentException("axis " + d + " needs 1.." + (1 << MAX_AXIS_BITS)
                        + " intervals, got " + n);
            }
            if (j > (1L << MAX_TOTAL_BITS) / n) {
                throw new IllegalArgumentException("more than 2^" + MAX_TOTAL_BITS + " bins: "
                        + Arrays.toString(intervals));
            }
            j *= n;
        }
        this.intervals = intervals;
        this.binCount = j;
        this.binIndexBits = j == 1 ? 0 : 64 - Long.numberOfLeadingZeros(j - 1);
    }

    /** The grid with {@code intervals[d]} equal-mass intervals on axis d. */
    public static Partition ofIntervals(int... intervals) {
        return new Partition(intervals.clone());
    }

    /** The trivial partition (one bin) of {@code dimension} axes: space partitioning reduces to plain PFR/ORC. */
    public static Partition none(int dimension) {
        int[] ones = new int[dimension];
        Arrays.fill(ones, 1);
        return new Partition(ones);
    }

    /**
     * The grid with {@code J_d = 2^{b_d}}, {@code b_d} apportioned from {@code totalBits} by per-dimension mutual
     * information (bits); see the class comment for the exact rule.
     */
    public static Partition fromMutualInformation(double[] miBitsPerDim, int totalBits) {
        return new Partition(intervalsFromBits(allocateBits(miBitsPerDim, totalBits)));
    }

    /**
     * {@code floor(Σ I_d)}, capped at {@value #MAX_TOTAL_BITS}: the largest J with {@code log2 J ≤ I}. The
     * codelength bound of the paper (see {@link SpacePartitionedRec}) favours {@code J ≲ 2^I}.
     */
    public static int suggestedTotalBits(double[] miBitsPerDim) {
        double s = 0;
        for (double v : miBitsPerDim) {
            s += Math.max(v, 0);
        }
        return (int) Math.min(Math.floor(s), MAX_TOTAL_BITS);
    }

    /** The per-axis bit counts {@code b_d = log2 J_d} of {@link #fromMutualInformation}. */
    public static int[] allocateBits(double[] miBitsPerDim, int totalBits) {
        if (totalBits < 0 || totalBits > MAX_TOTAL_BITS) {
            throw new IllegalArgumentException("total bits must be in [0, " + MAX_TOTAL_BITS + "], was " + totalBits);
        }
        int dim = miBitsPerDim.length;
        for (int d = 0; d < dim; d++) {
            if (Double.isNaN(miBitsPerDim[d]) || Double.isInfinite(miBitsPerDim[d])) {
                throw new IllegalArgumentException("mutual information of axis " + d + " is " + miBitsPerDim[d]);
            }
        }
        int[] bits = new int[dim];
        boolean[] active = new boolean[dim];
        for (int d = 0; d < dim; d++) {
            active[d] = miBitsPerDim[d] > 0;
        }
        int left = totalBits;
        while (left > 0) {
            double sum = 0;
            for (int d = 0; d < dim; d++) {
                if (active[d]) {
                    sum += miBitsPerDim[d];
                }
            }
            if (sum == 0) {
                break; // no axis can take more bits: the total is reduced
            }
            int[] share = hamilton(miBitsPerDim, active, sum, left);
            boolean capped = false;
            for (int d = 0; d < dim; d++) {
                if (active[d] && share[d] > MAX_AXIS_BITS) {
                    // this axis is full: fix it at the cap and re-apportion what is left among the others
                    bits[d] = MAX_AXIS_BITS;
                    left -= MAX_AXIS_BITS;
                    active[d] = false;
                    capped = true;
                }
            }
            if (!capped) {
                for (int d = 0; d < dim; d++) {
                    if (active[d]) {
                        bits[d] = share[d];
                    }
                }
                break;
            }
        }
        return bits;
    }

    /** Largest-remainder apportionment of {@code total} over the active axes, weights {@code w}. */
    private static int[] hamilton(double[] w, boolean[] active, double sum, int total) {
        int dim = w.length;
        int[] share = new int[dim];
        double[] rem = new double[dim];
        int given = 0;
        for (int d = 0; d < dim; d++) {
            if (active[d]) {
                double quota = total * (w[d] / sum);
                share[d] = (int) Math.floor(quota);
                rem[d] = quota - share[d];
                given += share[d];
            }
        }
        while (given < total) {
            int best = -1;
            for (int d = 0; d < dim; d++) {
                if (active[d] && (best < 0 || rem[d] > rem[best] || (rem[d] == rem[best] && w[d] > w[best]))) {
                    best = d;
                }
            }
            share[best]++;
            rem[best] = Double.NEGATIVE_INFINITY;
            given++;
        }
        return share;
    }

    private static int[] intervalsFromBits(int[] bits) {
        int[] n = new int[bits.length];
        for (int d = 0; d < bits.length; d++) {
            n[d] = 1 << bits[d];
        }
        return n;
    }

    public int dimension() {
        return intervals.length;
    }

    /** {@code J_d}. */
    public int intervals(int d) {
        return intervals[d];
    }

    /** All {@code J_d}. */
    public int[] intervals() {
        return intervals.clone();
    }

    /** {@code J = Π J_d}. */
    public long binCount() {
        return binCount;
    }

    /** {@code ⌈log2 J⌉}: the fixed length of the bin index in the codeword. */
    public int binIndexBits() {
        return binIndexBits;
    }

    /** {@code log2 J} (real-valued). */
    public double log2BinCount() {
        double s = 0;
        for (int n : intervals) {
            s += StrictMath.log(n);
        }
        return s / StrictMath.log(2);
    }

    /** Writes the interval digits {@code i_d} of bin {@code j} into {@code digits}. */
    public void digits(long bin, int[] digits) {
        checkBin(bin);
        long j = bin;
        for (int d = 0; d < intervals.length; d++) {
            digits[d] = (int) (j % intervals[d]);
            j /= intervals[d];
        }
    }

    /** The bin with interval digits {@code digits}. */
    public long bin(int[] digits) {
        long j = 0;
        for (int d = intervals.length - 1; d >= 0; d--) {
            if (digits[d] < 0 || digits[d] >= intervals[d]) {
                throw new IllegalArgumentException("digit " + digits[d] + " of axis " + d + " outside [0, "
                        + intervals[d] + ")");
            }
            j = j * intervals[d] + digits[d];
        }
        return j;
    }

    private void checkBin(long bin) {
        if (bin < 0 || bin >= binCount) {
            throw new IllegalArgumentException("bin " + bin + " outside [0, " + binCount + ")");
        }
    }

    /**
     * The {@code J_d + 1} interval edges of axis d under the marginal {@code p}: {@code supportMin}, the interior
     * quantiles {@code F⁻¹(i/J_d)} (upper half from the upper tail), {@code supportMax}.
     */
    public double[] edges(Distribution1D p, int d) {
        int n = intervals[d];
        double[] e = new double[n + 1];
        e[0] = p.supportMin();
        e[n] = p.supportMax();
        for (int i = 1; i < n; i++) {
            e[i] = 2 * i <= n ? p.quantile((double) i / n) : upperQuantile(p, (double) (n - i) / n);
        }
        return e;
    }

    /** The shared key of bin {@code j}'s candidate stream. */
    static SharedRandomness binKey(SharedRandomness shared, long bin) {
        return shared.derive(CANDIDATES, bin);
    }

    /**
     * Writes candidate {@code k ≥ 1} of bin {@code bin} into {@code out}; {@code digits} holds the bin's interval
     * digits and {@code key} is {@link #binKey}. Decoder path: StrictMath only.
     */
    void candidate(ProductDistribution coding, SharedRandomness key, int[] digits, long k, double[] out) {
        for (int d = 0; d < intervals.length; d++) {
            out[d] = coordinate(coding.marginal(d), digits[d], intervals[d], key.uniform(d, k - 1));
        }
    }

    /** Candidate {@code k ≥ 1} of bin {@code bin} (the decoder's O(D) regeneration). */
    public double[] candidate(ProductDistribution coding, SharedRandomness shared, long bin, long k) {
        if (coding.dimension() != intervals.length) {
            throw new IllegalArgumentException("coding distribution has " + coding.dimension()
                    + " dimensions, partition " + intervals.length);
        }
        if (k < 1) {
            throw new IllegalArgumentException("local index must be positive, was " + k);
        }
        int[] digits = new int[intervals.length];
        digits(bin, digits);
        double[] x = new double[intervals.length];
        candidate(coding, binKey(shared, bin), digits, k, x);
        return x;
    }

    /** {@code F⁻¹((i + u)/n)}, from the upper tail in the upper half. */
    static double coordinate(Distribution1D p, int i, int n, double u) {
        if (2 * i < n) {
            return p.quantile((i + u) / n);
        }
        return upperQuantile(p, ((n - 1 - i) + u) / n);
    }

    /** {@code F⁻¹(1 − v)} without cancellation where a closed form exists. */
    static double upperQuantile(Distribution1D p, double v) {
        if (p instanceof Normal n) {
            return n.mean() - n.std() * SpecialFunctions.normalQuantile(v);
        }
        if (p instanceof Laplace l && v < 0.5) {
            return l.mean() - l.scale() * StrictMath.log(2 * v);
        }
        if (p instanceof Uniform u) {
            return u.hi() - v * (u.hi() - u.lo());
        }
        return p.quantile(1 - v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Partition p && Arrays.equals(p.intervals, intervals);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(intervals);
    }

    @Override
    public String toString() {
        return "Partition" + Arrays.toString(intervals);
    }
}
