package io.rec4j.core.coding;

/**
 * Precomputed per-symbol tables for the bulk rANS paths: the renormalisation bound, an exact reciprocal for the
 * division {@code x / f}, and a quantile-to-symbol lookup table for precisions up to 16 bits.
 *
 * <p><b>Division by reciprocal.</b> For a divisor {@code f >= 2} let {@code l = ceil(log2 f)} and
 * {@code m = ceil(2^(63+l) / f)}, which fits in 64 unsigned bits. Then for every {@code 0 <= x < 2^63},
 * {@code floor(x / f) = floor(m x / 2^(63+l))} (T. Granlund and P. Montgomery, "Division by invariant integers
 * using multiplication", PLDI 1994, Thm. 4.2 with N = 63, since {@code m f - 2^(63+l) < f <= 2^l}); the right-hand
 * side is the high word of the 128-bit product shifted right by {@code l - 1}. The rANS step is written as
 * {@code x' = x + c + q (2^n - f)} with {@code q = floor(x / f)}, which also covers {@code f = 1}: there
 * {@code m = 2^64 - 1} and shift 0 give {@code q = x - 1}, and the bias {@code c + 2^n - 1} compensates.
 */
final class FastTables {
    final int precision;
    final int minSymbol;
    final int[] frequency;
    final int[] cumulative;
    final long[] renormBound;
    final long[] reciprocal;
    final int[] shift;
    final long[] bias;
    final long[] complement;
    /** Quantile to zero-based symbol, or null when the precision exceeds {@link #MAX_LOOKUP_PRECISION}. */
    final int[] lookup;
    /**
     * The same table as bytes (a quarter of the cache footprint) for alphabets of at most 256 symbols, else null;
     * entries are zero-based symbols read with {@code & 0xFF}.
     */
    final byte[] byteLookup;
    /**
     * Per quantile {@code q}: {@code (frequency << 16) | (q - cumulative)} of the symbol owning q, so one load gives
     * everything the decoding step {@code x' = f (x >> n) + q - c} needs; null unless the precision is at most 16
     * and every frequency is below 2^16.
     */
    final int[] packed;

    static final int MAX_LOOKUP_PRECISION = 16;

    FastTables(int precision, int minSymbol, int[] cumulativeWithTotal) {
        this.precision = precision;
        this.minSymbol = minSymbol;
        int n = cumulativeWithTotal.length - 1;
        long total = 1L << precision;
        frequency = new int[n];
        cumulative = new int[n];
        renormBound = new long[n];
        reciprocal = new long[n];
        shift = new int[n];
        bias = new long[n];
        complement = new long[n];
        for (int s = 0; s < n; s++) {
            int c = cumulativeWithTotal[s];
            int f = cumulativeWithTotal[s + 1] - c;
            frequency[s] = f;
            cumulative[s] = c;
            renormBound[s] = f == total ? Long.MAX_VALUE : ((long) f << (63 - precision));
            complement[s] = total - f;
            if (f == 1) {
                reciprocal[s] = -1L;
                shift[s] = 0;
                bias[s] = c + total - 1;
            } else {
                int l = 64 - Long.numberOfLeadingZeros(f - 1L);
                reciprocal[s] = ceilPow2Div(63 + l, f);
                shift[s] = l - 1;
                bias[s] = c;
            }
        }
        if (precision <= MAX_LOOKUP_PRECISION) {
            lookup = new int[1 << precision];
            for (int s = 0; s < n; s++) {
                java.util.Arrays.fill(lookup, cumulative[s], cumulative[s] + frequency[s], s);
            }
        } else {
            lookup = null;
        }
        if (lookup != null && n >= 2) {
            packed = new int[lookup.length];
            for (int q = 0; q < lookup.length; q++) {
                int sym = lookup[q];
                packed[q] = (frequency[sym] << 16) | (q - cumulative[sym]);
            }
        } else {
            packed = null;
        }
        if (lookup != null && n <= 256) {
            byteLookup = new byte[lookup.length];
            for (int q = 0; q < lookup.length; q++) {
                byteLookup[q] = (byte) lookup[q];
            }
        } else {
            byteLookup = null;
        }
    }

    /** {@code ceil(2^e / d)} as an unsigned 64-bit value, for {@code 64 <= e <= 63 + ceil(log2 d)} and d >= 2. */
    static long ceilPow2Div(int e, long d) {
        // 2^e / d by long division on a 128-bit numerator (hi = 2^(e-64), lo = 0), done bit by bit: run once per table.
        java.math.BigInteger num = java.math.BigInteger.ONE.shiftLeft(e);
        java.math.BigInteger[] qr = num.divideAndRemainder(java.math.BigInteger.valueOf(d));
        java.math.BigInteger q = qr[1].signum() == 0 ? qr[0] : qr[0].add(java.math.BigInteger.ONE);
        if (q.bitLength() > 64) {
            throw new ArithmeticException("reciprocal does not fit in 64 bits");
        }
        return q.longValue();
    }

    /** {@code floor(x / f)} for {@code 0 <= x < 2^63} with the reciprocal of symbol s (f >= 2 only). */
    static long divide(long x, long reciprocal, int shift) {
        return (Math.multiplyHigh(x, reciprocal) + ((reciprocal >> 63) & x)) >>> shift;
    }

    /** Zero-based symbol owning quantile q, by binary search over the cumulative table. */
    int search(int q) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cumulative[mid] <= q) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
