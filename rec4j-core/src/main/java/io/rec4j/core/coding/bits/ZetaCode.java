package io.rec4j.core.coding.bits;

/**
 * The Boldi–Vigna ζ<sub>k</sub> code for integers {@code n >= 1}, with shrinking factor {@code k >= 1}.
 *
 * <p>Let {@code h} be the integer with {@code 2^(hk) <= n < 2^((h+1)k)}. The codeword is {@code h + 1} in unary
 * ({@code h} zero bits and a one bit), followed by {@code x = n - 2^(hk)} in <em>minimal binary</em> over the interval
 * {@code [0, z)}, {@code z = 2^((h+1)k) - 2^(hk)}: with {@code s = ceil(log2 z)}, values {@code x < 2^s - z} take
 * {@code s - 1} bits and the others are written as {@code x + 2^s - z} in {@code s} bits. For {@code k >= 2} this
 * gives {@code s = (h+1)k} and {@code 2^s - z = 2^(hk)}, so the codeword ends in {@code (h+1)k - 1} bits when
 * {@code n < 2^(hk+1)} and in {@code (h+1)k} bits (holding {@code n} itself) otherwise. For {@code k = 1}
 * ({@code z = 2^h}) ζ<sub>1</sub> is exactly {@link EliasGamma Elias γ}.
 *
 * <p>ζ<sub>k</sub> is close to optimal for power-law distributions {@code P(n) ~ n^(-α)} with {@code α} near
 * {@code 1 + 1/k}, the heavy tails typical of REC candidate indices.
 *
 * <p>Every positive {@code long} can be coded, up to {@link Long#MAX_VALUE}, for every {@code k} in
 * {@code [1, }{@value #MAX_K}{@code ]}. Codewords may be longer than 64 bits (at most {@code 62/k + 63 + k} bits);
 * the decoder rejects codewords of values of {@code 2^63} or more.
 *
 * <p>Reference: P. Boldi, S. Vigna, "Codes for the World Wide Web", Internet Mathematics 2(4):407–429, 2005.
 */
public final class ZetaCode implements IntegerCode {

    /** Largest supported shrinking factor. */
    public static final int MAX_K = 63;

    private final int k;
    /** Largest {@code h} for which {@code 2^(hk)} is a {@code long}: {@code floor(62 / k)}. */
    private final int maxH;

    /**
     * The ζ<sub>k</sub> code.
     *
     * @throws IllegalArgumentException unless {@code 1 <= k <= MAX_K}
     */
    public ZetaCode(int k) {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("zeta shrinking factor k must be in [1, " + MAX_K + "], got " + k);
        }
        this.k = k;
        this.maxH = 62 / k;
    }

    /** The shrinking factor {@code k}. */
    public int k() {
        return k;
    }

    @Override
    public void write(BitWriter w, long n) {
        if (n < 1) {
            throw Codes.notPositive("zeta", n);
        }
        int lg = Codes.floorLog2(n);
        int h = lg / k;
        int hk = h * k;
        int s = hk + k;
        w.writeUnary(h);
        if (lg == hk) { // n < 2^(hk+1): short codeword
            Codes.writeWide(w, n - (1L << hk), s - 1);
        } else {
            Codes.writeWide(w, n, s);
        }
    }

    @Override
    public long read(BitReader r) {
        int h = r.readUnary(maxH);
        int hk = h * k;
        long t = 1L << hk; // hk <= 62
        long y = Codes.readWide(r, hk + k - 1, "zeta");
        if (y < t) {
            return t + y; // < 2^(hk+1) <= 2^63
        }
        if (y >= 1L << 62) {
            throw Codes.overflow("zeta");
        }
        return (y << 1) | (r.readBit() ? 1L : 0L);
    }

    @Override
    public long length(long n) {
        if (n < 1) {
            throw Codes.notPositive("zeta", n);
        }
        int lg = Codes.floorLog2(n);
        int h = lg / k;
        int hk = h * k;
        return (h + 1L) + hk + k - (lg == hk ? 1 : 0);
    }

    @Override
    public long minValue() {
        return 1;
    }

    @Override
    public long maxValue() {
        return Long.MAX_VALUE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZetaCode && ((ZetaCode) o).k == k;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(k) * 31 + 7;
    }

    @Override
    public String toString() {
        return "ZetaCode[k=" + k + "]";
    }
}
