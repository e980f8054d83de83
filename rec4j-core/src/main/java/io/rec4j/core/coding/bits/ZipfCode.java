package io.rec4j.core.coding.bits;

import io.rec4j.core.coding.CorruptStreamException;
import java.util.PriorityQueue;

/**
 * A prefix code for positive integers matched to the Zipf (zeta) distribution {@code P(n) ∝ n^(-α)},
 * {@code α = 1 + 1/λ}: the code the REC literature uses to bring the cost of an index N with {@code E[log2 N] ≈ λ} down
 * to {@code λ + log2(λ + 1) + O(1)} bits (Li and El Gamal 2018, arXiv 1701.02827; Flamich, NeurIPS 2023,
 * arXiv 2305.15313; {@code docs/algorithms.md}, "Index codes"). λ is shared by encoder and decoder (typically the
 * expected KL in bits plus one).
 * <p>Construction: {@code n} lies in the bucket {@code k = floor(log2 n)} (0..62); the bucket is sent with a
 * canonical Huffman code built from the Zipf mass of each bucket, then {@code n − 2^k} in {@code k} raw bits. The
 * Huffman code costs less than one bit above the bucket entropy and the uniform offset at most
 * a small constant above the Zipf shape within a bucket (below 0.1 bit for α near 1). The table depends only on λ and is
 * built with IEEE arithmetic and {@link StrictMath} in a fixed order, so both sides agree on it.
 */
public final class ZipfCode implements IntegerCode {
    private static final int BUCKETS = 63;
    private static final int EXACT_BUCKETS = 12;

    private final double lambda;
    private final int[] lengths = new int[BUCKETS];
    private final long[] codes = new long[BUCKETS];

    /** The code for {@code α = 1 + 1/λ}, λ finite and positive. */
    public ZipfCode(double lambda) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and positive, was " + lambda);
        }
        this.lambda = lambda;
        double alpha = 1 + 1 / lambda;
        double[] mass = new double[BUCKETS];
        for (int k = 0; k < BUCKETS; k++) {
            if (k < EXACT_BUCKETS) {
                double s = 0;
                for (long n = 1L << k; n < 1L << (k + 1); n++) {
                    s += StrictMath.pow(n, -alpha);
                }
                mass[k] = s;
            } else {
                // midpoint-corrected integral of x^(-α) over the bucket
                double a = StrictMath.pow((1L << k) - 0.5, 1 - alpha);
                // 2^(k+1) as a double: (1L << 63) would overflow to a negative long for the last bucket
                double b = StrictMath.pow(StrictMath.scalb(1.0, k + 1) - 0.5, 1 - alpha);
                mass[k] = (a - b) / (alpha - 1);
            }
            mass[k] = Math.max(mass[k], Double.MIN_NORMAL);
        }
        huffmanLengths(mass, lengths);
        canonicalCodes(lengths, codes);
    }

    /** The Zipf parameter λ (α = 1 + 1/λ). */
    public double lambda() {
        return lambda;
    }

    @Override
    public void write(BitWriter w, long n) {
        if (n < 1) {
            throw Codes.notPositive("Zipf", n);
        }
        int k = Codes.floorLog2(n);
        w.writeBits(codes[k], lengths[k]);
        Codes.writeWide(w, n - (1L << k), k);
    }

    @Override
    public long read(BitReader r) {
        long code = 0;
        int len = 0;
        // canonical Huffman: read bit by bit until the prefix matches a codeword of that length
        while (true) {
            code = (code << 1) | (r.readBit() ? 1 : 0);
            len++;
            for (int k = 0; k < BUCKETS; k++) {
                if (lengths[k] == len && codes[k] == code) {
                    return (1L << k) + Codes.readWide(r, k, "Zipf");
                }
            }
            if (len >= 64) {
                throw new CorruptStreamException("invalid Zipf bucket code");
            }
        }
    }

    @Override
    public long length(long n) {
        if (n < 1) {
            throw Codes.notPositive("Zipf", n);
        }
        int k = Codes.floorLog2(n);
        return lengths[k] + k;
    }

    @Override
    public long minValue() {
        return 1;
    }

    @Override
    public long maxValue() {
        return Long.MAX_VALUE;
    }

    /** Huffman code lengths with deterministic tie-breaking (by weight, then by creation order). */
    private static void huffmanLengths(double[] weight, int[] lengths) {
        int n = weight.length;
        int[] parent = new int[2 * n - 1];
        double[] w = new double[2 * n - 1];
        PriorityQueue<int[]> pq = new PriorityQueue<>((x, y) -> {
            int c = Double.compare(w[x[0]], w[y[0]]);
            return c != 0 ? c : Integer.compare(x[0], y[0]);
        });
        for (int i = 0; i < n; i++) {
            w[i] = weight[i];
            pq.add(new int[] {i});
        }
        int next = n;
        while (pq.size() > 1) {
            int a = pq.poll()[0];
            int b = pq.poll()[0];
            w[next] = w[a] + w[b];
            parent[a] = next;
            parent[b] = next;
            pq.add(new int[] {next});
            next++;
        }
        int root = next - 1;
        for (int i = 0; i < n; i++) {
            int len = 0;
            for (int x = i; x != root; x = parent[x]) {
                len++;
            }
            lengths[i] = len;
        }
    }

    /** Canonical codes: shorter codes first, ties by symbol order. */
    private static void canonicalCodes(int[] lengths, long[] codes) {
        int n = lengths.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> lengths[a] != lengths[b] ? Integer.compare(lengths[a], lengths[b]) : Integer.compare(a, b));
        long code = 0;
        int prevLen = lengths[order[0]];
        for (int j = 0; j < n; j++) {
            int s = order[j];
            if (j > 0) {
                code = (code + 1) << (lengths[s] - prevLen);
            }
            codes[s] = code;
            prevLen = lengths[s];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZipfCode z && Double.doubleToLongBits(z.lambda) == Double.doubleToLongBits(lambda);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lambda);
    }

    @Override
    public String toString() {
        return "ZipfCode(lambda=" + lambda + ")";
    }
}
