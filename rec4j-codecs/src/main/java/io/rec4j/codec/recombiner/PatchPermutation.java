package io.rec4j.codec.recombiner;

import io.rec4j.core.random.SharedRandomness;

/**
 * RECOMBINER's random permutation across patches (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182,
 * §3.3, "random permutation across patches"; {@code docs/recombiner.md}, "Permutation across patches"). A level's
 * latents form a matrix of {@code rows} (patches or groups) × {@code columns} (latents in block order); column
 * {@code j} gets its own permutation {@code π_j} of the rows, and the permuted matrix holds
 * {@code M'[i][j] = M[π_j(i)][j]}, so each row of 16-bit blocks mixes latents of different patches and information
 * can flow to the patches that need it while every row keeps the same number of blocks. The decoder undoes it
 * with {@link #unpermute}.
 *
 * <p>{@code π_j} is a Fisher–Yates shuffle driven by {@link SharedRandomness} (the model's seed, derived with the
 * column index): for {@code k = rows − 1} down to 1, swap position {@code k} with position
 * {@code ⌊u·(k + 1) / 2^64⌋}, {@code u} the column's {@code k}-th 64-bit word — integer arithmetic only, so every
 * JVM builds the same permutation. One row means no permutation.
 */
public final class PatchPermutation {
    private final int rows;
    private final int columns;
    /** {@code source[j·rows + i] = π_j(i)}. */
    private final int[] source;

    /**
     * @param rows    patches or groups of the level
     * @param columns latents per row
     * @param seed    the model's permutation seed
     */
    public PatchPermutation(int rows, int columns, long seed) {
        if (rows < 1 || columns < 1 || (long) rows * columns > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad permutation size " + rows + " x " + columns);
        }
        this.rows = rows;
        this.columns = columns;
        this.source = new int[rows * columns];
        SharedRandomness base = SharedRandomness.fromSeed(seed);
        for (int j = 0; j < columns; j++) {
            int at = j * rows;
            for (int i = 0; i < rows; i++) {
                source[at + i] = i;
            }
            SharedRandomness r = base.derive(j);
            for (int k = rows - 1; k > 0; k--) {
                long u = r.bits64(0, k);
                long bound = k + 1;
                int m = (int) (Math.multiplyHigh(u, bound) + ((u >> 63) & bound)); // unsigned high word of u·bound
                int t = source[at + k];
                source[at + k] = source[at + m];
                source[at + m] = t;
            }
        }
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** {@code π_j(i)}: the row whose column-{@code j} latent lands in row {@code i}. */
    public int source(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("(" + row + ", " + column + ") outside " + rows + " x " + columns);
        }
        return source[column * rows + row];
    }

    /** {@code M'[i][j] = M[π_j(i)][j]} (new arrays). */
    public double[][] permute(double[][] m) {
        check(m);
        double[][] out = new double[rows][columns];
        for (int j = 0; j < columns; j++) {
            for (int i = 0; i < rows; i++) {
                out[i][j] = m[source[j * rows + i]][j];
            }
        }
        return out;
    }

    /** The inverse of {@link #permute}: {@code M[π_j(i)][j] = M'[i][j]} (new arrays). */
    public double[][] unpermute(double[][] permuted) {
        check(permuted);
        double[][] out = new double[rows][columns];
        for (int j = 0; j < columns; j++) {
            for (int i = 0; i < rows; i++) {
                out[source[j * rows + i]][j] = permuted[i][j];
            }
        }
        return out;
    }

    private void check(double[][] m) {
        if (m == null || m.length != rows) {
            throw new IllegalArgumentException("expected " + rows + " rows, got " + (m == null ? "none" : m.length));
        }
        for (double[] row : m) {
            if (row == null || row.length != columns) {
                throw new IllegalArgumentException("expected rows of " + columns + " values");
            }
        }
    }
}
