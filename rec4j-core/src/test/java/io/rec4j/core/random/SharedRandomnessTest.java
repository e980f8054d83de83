package io.rec4j.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedRandomnessTest {

    /**
     * Golden vectors. The 64-bit words and uniforms were computed by an independent Python transcription of the
     * definitions in the class comment (Python integers, Random123 round function). The normals are checked
     * against mpmath's correctly rounded Φ^{-1} of the same uniforms to 1e-14 relative (AS 241 is accurate to
     * about 1e-16); their exact bits are pinned by the digest in {@link CrossJvmDeterminismTest}.
     */
    @Test
    void goldenWordsAndUniforms() {
        long[][] words = {
            {0x6627e8d5e169c58dL, 0xbc57ac4c9b00dbd8L, 0xf8e4cca45cb200dbL, 0xb1a574eb097eff67L, 0x04faa32951c732a6L, 0x241513ad459135e4L},
            {0x9ceaf05377f5493bL, 0x12bf50ad5742b3d7L, 0xfcdb212753ba6cfdL, 0x838f5a6e744e06fbL, 0xd36c0225a8875dcbL, 0x9a4d6d99c609a559L},
        };
        double[][] uniforms = {
            {0x1.989fa35785a71p-2, 0x1.78af58993601cp-1, 0x1.f1c99948b9640p-1, 0x1.634ae9d612fe0p-1, 0x1.3ea8ca5471cd0p-6, 0x1.20a89d6a2c89ap-3},
            {0x1.39d5e0a6efeaap-1, 0x1.2bf50ad5742b4p-4, 0x1.f9b6424ea774ep-1, 0x1.071eb4dce89c0p-1, 0x1.a6d8044b510ecp-1, 0x1.349adb338c134p-1},
        };
        // correctly rounded Φ^{-1}(u) from mpmath (40 digits)
        double[][] normals = {
            {-0x1.05f49f274641bp-2, 0x1.42a76ea5b0d71p-1, 0x1.ea308c1ad2768p+0, 0x1.03989d958561fp-1, -0x1.085a49a35bfcdp+1, -0x1.1379b97cf50acp+0},
            {0x1.25ee4fdbb73dbp-2, -0x1.73bf4293dd7a6p+0, 0x1.1fc56619bc88bp+1, 0x1.1d9c5f46a4a31p-5, 0x1.e03bf1037bc9cp-1, 0x1.0ab4f7af896e1p-2},
        };
        long[] seeds = {0, 42};
        for (int s = 0; s < seeds.length; s++) {
            SharedRandomness r = SharedRandomness.fromSeed(seeds[s]);
            for (int i = 0; i < 6; i++) {
                assertEquals(words[s][i], r.bits64(0, i), "word " + i + " seed " + seeds[s]);
                assertEquals(uniforms[s][i], r.uniform(0, i), "uniform " + i);
                double z = r.normal(0, i);
                assertTrue(Math.abs(z - normals[s][i]) <= 1e-14 * Math.abs(normals[s][i]), "normal " + i + ": " + z);
            }
        }
    }

    @Test
    void bulkFillEqualsRandomAccess() {
        SharedRandomness r = SharedRandomness.fromSeed(123).derive(7, 9);
        for (long from : new long[] {0, 1, 2, 1001, (1L << 40) + 1, -700, Long.MAX_VALUE - 600}) {
            for (int len : new int[] {0, 1, 2, 3, 17, 64, 65, 513, 1500}) { // 64 and up: batched Philox rounds
                double[] u = new double[len + 2];
                double[] z = new double[len + 2];
                r.fillUniform(5, from, u, 1, len);
                r.fillNormal(5, from, z, 1, len);
                for (int i = 0; i < len; i++) {
                    assertEquals(r.uniform(5, from + i), u[1 + i]);
                    assertEquals(r.normal(5, from + i), z[1 + i]);
                }
                assertEquals(0.0, u[0]);
                assertEquals(0.0, u[len + 1]);
            }
        }
    }

    @Test
    void derivedKeysAreDistinctAndDeterministic() {
        SharedRandomness master = SharedRandomness.fromSeed(2026);
        Set<Long> keys = new HashSet<>();
        keys.add(master.key());
        for (long label = 0; label < 10_000; label++) {
            assertTrue(keys.add(master.derive(label).key()), "collision at label " + label);
        }
        assertEquals(master.derive(3).derive(4), master.derive(3, 4));
        assertNotEquals(master.derive(3, 4), master.derive(4, 3));
        assertThrows(IllegalArgumentException.class, () -> master.bits64(-1, 0));
    }

    /** Uniforms: strictly inside (0, 1) and their mean and variance match U(0,1) at α = 0.001 (z-tests). */
    @Test
    void uniformMomentsAndRange() {
        SharedRandomness r = SharedRandomness.fromSeed(77);
        int n = 200_000;
        double[] u = new double[n];
        r.fillUniform(3, 0, u, 0, n);
        double mean = Arrays.stream(u).sum() / n;
        double var = Arrays.stream(u).map(x -> (x - 0.5) * (x - 0.5)).sum() / n;
        assertTrue(Arrays.stream(u).allMatch(x -> x > 0 && x < 1));
        // sd of the mean = sqrt(1/12 / n); of the variance estimator = sqrt((1/80 - 1/144) / n); z_{0.9995} = 3.29
        assertTrue(Math.abs(mean - 0.5) < 3.29 * Math.sqrt(1.0 / 12 / n), "mean " + mean);
        assertTrue(Math.abs(var - 1.0 / 12) < 3.29 * Math.sqrt((1.0 / 80 - 1.0 / 144) / n), "var " + var);
    }

    /** Normals pass a Kolmogorov–Smirnov test against Φ at α = 0.001 (critical value 1.949 / sqrt(n)). */
    @Test
    void normalsPassKolmogorovSmirnov() {
        SharedRandomness r = SharedRandomness.fromSeed(31337);
        int n = 100_000;
        double[] z = new double[n];
        r.fillNormal(0, 0, z, 0, n);
        Arrays.sort(z);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = io.rec4j.core.math.SpecialFunctions.normalCdf(z[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        assertTrue(d < 1.949 / Math.sqrt(n), "KS statistic " + d);
    }

    @Test
    void digestIsStableAndSensitive() {
        String d = SharedRandomness.normalDigest(42, 1000);
        assertEquals(64, d.length());
        assertEquals(d, SharedRandomness.normalDigest(42, 1000));
        assertNotEquals(d, SharedRandomness.normalDigest(43, 1000));
        assertNotEquals(d, SharedRandomness.normalDigest(42, 999));
        // SHA-256 of the empty message
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", SharedRandomness.normalDigest(1, 0));
    }
}
