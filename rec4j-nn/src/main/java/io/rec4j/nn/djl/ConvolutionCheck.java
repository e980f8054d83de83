package io.rec4j.nn.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;

/**
 * A once-per-JVM check that the engine's 2-D convolution, forward and backward, computes what it should
 * ({@code docs/architecture.md}, "PyTorch's CPU convolutions"). PyTorch 2.7.1's CPU convolutions (DJL 0.36 natives)
 * through oneDNN's AVX2 and AVX-512 kernels return wrong values on some CPUs (measured on an AMD EPYC with AVX-512:
 * forward passes with 17–31 or 33–40 input channels, and backward passes of small ones, off by the size of the
 * outputs), while its SSE4.1 kernels are right: starting the JVM with {@code ONEDNN_MAX_CPU_ISA=SSE41} (the
 * {@code rec4j} launcher and the build's tests do) fixes them. A trainer that convolves calls {@link #verify()}
 * first, so that it fails loudly instead of training on wrong gradients.
 */
public final class ConvolutionCheck {
    private static volatile String failure;
    private static volatile boolean done;

    private ConvolutionCheck() {
    }

    /**
     * Runs the check once (a batch of 2 images, 20 input and 6 output channels, 3×3 kernels: forward values and the
     * gradients of a weighted sum against a direct computation in double).
     *
     * @throws IllegalStateException if the engine's convolution is wrong on this CPU
     */
    public static void verify() {
        if (!done) {
            synchronized (ConvolutionCheck.class) {
                if (!done) {
                    failure = run();
                    done = true;
                }
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static String run() {
        int n = 2;
        int c = 20;
        int k = 6;
        int kern = 3;
        int h = 9;
        int m = h - kern + 1;
        SplittableRandom r = new SplittableRandom(20261207);
        float[] x = random(n * c * h * h, r);
        float[] w = random(k * c * kern * kern, r);
        float[] g = random(n * k * m * m, r);
        float[] out;
        float[] gx;
        float[] gw;
        try (NDManager mg = NDManager.newBaseManager()) {
            NDArray xa = mg.create(x, new Shape(n, c, h, h)).duplicate();
            NDArray wa = mg.create(w, new Shape(k, c, kern, kern)).duplicate();
            NDArray ga = mg.create(g, new Shape(n, k, m, m)).duplicate();
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Conv2d.conv2d(xa, wa, mg.zeros(new Shape(k)), new Shape(1, 1), new Shape(0, 0),
                        new Shape(1, 1), 1).singletonOrThrow();
                out = y.toFloatArray();
                gc.backward(y.mul(ga).sum());
            }
            gx = xa.getGradient().toFloatArray();
            gw = wa.getGradient().toFloatArray();
        }
        double[] wantGx = new double[gx.length];
        double[] wantGw = new double[gw.length];
        double worst = 0;
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < k; o++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        double s = 0;
                        double go = g[((b * k + o) * m + i) * m + j];
                        for (int ci = 0; ci < c; ci++) {
                            for (int dr = 0; dr < kern; dr++) {
                                for (int dc = 0; dc < kern; dc++) {
                                    int wi = ((o * c + ci) * kern + dr) * kern + dc;
                                    int xi = ((b * c + ci) * h + i + dr) * h + j + dc;
                                    s += (double) w[wi] * x[xi];
                                    wantGx[xi] += go * w[wi];
                                    wantGw[wi] += go * x[xi];
                                }
                            }
                        }
                        worst = Math.max(worst, Math.abs(s - out[((b * k + o) * m + i) * m + j]));
                    }
                }
            }
        }
        double worstGx = maxDiff(wantGx, gx);
        double worstGw = maxDiff(wantGw, gw);
        if (worst < 1e-3 && worstGx < 1e-3 && worstGw < 1e-3) {
            return null;
        }
        String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
        return String.format(java.util.Locale.ROOT, "PyTorch's CPU convolution computes wrong values on this CPU"
                + " (largest errors: output %.3g, input gradient %.3g, weight gradient %.3g; ONEDNN_MAX_CPU_ISA=%s);"
                + " start the JVM with the environment variable ONEDNN_MAX_CPU_ISA=SSE41 (the rec4j launcher sets it)"
                + " - see docs/architecture.md, \"PyTorch's CPU convolutions\"", worst, worstGx, worstGw,
                isa == null ? "unset" : isa);
    }

    private static float[] random(int size, SplittableRandom r) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (r.nextDouble() - 0.5);
        }
        return v;
    }

    private static double maxDiff(double[] want, float[] got) {
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        return worst;
    }
}
