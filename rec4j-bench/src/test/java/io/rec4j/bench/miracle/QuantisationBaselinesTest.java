package io.rec4j.bench.miracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.miracle.MiracleArchitecture;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The quantisation baselines of the MIRACLE benchmark. */
class QuantisationBaselinesTest {
    static double[] weights(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[MiracleArchitecture.LENET_300_100.variableCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextDouble() - 0.5) * 0.2;
        }
        return v;
    }

    @Test
    void uniformQuantisationErrorIsHalfAStepAndCostGrowsWithBits() {
        MiracleArchitecture a = MiracleArchitecture.LENET_300_100;
        double[] v = weights(1);
        double previous = 0;
        for (int k = 2; k <= 8; k++) {
            QuantisationBaselines.Quantised q = QuantisationBaselines.uniform(a, v, k);
            for (int t = 0; t < a.tensors().size(); t++) {
                int from = a.variableOffset(t);
                int n = a.tensors().get(t).variables();
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = from; i < from + n; i++) {
                    min = Math.min(min, v[i]);
                    max = Math.max(max, v[i]);
                }
                double half = (max - min) / ((1 << k) - 1) / 2;
                for (int i = from; i < from + n; i++) {
                    assertTrue(Math.abs(q.variables()[i] - v[i]) <= half * (1 + 1e-6) + 1e-7, "k " + k);
                }
            }
            // uniform data: the entropy is close to k bits per variable
            double bitsPerVariable = 8 * q.bytes() / v.length;
            assertTrue(bitsPerVariable > k - 0.2 && bitsPerVariable < k + 0.5, k + ": " + bitsPerVariable);
            assertTrue(q.bytes() > previous);
            previous = q.bytes();
        }
    }

    @Test
    void pruningZeroesTheSmallestWeightsAndKeepsBiases() {
        MiracleArchitecture a = MiracleArchitecture.LENET_300_100;
        double[] v = weights(2);
        QuantisationBaselines.Quantised q = QuantisationBaselines.pruneAndCluster(a, v, 0.9, 3);
        int weights = 0;
        int zeros = 0;
        for (int t = 0; t < a.tensors().size(); t++) {
            int from = a.variableOffset(t);
            for (int i = 0; i < a.tensors().get(t).variables(); i++) {
                double x = q.variables()[from + i];
                if (a.tensors().get(t).isBias()) {
                    assertTrue(x != 0 || v[from + i] == 0);
                } else {
                    weights++;
                    zeros += x == 0 ? 1 : 0;
                }
            }
        }
        assertEquals(0.9, zeros / (double) weights, 1e-4);
        // kept values take at most 8 distinct values per tensor
        for (int t = 0; t < a.tensors().size(); t++) {
            int from = a.variableOffset(t);
            long distinct = java.util.stream.IntStream.range(from, from + a.tensors().get(t).variables())
                    .mapToDouble(i -> q.variables()[i]).filter(x -> x != 0).distinct().count();
            assertTrue(distinct <= 8, a.tensors().get(t).name() + ": " + distinct);
        }
    }

    @Test
    void kMeansFindsSeparatedClusters() {
        double[] x = {0.9, 1.0, 1.1, 4.9, 5.0, 5.1, 9.95, 10.05};
        assertArrayEquals(new double[] {1.0, 5.0, 10.0}, QuantisationBaselines.kMeans(x, 3), 1e-12);
        // 4 equiprobable symbols: 2 bits each, 8 symbols = 2 bytes, plus 2 bytes per used value
        assertEquals(2 + 8, QuantisationBaselines.entropyBytes(new int[] {0, 1, 2, 3, 0, 1, 2, 3}, 4), 1e-12);
    }
}
