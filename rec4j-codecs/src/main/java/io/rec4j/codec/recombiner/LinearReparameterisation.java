package io.rec4j.codec.recombiner;

import io.rec4j.codec.inr.SirenArchitecture;
import java.util.List;
import java.util.Objects;

/**
 * RECOMBINER's per-layer linear reparameterisation (He, Flamich, Guo, Hernández-Lobato, ICLR 2024,
 * arXiv 2309.17182, §3.1, Eq. 4; {@code docs/recombiner.md}, "Linear reparameterisation"): the coded latent vector
 * {@code h} of a network holds, layer after layer, one row vector {@code h^[l]} of {@code n_l = d_out·(d_in + 1)}
 * entries, and the layer's parameters are {@code w^[l] = h^[l]·A^[l]} with a square matrix {@code A^[l]}
 * ({@code n_l × n_l}) learned with the prior and shipped in the model.
 *
 * <p>Each {@code w^[l]} lists the layer's {@code d_out} biases first, then its weight matrix {@code (d_in, d_out)}
 * row-major; {@link #weights} rearranges them into the flat layout of {@link SirenArchitecture} (weights, then
 * biases) so that the INR is evaluated by {@code io.rec4j.codec.inr}.
 *
 * <h2>Evaluation order (part of the decoder contract)</h2>
 * {@code w_j = ((0.0 + h_0·A_0j) + h_1·A_1j) + … + h_{n−1}·A_{n−1,j}}, inputs in increasing index order, every product
 * and sum one rounded IEEE double operation; the matrix {@code A^[l]} is stored row-major ({@code A_ij} at
 * {@code i·n_l + j}).
 */
public final class LinearReparameterisation {
    private final SirenArchitecture siren;
    /** The matrices, or {@code null} when {@link #narrow} holds them. */
    private final double[][] matrices;
    /**
     * The matrices as float32 when every value is one exactly (the shipped models are trained and stored in
     * float32), else {@code null}: widening a float to a double is exact, so reading these gives the same products
     * from half the memory traffic.
     */
    private final float[][] narrow;

    /**
     * @param siren    the INR whose parameters are produced
     * @param matrices one row-major {@code n_l × n_l} matrix per layer (copied)
     */
    public LinearReparameterisation(SirenArchitecture siren, List<double[]> matrices) {
        this.siren = Objects.requireNonNull(siren, "siren");
        if (matrices.size() != siren.layerCount()) {
            throw new IllegalArgumentException("expected " + siren.layerCount() + " matrices, got "
                    + matrices.size());
        }
        double[][] copies = new double[matrices.size()][];
        for (int l = 0; l < matrices.size(); l++) {
            long n = siren.layerParameterCount(l);
            double[] a = Objects.requireNonNull(matrices.get(l), "matrix " + l);
            if (a.length != n * n) {
                throw new IllegalArgumentException("layer " + l + " needs a " + n + " x " + n + " matrix ("
                        + n * n + " values), got " + a.length);
            }
            copies[l] = a.clone();
        }
        this.narrow = narrowed(copies);
        this.matrices = narrow == null ? copies : null;
    }

    /** The matrices as float32 if every value (its bits, NaN payloads and signed zeros included) is one, else null. */
    private static float[][] narrowed(double[][] matrices) {
        float[][] out = new float[matrices.length][];
        for (int l = 0; l < matrices.length; l++) {
            double[] a = matrices[l];
            float[] f = new float[a.length];
            for (int k = 0; k < a.length; k++) {
                f[k] = (float) a[k];
                if (Double.doubleToRawLongBits(f[k]) != Double.doubleToRawLongBits(a[k])) {
                    return null;
                }
            }
            out[l] = f;
        }
        return out;
    }

