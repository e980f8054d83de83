package io.rec4j.core.math;

/**
 * The eigendecomposition {@code A = Vᵀ·diag(λ)·V} of a real symmetric matrix, with the eigenvalues ascending and the
 * eigenvectors as the rows of {@code V}: a pinned, deterministic routine whose every result bit is the same on every
 * JVM and CPU (plain double arithmetic in a fixed order, {@link StrictMath#hypot}, no fused multiply-add; threads
 * only split work between independent rows or columns, never a sum), so that an encoder can simulate exactly what a
 * decoder will compute. Formats that depend on it record {@link #ALGORITHM_ID}; any change to the arithmetic below
 * must change that id.
 *
 * <p>Algorithm: Householder reduction to tridiagonal form with the transformations accumulated (Golub &amp; Van Loan,
 * <i>Matrix Computations</i>, 4th ed., §8.3.1, Algorithm 8.3.1), then the implicit QL iteration with Wilkinson's shift
 * on the tridiagonal matrix, its plane rotations applied to the accumulated basis (Bowdler, Martin, Reinsch &amp;
 * Wilkinson, "The QR and QL algorithms for symmetric matrices", Numer. Math. 11, 1968; Golub &amp; Van Loan §8.3.5),
 * and finally a stable selection sort by eigenvalue. About {@code 9n³} flops.
 */
public final class SymmetricEigen {
    /** Identifies this exact arithmetic in file headers. */
    public static final int ALGORITHM_ID = 1;
    /** QL iterations allowed per eigenvalue before the input is declared unusable. */
    private static final int MAX_ITERATIONS = 64;

    private SymmetricEigen() {
    }

    /**
     * A decomposition: {@code values[i]} ascending, and row {@code i} of {@code vectors} ({@code n×n}, row-major) the
     * unit eigenvector of {@code values[i]}.
     */
    public record Decomposition(int n, double[] values, double[] vectors) {
        /** Component {@code k} of eigenvector {@code i}. */
        public double vector(int i, int k) {
            return vectors[i * n + k];
        }
    }

