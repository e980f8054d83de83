package io.rec4j.codec.recombiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PatchPermutationTest {
    @Test
    void unpermuteUndoesPermute() {
        int rows = 96;
        int cols = 300;
        PatchPermutation perm = new PatchPermutation(rows, cols, 42);
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = RecombinerFixtures.uniform(100 + i, cols, 1.0);
        }
        double[][] p = perm.permute(m);
        for (int i = 0; i < rows; i++) {
            assertArrayEquals(m[i], perm.unpermute(p)[i]);
        }
        assertTrue(Arrays.deepEquals(m, perm.permute(perm.unpermute(m))));
        int moved = 0;
        for (int j = 0; j < cols; j++) {
            boolean[] seen = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                int s = perm.source(i, j);
                assertEquals(false, seen[s], "column " + j + " is a permutation");
                seen[s] = true;
                assertEquals(m[s][j], p[i][j]);
                moved += s != i ? 1 : 0;
            }
        }
        assertTrue(moved > rows * cols / 2, "latents move across patches");
    }

    @Test
    void oneRowIsTheIdentityAndSeedsMatter() {
        PatchPermutation one = new PatchPermutation(1, 10, 3);
        double[][] m = {RecombinerFixtures.uniform(5, 10, 1.0)};
        assertArrayEquals(m[0], one.permute(m)[0]);
        PatchPermutation a = new PatchPermutation(15, 40, 1);
        PatchPermutation b = new PatchPermutation(15, 40, 2);
        PatchPermutation a2 = new PatchPermutation(15, 40, 1);
        int[] sa = new int[600];
        int[] sb = new int[600];
        int[] sa2 = new int[600];
        for (int j = 0; j < 40; j++) {
            for (int i = 0; i < 15; i++) {
                sa[j * 15 + i] = a.source(i, j);
                sb[j * 15 + i] = b.source(i, j);
                sa2[j * 15 + i] = a2.source(i, j);
            }
        }
        assertArrayEquals(sa, sa2);
        assertNotEquals(Arrays.toString(sa), Arrays.toString(sb));
        assertThrows(IllegalArgumentException.class, () -> a.permute(new double[14][40]));
        assertThrows(IllegalArgumentException.class, () -> new PatchPermutation(0, 4, 1));
    }

    @Test
    void permutationsOfFourRowsAreUniform() {
        // 24 000 columns of 4 rows: the 24 permutations should be equally likely. Pearson chi-square, 23 degrees of
        // freedom, rejected at alpha = 0.001 above 49.73 (upper 0.1 % point of chi-square(23)).
        int cols = 24_000;
        PatchPermutation perm = new PatchPermutation(4, cols, 7);
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (int j = 0; j < cols; j++) {
            String key = "" + perm.source(0, j) + perm.source(1, j) + perm.source(2, j) + perm.source(3, j);
            counts.merge(key, 1, Integer::sum);
        }
        assertEquals(24, counts.size());
        double expected = cols / 24.0;
        double chi2 = 0;
        for (int c : counts.values()) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 49.73, "chi-square " + chi2);
    }
}
