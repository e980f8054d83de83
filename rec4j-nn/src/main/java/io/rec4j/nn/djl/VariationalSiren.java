package io.rec4j.nn.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.nn.SirenInit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A SIREN MLP with a factorised Gaussian posterior over every weight and bias, trained with the local
 * reparameterisation trick: COMBINER's variational INR (Guo et al., NeurIPS 2023, arXiv 2305.19185;
 * {@code docs/combiner.md}, "Posterior and β-ELBO"; local reparameterisation: Kingma, Salimans &amp; Welling,
 * NeurIPS 2015, arXiv 1506.02557).
 *
 * <p>Each scalar has {@code q = N(μ, σ²)} with {@code σ = softplus(ρ)} (PyTorch's softplus, identity above 20). For a
 * layer input {@code a} (N × d_in) one forward pass computes
 * {@code z = a·M + sqrt((a∘a)·(S∘S) + 1e−14)∘ε + μ_b + σ_b∘ε_b}, with ε drawn per pixel and unit and ε_b per unit
 * (shared by all pixels), exactly as the COMBINER authors' code does. Per pixel the marginal is the usual
 * {@code N(a·μ_W + μ_b, a²·σ_W² + σ_b²)}; sharing ε_b across pixels follows the authors' code. Hidden layers output
 * {@code sin(w0·z)}; the last layer is affine.
 *
 * <p>Parameters can be <em>fixed</em> (progressive refinement, {@code docs/combiner.md},
 * "Block coding and progressive refinement"): a fixed scalar's mean is replaced by its transmitted value, its std is 0
 * (the authors' code keeps 1e−7; a decoder uses the means anyway), it contributes no KL and the optimiser never moves
 * it. The flat parameter order is {@link SirenArchitecture}'s.
 *
 * <p>Owns an {@link NDManager}; {@link #close()} releases every array.
 */
public final class VariationalSiren implements AutoCloseable {

    /** Added to the pre-activation variance before the square root (as in the COMBINER authors' code). */
    static final double VARIANCE_FLOOR = 1e-14;

    /** One weight matrix or bias vector with its posterior parameters and fix mask. */
    static final class Tensor {
        final int offset;
        final Shape shape;
        final NDArray mu;
        final NDArray rho;
        final double[] freeHost;
        final double[] fixedHost;
        NDArray free;
        NDArray fixedPart;

        Tensor(int offset, Shape shape, NDArray mu, NDArray rho) {
            this.offset = offset;
            this.shape = shape;
            this.mu = mu;
            this.rho = rho;
            int n = (int) shape.size();
            this.freeHost = new double[n];
            Arrays.fill(freeHost, 1.0);
            this.fixedHost = new double[n];
        }

        int size() {
            return freeHost.length;
        }

        NDArray effectiveMean() {
            return mu.mul(free).add(fixedPart);
        }

        NDArray effectiveStd() {
            return rho.getNDArrayInternal().softPlus().mul(free);
        }
    }

    private final SirenArchitecture arch;
    private final DataType type;
    private final NDManager manager;
    private final FourierFeatures embedding;
    /** Tensors in flat order: W_0, b_0, W_1, b_1, ... */
    private final List<Tensor> tensors = new ArrayList<>();

    /**
     * w0 as a tensor that lives as long as the model: DJL's {@code mul(Number)} wraps the number in a temporary
     * tensor over a Java buffer that autograd saves for the backward pass while the garbage collector may free it
     * (see {@code RecombinerTrainer}).
     */
    private final NDArray w0;

    private VariationalSiren(SirenArchitecture arch, DataType type, NDManager manager) {
        this.arch = arch;
        this.type = type;
        this.manager = manager;
        this.embedding = FourierFeatures.of(arch);
        this.w0 = array(new double[] {arch.w0()}, new Shape(1));
        NDScope.unregister(w0);
    }

    /**
     * A fresh posterior initialised as COMBINER does at test time ({@code docs/combiner.md}, "Initialisation"): means
     * uniform in ±(11/12)·w per layer, ρ = −10, drawn from {@code SplittableRandom(seed)} in flat order.
     *
     * @param type FLOAT32 for training, FLOAT64 for exact checks
     */
    public static VariationalSiren create(SirenArchitecture arch, DataType type, long seed) {
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException("float32 or float64 only: " + type);
        }
        double[] means = SirenInit.initialMeans(arch, seed);
        double[] rhos = new double[means.length];
        Arrays.fill(rhos, SirenInit.COMBINER_INIT_RHO);
        return fromRaw(arch, type, means, rhos);
    }

    /** A posterior with the given flat means and raw stds ρ (σ = softplus(ρ)). */
    public static VariationalSiren fromRaw(SirenArchitecture arch, DataType type, double[] means, double[] rhos) {
        int p = arch.parameterCount();
        if (means.length != p || rhos.length != p) {
            throw new IllegalArgumentException("expected " + p + " means and raw stds");
        }
        VariationalSiren m = new VariationalSiren(arch, type, NDManager.newBaseManager());
        try {
            for (int l = 0; l < arch.layerCount(); l++) {
                int din = arch.layerInputDim(l);
                int dout = arch.layerOutputDim(l);
                int off = arch.layerOffset(l);
                m.addTensor(off, new Shape(din, dout), means, rhos);
                m.addTensor(off + din * dout, new Shape(dout), means, rhos);
            }
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private void addTensor(int off, Shape shape, double[] means, double[] rhos) {
        int n = (int) shape.size();
        NDArray mu = array(Arrays.copyOfRange(means, off, off + n), shape);
        NDArray rho = array(Arrays.copyOfRange(rhos, off, off + n), shape);
        mu.setRequiresGradient(true);
        rho.setRequiresGradient(true);
        Tensor t = new Tensor(off, shape, mu, rho);
        t.free = array(t.freeHost, shape);
        t.fixedPart = array(t.fixedHost, shape);
        NDScope.unregister(mu, rho, t.free, t.fixedPart);
        tensors.add(t);
    }

    NDArray array(double[] values, Shape shape) {
        NDArray a = manager.create(values, shape);
        return type == DataType.FLOAT64 ? a : replace(a, a.toType(type, false));
    }

    private static NDArray replace(NDArray old, NDArray fresh) {
        old.close();
        return fresh;
    }

    public SirenArchitecture architecture() {
        return arch;
    }

    public DataType dataType() {
        return type;
    }

    public FourierFeatures embedding() {
        return embedding;
    }

    /** The manager owning the parameters; sub-managers of it hold per-step temporaries. */
    public NDManager manager() {
        return manager;
    }

    List<Tensor> tensors() {
        return tensors;
    }

    /** The trainable leaves (μ and ρ of every tensor). */
    List<NDArray> trainable() {
        List<NDArray> out = new ArrayList<>();
        for (Tensor t : tensors) {
            out.add(t.mu);
            out.add(t.rho);
        }
        return out;
    }

    /** Fresh standard-normal noise for {@code n} coordinates, drawn by the engine's RNG on {@code m}. */
    public SirenNoise sampleNoise(NDManager m, long n) {
        List<NDArray> z = new ArrayList<>();
        List<NDArray> b = new ArrayList<>();
        for (int l = 0; l < arch.layerCount(); l++) {
            z.add(m.randomNormal(0, 1, new Shape(n, arch.layerOutputDim(l)), type));
            b.add(m.randomNormal(0, 1, new Shape(arch.layerOutputDim(l)), type));
        }
        return new SirenNoise(z, b);
    }

    /**
     * One stochastic forward pass with the local reparameterisation trick.
     *
     * @param features (N, E) Fourier features; temporaries join its manager
     * @return (N, outputs)
     */
    public NDArray forward(NDArray features, SirenNoise noise) {
        NDArray a = features;
        for (int l = 0; l < arch.layerCount(); l++) {
            Tensor w = tensors.get(2 * l);
            Tensor b = tensors.get(2 * l + 1);
            NDArray mean = a.matMul(w.effectiveMean());
            NDArray std = a.square().matMul(w.effectiveStd().square()).add(VARIANCE_FLOOR).sqrt();
            NDArray z = mean.add(std.mul(noise.preActivation().get(l)))
                    .add(b.effectiveMean()).add(b.effectiveStd().mul(noise.bias().get(l)));
            a = l < arch.layerCount() - 1 ? z.mul(w0).sin() : z;
        }
        return a;
    }

    /** Deterministic forward pass with the posterior means (what a decoder computes). */
    public NDArray forwardMean(NDArray features) {
        NDArray a = features;
        for (int l = 0; l < arch.layerCount(); l++) {
            NDArray z = a.matMul(tensors.get(2 * l).effectiveMean()).add(tensors.get(2 * l + 1).effectiveMean());
            a = l < arch.layerCount() - 1 ? z.mul(w0).sin() : z;
        }
        return a;
    }

    /** Flat posterior means (fixed scalars report their fixed value). */
    public double[] posteriorMeans() {
        double[] out = new double[arch.parameterCount()];
        try (NDScope scope = new NDScope()) {
            for (Tensor t : tensors) {
                System.arraycopy(t.effectiveMean().toType(DataType.FLOAT64, false).toDoubleArray(), 0, out, t.offset,
                        t.size());
            }
        }
        return out;
    }

    /** Flat posterior standard deviations softplus(ρ) (0 for fixed scalars). */
    public double[] posteriorStds() {
        double[] out = new double[arch.parameterCount()];
        try (NDScope scope = new NDScope()) {
            for (Tensor t : tensors) {
                System.arraycopy(t.effectiveStd().toType(DataType.FLOAT64, false).toDoubleArray(), 0, out, t.offset,
                        t.size());
            }
        }
        return out;
    }

    /** Flat raw stds ρ (unchanged by fixing). */
    public double[] rawStds() {
        double[] out = new double[arch.parameterCount()];
        for (Tensor t : tensors) {
            try (NDArray v = t.rho.toType(DataType.FLOAT64, true)) {
                System.arraycopy(v.toDoubleArray(), 0, out, t.offset, t.size());
            }
        }
        return out;
    }

    /** Whether flat scalar {@code i} is fixed. */
    public boolean isFixed(int i) {
        Tensor t = tensorOf(i);
        return t.freeHost[i - t.offset] == 0.0;
    }

    /** Number of scalars not yet fixed. */
    public int freeCount() {
        int n = 0;
        for (Tensor t : tensors) {
            for (double f : t.freeHost) {
                n += (int) f;
            }
        }
        return n;
    }

    /**
     * Fixes flat scalars {@code indices[j]} to {@code values[j]}: from now on they are deterministic constants, carry no
     * KL and are not trained. Fixing an already fixed scalar overwrites its value.
     */
    public void fix(int[] indices, double[] values) {
        if (indices.length != values.length) {
            throw new IllegalArgumentException("indices and values lengths differ");
        }
        boolean[] touched = new boolean[tensors.size()];
        for (int j = 0; j < indices.length; j++) {
            if (!Double.isFinite(values[j])) {
                throw new IllegalArgumentException("non-finite value for scalar " + indices[j]);
            }
            int ti = tensorIndexOf(indices[j]);
            Tensor t = tensors.get(ti);
            t.freeHost[indices[j] - t.offset] = 0.0;
            t.fixedHost[indices[j] - t.offset] = values[j];
            touched[ti] = true;
        }
        for (int ti = 0; ti < tensors.size(); ti++) {
            if (touched[ti]) {
                Tensor t = tensors.get(ti);
                NDArray oldFree = t.free;
                NDArray oldFixed = t.fixedPart;
                t.free = array(t.freeHost, t.shape);
                t.fixedPart = array(t.fixedHost, t.shape);
                NDScope.unregister(t.free, t.fixedPart);
                oldFree.close();
                oldFixed.close();
            }
        }
    }

    private Tensor tensorOf(int i) {
        return tensors.get(tensorIndexOf(i));
    }

    private int tensorIndexOf(int i) {
        if (i < 0 || i >= arch.parameterCount()) {
            throw new IndexOutOfBoundsException("scalar " + i + " of " + arch.parameterCount());
        }
        for (int ti = tensors.size() - 1; ti >= 0; ti--) {
            if (i >= tensors.get(ti).offset) {
                return ti;
            }
        }
        throw new AssertionError();
    }

    /** Sets one raw posterior parameter (tests: finite differences). */
    void setRaw(int i, boolean rho, double value) {
        Tensor t = tensorOf(i);
        NDArray target = rho ? t.rho : t.mu;
        int local = i - t.offset;
        long[] idx = t.shape.dimension() == 2
                ? new long[] {local / t.shape.get(1), local % t.shape.get(1)} : new long[] {local};
        target.set(new ai.djl.ndarray.index.NDIndex(idx), value);
    }

    @Override
    public void close() {
        manager.close();
    }
}
