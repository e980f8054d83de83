package io.rec4j.bench;

import io.rec4j.core.coding.CategoricalModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Inputs of the entropy-coder benchmarks: synthetic byte sources of a given entropy, and book1. */
final class ByteSources {
    private ByteSources() {
    }

    /**
     * {@code n} bytes drawn i.i.d. from a truncated geometric distribution over 0..255 whose parameter is tuned by
     * bisection so that its entropy is {@code bits} (benchmark data only; fixed seed).
     */
    static byte[] synthetic(double bits, int n, long seed) {
        double lo = 1e-9;
        double hi = 1 - 1e-12;
        double[] p = new double[256];
        for (int iter = 0; iter < 200; iter++) {
            double ratio = 0.5 * (lo + hi);
            if (entropy(geometric(ratio, p)) < bits) {
                lo = ratio;
            } else {
                hi = ratio;
            }
        }
        geometric(0.5 * (lo + hi), p);
        double[] cdf = new double[256];
        double acc = 0;
        for (int i = 0; i < 256; i++) {
            acc += p[i];
            cdf[i] = acc;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble() * acc;
            int s = 0;
            while (s < 255 && cdf[s] < u) {
                s++;
            }
            out[i] = (byte) s;
        }
        return out;
    }

    private static double[] geometric(double ratio, double[] p) {
        double sum = 0;
        for (int i = 0; i < 256; i++) {
            p[i] = StrictMath.pow(ratio, i);
            sum += p[i];
        }
        for (int i = 0; i < 256; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * StrictMath.log(v) / StrictMath.log(2);
            }
        }
        return h;
    }

    /** Empirical order-0 entropy of {@code data} in bits per byte. */
    static double empiricalEntropy(byte[] data) {
        long[] counts = counts(data);
        double[] p = new double[256];
        for (int i = 0; i < 256; i++) {
            p[i] = counts[i] / (double) data.length;
        }
        return entropy(p);
    }

    static long[] counts(byte[] data) {
        long[] counts = new long[256];
        for (byte b : data) {
            counts[b & 0xFF]++;
        }
        return counts;
    }

    /** The order-0 model of {@code data} at {@code precision} bits. */
    static CategoricalModel order0(byte[] data, int precision) {
        return CategoricalModel.fromCounts(counts(data), precision, 0).prepared();
    }

    /** Path of book1: system property {@code rec4j.book1}, else {@code ../shared/data/text/book1}. */
    static Path book1Path() {
        return Path.of(System.getProperty("rec4j.book1", "../shared/data/text/book1"));
    }

    static byte[] load(String source) {
        switch (source) {
            case "H2":
                return synthetic(2, 1 << 20, 1);
            case "H4":
                return synthetic(4, 1 << 20, 2);
            case "H7":
                return synthetic(7, 1 << 20, 3);
            case "book1":
                try {
                    return Files.readAllBytes(book1Path());
                } catch (IOException e) {
                    throw new IllegalStateException("book1 not found at " + book1Path().toAbsolutePath()
                            + " (set -Drec4j.book1=PATH)", e);
                }
            default:
                throw new IllegalArgumentException("unknown source " + source);
        }
    }
}
