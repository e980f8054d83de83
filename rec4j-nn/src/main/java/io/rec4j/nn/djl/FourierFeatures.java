package io.rec4j.nn.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import io.rec4j.codec.inr.SirenArchitecture;

/**
 * Fourier embedding γ(x) of COMBINER/RECOMBINER ({@code docs/combiner.md}, "Coordinates and Fourier features").
 *
 * <p>With {@code F = E/(2I)} frequencies {@code f_k = exp(k·ln(1024)/(F−1))} (a geometric series from 1 to 1024),
 * {@code u[i·F+k] = π·x_i·f_k} (dimension-major) and {@code γ(x) = [cos(u), sin(u)]}: all cosines, then all sines.
 *
 * @param inputDims     coordinate dimension I
 * @param embeddingSize output length E, a multiple of 2I with E/(2I) ≥ 2
 */
record FourierFeatures(int inputDims, int embeddingSize) {

    public FourierFeatures {
        if (inputDims < 1 || embeddingSize % (2 * inputDims) != 0 || embeddingSize / (2 * inputDims) < 2) {
            throw new IllegalArgumentException("embedding size " + embeddingSize + " must be 2·" + inputDims
                    + "·F with F ≥ 2 frequencies");
        }
    }

    /** The embedding an architecture feeds its first layer. */
    public static FourierFeatures of(SirenArchitecture arch) {
        return new FourierFeatures(arch.inputDim(), arch.embeddingSize());
    }

    /** Number of frequencies per axis, F = E/(2I). */
    public int frequencyCount() {
        return embeddingSize / (2 * inputDims);
    }

    /**
     * The frequencies {@code f_k = exp(k·ln(1024)/(F−1))}, k = 0..F−1, exactly as the decoder's
     * {@link io.rec4j.codec.inr.FourierFeatures} computes them.
     */
    public double[] frequencies() {
        return new io.rec4j.codec.inr.FourierFeatures(inputDims, embeddingSize).frequencies();
    }

    /**
     * γ of a batch of coordinates.
     *
     * @param coords (N, I) array; the result has its manager and data type
     * @return (N, E) array {@code [cos(u), sin(u)]}
     */
    public NDArray apply(NDArray coords) {
        Shape s = coords.getShape();
        if (s.dimension() != 2 || s.get(1) != inputDims) {
            throw new IllegalArgumentException("expected (N, " + inputDims + ") coordinates, got " + s);
        }
        long n = s.get(0);
        int f = frequencyCount();
        double[] fr = frequencies();
        double[] piF = new double[f];
        for (int k = 0; k < f; k++) {
            piF[k] = Math.PI * fr[k];
        }
        NDArray freq = coords.getManager().create(piF).toType(coords.getDataType(), false).reshape(1, 1, f);
        // (N, I, 1) * (1, 1, F) -> (N, I, F) -> (N, I·F): index i·F + k, dimension-major.
        NDArray u = coords.reshape(n, inputDims, 1).mul(freq).reshape(n, (long) inputDims * f);
        return NDArrays.concat(new ai.djl.ndarray.NDList(u.cos(), u.sin()), 1);
    }
}
