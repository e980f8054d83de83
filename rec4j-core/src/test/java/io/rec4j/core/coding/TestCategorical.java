package io.rec4j.core.coding;

import java.util.Arrays;
import java.util.Random;

/**
 * Test-only {@link EntropyModel} built directly from integer frequencies (which must sum to {@code 2^precision}).
 * {@code symbol} uses a binary search over the cumulative table. Not a production model.
 */
final class TestCategorical implements EntropyModel {

    private final int precision;
    private final int minSymbol;
    private final int[] frequencies;
    private final int[] cumulatives; // length n + 1

    TestCategorical(int precision, int minSymbol, int... frequencies) {
        if (precision < 1 || precision > MAX_PRECISION || frequencies.length == 0) {
            throw new IllegalArgumentException("bad precision/alphabet");
        }
        this.precision = precision;
        this.minSymbol = minSymbol;
        this.frequencies = frequencies.clone();
        this.cumulatives = new int[frequencies.length + 1];
        long sum = 0;
        for (int i = 0; i < frequencies.length; i++) {
            if (frequencies[i] < 1) {
                throw new IllegalArgumentException("frequency < 1 at " + i);
            }
            cumulatives[i] = (int) sum;
            sum += frequencies[i];
        }
        if (sum != 1L << precision) {
            throw new IllegalArgumentException("frequencies sum to " + sum + ", not 2^" + precision);
        }
        cumulatives[frequencies.length] = (int) sum;
    }

    /** Uniform-ish: {@code 2^p / n} each, the remainder spread over the first symbols. */
    static TestCategorical nearUniform(int precision, int minSymbol, int n) {
        int total = 1 << precision;
        int[] f = new int[n];
        Arrays.fill(f, total / n);
        for (int i = 0; i < total % n; i++) {
            f[i]++;
        }
        return new TestCategorical(precision, minSymbol, f);
    }

    /** One symbol (at {@code index}) gets {@code 2^p - (n - 1)}, every other symbol frequency 1. */
    static TestCategorical dominant(int precision, int minSymbol, int n, int index) {
        int[] f = new int[n];
        Arrays.fill(f, 1);
        f[index] = (1 << precision) - (n - 1);
        return new TestCategorical(precision, minSymbol, f);
    }

    /** Quantises real weights: every symbol gets 1 plus its share of the remaining {@code 2^p - n}. */
    static TestCategorical fromWeights(int precision, int minSymbol, double[] weights) {
        int n = weights.length;
        long total = 1L << precision;
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        int[] f = new int[n];
        long assigned = 0;
        int largest = 0;
        for (int i = 0; i < n; i++) {
            f[i] = 1 + (int) Math.floor(weights[i] / sum * (total - n));
            assigned += f[i];
            if (weights[i] > weights[largest]) {
                largest = i;
            }
        }
        f[largest] += (int) (total - assigned);
        return new TestCategorical(precision, minSymbol, f);
    }

    /** Geometric weights {@code ratio^i}. */
    static TestCategorical geometric(int precision, int n, double ratio) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.pow(ratio, i);
        }
        return fromWeights(precision, 0, w);
    }

    /** A random model of one of several shapes; requires {@code n <= 2^precision}. */
    static TestCategorical random(Random rnd, int precision, int n) {
        int minSymbol = rnd.nextInt(2001) - 1000;
        switch (rnd.nextInt(4)) {
            case 0:
                return nearUniform(precision, minSymbol, n);
            case 1:
                return dominant(precision, minSymbol, n, rnd.nextInt(n));
            case 2: {
                double[] w = new double[n];
                double ratio = 0.5 + 0.5 * rnd.nextDouble();
                for (int i = 0; i < n; i++) {
                    w[i] = Math.pow(ratio, i);
                }
                return fromWeights(precision, minSymbol, w);
            }
            default: {
                double[] w = new double[n];
                for (int i = 0; i < n; i++) {
                    w[i] = Math.exp(6 * rnd.nextGaussian());
                }
                return fromWeights(precision, minSymbol, w);
            }
        }
    }

    /** Draws a symbol according to the model's own probabilities. */
    int sample(Random rnd) {
        return symbol(rnd.nextInt(1 << precision));
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
        return minSymbol + frequencies.length - 1;
    }

    @Override
    public int cumulative(int symbol) {
        return cumulatives[symbol - minSymbol];
    }

    @Override
    public int frequency(int symbol) {
        return frequencies[symbol - minSymbol];
    }

    @Override
    public int symbol(int quantile) {
        if (quantile < 0 || quantile >= cumulatives[frequencies.length]) {
            throw new IllegalArgumentException("quantile out of range: " + quantile);
        }
        int lo = 0;
        int hi = frequencies.length - 1;
        while (lo < hi) { // largest i with cumulatives[i] <= quantile
            int mid = (lo + hi + 1) >>> 1;
            if (cumulatives[mid] <= quantile) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + minSymbol;
    }
}
