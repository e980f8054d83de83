package io.rec4j.codec.inr;

/**
 * Renders networks of one architecture on one fixed {@code H×W} grid, many times: the Fourier features of the
 * grid's coordinates are the same for every tile, so they are computed once here (for a 64×64 grid and
 * {@code E = 32} that saves 131,072 {@code StrictMath} sines and cosines per tile). With {@link SineFunction#STRICT_MATH}
 * every call returns exactly the bits of {@link SirenNetwork#render(SirenArchitecture, double[], int, int)} for the
 * same parameters; with {@link SineFunction#POLYNOMIAL} the hidden layers use {@link Sine#sin}. The pass runs
 * feature-major over chunks of points, so that its loops compile to vector instructions, with the reference's
 * operations in the reference's order (see {@code forward}). Immutable and safe to use from several threads at once
 * (each call allocates its own activations).
 */
public final class GridRenderer {
    private final SirenArchitecture arch;
    private final SineFunction sine;
    private final int height;
    private final int width;
    /** The same features feature-major per chunk of {@link #CHUNK} points: [chunk][feature][point in chunk]. */
    private final double[][][] chunks;

    /**
     * Points per chunk of the feature-major forward pass: a 48-unit layer's activations (48 × 256 doubles, 96 KiB)
     * stay in the L2 cache, and the pixel loops are long enough for vector instructions.
     */
    static final int CHUNK = 256;

    /** A renderer with {@code StrictMath.sin} activations (as {@link SirenNetwork#render}). */
    public GridRenderer(SirenArchitecture arch, int height, int width) {
        this(arch, height, width, SineFunction.STRICT_MATH);
    }

    /**
     * @param sine the hidden layers' sine
     * @throws IllegalArgumentException if the architecture's input is not 2-D or the grid is empty or too large
     */
    public GridRenderer(SirenArchitecture arch, int height, int width, SineFunction sine) {
        if (arch.inputDim() != 2) {
            throw new IllegalArgumentException("rendering an image needs 2-D input, architecture has "
                    + arch.inputDim());
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("grid size must be positive, was " + height + " x " + width);
        }
        int e = arch.embeddingSize();
        long values = (long) height * width * Math.max(e, arch.outputChannels());
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("grid too large: " + height + " x " + width);
        }
        this.arch = arch;
        this.sine = java.util.Objects.requireNonNull(sine, "sine");
        this.height = height;
        this.width = width;
        double[] points = CoordinateGrid.image(height, width);
        int n = height * width;
        double[] embedded = new double[n * e]; // row-major points, E features each; kept only as chunks
        FourierFeatures gamma = arch.features();
        for (int p = 0; p < n; p++) {
            gamma.embed(points, 2 * p, embedded, p * e);
        }
        this.chunks = new double[(n + CHUNK - 1) / CHUNK][e][];
        for (int c = 0; c < chunks.length; c++) {
            int start = c * CHUNK;
            int m = Math.min(CHUNK, n - start);
            for (int i = 0; i < e; i++) {
                double[] row = new double[m];
                for (int p = 0; p < m; p++) {
                    row[p] = embedded[(start + p) * e + i];
                }
                chunks[c][i] = row;
            }
        }
    }

    /**
     * The network's outputs on the grid: {@code H·W·C} values, pixel-major (row-major pixels, then channels),
     * unclamped.
     */
    public double[] render(double[] flatParams) {
        if (flatParams.length != arch.parameterCount()) {
            throw new IllegalArgumentException("expected " + arch.parameterCount() + " parameters for " + arch
                    + ", got " + flatParams.length);
        }
        double[] out = new double[height * width * arch.outputChannels()];
        Scratch s = new Scratch(arch);
        for (int c = 0; c < chunks.length; c++) {
            forward(flatParams, c, s, out);
        }
        return out;
    }

    /** Per-call rows: activations, pre-activations and the sine's scratch (feature-major, one chunk long). */
    private static final class Scratch {
        final double[][] a;
        final double[][] z;
        final double[] t = new double[CHUNK];
        final double[] k = new double[CHUNK];
        final double[] r = new double[CHUNK];
        final double[] c = new double[CHUNK];

        Scratch(SirenArchitecture arch) {
            int widest = 0;
            for (int l = 0; l < arch.layerCount(); l++) {
                widest = Math.max(widest, arch.layerOutputDim(l));
            }
            a = new double[widest][CHUNK];
            z = new double[widest][CHUNK];
        }
    }

    /**
     * The forward pass of {@link SirenNetwork} on chunk {@code c}, feature-major: every pre-activation row
     * {@code z_j} starts at 0.0 and adds {@code a_i·W_ij} for increasing i, one product and one sum per step, so
     * every value has the bits of the point-by-point reference ({@code SirenNetwork.evaluateEmbedded}); the loops
     * run over the chunk's points, which HotSpot compiles to vector instructions.
     */
    private void forward(double[] w, int c, Scratch s, double[] out) {
        double[][] in = chunks[c];
        int m = in[0].length;
        int start = c * CHUNK;
        int channels = arch.outputChannels();
        int layers = arch.layerCount();
        double w0 = arch.w0();
        for (int l = 0; l < layers; l++) {
            int din = arch.layerInputDim(l);
            int dout = arch.layerOutputDim(l);
            int off = arch.layerOffset(l);
            double[][] z = s.z;
            int j = 0;
            for (; j + 3 < dout; j += 4) {
                double[] z0 = z[j];
                double[] z1 = z[j + 1];
                double[] z2 = z[j + 2];
                double[] z3 = z[j + 3];
                java.util.Arrays.fill(z0, 0, m, 0.0);
                java.util.Arrays.fill(z1, 0, m, 0.0);
                java.util.Arrays.fill(z2, 0, m, 0.0);
                java.util.Arrays.fill(z3, 0, m, 0.0);
                for (int i = 0; i < din; i++) {
                    int o = off + i * dout + j;
                    accumulate4(z0, z1, z2, z3, in[i], w[o], w[o + 1], w[o + 2], w[o + 3], m);
                }
            }
            for (; j < dout; j++) {
                double[] zj = z[j];
                java.util.Arrays.fill(zj, 0, m, 0.0);
                for (int i = 0; i < din; i++) {
                    accumulate(zj, in[i], w[off + i * dout + j], m);
                }
            }
            int bias = off + din * dout;
            if (l == layers - 1) {
                LayerTail.output(z, w, bias, dout, m, out, start, channels);
                return;
            }
            double[][] next = s.a;
            LayerTail.activate(z, w, bias, dout, m, w0, sine, next, s.t, s.k, s.r, s.c);
            in = next; // every sum of a layer is complete before its activations overwrite its input rows
        }
    }

    /** {@code z_k[p] += x[p]·w_k} for four rows, p &lt; m: one product and one sum per value, as the reference. */
    private static void accumulate4(double[] z0, double[] z1, double[] z2, double[] z3, double[] x, double w0,
                                    double w1, double w2, double w3, int m) {
        for (int p = 0; p < m; p++) {
            double v = x[p];
            z0[p] += v * w0;
            z1[p] += v * w1;
            z2[p] += v * w2;
            z3[p] += v * w3;
        }
    }

    /** {@code z[p] += x[p]·w}, p &lt; m. */
    private static void accumulate(double[] z, double[] x, double w, int m) {
        for (int p = 0; p < m; p++) {
            z[p] += x[p] * w;
        }
    }
}
