package io.rec4j.bench.miracle;

import io.rec4j.codec.miracle.MiracleArchitecture;
import java.util.Arrays;

/**
 * The classic weight-compression baselines of the MIRACLE benchmark, applied to the coded variables of a trained
 * deterministic network (the hashed weights MIRACLE codes too), tensor by tensor:
 * <ul>
 *   <li><b>uniform k-bit quantisation</b>: 2^k levels evenly over the tensor's [min, max];</li>
 *   <li><b>pruning + k-means</b> (the recipe of Han, Mao, Dally, "Deep Compression", ICLR 2016, without its
 *       retraining steps): the fraction p of smallest-magnitude weights (biases kept) set to zero, the rest
 *       clustered by 1-D k-means into 2^k values (linear initialisation over [min, max], 30 Lloyd iterations).</li>
 * </ul>
 * Sizes are ideal order-0 code lengths: the empirical entropy of the symbols (level indices; for pruning also the
 * gaps between surviving weights, capped at 255 with an escape) plus a 16-bit count per symbol value and 4 bytes per
 * codebook value. That is a lower bound on what an order-0 entropy coder with a transmitted table can reach, so it
 * favours the baselines over MIRACLE, whose files are counted byte for byte.
 */
public final class QuantisationBaselines {
    private QuantisationBaselines() {
    }

    /** Quantised variables and their cost. */
    public record Quantised(double[] variables, double bytes) {
    }

    /** Uniform quantisation to {@code bits} bits per variable, per tensor. */
    public static Quantised uniform(MiracleArchitecture arch, double[] v, int bits) {
        double[] out = v.clone();
        double total = 0;
        int levels = 1 << bits;
        for (int t = 0; t < arch.tensors().size(); t++) {
            int from = arch.variableOffset(t);
            int n = arch.tensors().get(t).variables();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = from; i < from + n; i++) {
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
            double step = max > min ? (max - min) / (levels - 1) : 1;
            int[] sym = new int[n];
            for (int i = 0; i < n; i++) {
                int q = (int) Math.round((v[from + i] - min) / step);
                sym[i] = q;
                out[from + i] = (float) (min + q * step);
            }
            total += entropyBytes(sym, levels) + 8; // min and step as float32
        }
        return new Quantised(out, total);
    }

    /** Pruning of the fraction {@code prune} of smallest weights, then k-means with 2^bits centres, per tensor. */
    public static Quantised pruneAndCluster(MiracleArchitecture arch, double[] v, double prune, int bits) {
        double[] out = v.clone();
        // the global magnitude threshold over weights (not biases)
        int weights = 0;
        for (MiracleArchitecture.Tensor t : arch.tensors()) {
            weights += t.isBias() ? 0 : t.variables();
        }
        double[] mags = new double[weights];
        int at = 0;
        for (int t = 0; t < arch.tensors().size(); t++) {
            if (!arch.tensors().get(t).isBias()) {
                for (int i = 0; i < arch.tensors().get(t).variables(); i++) {
                    mags[at++] = Math.abs(v[arch.variableOffset(t) + i]);
                }
            }
        }
        Arrays.sort(mags);
        int cut = (int) Math.round(prune * weights);
        double threshold = cut == 0 ? -1 : mags[cut - 1];
        double total = 0;
        int k = 1 << bits;
        for (int t = 0; t < arch.tensors().size(); t++) {
            int from = arch.variableOffset(t);
            int n = arch.tensors().get(t).variables();
            boolean bias = arch.tensors().get(t).isBias();
            int kept = 0;
            int[] gaps = new int[n];
            int gapCount = 0;
            int last = -1;
            double[] vals = new double[n];
            for (int i = 0; i < n; i++) {
                if (bias || Math.abs(v[from + i]) > threshold) {
                    vals[kept++] = v[from + i];
                    int gap = i - last - 1;
                    while (gap >= 255) {
                        gaps[gapCount++] = 255; // escape: 255 more zeros follow
                        gap -= 255;
                    }
                    gaps[gapCount++] = gap;
                    last = i;
                } else {
                    out[from + i] = 0;
                }
            }
            if (kept == 0) {
                total += 4;
                continue;
            }
            double[] centres = kMeans(Arrays.copyOf(vals, kept), k);
            int[] sym = new int[kept];
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (bias || Math.abs(v[from + i]) > threshold) {
                    int c = nearest(centres, v[from + i]);
                    sym[j++] = c;
                    out[from + i] = (float) centres[c];
                }
            }
            total += entropyBytes(sym, centres.length) + 4.0 * centres.length + 4;
            if (!bias) {
                total += entropyBytes(Arrays.copyOf(gaps, gapCount), 256);
            }
        }
        return new Quantised(out, total);
    }

    /** 1-D k-means, linear initialisation over [min, max], 30 Lloyd iterations; empty clusters dropped. */
    static double[] kMeans(double[] x, int k) {
        double min = Arrays.stream(x).min().orElse(0);
        double max = Arrays.stream(x).max().orElse(0);
        int m = Math.min(k, x.length);
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            c[i] = m == 1 ? (min + max) / 2 : min + (max - min) * i / (m - 1);
        }
        for (int it = 0; it < 30; it++) {
            double[] sum = new double[m];
            int[] count = new int[m];
            for (double xi : x) {
                int j = nearest(c, xi);
                sum[j] += xi;
                count[j]++;
            }
            for (int j = 0; j < m; j++) {
                if (count[j] > 0) {
                    c[j] = sum[j] / count[j];
                }
            }
        }
        int[] count = new int[m];
        for (double xi : x) {
            count[nearest(c, xi)]++;
        }
        return java.util.stream.IntStream.range(0, m).filter(j -> count[j] > 0).mapToDouble(j -> c[j]).toArray();
    }

    private static int nearest(double[] c, double x) {
        int best = 0;
        for (int j = 1; j < c.length; j++) {
            if (Math.abs(x - c[j]) < Math.abs(x - c[best])) {
                best = j;
            }
        }
        return best;
    }

    /** Empirical order-0 entropy of the symbols in bytes, plus a 16-bit count per used symbol value. */
    static double entropyBytes(int[] sym, int alphabet) {
        if (sym.length == 0) {
            return 0;
        }
        int[] counts = new int[alphabet];
        for (int s : sym) {
            counts[s]++;
        }
        double bits = 0;
        int used = 0;
        for (int c : counts) {
            if (c > 0) {
                bits -= c * (Math.log(c / (double) sym.length) / Math.log(2));
                used++;
            }
        }
        return bits / 8 + 2.0 * used;
    }
}
