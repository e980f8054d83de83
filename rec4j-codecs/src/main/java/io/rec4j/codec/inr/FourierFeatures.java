package io.rec4j.codec.inr;

/**
 * The Fourier embedding γ(x) of COMBINER (Guo et al., NeurIPS 2023, arXiv 2305.19185) and RECOMBINER (He et al., ICLR
 * 2024, arXiv 2309.17182; {@code docs/combiner.md}, "Coordinates and Fourier features"), computed with
 * {@link StrictMath} in a fixed order so that it is bit-identical on every JVM.
 *
 * <p>For input dimension {@code I} and embedding size {@code E} (a multiple of {@code 2I}):
 * <ul>
 *   <li>{@code F = E/(2I)} frequencies {@code f_k = exp(k·ln(1024)/(F−1))}, {@code k = 0..F−1}, a geometric series
 *       from 1 to 1024, evaluated as {@code StrictMath.exp((k * StrictMath.log(1024.0)) / (F - 1))}; with
 *       {@code F = 1} the single frequency is {@code f_0 = 1} (the start of the series, as a one-point
 *       {@code linspace} gives);</li>
 *   <li>{@code u[i·F + k] = π·x_i·f_k}, evaluated as {@code (Math.PI * x_i) * f_k} (dimension-major);</li>
 *   <li>{@code γ(x) = [cos(u_0) … cos(u_{IF−1}), sin(u_0) … sin(u_{IF−1})]}: all cosines, then all sines, with
 *       {@link StrictMath#cos} and {@link StrictMath#sin}.</li>
 * </ul>
 */
public final class FourierFeatures {
    /** Highest frequency of the geometric series (frequencies run from 1 to 1024, as in the authors' code). */
    public static final double MAX_FREQUENCY = 1024.0;

    private final int inputDim;
    private final int embeddingSize;
    private final double[] frequencies;

    /**
     * @param inputDim      number of coordinates per point, {@code I ≥ 1}
     * @param embeddingSize {@code E}, a positive multiple of {@code 2I}
     */
    public FourierFeatures(int inputDim, int embeddingSize) {
        if (inputDim < 1) {
            throw new IllegalArgumentException("input dimension must be positive, was " + inputDim);
        }
        if (embeddingSize < 2L * inputDim || embeddingSize % (2L * inputDim) != 0) { // long: no overflow
            throw new IllegalArgumentException("embedding size " + embeddingSize
                    + " must be a positive multiple of 2 * input dimension = " + 2L * inputDim);
        }
        this.inputDim = inputDim;
        this.embeddingSize = embeddingSize;
        int f = embeddingSize / (2 * inputDim);
        this.frequencies = new double[f];
        double lnMax = StrictMath.log(MAX_FREQUENCY);
        for (int k = 0; k < f; k++) {
            frequencies[k] = f == 1 ? 1.0 : StrictMath.exp((k * lnMax) / (f - 1));
        }
    }

    public int inputDim() {
        return inputDim;
    }

    public int embeddingSize() {
        return embeddingSize;
    }

    /** {@code F = E/(2I)}, the number of frequencies per input axis. */
    public int frequencyCount() {
        return frequencies.length;
    }

    /** A copy of the frequencies {@code f_0..f_{F−1}}. */
    public double[] frequencies() {
        return frequencies.clone();
    }

    /**
     * Writes γ(x) of the point {@code x[xOffset, xOffset + I)} to {@code out[outOffset, outOffset + E)}.
     */
    public void embed(double[] x, int xOffset, double[] out, int outOffset) {
        int f = frequencies.length;
        int half = inputDim * f;
        for (int i = 0; i < inputDim; i++) {
            double px = Math.PI * x[xOffset + i];
            for (int k = 0; k < f; k++) {
                double u = px * frequencies[k];
                int j = outOffset + i * f + k;
                out[j] = StrictMath.cos(u);
                out[j + half] = StrictMath.sin(u);
            }
        }
    }

    /** γ of a single point {@code x} (length {@code I}). */
    public double[] embed(double... x) {
        if (x.length != inputDim) {
            throw new IllegalArgumentException("expected " + inputDim + " coordinates, got " + x.length);
        }
        double[] out = new double[embeddingSize];
        embed(x, 0, out, 0);
        return out;
    }

    /** γ of every point of a flat coordinate list ({@code I} values per point): {@code E} values per point. */
    public double[] embedAll(double[] points) {
        if (points.length % inputDim != 0) {
            throw new IllegalArgumentException("coordinate list length " + points.length
                    + " is not a multiple of the input dimension " + inputDim);
        }
        int n = points.length / inputDim;
        if ((long) n * embeddingSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("embedding of " + n + " points is too large for one array");
        }
        double[] out = new double[n * embeddingSize];
        for (int p = 0; p < n; p++) {
            embed(points, p * inputDim, out, p * embeddingSize);
        }
        return out;
    }
}
