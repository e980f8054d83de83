package io.rec4j.codec.inr;

/**
 * Renders networks of one architecture on one fixed {@code H×W} grid, many times: the Fourier features of the
 * grid's coordinates are the same for every tile, so they are computed once here (for a 64×64 grid and
 * {@code E = 32} that saves 131,072 {@code StrictMath} sines and cosines per tile). With {@link SineFunction#STRICT_MATH}
 * every call returns exactly the bits of {@link SirenNetwork#render(SirenArchitecture, double[], int, int)} for the
 * same parameters; with {@link SineFunction#POLYNOMIAL} the hidden layers use {@link Sine#sin}. Immutable and
 * safe to use from several threads at once (each call allocates its own activations).
 */
public final class GridRenderer {
    private final SirenArchitecture arch;
    private final SineFunction sine;
    private final int height;
    private final int width;
    /** {@code embeddingSize} features per grid point, row-major points. */
    private final double[] embedded;

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
        this.embedded = new double[n * e];
        FourierFeatures gamma = arch.features();
        for (int p = 0; p < n; p++) {
            gamma.embed(points, 2 * p, embedded, p * e);
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
        SirenNetwork.evaluateEmbedded(arch, flatParams, embedded, 0, height * width, out, sine);
        return out;
    }
}
