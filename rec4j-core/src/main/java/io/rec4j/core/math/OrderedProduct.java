package io.rec4j.core.math;

/**
 * Matrix products whose every entry is summed in one fixed order, {@code c_ij = (…((0 + x_0i·y_0j) + x_1i·y_1j) + …)
 * + x_{K−1,i}·y_{K−1,j}}, whatever the blocking, the number of threads or the CPU: the same bits as the textbook
 * triple loop, only faster. Decoders that must reproduce an encoder's floating-point result exactly (the bits-back
 * rotation coder's Gram matrix and reconstruction, {@link SymmetricEigen}'s callers) use these.
 *
 * <p>How: the output is cut into 4×4 tiles, each summed by one thread in sixteen scalar accumulators (plain
 * multiplications and additions, never fused: Java 17 evaluates them strictly and the JIT does not contract them),
 * from operand panels packed contiguously so that the inner loop reads memory in order. Tiles are independent, so
 * rows of tiles run in parallel ({@link PoolGate}); only the order <em>within</em> an entry's sum matters, and it is
 * always {@code k = 0, 1, …, K−1}.
 */
public final class OrderedProduct {
    /** Tile side. */
    private static final int T = 4;
    /** Output columns packed at once (a multiple of {@link #T}): bounds the packed copy of the right operand. */
    private static final int CHUNK = 256;

    private OrderedProduct() {
    }

    /** How an operand is laid out: its product index {@code i} against its summation index {@code k}. */
    private enum Layout {
        /** {@code a[k·p + i]}: a {@code K×p} matrix whose columns are the product's rows (or columns). */
        K_MAJOR,
        /** {@code a[i·K + k]}: a {@code p×K} matrix whose rows are. */
        I_MAJOR
    }

    /**
     * {@code c = aᵀ·b} with {@code a} {@code K×p} and {@code b} {@code K×q}, both row-major: {@code c[i·q + j] =
     * Σ_k a[k·p + i]·b[k·q + j]}, {@code k} ascending.
     */
    public static double[] transposeTimes(double[] a, int p, double[] b, int q, int kDim) {
        check(a, (long) kDim * p, b, (long) kDim * q);
        double[] c = new double[p * q];
        run(a, Layout.K_MAJOR, p, b, Layout.K_MAJOR, q, kDim, c, false);
        return c;
    }

    /**
     * {@code c = a·b} with {@code a} {@code p×K} and {@code b} {@code K×q}, both row-major: {@code c[i·q + j] =
     * Σ_k a[i·K + k]·b[k·q + j]}, {@code k} ascending.
     */
    public static double[] times(double[] a, int p, double[] b, int q, int kDim) {
        check(a, (long) kDim * p, b, (long) kDim * q);
        double[] c = new double[p * q];
        run(a, Layout.I_MAJOR, p, b, Layout.K_MAJOR, q, kDim, c, false);
        return c;
    }

    /**
     * {@code c = a·bᵀ} with {@code a} {@code p×K} and {@code b} {@code q×K}, both row-major: {@code c[i·q + j] =
     * Σ_k a[i·K + k]·b[j·K + k]}, {@code k} ascending.
     */
    public static double[] timesTransposed(double[] a, int p, double[] b, int q, int kDim) {
        check(a, (long) kDim * p, b, (long) kDim * q);
        double[] c = new double[p * q];
        run(a, Layout.I_MAJOR, p, b, Layout.I_MAJOR, q, kDim, c, false);
        return c;
    }

    /**
     * The Gram matrix {@code c = a·aᵀ} of {@code a} ({@code p×K}, row-major): {@code c[i·p + j] = c[j·p + i] =
     * Σ_k a[i·K + k]·a[j·K + k]}, {@code k} ascending (the two halves are equal bit for bit: products commute).
     */
    public static double[] gram(double[] a, int p, int kDim) {
        check(a, (long) kDim * p, a, (long) kDim * p);
        double[] c = new double[p * p];
        run(a, Layout.I_MAJOR, p, a, Layout.I_MAJOR, p, kDim, c, true);
        mirror(c, p);
        return c;
    }

    /**
     * {@code c = aᵀ·b} for {@code j ≥ i} only ({@code a}, {@code b} both {@code K×p}, row-major; entries below the
     * diagonal of {@code c} are unspecified): the upper triangle of a product known to be symmetric.
     */
    public static double[] transposeTimesUpper(double[] a, double[] b, int p, int kDim) {
        check(a, (long) kDim * p, b, (long) kDim * p);
        double[] c = new double[p * p];
        run(a, Layout.K_MAJOR, p, b, Layout.K_MAJOR, p, kDim, c, true);
        return c;
    }

