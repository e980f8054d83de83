package io.rec4j.core.rec;

import io.rec4j.core.random.SharedRandomness;
import java.util.Arrays;

/**
 * The per-bin search order of space-partitioned PFR (J. He, G. Flamich, J. M. Hernández-Lobato, "Accelerating
 * relative entropy coding with space partitioning", NeurIPS 2024, arXiv 2405.12203; {@code docs/algorithms.md},
 * "Space partitioning"), generated lazily: the arrivals {@code T = S^{(j)}_k / π(j)} of J independent unit-rate
 * Poisson processes {@code S^{(j)}}, one per bin, in increasing order of T, at a cost that follows the arrivals
 * delivered rather than J. Encoder-private; not thread-safe; one instance per encoding.
 *
 * <p><b>First arrivals, top down</b> (rec4j's construction). The first arrivals {@code E_j = S^{(j)}_1} are J
 * i.i.d. Exp(1) variables, drawn through a fixed binary tree of boxes of bins: the root is the whole grid, and a box
 * is cut at the middle of its widest axis (ties: the lowest axis) until it holds one bin. A box B carries the least
 * first arrival of its bins, {@code m_B}; the root's is {@code Exp(1)/J}. When B is cut into B₁ and B₂, its least
 * arrival lies in B₁ with probability {@code |B₁|/|B|}, that child inherits {@code m_B}, and the other child gets
 * {@code m_B + Exp(1)/|B₂|} (the other bins' arrivals are Exp(1) conditioned to exceed {@code m_B}, and by the lack
 * of memory their least excess is the least of {@code |B₂|} exponentials). The random numbers of a cut are keyed by
 * the box (its depth and its lowest bin), so every {@code E_j} is a fixed function of the seed that does not depend
 * on π or on which boxes the search happens to cut: the π-independence of {@link SpacePartitionedRec} holds.
 * Later arrivals of bin j add Exp(1) steps {@code −ln U} with U at (stream j, index k) of their own key.
 *
 * <p><b>Search.</b> A binary min-heap holds uncut boxes keyed by {@code ln m_B − max_{j∈B} ln π(j)} (a lower bound on
 * ln T for every first arrival in B; π factorises, so the maximum is a sum of per-axis range maxima, read from a
 * per-axis segment tree over the same midpoint cuts) and bins keyed by the exact ln T of their next arrival. The top
 * of the heap is cut while it is a box; when it is a bin its arrival is the next in order of T. The search stops as
 * soon as the top's key reaches the caller's stopping log-time, so only boxes whose bound is below it are cut: one
 * root-to-bin path of {@code Σ_d ⌈log2 J_d⌉} cuts before the first arrival, then 0.03 to 2.2 cuts per arrival in
 * rec4j's measurements (Gaussian targets, sup-r heuristic, J up to 2^40), never O(J).
 */
final class PerBinArrivals {
    /**
     * Working memory the search may hold in heap entries before it gives up with a {@link RecCostException} (a
     * typed error instead of running the JVM out of memory): 512 MiB.
     */
    static final long MAX_SEARCH_BYTES = 512L << 20;
    private final int cut;
    private final long[] stride;
    private final double[][] segMax;
    private final SharedRandomness treeKey;
    private final SharedRandomness nextKey;
    private final long maxCuts;
    /** Most heap entries the search may hold: its byte cap at {@code 64 + 12·A} bytes an entry (A cut axes). */
    private final int maxEntries;
    private final double[] cutUniforms = new double[2];

    // one entry per heap slot (struct of arrays); box bounds at [entry·cut + a] for the cut axes a
    private double[] value;
    private double[] lnValue;
    private double[] lnPi;
    private long[] size;
    private long[] corner;
    private long[] count;
    private int[] depth;
    private int[] lo;
    private int[] hi;
    private int[] seg;
    /** Entry ids in heap order, and their keys (ln T or its lower bound) in the same order. */
    private int[] heap;
    private double[] heapKey;
    private int entries;

    private long cuts;
    private long binsTouched;
    private long bin = -1;
    private long index;
    private double lnS;
    private double lnT;

    /**
     * @param partition the grid
     * @param logPi     per-axis normalised {@code ln π_d} ({@link BinHeuristic#logWeights})
     * @param treeKey   private key of the first arrivals
     * @param nextKey   private key of the later arrivals (stream j, index k: the step from the k-th arrival of bin j)
     * @param maxCuts   most boxes the search may cut before it gives up with a {@link RecCostException}
     */
    PerBinArrivals(Partition partition, double[][] logPi, SharedRandomness treeKey, SharedRandomness nextKey,
                   long maxCuts) {
        this(partition, logPi, treeKey, nextKey, maxCuts, MAX_SEARCH_BYTES);
    }

