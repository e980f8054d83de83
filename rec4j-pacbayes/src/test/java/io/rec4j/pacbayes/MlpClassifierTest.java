package io.rec4j.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-derived gradient of the bounded cross-entropy against central finite differences, and the losses' values. */
class MlpClassifierTest {
    static MlpClassifier tiny(double pMin, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 9;
        float[] x = new float[n * 5];
        byte[] y = new byte[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = (byte) r.nextInt(3);
        }
        return new MlpClassifier(x, y, 5, 4, 3, pMin, 0.5);
    }

    /** Every coordinate within 10⁻⁶ (relative to the gradient's largest entry) of the central difference, h = 10⁻⁶. */
    @Test
    void gradientMatchesFiniteDifferences() {
        MlpClassifier m = tiny(1e-6, 1);
        SplittableRandom r = new SplittableRandom(2);
        double[] theta = m.initialise(r);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.1 * r.nextGaussian(); // biases off zero, ReLUs off their kinks
        }
        double[] grad = new double[theta.length];
        m.lossAndGradient(theta, grad);
        double largest = 0;
        for (double g : grad) {
            largest = Math.max(largest, Math.abs(g));
        }
        assertTrue(largest > 1e-3, "a non-trivial gradient");
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (m.loss(plus) - m.loss(minus)) / (2 * h);
            assertEquals(fd, grad[i], 1e-6 * largest, "parameter " + i);
        }
    }

    @Test
    void boundedLossStaysInTheUnitIntervalAndIsFlatWhereClamped() {
        MlpClassifier m = tiny(0.2, 3);
        double[] theta = m.initialise(new SplittableRandom(4));
        for (int i = 0; i < theta.length; i++) {
            theta[i] *= 30; // confident, often wrong: many examples clamped at p_min
        }
        double[] grad = new double[theta.length];
        double loss = m.lossAndGradient(theta, grad);
        assertTrue(loss >= 0 && loss <= 1, "loss " + loss);
        double error = m.error(theta);
        assertTrue(error >= 0 && error <= 1);
        // a loss of exactly 1 (every example clamped) has no gradient
        MlpClassifier one = new MlpClassifier(new float[] {1, 0, 0, 0, 0}, new byte[] {2}, 5, 4, 3, 0.2, 0.5);
        double[] t = new double[one.dimension()];
        t[t.length - 3] = 50; // b₂ favours class 0 overwhelmingly
        double[] g = new double[t.length];
        assertEquals(1, one.lossAndGradient(t, g), 1e-12);
        for (double v : g) {
            assertEquals(0, v);
        }
        assertEquals(1, one.error(t));
    }

    @Test
    void downsamplingAveragesBlocks() {
        float[] img = new float[16];
        for (int i = 0; i < 16; i++) {
            img[i] = i;
        }
        float[] d = MlpClassifier.downsample(img, 1, 4, 2);
        assertEquals(4, d.length);
        assertEquals((0 + 1 + 4 + 5) / 4f, d[0], 1e-6);
        assertEquals((10 + 11 + 14 + 15) / 4f, d[3], 1e-6);
    }

    @Test
    void invalidShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MlpClassifier(new float[9], new byte[2], 5, 4, 3, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new MlpClassifier(new float[5], new byte[] {3}, 5, 4, 3, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new MlpClassifier(new float[5], new byte[1], 5, 4, 3, 1, 1));
    }
}
