package io.rec4j.core.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Every model: frequencies positive, summing to 2^precision, and symbol() the exact inverse of cumulative(). */
class ModelInvariantsTest {

    static void assertValid(EntropyModel m) {
        long total = 1L << m.precision();
        long expected = 0;
        for (int s = m.minSymbol(); s <= m.maxSymbol(); s++) {
            assertEquals(expected, m.cumulative(s), "cumulative of " + s);
            assertTrue(m.frequency(s) >= 1, "frequency of " + s);
            expected += m.frequency(s);
            // inverse at both ends of the symbol's interval
            assertEquals(s, m.symbol(m.cumulative(s)));
            assertEquals(s, m.symbol(m.cumulative(s) + m.frequency(s) - 1));
        }
        assertEquals(total, expected);
    }

    @Property(tries = 300, seed = "31")
    void randomCategoricals(@ForAll long seed, @ForAll @IntRange(min = 1, max = 24) int precision) {
        assertValid(Models.randomCategorical(new SplittableRandom(seed), 3000, precision));
    }

    @Property(tries = 300, seed = "37")
    void uniforms(@ForAll @IntRange(min = 1, max = 5000) int n, @ForAll @IntRange(min = 13, max = 24) int precision,
                  @ForAll @IntRange(min = -1000, max = 1000) int min) {
        UniformModel m = new UniformModel(min, n, precision);
        assertValid(m);
        int fmin = Integer.MAX_VALUE;
        int fmax = 0;
        for (int s = m.minSymbol(); s <= m.maxSymbol(); s++) {
            fmin = Math.min(fmin, m.frequency(s));
            fmax = Math.max(fmax, m.frequency(s));
        }
        assertTrue(fmax - fmin <= 1);
    }

    @Test
    void countsAreQuantisedProportionally() {
        CategoricalModel m = CategoricalModel.fromCounts(new long[] {0, 1, 2, 1}, 10, 0);
        assertArrayEquals(new int[] {1, 256, 511, 256}, m.frequencies());
        // exact powers stay exact
        CategoricalModel q = CategoricalModel.fromProbabilities(new double[] {0.5, 0.25, 0.25}, 8, 0);
        assertArrayEquals(new int[] {128, 64, 64}, q.frequencies());
        assertValid(q);
    }

    @Test
    void fullPrecisionAlphabetGivesEverySymbolOneUnit() {
        double[] p = new double[256];
        java.util.Arrays.fill(p, 0.3);
        CategoricalModel m = CategoricalModel.fromProbabilities(p, 8, 0);
        for (int f : m.frequencies()) {
            assertEquals(1, f);
        }
    }

    @Test
    void invalidInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CategoricalModel.fromProbabilities(new double[] {Double.NaN}, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> CategoricalModel.fromProbabilities(new double[] {-1, 2}, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> CategoricalModel.fromProbabilities(new double[300], 8, 0));
        assertThrows(IllegalArgumentException.class, () -> CategoricalModel.fromCounts(new long[] {0, 0}, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> CategoricalModel.fromFrequencies(new int[] {1, 2}, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> CategoricalModel.fromCounts(new long[] {1}, 25, 0));
        assertThrows(IllegalArgumentException.class, () -> new UniformModel(0, 300, 8));
    }
}