    /** As the five-argument constructor, giving up once the heap entries would take more than {@code maxBytes}. */
    PerBinArrivals(Partition partition, double[][] logPi, SharedRandomness treeKey, SharedRandomness nextKey,
                   long maxCuts, long maxBytes) {
        int dim = partition.dimension();
        int n = 0;
        for (int d = 0; d < dim; d++) {
            n += partition.intervals(d) > 1 ? 1 : 0;
        }
        this.cut = n;
        this.stride = new long[n];
        this.segMax = new double[n][];
        this.treeKey = treeKey;
        this.nextKey = nextKey;
        this.maxCuts = maxCuts;
        this.maxEntries = (int) Math.min(Integer.MAX_VALUE / Math.max(1, n), maxBytes / (64 + 12L * n));
        int initial = 64;
        value = new double[initial];
        lnValue = new double[initial];
        lnPi = new double[initial];
        size = new long[initial];
        corner = new long[initial];
        count = new long[initial];
        depth = new int[initial];
        lo = new int[initial * n];
        hi = new int[initial * n];
        seg = new int[initial * n];
        heap = new int[initial];
        heapKey = new double[initial];
        long s = 1;
        int a = 0;
        for (int d = 0; d < dim; d++) {
            int w = partition.intervals(d);
            if (w > 1) {
                stride[a] = s;
                segMax[a] = rangeMaxima(logPi[d]);
                hi[a] = w;
                seg[a] = 1;
                a++;
            }
            s *= w;
        }
        // the root: the whole grid, its least first arrival Exp(1)/J
        entries = 1;
        heap[0] = 0;
        size[0] = partition.binCount();
        value[0] = -StrictMath.log(treeKey.uniform(0, 0)) / partition.binCount();
        lnValue[0] = StrictMath.log(value[0]);
        heapKey[0] = refresh(0);
    }

    /** Maxima of {@code w} over the ranges of the midpoint cuts of {@code [0, n)}: heap order, root at 1. */
    private static double[] rangeMaxima(double[] w) {
        int p = Integer.highestOneBit(w.length - 1) << 1; // the next power of two ≥ n (n ≥ 2)
        double[] t = new double[2 * p];
        fill(t, w, 1, 0, w.length);
        return t;
    }

    private static double fill(double[] t, double[] w, int node, int from, int to) {
        double m;
        if (to - from == 1) {
            m = w[from];
        } else {
            int mid = (from + to) >>> 1;
            m = Math.max(fill(t, w, 2 * node, from, mid), fill(t, w, 2 * node + 1, mid, to));
        }
        t[node] = m;
        return m;
    }

    /**
     * Advances to the next arrival if its log-time is below {@code lnStop}; returns false, leaving the state
     * unchanged, when every arrival not yet delivered has {@code ln T ≥ lnStop}.
     *
     * @throws RecCostException after more than {@code maxCuts} cuts
     */
    boolean next(double lnStop) {
        while (true) {
            int e = heap[0];
            if (!(heapKey[0] < lnStop)) {
                return false;
            }
            if (size[e] == 1) {
                bin = corner[e];
                index = ++count[e];
                lnS = lnValue[e];
                lnT = heapKey[0];
                value[e] += -StrictMath.log(nextKey.uniform(bin, index));
                lnValue[e] = StrictMath.log(value[e]);
                heapKey[0] = lnValue[e] - lnPi[e];
                siftDown(0, entries);
                return true;
            }
            if (cuts == maxCuts) {
                throw new RecCostException("sp-pfr's per-bin search cut more than " + maxCuts + " boxes of bins; use "
                        + "the global search order, more bins, the sup-r heuristic, or raise --max-candidates", null);
            }
            split(e);
        }
    }

