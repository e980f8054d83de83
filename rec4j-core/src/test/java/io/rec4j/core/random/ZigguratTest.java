package io.rec4j.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.math.SpecialFunctions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link NormalGenerator#ZIGGURAT}: golden values, tables, random access and the distribution of its output. */
class ZigguratTest {
    /** The ziggurat's tail start r = x[1], as a double for the expected counts below. */
    private static final double R = Ziggurat.R;

    private static SharedRandomness zig(long seed) {
        return SharedRandomness.fromSeed(seed, NormalGenerator.ZIGGURAT);
    }

    /**
     * Golden values, computed once by an independent Python transcription of the definition in {@link Ziggurat}'s
     * class comment (Python integers for Philox, glibc's {@code exp}/{@code log}/{@code sqrt} for the tables, so a
     * table entry may differ from the {@code StrictMath} one in its last bits): the Java values must agree to 4 ulp.
     * Their exact bits are pinned by {@link CrossJvmDeterminismTest}'s ziggurat digest. Seed 42, stream 0 includes
     * index 2 (a wedge rejection test that accepts), 3348 and 5831 (tail draws) and 2560 and 4379 (a wedge rejection
     * followed by a second word: two fallback blocks).
     */
    @Test
    void goldenValuesAgreeWithAnIndependentTranscription() {
        Object[][] cases = {
            {0L, 0L, new long[] {0, 1, 2, 3, 4, 5, 6, 7}, new double[] {-0x1.27d228413f218p-1, -0x1.536240f19086dp-1,
                0x1.b2b4132ce748cp-1, -0x1.2fc16ecff3b16p+0, 0x1.97e2299392c8cp-6, -0x1.c3d133b55308bp-4,
                0x1.02011d32e8bdcp+0, 0x1.f31e079868e2dp+0}},
            {42L, 0L, new long[] {0, 1, 2, 3, 4, 5, 6, 7}, new double[] {-0x1.455fa84241e88p+0, -0x1.10f51a7d114d5p-4,
                0x1.5392ace2dfba9p-2, 0x1.add241629ff16p-3, -0x1.ab9e66086e9f0p-1, -0x1.18035df8d9021p+0,
                -0x1.d15eb39c491c7p-1, -0x1.31e53b9f20181p-2}},
            {7L, 3L, new long[] {0, 1, 2, 3, 4, 5, 6, 7}, new double[] {0x1.307fe0ecbc3dap+0, 0x1.c2dbdcdd148ddp-2,
                -0x1.0ef6f9a07b9f9p-1, -0x1.c911bec8d4d42p-5, 0x1.3a2fe461e7affp-1, 0x1.527c16861ca09p-3,
                -0x1.6fa07dba7a870p-1, 0x1.e2cf799a45fc1p-3}},
            {42L, 0L, new long[] {31, 3348, 5831, 7916, 2560, 4379}, new double[] {-0x1.b0d11aaf695b2p+0,
                0x1.068cf6df3c8cap+2, -0x1.dbad3333b8b61p+1, -0x1.08f588fd965afp+2, -0x1.9388785c389a6p+0,
                0x1.07e2b3709e4d0p+0}},
        };
        for (Object[] c : cases) {
            SharedRandomness r = zig((Long) c[0]);
            long stream = (Long) c[1];
            long[] idx = (long[]) c[2];
            double[] want = (double[]) c[3];
            for (int i = 0; i < idx.length; i++) {
                double z = r.normal(stream, idx[i]);
                assertTrue(Math.abs(z - want[i]) <= 4 * Math.ulp(want[i]),
                        "seed " + c[0] + " stream " + stream + " index " + idx[i] + ": " + Double.toHexString(z)
                                + " vs " + Double.toHexString(want[i]));
            }
        }
    }

    /** Every layer has area v (the tables close up: the top layer's area comes out right only if all recursions do). */
    @Test
    void tablesDescribeEqualAreaLayers() {
        assertEquals(R, Ziggurat.edge(1));
        assertEquals(0.0, Ziggurat.edge(Ziggurat.LAYERS));
        assertEquals(0L, Ziggurat.threshold(Ziggurat.LAYERS - 1), "the top layer has no inner rectangle");
        for (int i = 1; i < Ziggurat.LAYERS; i++) {
            double area = Ziggurat.edge(i) * (Ziggurat.f(Ziggurat.edge(i + 1)) - Ziggurat.f(Ziggurat.edge(i)));
            assertEquals(Ziggurat.V, area, 1e-9 * Ziggurat.V, "layer " + i);
            assertTrue(Ziggurat.edge(i + 1) < Ziggurat.edge(i), "edges decrease at " + i);
        }
        // base layer: rectangle [0, r] x [0, f(r)] plus the tail, together of area v
        double tail = Math.sqrt(Math.PI / 2) * SpecialFunctions.erfc(R / Math.sqrt(2));
        assertEquals(Ziggurat.V, R * Ziggurat.f(R) + tail, 1e-9 * Ziggurat.V);
        assertEquals(Ziggurat.V, Ziggurat.edge(0) * Ziggurat.f(R), 1e-15);
    }