    /**
     * Decomposes the symmetric {@code n×n} matrix {@code a} (row-major; only its lower triangle is read).
     *
     * @throws IllegalArgumentException if a value is not finite, or the iteration fails to converge
     */
    public static Decomposition decompose(double[] a, int n) {
        if (n < 1 || (long) n * n != a.length) {
            throw new IllegalArgumentException("expected an n×n matrix with n ≥ 1, got " + a.length + " values for n = " + n);
        }
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = a[i * n + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is " + v);
                }
                w[i * n + j] = v;
                w[j * n + i] = v;
            }
        }
        double[] diag = new double[n];
        double[] off = new double[n];
        double[] z = tridiagonalise(w, n, diag, off);
        ql(diag, off, z, n);
        sort(diag, z, n);
        return new Decomposition(n, diag, z);
    }

    /**
     * Reduces {@code w} (symmetric, destroyed) to {@code T = Z·W·Zᵀ} with diagonal {@code diag} and sub-diagonal
     * {@code off[0..n−2]}; returns {@code Z} (orthogonal, row-major), so that {@code W = Zᵀ·T·Z}.
     */
    private static double[] tridiagonalise(double[] w, int n, double[] diag, double[] off) {
        // reflection k is H_k = I − β_k·v_k·v_kᵀ on indices k+1..n−1; v_k is kept (row k of vs) and Z = H_{n−3} ⋯ H_0
        // is formed afterwards, column block by column block (a column of Z sees the same operations either way)
        double[] vs = new double[n * n];
        double[] betas = new double[n];
        double[] v = new double[n];
        double[] p = new double[n];
        for (int k = 0; k < n - 2; k++) {
            int lo = k + 1;
            // the column below the diagonal, x = w[lo.., k], scaled to avoid overflow in its norm
            double scale = 0;
            for (int i = lo; i < n; i++) {
                scale = Math.max(scale, Math.abs(w[i * n + k]));
            }
            if (scale == 0) {
                off[k] = 0;
                continue;
            }
            double norm2 = 0;
            for (int i = lo; i < n; i++) {
                double x = w[i * n + k] / scale;
                v[i] = x;
                norm2 += x * x;
            }
            double alpha = StrictMath.sqrt(norm2);
            if (v[lo] > 0) {
                alpha = -alpha;
            }
            // v = x − α·e₁ (no cancellation: α has the opposite sign of x₁); H·x = α·e₁
            v[lo] -= alpha;
            double vv = norm2 - 2 * alpha * (v[lo] + alpha) + alpha * alpha; // = ‖x‖² − 2α·x₁ + α² = ‖v‖²
            off[k] = alpha * scale;
            if (vv == 0) {
                continue;
            }
            double beta = 2 / vv;
            betas[k] = beta;
            System.arraycopy(v, lo, vs, k * n + lo, n - lo);
            // p = β·W₂₂·v, summed over j ascending: p_i = Σ_j w_ji·v_j, as w stays exactly symmetric (each update
            // below subtracts the same two products from w_ij and w_ji)
            java.util.Arrays.fill(p, lo, n, 0);
            forBlocks(lo, n, n - lo, (a, b) -> {
                for (int j = lo; j < n; j++) {
                    double vj = v[j];
                    int row = j * n;
                    for (int i = a; i < b; i++) {
                        p[i] += w[row + i] * vj;
                    }
                }
            });
            double kappa = 0;
            for (int i = lo; i < n; i++) {
                p[i] = beta * p[i];
                kappa += v[i] * p[i];
            }
            kappa *= beta / 2;
            for (int i = lo; i < n; i++) {
                p[i] -= kappa * v[i];
            }
            // W₂₂ ← W₂₂ − v·pᵀ − p·vᵀ, row by row
            forBlocks(lo, n, n - lo, (a, b) -> {
                for (int i = a; i < b; i++) {
                    int row = i * n;
                    double vi = v[i];
                    double pi = p[i];
                    for (int j = lo; j < n; j++) {
                        w[row + j] -= vi * p[j] + pi * v[j];
                    }
                }
            });
        }
        for (int i = 0; i < n; i++) {
            diag[i] = w[i * n + i];
        }
        if (n >= 2) {
            off[n - 2] = w[(n - 1) * n + (n - 2)];
        }
        off[n - 1] = 0;
        // Z ← H_k·Z for k = 0, 1, …: rows lo..n−1 change, z_r ← z_r − β·v_r·(vᵀZ)
        double[] z = new double[n * n];
        for (int i = 0; i < n; i++) {
            z[i * n + i] = 1;
        }
        forColumns(n, (c0, c1) -> {
            double[] t = new double[c1 - c0];
            for (int k = 0; k < n - 2; k++) {
                double beta = betas[k];
                if (beta == 0) {
                    continue;
                }
                int lo = k + 1;
                int vk = k * n;
                java.util.Arrays.fill(t, 0);
                int width = c1 - c0;
                int ii = lo;
                // four rows per pass, each t_c still summed row by row in ascending order
                for (; ii + 3 < n; ii += 4) {
                    double v0 = vs[vk + ii];
                    double v1 = vs[vk + ii + 1];
                    double v2 = vs[vk + ii + 2];
                    double v3 = vs[vk + ii + 3];
                    int r0 = ii * n + c0;
                    int r1 = r0 + n;
                    int r2 = r1 + n;
                    int r3 = r2 + n;
                    for (int c = 0; c < width; c++) {
                        t[c] = (((t[c] + v0 * z[r0 + c]) + v1 * z[r1 + c]) + v2 * z[r2 + c]) + v3 * z[r3 + c];
                    }
                }
                for (; ii < n; ii++) {
                    double vi = vs[vk + ii];
                    int row = ii * n + c0;
                    for (int c = 0; c < width; c++) {
                        t[c] += vi * z[row + c];
                    }
                }
                for (int i = lo; i < n; i++) {
                    double f = beta * vs[vk + i];
                    int row = i * n;
                    for (int c = c0; c < c1; c++) {
                        z[row + c] -= f * t[c - c0];
                    }
                }
            }
        });
        return z;
    }

    /**
     * Diagonalises the tridiagonal {@code (diag, off)} in place by implicit QL steps with Wilkinson's shift; each plane
     * rotation of indices {@code i, i+1} is applied to rows {@code i, i+1} of {@code z} (recorded, then applied in
     * order to blocks of columns).
     */
    private static void ql(double[] diag, double[] off, double[] z, int n) {
        Rotations rotations = new Rotations(z, n);
        // an off-diagonal entry below ε·‖T‖ is negligible however small its neighbours on the diagonal are (a
        // backward-stable deflation, as LAPACK's xSTEQR allows): without it a singular matrix (a covariance of
        // zero-mean vectors) can keep an entry that is tiny but never tiny next to two near-zero diagonal entries
        double norm = 0;
        for (int i = 0; i < n; i++) {
            norm = Math.max(norm, Math.abs(diag[i]) + Math.abs(off[i]) + (i > 0 ? Math.abs(off[i - 1]) : 0));
        }
        double negligible = 0x1p-52 * norm;
        for (int l = 0; l < n; l++) {
            int iterations = 0;
            while (true) {
                int m = l;
                while (m < n - 1) {
                    double dd = Math.abs(diag[m]) + Math.abs(diag[m + 1]);
                    if (Math.abs(off[m]) <= 0x1p-52 * dd || Math.abs(off[m]) <= negligible) {
                        break;
                    }
                    m++;
                }
                if (m == l) {
                    break;
                }
                if (++iterations > MAX_ITERATIONS) {
                    throw new IllegalArgumentException("symmetric eigendecomposition did not converge");
                }
                // Wilkinson's shift from the leading 2×2 block, folded into the first rotation
                double g = (diag[l + 1] - diag[l]) / (2 * off[l]);
                double r = StrictMath.hypot(g, 1);
                g = diag[m] - diag[l] + off[l] / (g + (g >= 0 ? r : -r));
                double s = 1;
                double c = 1;
                double p = 0;
                boolean deflated = false;
                for (int i = m - 1; i >= l; i--) {
                    double f = s * off[i];
                    double b = c * off[i];
                    r = StrictMath.hypot(f, g);
                    off[i + 1] = r;
                    if (r == 0) { // an exact zero split the matrix: restart on the smaller block
                        diag[i + 1] -= p;
                        off[m] = 0;
                        deflated = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = diag[i + 1] - p;
                    r = (diag[i] - g) * s + 2 * c * b;
                    p = s * r;
                    diag[i + 1] = g + p;
                    g = c * r - b;
                    rotations.add(i, c, s);
                }
                if (deflated) {
                    continue;
                }
                diag[l] -= p;
                off[l] = g;
                off[m] = 0;
            }
        }
        rotations.flush();
    }

    /**
     * Plane rotations of rows {@code i, i+1} of {@code z}, kept in order and applied in batches: each column of
     * {@code z} goes through all of them in the order they were made, block of columns by block of columns.
     */
    private static final class Rotations {
        private static final int CAPACITY = 1 << 16;
        private final double[] z;
        private final int n;
        private final int[] index = new int[CAPACITY];
        private final double[] cosine = new double[CAPACITY];
        private final double[] sine = new double[CAPACITY];
        private int size;

        Rotations(double[] z, int n) {
            this.z = z;
            this.n = n;
        }

        void add(int i, double c, double s) {
            if (size == CAPACITY) {
                flush();
            }
            index[size] = i;
            cosine[size] = c;
            sine[size] = s;
            size++;
        }

        void flush() {
            int count = size;
            forColumns(n, (c0, c1) -> {
                int r = 0;
                for (; r + 1 < count; r++) {
                    if (index[r + 1] != index[r] - 1) {
                        single(r, c0, c1);
                        continue;
                    }
                    // rows (i, i+1) then (i−1, i), as a QL sweep makes them: one pass over the three rows
                    int rj = (index[r] + 1) * n;
                    int ri = rj - n;
                    int rh = ri - n;
                    double ca = cosine[r];
                    double sa = sine[r];
                    double cb = cosine[r + 1];
                    double sb = sine[r + 1];
                    for (int k = c0; k < c1; k++) {
                        double zi = z[ri + k];
                        double zj = z[rj + k];
                        z[rj + k] = sa * zi + ca * zj;
                        double zi2 = ca * zi - sa * zj;
                        double zh = z[rh + k];
                        z[ri + k] = sb * zh + cb * zi2;
                        z[rh + k] = cb * zh - sb * zi2;
                    }
                    r++;
                }
                for (; r < count; r++) {
                    single(r, c0, c1);
                }
            });
            size = 0;
        }

        private void single(int r, int c0, int c1) {
            int ri = index[r] * n;
            int rj = ri + n;
            double c = cosine[r];
            double s = sine[r];
            for (int k = c0; k < c1; k++) {
                double zi = z[ri + k];
                double zj = z[rj + k];
                z[rj + k] = s * zi + c * zj;
                z[ri + k] = c * zi - s * zj;
            }
        }
    }

    /** A range {@code [from, to)} of indices. */
    private interface Range {
        void run(int from, int to);
    }

    /** Columns per block when a pass over all rows is applied block by block (128 bytes of a row). */
    private static final int COLUMN_BLOCK = 16;
    /** Rows below which a rank-two update or product is not worth splitting across threads. */
    private static final int PARALLEL_ROWS = 192;

    private static void forColumns(int n, Range body) {
        int blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        PoolGate.forEach(blocks, b -> body.run(b * COLUMN_BLOCK, Math.min(n, (b + 1) * COLUMN_BLOCK)));
    }

    /** Runs {@code body} over {@code [from, to)} in pieces (several threads when the work is large enough). */
    private static void forBlocks(int from, int to, int size, Range body) {
        if (size < PARALLEL_ROWS) {
            body.run(from, to);
            return;
        }
        int piece = 64;
        int blocks = (to - from + piece - 1) / piece;
        PoolGate.forEach(blocks, b -> body.run(from + b * piece, Math.min(to, from + (b + 1) * piece)));
    }

    /** Selection sort by eigenvalue, ascending, moving eigenvector rows along (stable for ties: strict less-than). */
    private static void sort(double[] values, double[] z, int n) {
        double[] tmp = new double[n];
        for (int i = 0; i < n - 1; i++) {
            int best = i;
            for (int j = i + 1; j < n; j++) {
                if (values[j] < values[best]) {
                    best = j;
                }
            }
            if (best != i) {
                double v = values[i];
                values[i] = values[best];
                values[best] = v;
                System.arraycopy(z, i * n, tmp, 0, n);
                System.arraycopy(z, best * n, z, i * n, n);
                System.arraycopy(tmp, 0, z, best * n, n);
            }
        }
    }
}
