package io.rec4j.core.coding;

import java.util.Arrays;

/**
 * A categorical distribution over {@code [minSymbol, minSymbol + n)} held as an explicit table of fixed-point
 * cumulative frequencies summing to {@code 2^precision}. Immutable.
 *
 * <p>Construction from counts or from floating-point probabilities reserves one unit of frequency per symbol and
 * distributes the remaining {@code 2^precision - n} units in proportion to the input by the largest-remainder
 * method (ties to the smaller symbol). Every symbol therefore keeps a non-zero probability, the frequencies sum
 * exactly to {@code 2^precision}, and the result depends only on the input (counts use exact integer arithmetic;
 * probabilities use IEEE double arithmetic in a fixed order).
 *
 * <p>Decoding uses a direct lookup table up to 16 bits of precision and a binary search above.
 */
public final class CategoricalModel implements EntropyModel {
    private final int precision;
    private final int minSymbol;
    /** cumulative[i] for zero-based i in [0, n]; cumulative[n] == 2^precision. */
    private final int[] cumulative;
    private volatile FastTables fastTables;

    private CategoricalModel(int precision, int minSymbol, int[] cumulative) {
        this.precision = precision;
        this.minSymbol = minSymbol;
        this.cumulative = cumulative;
    }

    /**
     * A model with the given integer frequencies, which must be positive and sum to exactly
     * {@code 2^precision}.
     */
    public static CategoricalModel fromFrequencies(int[] frequencies, int precision, int minSymbol) {
        checkPrecision(precision);
        checkSupport(frequencies.length, precision, minSymbol);
        int[] cum = new int[frequencies.length + 1];
        long sum = 0;
        for (int i = 0; i < frequencies.length; i++) {
            if (frequencies[i] <= 0) {
                throw new IllegalArgumentException("frequency of symbol " + (minSymbol + i) + " is " + frequencies[i] + "; must be positive");
            }
            sum += frequencies[i];
            if (sum > (1L << precision)) {
                break;
            }
            cum[i + 1] = (int) sum;
        }
        if (sum != (1L << precision)) {
            throw new IllegalArgumentException("frequencies sum to " + sum + ", not 2^" + precision);
        }
        return new CategoricalModel(precision, minSymbol, cum);
    }

