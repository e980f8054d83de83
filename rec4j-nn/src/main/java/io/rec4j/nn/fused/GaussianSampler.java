package io.rec4j.nn.fused;

/**
 * Fast seeded standard-normal generator for the local-reparameterisation noise ε and ε_b ({@code docs/combiner.md},
 * "Posterior and β-ELBO"): the 128-layer ziggurat of Marsaglia &amp; Tsang (J. Stat. Softw. 5(8), 2000) driven by
 * SplitMix64 (Steele, Lea &amp; Flood, OOPSLA 2014). About 99% of draws cost one 64-bit random number, a table look-up,
 * a compare and a multiply ({@link #fill} gets two draws from each 64-bit number); the rest fall to the exact
 * wedge/tail rejection step.
 *
 * <p>The stream is a pure function of the seed (repeatable on every JVM); one instance is not thread-safe.
 */
final class GaussianSampler {
    /** Number of ziggurat layers (a power of two: the layer index is taken from the low random bits). */
    private static final int LAYERS = 128;
    /** x-coordinate where the tail starts (Marsaglia &amp; Tsang's r for 128 layers). */
    private static final double TAIL_START = 3.442619855899;
    /** Common area of every layer (Marsaglia &amp; Tsang's v for 128 layers). */
    private static final double LAYER_AREA = 9.91256303526217e-3;
    /** Scale of the signed 32-bit random integer: 2^31. */
    private static final double M1 = 2147483648.0;
    /** SplitMix64 increment: the 64-bit golden ratio. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** Acceptance thresholds on |hz| per layer. */
    private static final long[] KN = new long[LAYERS];
    /** Layer widths divided by 2^31: x = hz·WN[i]. */
    private static final double[] WN = new double[LAYERS];
    /** Density exp(−x²/2) at the layer edges. */
    private static final double[] FN = new double[LAYERS];

    static {
        double dn = TAIL_START;
        double tn = dn;
        double q = LAYER_AREA / Math.exp(-0.5 * dn * dn);
        KN[0] = (long) ((dn / q) * M1);
        KN[1] = 0;
        WN[0] = q / M1;
        WN[LAYERS - 1] = dn / M1;
        FN[0] = 1.0;
        FN[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
        for (int i = LAYERS - 2; i >= 1; i--) {
            dn = Math.sqrt(-2.0 * Math.log(LAYER_AREA / dn + Math.exp(-0.5 * dn * dn)));
            KN[i + 1] = (long) ((dn / tn) * M1);
            tn = dn;
            FN[i] = Math.exp(-0.5 * dn * dn);
            WN[i] = dn / M1;
        }
    }

    private long state;

    GaussianSampler(long seed) {
        this.state = seed;
    }

    /** Mixes a few words into one well-spread 64-bit seed (SplitMix64 finaliser applied per word). */
    static long seedOf(long seed, long a, long b) {
        return mix(mix(mix(seed) ^ a) ^ b);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in (0, 1]: never 0, so its logarithm is finite. */
    private double uniformOpen() {
        return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    /** One standard-normal draw. */
    double next() {
        long bits = nextLong();
        int hz = (int) (bits >>> 32); // signed 32-bit abscissa
        int iz = (int) bits & (LAYERS - 1); // layer from independent low bits
        if (Math.abs((long) hz) < KN[iz]) {
            return hz * WN[iz];
        }
        return slow(hz, iz);
    }

    private double slow(int hz, int iz) {
        while (true) {
            double x = hz * WN[iz];
            if (iz == 0) { // tail beyond r: Marsaglia's exponential rejection
                double xx;
                double y;
                do {
                    xx = -Math.log(uniformOpen()) / TAIL_START;
                    y = -Math.log(uniformOpen());
                } while (y + y < xx * xx);
                return hz > 0 ? TAIL_START + xx : -TAIL_START - xx;
            }
            if (FN[iz] + uniformOpen() * (FN[iz - 1] - FN[iz]) < Math.exp(-0.5 * x * x)) {
                return x; // inside the wedge
            }
            long bits = nextLong();
            hz = (int) (bits >>> 32);
            iz = (int) bits & (LAYERS - 1);
            if (Math.abs((long) hz) < KN[iz]) {
                return hz * WN[iz];
            }
        }
    }

    /**
     * Fills {@code dst[0, n)} with standard-normal draws (as float), two per 64-bit random number: each 32-bit half
     * gives the layer (its low 7 bits) and a signed abscissa (its top 25 bits, ample for a float result), so the two
     * draws use disjoint bits. Only the rare rejection step consumes further random numbers.
     */
    void fill(float[] dst, int n) {
        int k = 0;
        for (; k + 1 < n; k += 2) {
            long bits = nextLong();
            dst[k] = (float) fromHalf((int) (bits >>> 32));
            dst[k + 1] = (float) fromHalf((int) bits);
        }
        if (k < n) {
            dst[k] = (float) next();
        }
    }

    /** One draw from 32 random bits: layer from the low bits, abscissa from the rest (a multiple of 2^7). */
    private double fromHalf(int u) {
        int iz = u & (LAYERS - 1);
        int hz = u & -LAYERS;
        if (Math.abs((long) hz) < KN[iz]) {
            return hz * WN[iz];
        }
        return slow(hz, iz);
    }
}
