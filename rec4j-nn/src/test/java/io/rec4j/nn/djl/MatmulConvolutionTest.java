package io.rec4j.nn.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolutions as matrix products against the definitions, summed directly in double: outputs and the gradients of a
 * weighted sum of the outputs with respect to input, weight and bias, for plain and transposed convolutions of several
 * kernel sizes, strides and paddings (rectangular images, channel counts in the range where oneDNN's kernels fail).
 */
class MatmulConvolutionTest {
    /** One convolution's operands and results, flattened in PyTorch's layouts. */
    private record Case(float[] x, float[] w, float[] b, float[] g, int[] xShape, int[] wShape, int[] yShape) {
    }

    @ParameterizedTest(name = "conv k={0} s={1} p={2} C={3} O={4} {5}x{6}")
    @CsvSource({"4,2,1,1,32,28,28", "4,2,1,32,64,14,14", "3,1,1,20,6,9,7", "5,1,0,3,7,12,10", "3,2,0,25,4,11,8",
        "1,1,0,17,3,5,6"})
    void convolutionIsTheDefinition(int k, int s, int p, int c, int o, int h, int wd) {
        int n = 2;
        int ho = (h + 2 * p - k) / s + 1;
        int wo = (wd + 2 * p - k) / s + 1;
        SplittableRandom r = new SplittableRandom(31L * k + 7L * c + o);
        Case t = new Case(random(n * c * h * wd, r), random(o * c * k * k, r), random(o, r), random(n * o * ho * wo, r),
                new int[] {n, c, h, wd}, new int[] {o, c, k, k}, new int[] {n, o, ho, wo});
        double[] y = new double[n * o * ho * wo];
        double[] gx = new double[t.x.length];
        double[] gw = new double[t.w.length];
        double[] gb = new double[o];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        int yi = ((b * o + oc) * ho + i) * wo + j;
                        double sum = t.b[oc];
                        double go = t.g[yi];
                        gb[oc] += go;
                        for (int ci = 0; ci < c; ci++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int row = s * i + u - p;
                                    int col = s * j + v - p;
                                    if (row < 0 || row >= h || col < 0 || col >= wd) {
                                        continue;
                                    }
                                    int xi = ((b * c + ci) * h + row) * wd + col;
                                    int wi = ((oc * c + ci) * k + u) * k + v;
                                    sum += (double) t.w[wi] * t.x[xi];
                                    gx[xi] += go * t.w[wi];
                                    gw[wi] += go * t.x[xi];
                                }
                            }
                        }
                        y[yi] = sum;
                    }
                }
            }
        }
        check(t, false, s, p, y, gx, gw, gb);
    }

    @ParameterizedTest(name = "transposed k={0} s={1} p={2} C={3} O={4} {5}x{6}")
    @CsvSource({"4,2,1,64,32,7,7", "4,2,1,32,2,14,14", "3,1,1,20,6,5,8", "2,2,0,3,5,4,3", "5,1,2,4,3,6,6",
        "6,2,2,18,4,5,4", "3,3,0,2,2,3,4"})
    void transposedConvolutionIsTheDefinition(int k, int s, int p, int c, int o, int h, int wd) {
        int n = 2;
        int ho = (h - 1) * s - 2 * p + k;
        int wo = (wd - 1) * s - 2 * p + k;
        SplittableRandom r = new SplittableRandom(17L * k + 5L * c + o);
        Case t = new Case(random(n * c * h * wd, r), random(c * o * k * k, r), random(o, r), random(n * o * ho * wo, r),
                new int[] {n, c, h, wd}, new int[] {c, o, k, k}, new int[] {n, o, ho, wo});
        double[] y = new double[n * o * ho * wo];
        double[] gx = new double[t.x.length];
        double[] gw = new double[t.w.length];
        double[] gb = new double[o];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < ho * wo; i++) {
                    int yi = (b * o + oc) * ho * wo + i;
                    y[yi] += t.b[oc];
                    gb[oc] += t.g[yi];
                }
            }
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wd; j++) {
                        int xi = ((b * c + ci) * h + i) * wd + j;
                        for (int oc = 0; oc < o; oc++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int row = s * i + u - p;
                                    int col = s * j + v - p;
                                    if (row < 0 || row >= ho || col < 0 || col >= wo) {
                                        continue;
                                    }
                                    int yi = ((b * o + oc) * ho + row) * wo + col;
                                    int wi = ((ci * o + oc) * k + u) * k + v;
                                    y[yi] += (double) t.w[wi] * t.x[xi];
                                    gx[xi] += t.g[yi] * t.w[wi];
                                    gw[wi] += t.g[yi] * t.x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        check(t, true, s, p, y, gx, gw, gb);
    }

    @Test
    void refusesShapesItCannotDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 3, 5, 5));
            assertThrows(IllegalArgumentException.class,
                    () -> MatmulConvolution.conv2d(x, m.zeros(new Shape(2, 4, 3, 3)), null, 1, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> MatmulConvolution.conv2d(x, m.zeros(new Shape(2, 3, 7, 7)), null, 1, 0));
            // 3 − 2·1 = 1 is not a multiple of 2: the output phases would differ in size
            assertThrows(IllegalArgumentException.class,
                    () -> MatmulConvolution.convTranspose2d(x, m.zeros(new Shape(3, 2, 3, 3)), null, 2, 1));
        }
    }

    private static void check(Case t, boolean transposed, int s, int p, double[] y, double[] gx, double[] gw,
            double[] gb) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = leaf(m, t.x, t.xShape);
            NDArray w = leaf(m, t.w, t.wShape);
            NDArray b = leaf(m, t.b, new int[] {t.b.length});
            float[] got;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = transposed ? MatmulConvolution.convTranspose2d(x, w, b, s, p)
                        : MatmulConvolution.conv2d(x, w, b, s, p);
                assertArrayEquals(shape(t.yShape).getShape(), out.getShape().getShape(), "output shape");
                got = out.toFloatArray();
                gc.backward(out.mul(m.create(t.g, shape(t.yShape))).sum());
            }
            near(y, got, "output");
            near(gx, x.getGradient().toFloatArray(), "input gradient");
            near(gw, w.getGradient().toFloatArray(), "weight gradient");
            near(gb, b.getGradient().toFloatArray(), "bias gradient");
        }
    }

    private static NDArray leaf(NDManager m, float[] v, int[] dims) {
        NDArray a = m.create(v, shape(dims)).duplicate();
        a.setRequiresGradient(true);
        return a;
    }

    private static Shape shape(int[] dims) {
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        return new Shape(l);
    }

    /** float32 sums of at most a few thousand terms of size ≤ 1: 1e-4 is far above their rounding, far below a bug. */
    private static void near(double[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + " size");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4 * Math.max(1, Math.abs(want[i])), what + " at " + i);
        }
    }

    private static float[] random(int size, SplittableRandom r) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (r.nextDouble() - 0.5);
        }
        return v;
    }
}