    private static void check(double[] a, long aLength, double[] b, long bLength) {
        if (aLength != a.length || bLength != b.length) {
            throw new IllegalArgumentException("operand sizes " + a.length + " and " + b.length + " do not match the shapes ("
                    + aLength + " and " + bLength + " expected)");
        }
    }

    private static void mirror(double[] c, int p) {
        for (int i = 0; i < p; i++) {
            for (int j = i + 1; j < p; j++) {
                c[j * p + i] = c[i * p + j];
            }
        }
    }

    /** Packs product indices {@code [i0, i0+T)} (zero past {@code p}) as {@code dst[off + k·T + t]}. */
    private static void pack(double[] a, Layout layout, int p, int kDim, int i0, double[] dst, int off) {
        for (int t = 0; t < T; t++) {
            int i = i0 + t;
            if (i >= p) {
                for (int k = 0; k < kDim; k++) {
                    dst[off + k * T + t] = 0;
                }
            } else if (layout == Layout.K_MAJOR) {
                for (int k = 0; k < kDim; k++) {
                    dst[off + k * T + t] = a[k * p + i];
                }
            } else {
                int row = i * kDim;
                for (int k = 0; k < kDim; k++) {
                    dst[off + k * T + t] = a[row + k];
                }
            }
        }
    }

    private static void run(double[] a, Layout la, int p, double[] b, Layout lb, int q, int kDim, double[] c,
            boolean upper) {
        int rowTiles = (p + T - 1) / T;
        int panel = kDim * T;
        for (int j0 = 0; j0 < q; j0 += CHUNK) {
            int jEnd = Math.min(q, j0 + CHUNK);
            int colTiles = (jEnd - j0 + T - 1) / T;
            double[] packedB = new double[colTiles * panel];
            int chunkStart = j0;
            PoolGate.forEach(colTiles, tj -> pack(b, lb, q, kDim, chunkStart + tj * T, packedB, tj * panel));
            // in the upper case only row tiles that reach this chunk's columns (i ≤ j) have work
            int rows = upper ? Math.min(rowTiles, (jEnd + T - 1) / T) : rowTiles;
            PoolGate.forEach(rows, ti -> {
                double[] packedA = new double[panel];
                int i0 = ti * T;
                pack(a, la, p, kDim, i0, packedA, 0);
                for (int tj = 0; tj < colTiles; tj++) {
                    int jt = chunkStart + tj * T;
                    if (upper && jt + T - 1 < i0) {
                        continue;
                    }
                    tile(packedA, packedB, tj * panel, kDim, c, i0, jt, p, q);
                }
            });
        }
    }

    /** One 4×4 tile: sixteen independent sums, each in {@code k} order. */
    private static void tile(double[] x, double[] y, int yOff, int kDim, double[] c, int i0, int j0, int p, int q) {
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (int k = 0, xo = 0, yo = yOff; k < kDim; k++, xo += T, yo += T) {
            double x0 = x[xo], x1 = x[xo + 1], x2 = x[xo + 2], x3 = x[xo + 3];
            double y0 = y[yo], y1 = y[yo + 1], y2 = y[yo + 2], y3 = y[yo + 3];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s02 += x0 * y2;
            s03 += x0 * y3;
            s10 += x1 * y0;
            s11 += x1 * y1;
            s12 += x1 * y2;
            s13 += x1 * y3;
            s20 += x2 * y0;
            s21 += x2 * y1;
            s22 += x2 * y2;
            s23 += x2 * y3;
            s30 += x3 * y0;
            s31 += x3 * y1;
            s32 += x3 * y2;
            s33 += x3 * y3;
        }
        store(c, i0, j0, p, q, s00, s01, s02, s03);
        store(c, i0 + 1, j0, p, q, s10, s11, s12, s13);
        store(c, i0 + 2, j0, p, q, s20, s21, s22, s23);
        store(c, i0 + 3, j0, p, q, s30, s31, s32, s33);
    }

    private static void store(double[] c, int i, int j0, int p, int q, double v0, double v1, double v2, double v3) {
        if (i >= p) {
            return;
        }
        int o = i * q + j0;
        int w = Math.min(T, q - j0);
        c[o] = v0;
        if (w > 1) {
            c[o + 1] = v1;
        }
        if (w > 2) {
            c[o + 2] = v2;
        }
        if (w > 3) {
            c[o + 3] = v3;
        }
    }
}