    /** The matrices {@code A^[l]} of every layer read from {@code flat} at {@code offset}, layer after layer. */
    public static LinearReparameterisation fromParameters(SirenArchitecture siren, double[] flat, int offset) {
        long need = matrixValueCount(siren);
        if (offset < 0 || offset + need > flat.length) {
            throw new IllegalArgumentException("the matrices need " + need + " values at offset " + offset
                    + ", array has " + flat.length);
        }
        java.util.ArrayList<double[]> list = new java.util.ArrayList<>();
        int at = offset;
        for (int l = 0; l < siren.layerCount(); l++) {
            int n = siren.layerParameterCount(l);
            list.add(java.util.Arrays.copyOfRange(flat, at, at + n * n));
            at += n * n;
        }
        return new LinearReparameterisation(siren, list);
    }

    /** Values in all matrices, {@code Σ n_l²} (3 355 209 for the authors' 3 267-parameter INR). */
    public static long matrixValueCount(SirenArchitecture siren) {
        long n = 0;
        for (int l = 0; l < siren.layerCount(); l++) {
            long k = siren.layerParameterCount(l);
            n += k * k;
        }
        return n;
    }

    public SirenArchitecture siren() {
        return siren;
    }

    /** A copy of {@code A^[l]}, row-major. */
    public double[] matrix(int l) {
        if (matrices != null) {
            return matrices[l].clone();
        }
        float[] f = narrow[l];
        double[] a = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            a[k] = f[k];
        }
        return a;
    }

    /**
     * The INR parameters for latent vector {@code h[offset, offset + parameterCount)}, in the flat layout of
     * {@link SirenArchitecture}.
     */
    public double[] weights(double[] h, int offset) {
        int total = siren.parameterCount();
        if (offset < 0 || (long) offset + total > h.length) {
            throw new IllegalArgumentException("latent vector needs " + total + " values at offset " + offset
                    + ", array has " + h.length);
        }
        double[] out = new double[total];
        double[] w = new double[maxLayerParameterCount()];
        int at = offset;
        for (int l = 0; l < siren.layerCount(); l++) {
            int n = siren.layerParameterCount(l);
            multiply(l, h, at, w);
            int din = siren.layerInputDim(l);
            int dout = siren.layerOutputDim(l);
            int base = siren.layerOffset(l);
            System.arraycopy(w, dout, out, base, din * dout); // weight matrix (d_in, d_out), row-major
            System.arraycopy(w, 0, out, base + din * dout, dout); // biases
            at += n;
        }
        return out;
    }

    private int maxLayerParameterCount() {
        int m = 0;
        for (int l = 0; l < siren.layerCount(); l++) {
            m = Math.max(m, siren.layerParameterCount(l));
        }
        return m;
    }

    /** {@code w^[l] = h^[l]·A^[l]} in the layer's own layout (biases first), from {@code h[offset, offset + n_l)}. */
    public double[] layer(int l, double[] h, int offset) {
        int n = siren.layerParameterCount(l);
        if (offset < 0 || (long) offset + n > h.length) {
            throw new IllegalArgumentException("layer " + l + " needs " + n + " latents at offset " + offset);
        }
        double[] w = new double[n];
        multiply(l, h, offset, w);
        return w;
    }

    /** {@code w[0, n_l) = h^[l]·A^[l]} in the order of the class comment. */
    private void multiply(int l, double[] h, int offset, double[] w) {
        int n = siren.layerParameterCount(l);
        java.util.Arrays.fill(w, 0, n, 0.0);
        if (narrow != null) {
            float[] a = narrow[l];
            for (int i = 0; i < n; i++) { // i outer: each w_j still sums h_0 A_0j, h_1 A_1j, ... in increasing i
                double hi = h[offset + i];
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    w[j] += hi * (double) a[row + j];
                }
            }
            return;
        }
        double[] a = matrices[l];
        for (int i = 0; i < n; i++) { // i outer: each w_j still sums h_0 A_0j, h_1 A_1j, ... in increasing i
            double hi = h[offset + i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                w[j] += hi * a[row + j];
            }
        }
    }
}
