package io.rec4j.nn.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.rec4j.codec.inr.CoordinateGrid;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.codec.recombiner.PositionalUpsampler;
import io.rec4j.codec.recombiner.RecombinerArchitecture;
import io.rec4j.codec.recombiner.RecombinerNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains RECOMBINER posteriors for a batch of signals ("rows"), and optionally the shared network (the
 * linear-reparameterisation matrices {@code A^[l]} and the upsampler φ), on DJL's PyTorch engine with autograd (He,
 * Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182, §3 and Alg. 1; {@code docs/recombiner.md},
 * "Training").
 *
 * <p>Row {@code r} has a factorised Gaussian posterior over all its latents with {@code σ = softplus(ρ)/6}, as the
 * authors parameterise it: {@link RecombinerArchitecture#signalLatentCount()} values, every patch's {@code [h1_w,
 * h_z]}, then (patched signals, §3.3) every group's {@code h2} and the signal's {@code h3}. One step draws one sample
 * {@code h = μ + σ∘ε} per row (no local reparameterisation: {@code w = h·A} is correlated), forms each patch's
 * {@code h_w = h1_w + h2(group) + h3} and its INR weights {@code h_w·A} layer by layer, stitches the patches' latent
 * grids and runs φ over the whole signal, cuts the encodings back into patches, evaluates every patch's INR, and
 * takes one Adam step (PyTorch defaults) on
 * <pre>  Σ_r [ P·(mean over samples and channels of (x̂_r − x_r)²)  +  Σ_i β_{r,i}·KL(q_{r,i} ‖ p_i) ]</pre>
 * with the closed-form Gaussian KL in nats: with {@code P} patches per signal the data term is the sum of the
 * patches' MSEs, as the authors' loss counts patches as instances. The prior {@code p} is a factorised Gaussian over
 * the same latents, shared by all rows (the caller repeats each level's prior over its patches or groups). Levels 2
 * and 3 are drawn once per group and signal (the authors' code draws them once per patch; after coding it makes no
 * difference). The noise comes from PyTorch's generator, seeded by the constructor
 * (process-wide), so a run repeats with the same seed and thread count when nothing else draws from it meanwhile.
 *
 * <p>Scalars can be <em>fixed</em> (progressive refinement): a fixed scalar equals its coded value, has no KL and is
 * never updated. The network's forward pass is the decoder's ({@code RecombinerRenderer}) in float32; the decoder
 * itself recomputes everything in double from the coded values.
 *
 * <p>Owns native memory: {@link #close()}.
 */
public final class RecombinerTrainer implements AutoCloseable {
    /** RECOMBINER's {@code σ = softplus(ρ)/STD_DIVISOR}. */
    public static final double STD_DIVISOR = 6;

    /** Loss terms of one step, summed over rows: Σ P·MSE (P patches per signal), Σ β·KL (nats), Σ KL (nats). */
    public record StepStats(double loss, double mseSum, double weightedKl, double kl) {
    }

    private final RecombinerArchitecture arch;
    private final SirenArchitecture siren;
    private final int rows;
    private final int dim;
    private final int weightDim;
    private final NDManager manager;
    private final NDArray fourier;
    private final NDArray targets;
    private final NDArray mu;
    /**
     * Constants of the graph as long-lived tensors. DJL's {@code mul(Number)} wraps the number in a temporary tensor
     * over a Java buffer and closes it at once, but autograd saves that tensor for the backward pass; when the garbage
     * collector frees the buffer in between, the gradient reads freed memory (infinities at random steps). Constants
     * that a backward pass needs are therefore kept here for the trainer's lifetime.
     */
    private final NDArray w0;
    /** The number of patches, weighting the data term. */
    private final NDArray patchWeight;
    /** Group membership, (patches × groups) of 0/1; null with one level. */
    private final NDArray membership;
    private final NDArray invStdDivisor;
    private final NDArray rho;
    private final List<NDArray> matrices = new ArrayList<>();
    /** φ: weight, bias for each of its three convolutions. */
    private final List<NDArray> phi = new ArrayList<>();
    /** φ's three stages as phase convolutions. */
    private final List<PhaseConvolution> stages = new ArrayList<>();
    /** Whether φ's stages run phase by phase (default) or on the materialised upsampled maps. */
    private boolean phases = true;
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> m1 = new ArrayList<>();
    private final List<NDArray> m2 = new ArrayList<>();
    private final float[] freeHost;
    private final float[] fixedHost;
    private NDArray free;
    private NDArray fixedValues;
    /**
     * Whether {@link #fix} changed the host masks since they were last uploaded. The encoder fixes one block of every
     * coded row between two refinement rounds (a batch of 16 audio clips: 416 calls); uploading the whole
     * {@code rows × P} masks once per round instead of once per call saves that many copies, and the direct buffers
     * DJL allocates for each (they are freed only when the garbage collector gets to them: a 6-clip audio encode
     * reached 21 GB resident).
     */
    private boolean maskDirty;
    private NDArray priorMean;
    private NDArray priorStd;
    private NDArray beta;
    private double lr;
    private long t;

    /**
     * @param arch         the architecture
     * @param network      the shared network's flat parameters ({@link RecombinerNetwork#fromParameters} order)
     * @param trainNetwork whether A and φ are trained too (prior learning) or frozen (encoding)
     * @param signals      per row, the signal's samples row-major with channels interleaved, in [0, 1]
     * @param initMean     per row, the initial posterior means ({@code signalLatentCount} values)
     * @param initRho      per row, the initial raw stds ρ
     * @param priorMean    the prior's means, one per latent of a row
     * @param priorStd     the prior's standard deviations, one per latent of a row (positive)
     * @param beta         per row, per-latent β
     * @param lr           Adam learning rate
     * @param seed         seed of the sampling noise
     */
    public RecombinerTrainer(RecombinerArchitecture arch, double[] network, boolean trainNetwork, float[][] signals,
                             double[][] initMean, double[][] initRho, double[] priorMean, double[] priorStd,
                             double[][] beta, double lr, long seed) {
        this(arch, network, trainNetwork, trainNetwork, signals, initMean, initRho, priorMean, priorStd, beta, lr,
                seed);
    }

    /**
     * As the other constructor, with the matrices {@code A^[l]} and φ trained or frozen separately: frozen identity
     * matrices with a trained φ are the paper's ablation without linear reparameterisation.
     *
     * @param trainMatrices whether the matrices {@code A^[l]} are trained
     * @param trainPhi      whether φ is trained
     */
    public RecombinerTrainer(RecombinerArchitecture arch, double[] network, boolean trainMatrices, boolean trainPhi,
                             float[][] signals, double[][] initMean, double[][] initRho, double[] priorMean,
                             double[] priorStd, double[][] beta, double lr, long seed) {
        this.arch = arch;
        if (arch.hasPositionalEncodings()) {
            ConvolutionCheck.verify(); // φ convolves: refuse a CPU whose convolutions are wrong
        }
        this.siren = arch.siren();
        this.rows = signals.length;
        this.weightDim = arch.weightLatentCount();
        if (arch.signalLatentCount() > Integer.MAX_VALUE / Math.max(1, signals.length)) {
            throw new IllegalArgumentException("too many latents: " + arch.signalLatentCount() + " per signal");
        }
        this.dim = (int) arch.signalLatentCount();
        if (rows < 1 || initMean.length != rows || initRho.length != rows || beta.length != rows) {
            throw new IllegalArgumentException("need one signal, mean, rho and beta row per row (" + rows + ")");
        }
        int samples = arch.signalHeight() * arch.signalWidth();
        int values = samples * arch.outputChannels();
        this.manager = NDManager.newBaseManager();
        try {
            float[] flat = new float[rows * values];
            for (int r = 0; r < rows; r++) {
                if (signals[r].length != values) {
                    throw new IllegalArgumentException("signal " + r + " has " + signals[r].length + " values, need "
                            + values);
                }
                System.arraycopy(signals[r], 0, flat, r * values, values);
            }
            this.targets = keep(owned(flat, new Shape(rows, samples, arch.outputChannels())));
            double[] coords = arch.inputDim() == 2 ? CoordinateGrid.image(arch.patchHeight(), arch.patchWidth())
                    : CoordinateGrid.grid(arch.patchWidth());
            this.fourier = keep(owned(toFloat(arch.fourier().embedAll(coords)),
                    new Shape(1, (long) arch.patchHeight() * arch.patchWidth(), arch.fourierSize())));
            this.patchWeight = keep(owned(new float[] {arch.patchCount()}, new Shape(1)));
            if (arch.levels() == 3) {
                float[] m = new float[arch.patchCount() * arch.groupCount()];
                for (int p = 0; p < arch.patchCount(); p++) {
                    m[p * arch.groupCount() + arch.group(p)] = 1f;
                }
                this.membership = keep(owned(m, new Shape(arch.patchCount(), arch.groupCount())));
            } else {
                this.membership = null;
            }
            this.w0 = keep(owned(new float[] {(float) siren.w0()}, new Shape(1)));
            this.invStdDivisor = keep(owned(new float[] {(float) (1 / STD_DIVISOR)}, new Shape(1)));
            this.mu = leaf(flatten(initMean, dim), new Shape(rows, dim));
            this.rho = leaf(flatten(initRho, dim), new Shape(rows, dim));
            params.add(mu);
            params.add(rho);
            long need = RecombinerNetwork.parameterCount(arch);
            if (network.length != need) {
                throw new IllegalArgumentException("network needs " + need + " values, got " + network.length);
            }
            int at = 0;
            for (int l = 0; l < siren.layerCount(); l++) {
                int n = siren.layerParameterCount(l);
                matrices.add(leaf(toFloat(Arrays.copyOfRange(network, at, at + n * n)), new Shape(n, n)));
                at += n * n;
            }
            if (arch.hasPositionalEncodings()) {
                int c0 = arch.latentChannels();
                int c1 = arch.upsamplerChannels();
                int c2 = arch.encodingChannels();
                int[][] convs = {{c1, c0, PositionalUpsampler.FIRST_KERNEL},
                        {c1, c1, PositionalUpsampler.LATER_KERNEL}, {c2, c1, PositionalUpsampler.LATER_KERNEL}};
                for (int[] cv : convs) {
                    int k = cv[2];
                    int kh = arch.inputDim() == 2 ? k : 1;
                    int nw = cv[0] * cv[1] * kh * k;
                    phi.add(leaf(toFloat(Arrays.copyOfRange(network, at, at + nw)),
                            new Shape(cv[0], cv[1], kh, k)));
                    at += nw;
                    phi.add(leaf(toFloat(Arrays.copyOfRange(network, at, at + cv[0])), new Shape(cv[0])));
                    at += cv[0];
                }
                int[] ups = {arch.firstUpsample(), 2, 2};
                for (int st = 0; st < 3; st++) {
                    Shape ws = phi.get(2 * st).getShape();
                    stages.add(new PhaseConvolution(arch.inputDim() == 2 ? ups[st] : 1, ups[st], (int) ws.get(2),
                            (int) ws.get(3)));
                }
            }
            if (trainMatrices) {
                params.addAll(matrices);
            }
            if (trainPhi) {
                params.addAll(phi);
            }
            for (NDArray p : params) {
                m1.add(keep(manager.zeros(p.getShape(), DataType.FLOAT32)));
                m2.add(keep(manager.zeros(p.getShape(), DataType.FLOAT32)));
            }
            this.freeHost = new float[rows * dim];
            Arrays.fill(freeHost, 1f);
            this.fixedHost = new float[rows * dim];
            uploadMask();
            setPrior(priorMean, priorStd);
            setBeta(beta);
            setLearningRate(lr);
            Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A native-owned copy of {@code values}: DJL's {@code create} wraps a direct Java buffer that the tensor does not
     * own, and autograd keeps tensors alive beyond the Java wrapper's reach.
     */
    private NDArray owned(float[] values, Shape shape) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        NDArray wrapped = manager.create(d, shape);
        NDArray copy = wrapped.toType(DataType.FLOAT32, false);
        wrapped.close();
        return copy;
    }

    private NDArray keep(NDArray a) {
        return NativeArrays.keep(a);
    }

    private NDArray leaf(float[] values, Shape shape) {
        return NativeArrays.leaf(owned(values, shape));
    }

    private static float[] flatten(double[][] rows, int dim) {
        float[] out = new float[rows.length * dim];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != dim) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, need " + dim);
            }
            for (int i = 0; i < dim; i++) {
                out[r * dim + i] = (float) rows[r][i];
            }
        }
        return out;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    public int rows() {
        return rows;
    }

    /**
     * Evaluates φ's upsample-then-convolve stages phase by phase ({@code true}, the default: fewer multiply-adds)
     * or on the materialised upsampled maps ({@code false}: the baseline the benchmark times it against). Both
     * compute the same function.
     */
    public void setPhaseConvolution(boolean on) {
        this.phases = on;
    }

    /** Latents per row, {@code P}. */
    public int dimension() {
        return dim;
    }

    public void setLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive: " + lr);
        }
        this.lr = lr;
    }

    /** Forgets Adam's moments and step count (the authors re-create Adam at every EM round and coded block). */
    public void resetAdam() {
        for (int k = 0; k < params.size(); k++) {
            m1.get(k).muli(0);
            m2.get(k).muli(0);
        }
        t = 0;
    }

    /** Replaces the prior (P means and positive standard deviations). */
    public void setPrior(double[] mean, double[] std) {
        if (mean.length != dim || std.length != dim) {
            throw new IllegalArgumentException("prior needs " + dim + " means and stds");
        }
        for (double s : std) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("prior standard deviations must be positive and finite: " + s);
            }
        }
        replace(priorMean);
        replace(priorStd);
        priorMean = keep(owned(toFloat(mean), new Shape(1, dim)));
        priorStd = keep(owned(toFloat(std), new Shape(1, dim)));
    }

    /** Replaces every row's per-latent β. */
    public void setBeta(double[][] b) {
        replace(beta);
        beta = keep(owned(flatten(b, dim), new Shape(rows, dim)));
    }

    private static void replace(NDArray a) {
        if (a != null) {
            a.close();
        }
    }

    private void uploadMask() {
        replace(free);
        replace(fixedValues);
        free = keep(owned(freeHost, new Shape(rows, dim)));
        fixedValues = keep(owned(fixedHost, new Shape(rows, dim)));
    }

    /** Fixes latents {@code indices} of row {@code r} to {@code values} for good. */
    public synchronized void fix(int r, int[] indices, double[] values) {
        for (int j = 0; j < indices.length; j++) {
            if (!Double.isFinite(values[j])) {
                throw new IllegalArgumentException("fixed values must be finite: " + values[j]);
            }
            freeHost[r * dim + indices[j]] = 0f;
            fixedHost[r * dim + indices[j]] = (float) values[j];
        }
        maskDirty = true;
    }

    /** Uploads the masks if {@link #fix} changed them. */
    private synchronized void ensureMask() {
        if (maskDirty) {
            uploadMask();
            maskDirty = false;
        }
    }

    public boolean isFixed(int r, int i) {
        return freeHost[r * dim + i] == 0f;
    }

    private NDArray effectiveMean() {
        ensureMask();
        return mu.mul(free).add(fixedValues);
    }

    private NDArray effectiveStd() {
        ensureMask();
        return rho.getNDArrayInternal().softPlus().mul(invStdDivisor).mul(free);
    }

    /** Per-latent KL(q ‖ p) in nats, (rows, P); zero where fixed. */
    private NDArray kl(NDArray m, NDArray s) {
        // fixed latents (s = 0) get σ_q = 1 inside the formula, then their KL is masked to 0: no 1/0 in the gradient
        NDArray sq = s.add(free.neg().add(1f));
        NDArray d = m.sub(priorMean);
        NDArray var2 = priorStd.square().mul(2);
        return priorStd.log().sub(sq.log()).add(sq.square().add(d.square()).div(var2)).sub(0.5f).mul(free);
    }

    /**
     * The INR output over the whole signal, (rows, samples, channels) with samples row-major, for latents {@code h}
     * (rows, latents per row).
     */
    private NDArray forward(NDArray h) {
        int patches = arch.patchCount();
        int perPatch = arch.patchLatentCount();
        long level1 = (long) patches * perPatch;
        NDArray l1 = h.get(":, 0:" + level1).reshape(rows, patches, perPatch);
        NDArray hw = l1.get(":, :, 0:" + weightDim);
        NDArray hz = l1.get(":, :, " + weightDim + ":");
        if (membership != null) {
            long g = arch.groupCount();
            NDArray h2 = h.get(":, " + level1 + ":" + (level1 + g * weightDim)).reshape(rows, g, weightDim);
            NDArray h3 = h.get(":, " + (level1 + g * weightDim) + ":").reshape(rows, 1, weightDim);
            hw = hw.add(membership.matMul(h2)).add(h3); // (h1 + h2) + h3, as the decoder sums
        }
        long n = fourier.getShape().get(1);
        long instances = (long) rows * patches;
        NDArray hwFlat = hw.reshape(instances, weightDim);
        NDArray a = fourier.broadcast(new Shape(instances, n, arch.fourierSize()));
        if (arch.hasPositionalEncodings()) {
            a = a.concat(encodings(hz), 2);
        }
        int at = 0;
        for (int l = 0; l < siren.layerCount(); l++) {
            int din = siren.layerInputDim(l);
            int dout = siren.layerOutputDim(l);
            int np = siren.layerParameterCount(l);
            NDArray w = hwFlat.get(":, " + at + ":" + (at + np)).matMul(matrices.get(l));
            at += np;
            NDArray b = w.get(":, 0:" + dout).reshape(instances, 1, dout);
            NDArray wm = w.get(":, " + dout + ":").reshape(instances, din, dout);
            NDArray z = a.batchMatMul(wm).add(b);
            a = l < siren.layerCount() - 1 ? z.mul(w0).sin() : z;
        }
        if (patches == 1) {
            return a;
        }
        // (rows·P, ph·pw, ch) → the signal's row-major samples
        int ch = arch.outputChannels();
        return a.reshape(rows, arch.patchRows(), arch.patchCols(), arch.patchHeight(), arch.patchWidth(), ch)
                .transpose(0, 1, 3, 2, 4, 5).reshape(rows, -1, ch);
    }

    /**
     * φ of the patches' latent grids {@code hz} (rows, patches, h·w·c position-major), stitched into one grid per
     * signal, as (rows·patches, patch samples, encoding channels).
     */
    private NDArray encodings(NDArray hz) {
        int lh = arch.latentHeight();
        int lw = arch.latentWidth();
        int c = arch.latentChannels();
        int pr = arch.patchRows();
        int pc = arch.patchCols();
        NDArray x = hz.reshape(rows, pr, pc, lh, lw, c).transpose(0, 5, 1, 3, 2, 4)
                .reshape(rows, c, (long) pr * lh, (long) pc * lw);
        for (int s = 0; s < 3; s++) {
            x = stages.get(s).apply(x, phi.get(2 * s), phi.get(2 * s + 1));
            if (s < 2) {
                x = Activation.leakyRelu(x, (float) PositionalUpsampler.LEAKY_SLOPE);
            }
        }
        int k = arch.encodingChannels();
        return x.reshape(rows, k, pr, arch.patchHeight(), pc, arch.patchWidth()).transpose(0, 2, 4, 3, 5, 1)
                .reshape((long) rows * pr * pc, -1, k);
    }

    /** The data term: Σ_r P·MSE_r over the whole signal ({@code out} and targets (rows, samples, channels)). */
    private NDArray dataTerm(NDArray out) {
        return out.sub(targets).square().reshape(rows, -1).mean(new int[] {1}).sum().mul(patchWeight);
    }

    /**
     * A nearest-neighbour upsampling by {@code sy × sx} followed by a {@code kh × kw} "same" convolution, evaluated on
     * the coarse grid one output phase at a time. Output {@code (y·sy + py, x·sx + px)} reads, through tap
     * {@code (dy, dx)}, coarse cell {@code (y + ⌊(py + dy − kh/2)/sy⌋, x + ⌊(px + dx − kw/2)/sx⌋)}, so the taps of one
     * phase that read the same cell can be summed into one weight first: a phase needs a kernel of only
     * {@code ⌈(kh−1)/sy⌉+1} rows (2 for φ's 5×5 after ×4 and its 3×3 after ×2), 6.25 and 2.25 times fewer
     * multiply-adds than convolving the upsampled map. Zero padding agrees, since a tap falls outside the upsampled map
     * exactly when its coarse cell falls outside the coarse grid. The summed kernels are {@code W·M_p} with a constant
     * 0/1 matrix per phase, so gradients flow to W. Training only: the decoder keeps its own evaluation order.
     */
    private final class PhaseConvolution {
        private final int sy;
        private final int sx;
        private final int[][] lo = new int[2][];
        private final int[][] count = new int[2][];
        private final NDArray[] select;

        PhaseConvolution(int sy, int sx, int kh, int kw) {
            this.sy = sy;
            this.sx = sx;
            int[][][] offsets = {offsets(sy, kh), offsets(sx, kw)};
            for (int axis = 0; axis < 2; axis++) {
                int phases = axis == 0 ? sy : sx;
                lo[axis] = new int[phases];
                count[axis] = new int[phases];
                for (int p = 0; p < phases; p++) {
                    int[] o = offsets[axis][p];
                    lo[axis][p] = o[0];
                    count[axis][p] = o[o.length - 1] - o[0] + 1;
                }
            }
            select = new NDArray[sy * sx];
            for (int py = 0; py < sy; py++) {
                for (int px = 0; px < sx; px++) {
                    int ny = count[0][py];
                    int nx = count[1][px];
                    float[] m = new float[kh * kw * ny * nx];
                    for (int dy = 0; dy < kh; dy++) {
                        for (int dx = 0; dx < kw; dx++) {
                            int a = offsets[0][py][dy] - lo[0][py];
                            int b = offsets[1][px][dx] - lo[1][px];
                            m[(dy * kw + dx) * ny * nx + a * nx + b] = 1f;
                        }
                    }
                    select[py * sx + px] = keep(owned(m, new Shape(kh * kw, ny * nx)));
                }
            }
        }

        /** Per phase p, the coarse offset {@code ⌊(p + d − k/2)/s⌋} of each tap d. */
        private static int[][] offsets(int s, int k) {
            int[][] out = new int[s][k];
            for (int p = 0; p < s; p++) {
                for (int d = 0; d < k; d++) {
                    out[p][d] = Math.floorDiv(p + d - k / 2, s);
                }
            }
            return out;
        }

        NDArray apply(NDArray x, NDArray w, NDArray bias) {
            if (!phases) {
                return direct(x, w, bias);
            }
            Shape xs = x.getShape();
            long b = xs.get(0);
            long h = xs.get(2);
            long wd = xs.get(3);
            Shape ws = w.getShape();
            long out = ws.get(0);
            long in = ws.get(1);
            NDArray flat = w.reshape(out * in, ws.get(2) * ws.get(3));
            NDList phaseRows = new NDList();
            for (int py = 0; py < sy; py++) {
                NDList phaseCols = new NDList();
                for (int px = 0; px < sx; px++) {
                    int ny = count[0][py];
                    int nx = count[1][px];
                    NDArray k = flat.matMul(select[py * sx + px]).reshape(out, in, ny, nx);
                    // out(j) = Σ_a k[a]·x(j + a − P); the phase wants Σ_a k[a]·x(i + lo + a), i.e. j = i + lo + P
                    int loY = lo[0][py];
                    int loX = lo[1][px];
                    int padY = Math.max(-loY, loY + ny - 1);
                    int padX = Math.max(-loX, loX + nx - 1);
                    NDArray y = Conv2d.conv2d(x, k, bias, new Shape(1, 1), new Shape(padY, padX), new Shape(1, 1), 1)
                            .singletonOrThrow();
                    int y0 = loY + padY;
                    int x0 = loX + padX;
                    phaseCols.add(y.get(":, :, " + y0 + ":" + (y0 + h) + ", " + x0 + ":" + (x0 + wd)));
                }
                phaseRows.add(NDArrays.stack(phaseCols, 4)); // (B, out, H, W, sx)
            }
            return NDArrays.stack(phaseRows, 3).reshape(b, out, h * sy, wd * sx); // (B, out, H, sy, W, sx)
        }

        /** The plain evaluation: materialise the upsampled map (a broadcast), then convolve it. */
        NDArray direct(NDArray x, NDArray w, NDArray bias) {
            Shape xs = x.getShape();
            long b = xs.get(0);
            long c = xs.get(1);
            long h = xs.get(2);
            long wd = xs.get(3);
            NDArray up = x.reshape(b, c, h, 1, wd, 1).broadcast(new Shape(b, c, h, sy, wd, sx))
                    .reshape(b, c, h * sy, wd * sx);
            Shape ws = w.getShape();
            return Conv2d.conv2d(up, w, bias, new Shape(1, 1), new Shape(ws.get(2) / 2, ws.get(3) / 2),
                    new Shape(1, 1), 1).singletonOrThrow();
        }
    }

    /** One Adam step on the β-ELBO with fresh noise. */
    public StepStats step() {
        try (NDScope scope = new NDScope()) {
            NDArray e = manager.randomNormal(0, 1, new Shape(rows, dim), DataType.FLOAT32);
            NDArray loss;
            NDArray mseSum;
            NDArray wkl;
            NDArray klSum;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray m = effectiveMean();
                NDArray s = effectiveStd();
                NDArray h = m.add(s.mul(e));
                NDArray out = forward(h);
                mseSum = dataTerm(out);
                NDArray k = kl(m, s);
                wkl = k.mul(beta).sum();
                klSum = k.sum();
                loss = mseSum.add(wkl);
                gc.backward(loss);
            }
            adamUpdate();
            return new StepStats(scalar(loss), scalar(mseSum), scalar(wkl), scalar(klSum));
        }
    }

    /**
     * The gradient of the step objective with respect to row {@code r}'s posterior means, for one fresh noise draw,
     * without updating anything (tests compare it with finite differences).
     */
    double[] meanGradient(int r) {
        try (NDScope scope = new NDScope()) {
            NDArray e = manager.randomNormal(0, 1, new Shape(rows, dim), DataType.FLOAT32);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray m = effectiveMean();
                NDArray s = effectiveStd();
                NDArray out = forward(m.add(s.mul(e)));
                NDArray loss = dataTerm(out).add(kl(m, s).mul(beta).sum());
                gc.backward(loss);
            }
            JniUtils.setGradMode(false);
            double[] g = toDouble(mu.getGradient().get(r).toFloatArray());
            for (NDArray p : params) {
                NDArray grad = p.getGradient();
                grad.subi(grad);
            }
            return g;
        }
    }

    /** The objective at the posterior means (no noise): Σ_r P·MSE_r + Σ β·KL. */
    double objectiveAtMeans() {
        try (NDScope scope = new NDScope()) {
            NDArray m = effectiveMean();
            NDArray out = forward(m);
            return scalar(dataTerm(out).add(kl(m, effectiveStd()).mul(beta).sum()));
        }
    }

    /** Runs {@code n} steps; the last step's stats (null for none). */
    public StepStats run(int n) {
        StepStats last = null;
        for (int i = 0; i < n; i++) {
            last = step();
        }
        return last;
    }


    private static double scalar(NDArray a) {
        return a.toType(DataType.FLOAT64, false).getDouble();
    }

    private void adamUpdate() {
        // PyTorch's grad mode is per thread and on in fresh threads; in-place updates of leaves need it off
        JniUtils.setGradMode(false);
        ensureMask();
        t++;
        for (int k = 0; k < params.size(); k++) {
            Adam.update(params.get(k), m1.get(k), m2.get(k), lr, t, k < 2 ? free : null); // fixed latents never move
        }
    }

    /** Row {@code r}'s posterior means; fixed latents report their fixed value. */
    public double[] posteriorMeans(int r) {
        try (NDScope scope = new NDScope()) {
            return toDouble(effectiveMean().get(r).toFloatArray());
        }
    }

    /** Row {@code r}'s posterior standard deviations; 0 where fixed. */
    public double[] posteriorStds(int r) {
        try (NDScope scope = new NDScope()) {
            return toDouble(effectiveStd().get(r).toFloatArray());
        }
    }

    /** Row {@code r}'s raw stds ρ. */
    public double[] rawStds(int r) {
        try (NDScope scope = new NDScope()) {
            return toDouble(rho.get(r).toFloatArray());
        }
    }

    /** Per-latent KL in nats of every row, (rows × P), 0 where fixed. */
    public double[][] klPerLatent() {
        try (NDScope scope = new NDScope()) {
            float[] k = kl(effectiveMean(), effectiveStd()).toFloatArray();
            double[][] out = new double[rows][dim];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < dim; i++) {
                    out[r][i] = k[r * dim + i];
                }
            }
            return out;
        }
    }

    /** Row {@code r}'s posterior-mean network output, samples row-major with channels interleaved (unclamped). */
    public double[] meanOutput(int r) {
        try (NDScope scope = new NDScope()) {
            return toDouble(forward(effectiveMean()).get(r).toFloatArray());
        }
    }

    /** Per row, the MSE of the posterior-mean network's output (unclamped, unrounded). */
    public double[] meanMse() {
        try (NDScope scope = new NDScope()) {
            NDArray out = forward(effectiveMean());
            return toDouble(out.sub(targets).square().reshape(rows, -1).mean(new int[] {1}).toFloatArray());
        }
    }

    /** The shared network's current parameters, in {@link RecombinerNetwork#fromParameters} order. */
    public double[] networkParameters() {
        List<double[]> parts = new ArrayList<>();
        for (NDArray a : matrices) {
            parts.add(toDouble(a.toFloatArray()));
        }
        for (NDArray a : phi) {
            parts.add(toDouble(a.toFloatArray()));
        }
        int n = parts.stream().mapToInt(p -> p.length).sum();
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