    /** Quantises non-negative counts (zeros allowed; at least one positive) to a model. */
    public static CategoricalModel fromCounts(long[] counts, int precision, int minSymbol) {
        checkPrecision(precision);
        checkSupport(counts.length, precision, minSymbol);
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("count of symbol " + (minSymbol + i) + " is negative: " + counts[i]);
            }
            total = Math.addExact(total, counts[i]);
        }
        if (total == 0) {
            throw new IllegalArgumentException("all counts are zero");
        }
        int n = counts.length;
        long spare = (1L << precision) - n;
        long[] freq = new long[n];
        double[] remainder = new double[n];
        java.math.BigInteger bigSpare = java.math.BigInteger.valueOf(spare);
        java.math.BigInteger bigTotal = java.math.BigInteger.valueOf(total);
        for (int i = 0; i < n; i++) {
            // floor(count * spare / total) and its exact remainder, without overflow
            java.math.BigInteger[] qr = java.math.BigInteger.valueOf(counts[i]).multiply(bigSpare).divideAndRemainder(bigTotal);
            freq[i] = 1 + qr[0].longValueExact();
            remainder[i] = qr[1].doubleValue() / (double) total;
        }
        return new CategoricalModel(precision, minSymbol, distribute(freq, remainder, precision));
    }

    /** {@link #fromCounts(long[], int, int)} over symbols {@code 0..n-1} at the default precision 24. */
    public static CategoricalModel fromCounts(long[] counts) {
        return fromCounts(counts, MAX_PRECISION, 0);
    }

    /** {@link #fromProbabilities(double[], int, int)} over symbols {@code 0..n-1} at the default precision 24. */
    public static CategoricalModel fromProbabilities(double[] probabilities) {
        return fromProbabilities(probabilities, MAX_PRECISION, 0);
    }

    /** Convenience for {@link #fromCounts(long[], int, int)} with int counts. */
    public static CategoricalModel fromCounts(int[] counts, int precision, int minSymbol) {
        long[] c = new long[counts.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i];
        }
        return fromCounts(c, precision, minSymbol);
    }

    /**
     * Quantises probabilities (finite, non-negative, not all zero; need not sum to one) to a model.
     */
    public static CategoricalModel fromProbabilities(double[] probabilities, int precision, int minSymbol) {
        checkPrecision(precision);
        checkSupport(probabilities.length, precision, minSymbol);
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = probabilities[i];
            if (!(p >= 0) || p == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("probability of symbol " + (minSymbol + i) + " is " + p
                        + "; must be finite and non-negative");
            }
            sum += p;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException("probabilities sum to " + sum + "; need a finite positive sum");
        }
        int n = probabilities.length;
        double spare = (double) ((1L << precision) - n);
        long[] freq = new long[n];
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            double scaled = probabilities[i] / sum * spare;
            double fl = Math.floor(scaled);
            freq[i] = 1 + (long) fl;
            remainder[i] = scaled - fl;
        }
        return new CategoricalModel(precision, minSymbol, distribute(freq, remainder, precision));
    }

    /**
     * Adds or removes single units until the frequencies sum to 2^precision: units go to the largest remainders
     * first (ties to the smaller index); removals, only needed after floating-point rounding, take from the
     * smallest remainders among frequencies above one.
     */
    private static int[] distribute(long[] freq, double[] remainder, int precision) {
        int n = freq.length;
        long sum = 0;
        for (long f : freq) {
            sum += f;
        }
        long delta = (1L << precision) - sum;
        if (delta != 0) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (delta > 0) {
                Arrays.sort(order, (a, b) -> {
                    int c = Double.compare(remainder[b], remainder[a]);
                    return c != 0 ? c : Integer.compare(a, b);
                });
                for (int k = 0; delta > 0; k = (k + 1) % n, delta--) {
                    freq[order[k]]++;
                }
            } else {
                Arrays.sort(order, (a, b) -> {
                    int c = Double.compare(remainder[a], remainder[b]);
                    return c != 0 ? c : Integer.compare(a, b);
                });
                for (int k = 0; delta < 0; k = (k + 1) % n) {
                    if (freq[order[k]] > 1) {
                        freq[order[k]]--;
                        delta++;
                    }
                }
            }
        }
        int[] cum = new int[n + 1];
        for (int i = 0; i < n; i++) {
            cum[i + 1] = (int) (cum[i] + freq[i]);
        }
        return cum;
    }

    private static void checkPrecision(int precision) {
        if (precision < 1 || precision > MAX_PRECISION) {
            throw new IllegalArgumentException("precision must be in [1, " + MAX_PRECISION + "], was " + precision);
        }
    }

    private static void checkSupport(int n, int precision, int minSymbol) {
        if (n < 1) {
            throw new IllegalArgumentException("a categorical model needs at least one symbol");
        }
        if (n > (1L << precision)) {
            throw new IllegalArgumentException(n + " symbols cannot all have non-zero probability at precision " + precision);
        }
        if ((long) minSymbol + n - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("support overflows int");
        }
    }

    @Override
    public int precision() {
        return precision;
    }

    @Override
    public int minSymbol() {
        return minSymbol;
    }

    @Override
    public int maxSymbol() {
        return minSymbol + cumulative.length - 2;
    }

    /** Number of symbols. */
    public int size() {
        return cumulative.length - 1;
    }

    @Override
    public int cumulative(int symbol) {
        return cumulative[symbol - minSymbol];
    }

    @Override
    public int frequency(int symbol) {
        int i = symbol - minSymbol;
        return cumulative[i + 1] - cumulative[i];
    }

    @Override
    public int symbol(int quantile) {
        if (quantile < 0 || quantile >= cumulative[cumulative.length - 1]) {
            throw new IllegalArgumentException("quantile " + quantile + " outside [0, 2^" + precision + ")");
        }
        FastTables t = fastTables;
        if (t != null && t.lookup != null) {
            return minSymbol + t.lookup[quantile];
        }
        int lo = 0;
        int hi = cumulative.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cumulative[mid] <= quantile) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return minSymbol + lo;
    }

    /** A copy of the frequencies, in symbol order. */
    public int[] frequencies() {
        int[] f = new int[size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = cumulative[i + 1] - cumulative[i];
        }
        return f;
    }

    /** Tables for the bulk paths, built on first use. */
    FastTables fastTables() {
        FastTables t = fastTables;
        if (t == null) {
            t = new FastTables(precision, minSymbol, cumulative);
            fastTables = t;
        }
        return t;
    }

    /** Builds the lookup tables now rather than on the first bulk call (useful before timing). */
    public CategoricalModel prepared() {
        fastTables();
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoricalModel m && m.precision == precision && m.minSymbol == minSymbol
                && Arrays.equals(m.cumulative, cumulative);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * precision + minSymbol) + Arrays.hashCode(cumulative);
    }

    @Override
    public String toString() {
        return "CategoricalModel[symbols=" + minSymbol + ".." + maxSymbol() + ", precision=" + precision + "]";
    }
}