    @Test
    void bulkFillEqualsRandomAccess() {
        SharedRandomness r = zig(123).derive(7, 9);
        for (long from : new long[] {0, 1, 2, 1001, (1L << 40) + 1, -700, Long.MAX_VALUE - 600}) {
            for (int len : new int[] {0, 1, 2, 3, 17, 63, 64, 65, 511, 512, 513, 1500}) {
                double[] z = new double[len + 2];
                r.fillNormal(5, from, z, 1, len);
                for (int i = 0; i < len; i++) {
                    assertEquals(Double.doubleToRawLongBits(r.normal(5, from + i)), Double.doubleToRawLongBits(z[1 + i]),
                            "from " + from + " i " + i);
                }
                assertEquals(0.0, z[0]);
                assertEquals(0.0, z[len + 1]);
            }
        }
    }

    /** The batched Philox rounds give exactly {@link Philox4x32}'s words. */
    @Test
    void batchedPhiloxEqualsTheBlockFunction() {
        PhiloxBatch batch = new PhiloxBatch();
        long[] words = new long[2 * PhiloxBatch.CAPACITY];
        long[] pair = new long[2];
        for (long first : new long[] {0, 0xFFFF_FFF0L, -3}) {
            for (long stream : new long[] {0, 5, -1}) {
                batch.blocks(first, stream, 0x0123_4567_89AB_CDEFL, PhiloxBatch.CAPACITY, words);
                for (int j = 0; j < PhiloxBatch.CAPACITY; j++) {
                    Philox4x32.block(first + j, stream, 0x0123_4567_89AB_CDEFL, pair);
                    assertEquals(pair[0], words[2 * j]);
                    assertEquals(pair[1], words[2 * j + 1]);
                }
            }
        }
    }

    @Test
    void generatorIsInheritedAndPartOfTheIdentity() {
        SharedRandomness z = zig(5);
        assertEquals(NormalGenerator.ZIGGURAT, z.derive(1, 2).generator());
        assertEquals(NormalGenerator.INVERSION, SharedRandomness.fromSeed(5).derive(1).generator());
        assertEquals(SharedRandomness.fromSeed(5).derive(3).key(), z.derive(3).key(), "keys do not depend on it");
        assertNotEquals(SharedRandomness.fromSeed(5), z);
        assertEquals(SharedRandomness.fromSeed(5).uniform(0, 9), z.uniform(0, 9));
        assertNotEquals(SharedRandomness.fromSeed(5).normal(0, 9), z.normal(0, 9));
    }

    /**
     * Kolmogorov–Smirnov against Φ on 10^6 draws (20 streams of 50,000): D must stay below the asymptotic critical
     * value 1.9495/√n of α = 0.001.
     */
    @Test
    void kolmogorovSmirnovAgainstPhi() {
        int perStream = 50_000;
        int streams = 20;
        int n = perStream * streams;
        double[] z = new double[n];
        SharedRandomness r = zig(2026);
        for (int s = 0; s < streams; s++) {
            r.fillNormal(s, 0, z, s * perStream, perStream);
        }
        Arrays.sort(z);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double p = SpecialFunctions.normalCdf(z[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - p, p - (double) i / n));
        }
        double critical = 1.9495 / Math.sqrt(n);
        System.out.printf("ziggurat KS: D = %.6f (critical %.6f)%n", d, critical);
        assertTrue(d < critical, "D = " + d);
    }

    /**
     * Pearson's chi-square on 10^7 draws: 100 bins equiprobable under Φ (99 degrees of freedom, critical value
     * 148.23 at α = 0.001), and, beyond the tail start r (where only the tail algorithm produces values), the counts
     * of |z| in [r, r + 0.25), [r + 0.25, r + 0.5), [r + 0.5, r + 1), [r + 1, ∞) and in [0, r) (4 degrees of freedom,
     * critical value 18.47 at α = 0.001).
     */
    @Test
    void chiSquareOverall() {
        int perStream = 1 << 20;
        int streams = 10;
        long n = (long) perStream * streams;
        long[] bins = new long[100];
        double[] edges = {0, R, R + 0.25, R + 0.5, R + 1, Double.POSITIVE_INFINITY};
        long[] tail = new long[edges.length - 1];
        double[] z = new double[perStream];
        SharedRandomness r = zig(77).derive(1);
        for (int s = 0; s < streams; s++) {
            r.fillNormal(s, 0, z, 0, perStream);
            for (double v : z) {
                int b = (int) (SpecialFunctions.normalCdf(v) * bins.length);
                bins[Math.min(b, bins.length - 1)]++;
                double a = Math.abs(v);
                for (int k = 0; k < tail.length; k++) {
                    if (a < edges[k + 1]) {
                        tail[k]++;
                        break;
                    }
                }
            }
        }
        double chi = 0;
        double e = (double) n / bins.length;
        for (long c : bins) {
            chi += (c - e) * (c - e) / e;
        }
        double chiTail = 0;
        for (int k = 0; k < tail.length; k++) {
            double p = 2 * (SpecialFunctions.normalSf(edges[k]) - SpecialFunctions.normalSf(edges[k + 1]));
            double ek = n * p;
            chiTail += (tail[k] - ek) * (tail[k] - ek) / ek;
        }
        System.out.printf("ziggurat chi-square: %.1f over 100 bins (critical 148.23); tail %.2f (critical 18.47),"
                + " counts %s%n", chi, chiTail, Arrays.toString(tail));
        assertTrue(chi < 148.23, "chi-square " + chi);
        assertTrue(chiTail < 18.47, "tail chi-square " + chiTail);
        assertTrue(tail[3] > 0, "no draw beyond r + 1: the tail algorithm never reached far");
    }
}
