package io.rec4j.nn.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.math.SpecialFunctions;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels' training noise: every element against its definition (SplitMix64 bits → u → the exact inverse
 * normal CDF at u, recomputed here in double), and the sample against Φ by a Kolmogorov–Smirnov test. Reached
 * reflectively because its class is compiled with the incubator module (rec4j-nn's tests run with it).
 */
class VectorNoiseTest {
    private static final int N = 1 << 20;

    private static float[] fill(int n, long key) throws ReflectiveOperationException {
        Method m = Class.forName("io.rec4j.nn.fused.VectorNoise").getDeclaredMethod("fill", float[].class, int.class,
                long.class);
        m.setAccessible(true);
        float[] out = new float[n];
        m.invoke(null, out, n, key);
        return out;
    }

    /** SplitMix64's finaliser (the definition in VectorNoise's class comment). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Test
    void everyElementIsTheInverseNormalCdfOfItsUniformToOnePartInAMillion() throws ReflectiveOperationException {
        long key = 0x1234_5678_9ABC_DEF0L;
        float[] z = fill(N, key);
        double worst = 0;
        double maxAbs = 0;
        for (int i = 0; i < N; i++) {
            long r = mix(key + (i >>> 1) * 0x9E3779B97F4A7C15L);
            int b = (i & 1) == 0 ? (int) r : (int) (r >>> 32);
            double u = ((b >>> 8) | 1) * 0x1.0p-24;
            double exact = SpecialFunctions.normalQuantile(u);
            double err = Math.abs(z[i] - exact) / Math.max(Math.abs(exact), 1e-3);
            worst = Math.max(worst, err);
            maxAbs = Math.max(maxAbs, Math.abs(z[i]));
        }
        System.out.printf("vector noise: worst relative error %.2e over %d draws, max |z| %.3f%n", worst, N, maxAbs);
        assertTrue(worst < 1e-6, "worst relative error " + worst);
        assertTrue(maxAbs < 5.4, "max |z| " + maxAbs);
    }

    @Test
    void aMillionDrawsPassAKolmogorovSmirnovTestAgainstPhiAtAlphaOnePerMille() throws ReflectiveOperationException {
        float[] z = fill(N, 42);
        double[] s = new double[N];
        for (int i = 0; i < N; i++) {
            s[i] = z[i];
        }
        Arrays.sort(s);
        double d = 0;
        for (int i = 0; i < N; i++) {
            double f = SpecialFunctions.normalCdf(s[i]);
            d = Math.max(d, Math.max(f - (double) i / N, (i + 1.0) / N - f));
        }
        // Asymptotic critical value of the one-sample KS statistic at α = 0.001: 1.9495/√n.
        double critical = 1.9495 / Math.sqrt(N);
        System.out.printf("vector noise: KS D = %.2e (critical %.2e at α = 0.001)%n", d, critical);
        assertTrue(d < critical, "KS D " + d);
    }

    @Test
    void differentKeysGiveDifferentStreamsAndTheSameKeyRepeats() throws ReflectiveOperationException {
        float[] a = fill(4096, 7);
        float[] b = fill(4096, 7);
        float[] c = fill(4096, 8);
        assertTrue(Arrays.equals(a, b));
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == c[i]) {
                same++;
            }
        }
        assertEquals(0, same, 2.0, "elements equal under two keys");
    }
}
