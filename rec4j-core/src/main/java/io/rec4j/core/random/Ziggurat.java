package io.rec4j.core.random;

/**
 * Standard normals by the ziggurat method on shared Philox words: {@link NormalGenerator#ZIGGURAT}.
 *
 * <p><b>Method.</b> The 256-layer ziggurat of G. Marsaglia and W. W. Tsang, "The ziggurat method for generating
 * random variables", J. Stat. Softw. 5(8), 2000, Sect. 2–3 and 5, for {@code f(x) = exp(−x²/2)} with their
 * constants {@code r = 3.6541528853610088} (the start of the tail) and {@code v = 4.92867323399·10⁻³} (the area of
 * each layer), and with the layer index taken from bits that are disjoint from the abscissa bits, the correction of
 * J. A. Doornik, "An improved ziggurat method to generate normal random samples", University of Oxford, 2005,
 * which removes the dependence between layer and abscissa of the original 32-bit version. The tail uses
 * Marsaglia's method (G. Marsaglia, "Generating a variable from the tail of the normal distribution",
 * Technometrics 6(1), 1964), as in Marsaglia and Tsang, Sect. 3.
 *
 * <p><b>Tables</b> (computed once, in this order, with {@link StrictMath} only, so they are the same on every JVM):
 * {@code x[1] = r}; {@code x[i+1] = sqrt(−2 ln(v / x[i] + f(x[i])))} for {@code i = 1 … 254}; {@code x[256] = 0};
 * {@code x[0] = v / f(r)} (the width of the base layer, whose area beyond {@code r} stands for the tail). Layer
 * {@code i} spans the heights {@code [f(x[i]), f(x[i+1])]} and the abscissae {@code [0, x[i])}. The fast-path
 * threshold is {@code k[i] = (long) (x[i+1] / x[i] · 2^53)} (for {@code i = 0}: {@code (long) (r / x[0] · 2^53)})
 * and the scale {@code s[i] = x[i] · 2^-53}; {@code f} is {@code StrictMath.exp(−0.5·x·x)}.
 *
 * <p><b>One normal</b> at (key, stream, index). Write {@code W} for a 64-bit word and read from it the layer
 * {@code i = W & 0xFF} (bits 0–7), the sign bit {@code W >>> 8 & 1} and the 53-bit abscissa {@code m = W >>> 11};
 * bits 9 and 10 are unused. {@code u(W) = ((W >>> 11) + 1/2)·2^-53} is the open uniform of
 * {@link SharedRandomness}. Fallback block {@code a ≥ 1} is the Philox4x32-10 block of the counter
 * {@code (index, stream)} (words c0, c1 from the index, c2, c3 from the stream) under the key
 * {@code K_a = } word {@code 2a − 1} of the reserved derivation stream −1 under the source's key (odd words, which
 * {@link SharedRandomness#derive(long)} never uses), giving two words {@code B_a = (b0, b1)}.
 * <ol>
 *   <li>{@code W = bits64(stream, index)}, {@code a = 0}.</li>
 *   <li>If {@code m < k[i]}: return {@code ±(m · s[i])} (the product in double; the sign bit of the result is the
 *       sign bit of W, so {@code m = 0} gives ±0.0). This is the case for about 98.5 % of the words.</li>
 *   <li>Otherwise {@code a ← a + 1}, {@code (b0, b1) = B_a}.
 *     <ul>
 *       <li>{@code i = 0} (tail): {@code t = −ln u(b0) / r}, {@code y = −ln u(b1)}; if {@code 2y > t²} return
 *           {@code ±(r + t)}; else {@code a ← a + 1}, take the next block and repeat this step.</li>
 *       <li>{@code i > 0} (wedge): {@code x = m · s[i]}; if {@code f(x[i]) + u(b1)·(f(x[i+1]) − f(x[i])) < f(x)}
 *           return {@code ±x}; else {@code W ← b0} and go to step 2.</li>
 *     </ul></li>
 * </ol>
 * Logarithms and exponentials are {@link StrictMath}'s. Everything depends on (key, stream, index) alone, so any
 * index is reached in O(1) expected time and a bulk fill gives exactly the values of one-by-one access.
 */
