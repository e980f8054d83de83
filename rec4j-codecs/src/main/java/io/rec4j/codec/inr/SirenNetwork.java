package io.rec4j.codec.inr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deterministic forward pass of a {@link SirenArchitecture} ({@code docs/combiner.md}, "Network" and "Decoding"): the
 * decoder's reconstruction, reproduced bit for bit by the encoder on any JVM.
 *
 * <h2>Evaluation order (part of the contract)</h2>
 * Each point is evaluated on its own, by one thread, as follows:
 * <ol>
 *   <li>{@code a = γ(x)} by {@link FourierFeatures#embed(double[], int, double[], int)};</li>
 *   <li>for each layer {@code l} and output {@code j}:
 *       {@code s_j = ((((0.0 + a_0·W_0j) + a_1·W_1j) + …) + a_{d−1}·W_{d−1,j}) + b_j}, every product and sum a
 *       separately rounded IEEE double operation (Java never fuses them), inputs in increasing index order;</li>
 *   <li>hidden layers output {@code StrictMath.sin(w0 * s_j)} (or {@link Sine#sin} for
 *       {@link SineFunction#POLYNOMIAL}, through {@link GridRenderer}); the output layer outputs {@code s_j}
 *       unchanged.</li>
 * </ol>
 * No value is ever reduced across points or threads, so the result depends only on the architecture, the
 * parameters and the grid, never on the thread count of {@link #render(SirenArchitecture, double[], int, int, int)}.
 * The output is raw (not clamped); images are clamped and rounded by {@code io.rec4j.codec.image.RgbImage}.
 */
public final class SirenNetwork {
    private SirenNetwork() {
    }

    /**
     * Renders an {@code height × width} image on one thread: the network evaluated on
     * {@link CoordinateGrid#image(int, int)}.
     *
     * @param arch       architecture; its input dimension must be 2
     * @param flatParams parameters in the layout of {@link SirenArchitecture}, length {@code parameterCount()}
     * @return {@code H·W·C} values, pixel-major (row-major pixels, then channels), unclamped
     */
    public static double[] render(SirenArchitecture arch, double[] flatParams, int height, int width) {
        return render(arch, flatParams, height, width, 1);
    }

    /**
     * {@link #render(SirenArchitecture, double[], int, int)} with the rows split into {@code threads} contiguous
     * chunks evaluated concurrently; every pixel is still computed by one thread in the fixed order, so the bits
     * are identical for every thread count.
     */
    public static double[] render(SirenArchitecture arch, double[] flatParams, int height, int width, int threads) {
        if (arch.inputDim() != 2) {
            throw new IllegalArgumentException("rendering an image needs 2-D input, architecture has "
                    + arch.inputDim());
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + height + " x " + width);
        }
        if ((long) height * width * Math.max(2, arch.outputChannels()) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image too large: " + height + " x " + width);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be positive, was " + threads);
        }
        checkParams(arch, flatParams);
        double[] points = CoordinateGrid.image(height, width);
        double[] out = new double[height * width * arch.outputChannels()];
        int chunks = Math.min(threads, height);
        if (chunks == 1) {
            evaluateRange(arch, flatParams, points, 0, height * width, out);
            return out;
        }
        List<Thread> workers = new ArrayList<>(chunks);
        Throwable[] failure = new Throwable[chunks];
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) c * height / chunks) * width;
            int to = (int) ((long) (c + 1) * height / chunks) * width;
            int id = c;
            Thread t = new Thread(() -> {
                try {
                    evaluateRange(arch, flatParams, points, from, to, out);
                } catch (Throwable e) {
                    failure[id] = e;
                }
            }, "siren-render-" + c);
            workers.add(t);
            t.start();
        }
        try {
            for (Thread t : workers) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering", e);
        }
        for (Throwable e : failure) {
            if (e != null) {
                throw new IllegalStateException("render worker failed", e);
            }
        }
        return out;
    }

    /**
     * Evaluates the network on a flat list of points ({@code inputDim} coordinates each).
     *
     * @return {@code outputChannels} values per point, in point order
     */
    public static double[] evaluate(SirenArchitecture arch, double[] flatParams, double[] points) {
        checkParams(arch, flatParams);
        int dimIn = arch.inputDim();
        if (points.length % dimIn != 0) {
            throw new IllegalArgumentException("coordinate list length " + points.length
                    + " is not a multiple of the input dimension " + dimIn);
        }
        int n = points.length / dimIn;
        double[] out = new double[Math.multiplyExact(n, arch.outputChannels())];
        evaluateRange(arch, flatParams, points, 0, n, out);
        return out;
    }

    private static void checkParams(SirenArchitecture arch, double[] flatParams) {
        int expected = arch.parameterCount();
        if (flatParams.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " parameters for " + arch + ", got "
                    + flatParams.length);
        }
    }

    /** Points {@code [from, to)} of {@code points} into the matching slots of {@code out}. */
    private static void evaluateRange(SirenArchitecture arch, double[] flatParams, double[] points, int from, int to,
            double[] out) {
        evaluate(arch, flatParams, points, null, from, to, out, SineFunction.STRICT_MATH);
    }

    /**
     * Evaluates the network on inputs that are already formed: {@code embeddingSize} values per point, row-major, in
     * place of γ(x) (for instance RECOMBINER's Fourier features followed by its learned positional encodings). The
     * pass is the one of {@link #evaluate(SirenArchitecture, double[], double[])} from step 2 on, in the same order.
     *
     * @return {@code outputChannels} values per point, in point order
     */
    public static double[] evaluateInputs(SirenArchitecture arch, double[] flatParams, double[] inputs,
            SineFunction sine) {
        checkParams(arch, flatParams);
        java.util.Objects.requireNonNull(sine, "sine");
        int e = arch.embeddingSize();
        if (inputs.length % e != 0) {
            throw new IllegalArgumentException("input list length " + inputs.length
                    + " is not a multiple of the input width " + e);
        }
        int n = inputs.length / e;
        double[] out = new double[Math.multiplyExact(n, arch.outputChannels())];
        evaluate(arch, flatParams, null, inputs, 0, n, out, sine);
        return out;
    }

    /**
     * The point-by-point forward pass for points {@code [from, to)} whose features are already embedded
     * ({@code embeddingSize} per point, row-major): the reference {@link GridRenderer} is tested against.
     */
    static void evaluateEmbedded(SirenArchitecture arch, double[] flatParams, double[] embedded, int from, int to,
            double[] out, SineFunction sine) {
        evaluate(arch, flatParams, null, embedded, from, to, out, sine);
    }

    /** The forward pass; the features of point p are embedded from {@code points} or copied from {@code embedded}. */
    private static void evaluate(SirenArchitecture arch, double[] flatParams, double[] points, double[] embedded,
            int from, int to, double[] out, SineFunction sine) {
        boolean polynomial = sine == SineFunction.POLYNOMIAL;
        int dimIn = arch.inputDim();
        int channels = arch.outputChannels();
        FourierFeatures gamma = arch.features();
        int e = arch.embeddingSize();
        int layers = arch.layerCount();
        int[] inDims = new int[layers];
        int[] outDims = new int[layers];
        int[] offsets = new int[layers];
        int widest = e;
        for (int l = 0; l < layers; l++) {
            inDims[l] = arch.layerInputDim(l);
            outDims[l] = arch.layerOutputDim(l);
            offsets[l] = arch.layerOffset(l);
            widest = Math.max(widest, outDims[l]);
        }
        double w0 = arch.w0();
        double[] a = new double[widest];
        double[] z = new double[widest];
        for (int p = from; p < to; p++) {
            if (embedded != null) {
                System.arraycopy(embedded, p * e, a, 0, e);
            } else {
                gamma.embed(points, p * dimIn, a, 0);
            }
            for (int l = 0; l < layers; l++) {
                int in = inDims[l];
                int dout = outDims[l];
                int off = offsets[l];
                Arrays.fill(z, 0, dout, 0.0);
                // i outer, j inner: each z[j] still accumulates a_0 W_0j, a_1 W_1j, ... in increasing i
                for (int i = 0; i < in; i++) {
                    double ai = a[i];
                    int row = off + i * dout;
                    for (int j = 0; j < dout; j++) {
                        z[j] += ai * flatParams[row + j];
                    }
                }
                int bias = off + in * dout;
                if (l < layers - 1 && polynomial) {
                    for (int j = 0; j < dout; j++) {
                        a[j] = Sine.sin(w0 * (z[j] + flatParams[bias + j]));
                    }
                } else if (l < layers - 1) {
                    for (int j = 0; j < dout; j++) {
                        a[j] = StrictMath.sin(w0 * (z[j] + flatParams[bias + j]));
                    }
                } else {
                    int base = p * channels;
                    for (int j = 0; j < dout; j++) {
                        out[base + j] = z[j] + flatParams[bias + j];
                    }
                }
            }
        }
    }
}
