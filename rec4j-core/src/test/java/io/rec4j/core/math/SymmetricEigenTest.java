package io.rec4j.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.testkit.FreshJvm;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pinned symmetric eigensolver: {@code A = Vᵀ·diag(λ)·V} with {@code V} orthogonal and {@code λ} ascending, to
 * within a few units of rounding times the matrix's size; eigenvalues as a cyclic Jacobi iteration (written here,
 * independently) finds them; special structures (diagonal, repeated eigenvalues, rank one, zero, 1×1, 2×2); and every
 * output bit pinned, in this JVM and in fresh ones (interpreter only, C1 only, other JDKs).
 */
class SymmetricEigenTest {
    /** Pinned when the solver was written (ALGORITHM_ID 1, with its norm-relative deflation): SHA-256 of the values and vectors of {@link #golden()}. */
    static final String GOLDEN = "d54d137206b90aa691e22663cbdeb3d83b76d0d969007f52deb9f1a42cccd908";
    /**
     * The same for 400×400: large enough for the threaded row blocks and for several batches of recorded QL
     * rotations. Pinned from the first, single-threaded and unbatched, implementation of this arithmetic.
     */
    static final String GOLDEN_400 = "2f1b8d23439082459123170b7b1f1e03d4a82ac4979a914e8ef76e538d997b16";

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 16, 64, 150})
    void decomposesRandomMatrices(int n) {
        double[] a = random(n, new SplittableRandom(n));
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(a, n);
        checkDecomposition(a, n, e);
        double[] want = jacobiEigenvalues(a, n);
        double scale = norm(a);
        for (int i = 0; i < n; i++) {
            assertEquals(want[i], e.values()[i], 1e-13 * n * scale, "eigenvalue " + i);
        }
    }

    @Test
    void specialStructures() {
        // diagonal with repeated values, in scrambled order
        double[] d = new double[25];
        double[] diagonal = {3, -1, 3, 0, 3};
        for (int i = 0; i < 5; i++) {
            d[i * 5 + i] = diagonal[i];
        }
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(d, 5);
        checkDecomposition(d, 5, e);
        assertEquals("[-1.0, 0.0, 3.0, 3.0, 3.0]", Arrays.toString(e.values()));
        // rank one: u·uᵀ has one eigenvalue ‖u‖² and n−1 zeros
        int n = 40;
        double[] u = new double[n];
        SplittableRandom r = new SplittableRandom(5);
        double uu = 0;
        for (int i = 0; i < n; i++) {
            u[i] = r.nextDouble() - 0.5;
            uu += u[i] * u[i];
        }
        double[] rank1 = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rank1[i * n + j] = u[i] * u[j];
            }
        }
        e = SymmetricEigen.decompose(rank1, n);
        checkDecomposition(rank1, n, e);
        assertEquals(uu, e.values()[n - 1], 1e-13 * uu);
        for (int i = 0; i < n - 1; i++) {
            assertEquals(0, e.values()[i], 1e-14 * uu);
        }
        // zero and identity
        checkDecomposition(new double[n * n], n, SymmetricEigen.decompose(new double[n * n], n));
        double[] id = new double[n * n];
        for (int i = 0; i < n; i++) {
            id[i * n + i] = 1;
        }
        e = SymmetricEigen.decompose(id, n);
        checkDecomposition(id, n, e);
        // a matrix with a huge and a tiny scale stays accurate relative to its norm
        double[] big = random(20, new SplittableRandom(9));
        for (int i = 0; i < big.length; i++) {
            big[i] *= 1e150;
        }
        checkDecomposition(big, 20, SymmetricEigen.decompose(big, 20));
    }

    /**
     * Covariances of zero-mean vectors (SliceGPT's calibration sums after norm folding) are singular: the all-ones
     * direction has eigenvalue 0, and others may be tiny. Deflation must not wait for an off-diagonal entry to be
     * small next to two near-zero diagonal entries (found by the bits-back demo at d = 256: no convergence).
     */
    @ParameterizedTest
    @ValueSource(ints = {64, 256})
    void singularCovariancesConverge(int d) {
        SplittableRandom r = new SplittableRandom(d);
        double[] c = new double[d * d];
        double[] x = new double[d];
        for (int s = 0; s < 3 * d; s++) {
            double mean = 0;
            for (int i = 0; i < d; i++) {
                x[i] = r.nextGaussian() * (i < d / 2 ? 1 : 1e-6);
                mean += x[i];
            }
            mean /= d;
            for (int i = 0; i < d; i++) {
                x[i] -= mean;
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i * d + j] += x[i] * x[j];
                }
            }
        }
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(c, d);
        checkDecomposition(c, d, e);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(new double[5], 2));
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(new double[0], 0));
        double[] nan = new double[9];
        nan[4] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(nan, 3));
        double[] inf = new double[9];
        inf[3] = Double.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(inf, 3));
    }

    @Test
    void outputBitsArePinned() {
        assertEquals(GOLDEN, golden());
        assertEquals(GOLDEN_400, golden(400));
    }

    @Test
    void freshJvmsAgree() throws Exception {
        FreshJvm.assertAllPrint(GOLDEN, EigenProbe.class);
    }

    /** SHA-256 of every output bit for a fixed 96×96 matrix (the decomposition a decoder must reproduce). */
    static String golden() {
        return golden(96);
    }

    /** SHA-256 of every output bit for a fixed {@code n×n} matrix. */
    static String golden(int n) {
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(random(n, new SplittableRandom(20261207)), n);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * (n + n * n));
            for (double v : e.values()) {
                b.putLong(Double.doubleToRawLongBits(v));
            }
            for (double v : e.vectors()) {
                b.putLong(Double.doubleToRawLongBits(v));
            }
            return HexFormat.of().formatHex(md.digest(b.array()));
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Runs in a fresh JVM: prints {@link #golden()}. */
    public static final class EigenProbe {
        public static void main(String[] args) {
            System.out.println(golden());
        }
    }

    private static void checkDecomposition(double[] a, int n, SymmetricEigen.Decomposition e) {
        double scale = Math.max(norm(a), Double.MIN_NORMAL);
        double tol = 1e-14 * n;
        for (int i = 0; i + 1 < n; i++) {
            assertTrue(e.values()[i] <= e.values()[i + 1], "ascending");
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                double rec = 0;
                for (int k = 0; k < n; k++) {
                    dot += e.vector(i, k) * e.vector(j, k); // V·Vᵀ = I
                    rec += e.vector(k, i) * e.values()[k] * e.vector(k, j); // Vᵀ·Λ·V = A
                }
                assertEquals(i == j ? 1 : 0, dot, tol, "orthonormal rows " + i + ", " + j);
                assertEquals(a[i * n + j], rec, tol * scale, "reconstruction " + i + ", " + j);
            }
        }
    }

    /** Symmetric, entries uniform in (−1, 1). */
    private static double[] random(int n, SplittableRandom r) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 2 * r.nextDouble() - 1;
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        return a;
    }

    /** Frobenius norm. */
    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Eigenvalues, ascending, by cyclic Jacobi rotations until the off-diagonal vanishes (the reference). */
    private static double[] jacobiEigenvalues(double[] a0, int n) {
        double[] a = a0.clone();
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p * n + q] * a[p * n + q];
                }
            }
            if (off < 1e-30 * norm(a) * norm(a)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) { // columns p, q
                        double akp = a[k * n + p];
                        double akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) { // rows p, q
                        double apk = a[p * n + k];
                        double aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = a[i * n + i];
        }
        Arrays.sort(v);
        return v;
    }
}