final class Ziggurat {
    /** Number of layers. */
    static final int LAYERS = 256;
    /** Start of the tail (Marsaglia and Tsang, 256 layers). */
    static final double R = 3.6541528853610088;
    /** Area of each layer under the unnormalised {@code exp(−x²/2)}. */
    static final double V = 4.92867323399e-3;

    private static final double TWO_POW_53 = 0x1.0p53;
    private static final double TWO_POW_M53 = 0x1.0p-53;
    private static final long SIGN = 0x8000_0000_0000_0000L;

    /** Layer edges {@code x[0..256]}. */
    private static final double[] X = new double[LAYERS + 1];
    /** {@code f(x[i])}, {@code i = 0..256}. */
    private static final double[] F = new double[LAYERS + 1];
    /** Fast-path thresholds on the 53-bit abscissa. */
    private static final long[] K = new long[LAYERS];
    /** {@code x[i] · 2^-53}. */
    private static final double[] S = new double[LAYERS];
    /**
     * Indexed by the low 9 bits of a word (layer and sign): {@code ±s[i]}, so that {@code m · SIGNED_SCALE[w & 0x1FF]}
     * is the signed fast-path value in one multiplication (IEEE multiplication is symmetric in sign, so this is
     * exactly {@code ±(m · s[i])}, −0.0 included).
     */
    private static final double[] SIGNED_SCALE = new double[2 * LAYERS];
    /** {@code k[i]}, indexed like {@link #SIGNED_SCALE}. */
    private static final long[] SIGNED_THRESHOLD = new long[2 * LAYERS];

    static {
        X[1] = R;
        for (int i = 1; i < LAYERS - 1; i++) {
            X[i + 1] = StrictMath.sqrt(-2 * StrictMath.log(V / X[i] + f(X[i])));
        }
        X[LAYERS] = 0;
        X[0] = V / f(R);
        for (int i = 0; i <= LAYERS; i++) {
            F[i] = f(X[i]);
        }
        K[0] = (long) (R / X[0] * TWO_POW_53);
        for (int i = 1; i < LAYERS; i++) {
            K[i] = (long) (X[i + 1] / X[i] * TWO_POW_53);
        }
        for (int i = 0; i < LAYERS; i++) {
            S[i] = X[i] * TWO_POW_M53;
            SIGNED_SCALE[i] = S[i];
            SIGNED_SCALE[i + LAYERS] = -S[i];
            SIGNED_THRESHOLD[i] = K[i];
            SIGNED_THRESHOLD[i + LAYERS] = K[i];
        }
    }

    private Ziggurat() {
    }

    /** The unnormalised density {@code exp(−x²/2)}. */
    static double f(double x) {
        return StrictMath.exp(-0.5 * x * x);
    }

    /** Layer edge {@code x[i]}, {@code 0 ≤ i ≤ 256} (for tests). */
    static double edge(int i) {
        return X[i];
    }

    /** Fast-path threshold {@code k[i]} (for tests). */
    static long threshold(int i) {
        return K[i];
    }

    /** The key {@code K_a} of fallback block {@code a ≥ 1} for a source with key {@code key}. */
    static long fallbackKey(long key, int attempt) {
        long[] pair = new long[2];
        long index = 2L * attempt - 1;
        Philox4x32.block(index >>> 1, -1L, key, pair);
        return pair[(int) (index & 1)];
    }

    /**
     * The normal whose first word is {@code w}, at (stream, index) of a source with key {@code key} and first
     * fallback key {@code k1 = fallbackKey(key, 1)}.
     */
    static double normal(long w, long stream, long index, long key, long k1) {
        int i = (int) w & 0x1FF;
        long m = w >>> 11;
        if (m < SIGNED_THRESHOLD[i]) {
            return m * SIGNED_SCALE[i];
        }
        return slow(w, stream, index, key, k1);
    }