    /** Cuts box {@code e} (the top of the heap) at the middle of its widest axis. */
    private void split(int e) {
        cuts++;
        int base = e * cut;
        int a = 0;
        int width = hi[base] - lo[base];
        for (int b = 1; b < cut; b++) {
            int w = hi[base + b] - lo[base + b];
            if (w > width) {
                a = b;
                width = w;
            }
        }
        int from = lo[base + a];
        int mid = (from + hi[base + a]) >>> 1;
        long lower = size[e] / width * (mid - from);
        long upper = size[e] - lower;
        int t = depth[e];
        long c = corner[e];
        double m = value[e];
        double lnM = lnValue[e];
        treeKey.fillUniform(1L + t, 2 * c, cutUniforms, 0, 2); // indices 2c and 2c + 1: one Philox block
        boolean minBelow = cutUniforms[0] * size[e] < lower;
        double other = m + -StrictMath.log(cutUniforms[1]) / (minBelow ? upper : lower);
        double lnOther = StrictMath.log(other);
        int f = add();
        int fb = f * cut;
        System.arraycopy(lo, base, lo, fb, cut);
        System.arraycopy(hi, base, hi, fb, cut);
        System.arraycopy(seg, base, seg, fb, cut);
        int parentSeg = seg[base + a];
        // e becomes the lower half, f the upper half
        hi[base + a] = mid;
        seg[base + a] = 2 * parentSeg;
        size[e] = lower;
        value[e] = minBelow ? m : other;
        lnValue[e] = minBelow ? lnM : lnOther;
        depth[e] = t + 1;
        lo[fb + a] = mid;
        seg[fb + a] = 2 * parentSeg + 1;
        size[f] = upper;
        corner[f] = c + (mid - from) * stride[a];
        value[f] = minBelow ? other : m;
        lnValue[f] = minBelow ? lnOther : lnM;
        depth[f] = t + 1;
        count[f] = 0;
        heapKey[0] = refresh(e);
        heapKey[entries - 1] = refresh(f);
        siftDown(0, entries - 1); // e, at the top, among the entries before f
        siftUp(entries - 1);
    }

    /** Sets the bound {@code ln π} of entry {@code e} from its box; returns its key {@code ln value − ln π}. */
    private double refresh(int e) {
        double s = 0;
        int base = e * cut;
        for (int a = 0; a < cut; a++) {
            s += segMax[a][seg[base + a]];
        }
        lnPi[e] = s;
        if (size[e] == 1) {
            binsTouched++;
        }
        return lnValue[e] - s;
    }

    /** A new entry at the end of the heap (its key not yet set, not yet sifted); returns its index. */
    private int add() {
        if (entries == heap.length) {
            if (heap.length >= maxEntries) {
                throw new RecCostException("sp-pfr's per-bin search holds " + entries + " boxes and bins, its"
                        + " memory cap; use the global search order, fewer cut axes or the"
                        + " sup-r heuristic", null);
            }
            int n = (int) Math.min(heap.length * 2L, maxEntries);
            value = Arrays.copyOf(value, n);
            lnValue = Arrays.copyOf(lnValue, n);
            lnPi = Arrays.copyOf(lnPi, n);
            size = Arrays.copyOf(size, n);
            corner = Arrays.copyOf(corner, n);
            count = Arrays.copyOf(count, n);
            depth = Arrays.copyOf(depth, n);
            lo = Arrays.copyOf(lo, n * cut);
            hi = Arrays.copyOf(hi, n * cut);
            seg = Arrays.copyOf(seg, n * cut);
            heap = Arrays.copyOf(heap, n);
            heapKey = Arrays.copyOf(heapKey, n);
        }
        int e = entries++;
        heap[e] = e;
        return e;
    }

    /** Restores the heap order of {@code heap[0, n)} below position {@code i}. */
    private void siftDown(int i, int n) {
        int item = heap[i];
        double k = heapKey[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && heapKey[c + 1] < heapKey[c]) {
                c++;
            }
            if (heapKey[c] >= k) {
                break;
            }
            heap[i] = heap[c];
            heapKey[i] = heapKey[c];
            i = c;
        }
        heap[i] = item;
        heapKey[i] = k;
    }

    private void siftUp(int i) {
        int item = heap[i];
        double k = heapKey[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heapKey[p] <= k) {
                break;
            }
            heap[i] = heap[p];
            heapKey[i] = heapKey[p];
            i = p;
        }
        heap[i] = item;
        heapKey[i] = k;
    }

    /** The bin of the current arrival. */
    long bin() {
        return bin;
    }

    /** Its local index k ≥ 1 within the bin. */
    long index() {
        return index;
    }

    /** {@code ln S^{(j)}_k} of the current arrival. */
    double lnS() {
        return lnS;
    }

    /** {@code ln T = ln S^{(j)}_k − ln π(j)} of the current arrival. */
    double lnT() {
        return lnT;
    }

    /** Boxes cut so far. */
    long cuts() {
        return cuts;
    }

    /** Bins whose first arrival has been drawn so far. */
    long binsTouched() {
        return binsTouched;
    }

    /** Entries (boxes and bins) the heap holds. */
    int entries() {
        return entries;
    }
}