    /** Steps 3 and on of the class comment: the wedges and the tail, drawing from fallback blocks 1, 2, …. */
    private static double slow(long w, long stream, long index, long key, long k1) {
        long[] pair = new long[2];
        int attempt = 0;
        while (true) {
            int i = (int) w & 0xFF;
            long m = w >>> 11;
            long sign = (w << 55) & SIGN;
            if (m < K[i]) {
                return Double.longBitsToDouble(Double.doubleToRawLongBits(m * S[i]) ^ sign);
            }
            attempt++;
            block(stream, index, key, k1, attempt, pair);
            if (i == 0) {
                while (true) {
                    double t = -StrictMath.log(SharedRandomness.toUniform(pair[0])) / R;
                    double y = -StrictMath.log(SharedRandomness.toUniform(pair[1]));
                    if (y + y > t * t) {
                        return Double.longBitsToDouble(Double.doubleToRawLongBits(R + t) ^ sign);
                    }
                    attempt++;
                    block(stream, index, key, k1, attempt, pair);
                }
            }
            double x = m * S[i];
            if (F[i] + SharedRandomness.toUniform(pair[1]) * (F[i + 1] - F[i]) < f(x)) {
                return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ sign);
            }
            w = pair[0];
        }
    }

    /** Fallback block {@code attempt ≥ 1} into {@code out}. */
    private static void block(long stream, long index, long key, long k1, int attempt, long[] out) {
        Philox4x32.block(index, stream, attempt == 1 ? k1 : fallbackKey(key, attempt), out);
    }

    /**
     * Fills {@code out[offset, offset + length)} with the normals at indices {@code from, from + 1, …} of
     * {@code stream} (non-negative): the words come {@link PhiloxBatch#CAPACITY} blocks at a time from a
     * {@link PhiloxBatch} (no allocation per value, SIMD rounds), then mapped as by {@link #normal}, so the
     * values are exactly those of one-by-one access.
     */
    static void fill(long stream, long from, double[] out, int offset, int length, long key, long k1) {
        int pos = 0;
        long index = from;
        if ((index & 1) != 0 && length > 0) {
            out[offset] = normal(SharedRandomness.word(stream, index, key), stream, index, key, k1);
            pos = 1;
            index++;
        }
        if (length - pos >= 64 && index >= 0 && index <= Long.MAX_VALUE - length) { // block numbers do not wrap
            PhiloxBatch batch = PhiloxBatch.local();
            while (length - pos >= 2) {
                int n = Math.min(PhiloxBatch.CAPACITY, (length - pos) >>> 1);
                long[] words = batch.blocks(index >>> 1, stream, key, n);
                int o = offset + pos;
                // the rectangle value of every word, without branches; then the (rare) words outside their layer's
                // rectangle are found and redone by the slow path
                for (int j = 0; j < 2 * n; j++) {
                    long w = words[j];
                    out[o + j] = (w >>> 11) * SIGNED_SCALE[(int) w & 0x1FF];
                }
                int[] redo = batch.positions;
                int r = 0;
                for (int j = 0; j < 2 * n; j++) {
                    long w = words[j];
                    if ((w >>> 11) >= SIGNED_THRESHOLD[(int) w & 0x1FF]) {
                        redo[r++] = j;
                    }
                }
                for (int q = 0; q < r; q++) { // outside the scan, so that the scan stays a tight loop
                    int j = redo[q];
                    out[o + j] = slow(words[j], stream, index + j, key, k1);
                }
                pos += 2 * n;
                index += 2 * n;
            }
        }
        for (; pos < length; pos++, index++) {
            out[offset + pos] = normal(SharedRandomness.word(stream, index, key), stream, index, key, k1);
        }
    }
}
