package io.rec4j.nn.fused;

import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.InrPosterior;
import io.rec4j.nn.Softplus;

/**
 * {@link InrPosterior} trained by a hand-written float32 forward and backward pass in pure Java (no autograd, no
 * native code): the same model and objective as {@code DjlInrPosterior}.
 *
 * <p>Model ({@code docs/combiner.md}, "Network" and "Posterior and β-ELBO"): each flat scalar has {@code q = N(μ, σ²)},
 * {@code σ = softplus(ρ)} (PyTorch's: identity above 20); one local-reparameterisation sample per step,
 * {@code z = a·M + sqrt((a∘a)·(S∘S) + 1e−14)∘ε + μ_b + σ_b∘ε_b}, ε per pixel and unit, ε_b per unit shared by all
 * pixels; hidden layers {@code sin(w0·z)}, last layer affine. Objective (the β-ELBO):
 * {@code MSE + Σ_i β_i·KL[q_i ‖ p_i]} with the closed-form Gaussian KL in nats, fixed scalars excluded. Optimiser: Adam
 * with PyTorch's defaults and bias correction. A fixed scalar is the constant of its coded value (std 0), carries no KL
 * and never moves.
 *
 * <p>Implementation: pixels in chunks through all layers forward and backward (a {@link PassWorker} of the chosen
 * {@link FusedKernels}), chunks split statically over a few threads (one per core, at most
 * {@link #DEFAULT_MAX_THREADS}; {@link HelperThread}), gradients summed in worker order. Master parameters and Adam
 * moments are double; matrix work is float32. The pixel noise is keyed by (seed, step, chunk) — a
 * {@link GaussianSampler} stream for the scalar kernels, the vector kernels' own counter-based generator (also keyed
 * by layer) for {@link FusedKernels#VECTOR} — so a given seed repeats its noise whatever the thread count; float sums
 * are then identical for a fixed thread count and kernel choice (the vector kernels' sums do not depend on the
 * vector width).
 */
public final class FusedInrPosterior implements InrPosterior {
    /** Upper bound of the worker count (the target machines have two cores). */
    public static final int DEFAULT_MAX_THREADS = 2;
    /** PyTorch Adam defaults. */
    private static final double ADAM_BETA1 = 0.9;
    private static final double ADAM_BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;
    /** Draw index of the per-unit bias noise ε_b (chunk indices are ≥ 0). */
    private static final long BIAS_NOISE_STREAM = -1;

    /** Loss, its parts and the gradients w.r.t. μ and ρ (flat layout) of one pass; package-private for tests. */
    record Evaluation(double loss, double mse, double weightedKl, double[] gradMean, double[] gradRho) {
    }

    private final SirenArchitecture arch;
    private final DiagonalGaussian prior;
    private final FusedNet net;
    private final PassWorker[] workers;
    private final FusedKernels kernels;
    /** Threads of workers 1, 2, …; worker 0 runs on the caller's thread. */
    private final HelperThread[] helpers;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final double[] mu;
    private final double[] rho;
    private final boolean[] fixed;
    private final double[] adamM;
    private final double[] adamV;
    private final double[] gradMean;
    private final double[] gradRho;
    /** σ = softplus(ρ) and softplus′(ρ) of every non-fixed scalar, refreshed by {@link #loadWeights}. */
    private final double[] sigma;
    private final double[] sigmaSlope;
    /** Per layer ε_b of the current pass. */
    private final float[][] biasNoise;
    private final long seed;
    private double[] beta;
    private double lr;
    private long adamSteps;
    private long draws;
    private boolean closed;

    /**
     * As {@code DjlInrPosterior}'s constructor, with the {@linkplain FusedKernels#best() best kernels} this JVM can
     * run; one worker per core up to {@link #DEFAULT_MAX_THREADS}.
     */
    public FusedInrPosterior(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta, double lr,
                             double[] initMeans, double[] initRho, long seed) {
        this(arch, image, prior, beta, lr, initMeans, initRho, seed, FusedKernels.best());
    }

    /**
     * As {@link #FusedInrPosterior(SirenArchitecture, float[][][], DiagonalGaussian, double[], double, double[],
     * double[], long)} with the given kernels.
     *
     * @throws IllegalStateException for {@link FusedKernels#VECTOR} on a JVM without the incubator module
     */
    public FusedInrPosterior(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta, double lr,
                             double[] initMeans, double[] initRho, long seed, FusedKernels kernels) {
        this(arch, image, prior, beta, lr, initMeans, initRho, seed, kernels, 0);
    }

    /**
     * As {@link #FusedInrPosterior(SirenArchitecture, float[][][], DiagonalGaussian, double[], double, double[],
     * double[], long, FusedKernels)} with {@code threads} workers per step (0: one per core, at most
     * {@link #DEFAULT_MAX_THREADS}).
     *
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    public FusedInrPosterior(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta, double lr,
                             double[] initMeans, double[] initRho, long seed, FusedKernels kernels, int threads) {
        this(arch, image, prior, beta, lr, initMeans, initRho, seed, threads == 0
                ? Math.min(DEFAULT_MAX_THREADS, Runtime.getRuntime().availableProcessors()) : threads,
                FusedNet.DEFAULT_CHUNK, kernels);
    }

    /**
     * @param threads workers (≥ 1); the caller's thread is one of them
     * @param chunk   pixels per chunk (≥ 1; a multiple of 4 for {@code VECTOR})
     */
    FusedInrPosterior(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta, double lr,
                      double[] initMeans, double[] initRho, long seed, int threads, int chunk, FusedKernels kernels) {
        if (arch == null || image == null || prior == null || beta == null || initMeans == null || initRho == null) {
            throw new IllegalArgumentException("null argument");
        }
        if (arch.inputDim() != 2) {
            throw new IllegalArgumentException("images need 2-D coordinates, architecture has " + arch.inputDim());
        }
        checkImage(image, arch.outputChannels());
        int p = arch.parameterCount();
        if (prior.dimension() != p) {
            throw new IllegalArgumentException("prior size " + prior.dimension() + " does not match " + p + " parameters");
        }
        if (initMeans.length != p || initRho.length != p) {
            throw new IllegalArgumentException("expected " + p + " means and raw stds");
        }
        for (int i = 0; i < p; i++) {
            if (!Double.isFinite(initMeans[i]) || !Double.isFinite(initRho[i])) {
                throw new IllegalArgumentException("non-finite initial parameter at " + i);
            }
        }
        if (threads < 1 || chunk < 1) {
            throw new IllegalArgumentException("threads and chunk must be positive");
        }
        if (kernels == null) {
            throw new IllegalArgumentException("null kernels");
        }
        this.beta = checkBeta(beta, p);
        setLearningRate(lr);
        this.arch = arch;
        this.prior = prior;
        this.seed = seed;
        this.mu = initMeans.clone();
        this.rho = initRho.clone();
        this.fixed = new boolean[p];
        this.adamM = new double[2 * p];
        this.adamV = new double[2 * p];
        this.gradMean = new double[p];
        this.gradRho = new double[p];
        this.sigma = new double[p];
        this.sigmaSlope = new double[p];
        this.net = new FusedNet(arch, image, chunk);
        int layers = arch.layerCount();
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        this.biasNoise = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = arch.layerOffset(l);
            biasOffset[l] = weightOffset[l] + net.din[l] * net.dout[l];
            biasNoise[l] = new float[net.dout[l]];
        }
        int t = Math.max(1, Math.min(threads, net.chunks));
        this.workers = new PassWorker[t];
        for (int w = 0; w < t; w++) {
            workers[w] = kernels.worker(net, w, t);
        }
        this.kernels = kernels;
        this.helpers = new HelperThread[t - 1];
        for (int h = 0; h < t - 1; h++) {
            helpers[h] = new HelperThread("rec4j-fused-worker");
        }
    }

    private static void checkImage(float[][][] image, int channels) {
        if (image.length == 0 || image[0] == null || image[0].length == 0) {
            throw new IllegalArgumentException("empty image");
        }
        int w = image[0].length;
        if ((long) image.length * w > Integer.MAX_VALUE / 64) {
            throw new IllegalArgumentException("image too large");
        }
        for (float[][] row : image) {
            if (row == null || row.length != w) {
                throw new IllegalArgumentException("ragged image");
            }
            for (float[] px : row) {
                if (px == null || px.length != channels) {
                    throw new IllegalArgumentException("expected " + channels + " channels per pixel");
                }
                for (float v : px) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("non-finite pixel value " + v);
                    }
                }
            }
        }
    }

    private static double[] checkBeta(double[] beta, int p) {
        if (beta == null || beta.length != p) {
            throw new IllegalArgumentException("β must have " + p + " entries");
        }
        for (double b : beta) {
            if (!(b >= 0) || Double.isInfinite(b)) {
                throw new IllegalArgumentException("β must be finite and ≥ 0: " + b);
            }
        }
        return beta.clone();
    }

    @Override
    public SirenArchitecture architecture() {
        return arch;
    }

    @Override
    public long points() {
        return net.points;
    }

    /** The kernels this posterior runs. */
    public FusedKernels kernels() {
        return kernels;
    }

    /** Worker threads in use (the caller's included). */
    int threads() {
        return workers.length;
    }

    @Override
    public StepStats step() {
        Evaluation e = evaluate(null, null);
        adamUpdate(e.gradMean(), e.gradRho());
        return new StepStats(e.loss(), e.mse(), e.weightedKl());
    }

    /**
     * Loss and gradients of one pass without updating anything. With {@code eps == null} fresh noise is drawn (and
     * the draw counter advances); otherwise {@code eps[l]} is layer l's N × d_out pixel-major ε and
     * {@code epsBias[l]} its ε_b. The returned gradient arrays are reused by the next call.
     */
    Evaluation evaluate(float[][] eps, float[][] epsBias) {
        ensureOpen();
        int layers = net.layers;
        if (eps == null) {
            GaussianSampler g = new GaussianSampler(GaussianSampler.seedOf(seed, draws, BIAS_NOISE_STREAM));
            for (int l = 0; l < layers; l++) {
                g.fill(biasNoise[l], net.dout[l]);
            }
            net.noiseSeed = seed;
            net.draw = draws++;
            net.injected = null;
        } else {
            for (int l = 0; l < layers; l++) {
                if (eps[l].length != net.points * net.dout[l] || epsBias[l].length != net.dout[l]) {
                    throw new IllegalArgumentException("noise of layer " + l + " has the wrong size");
                }
                System.arraycopy(epsBias[l], 0, biasNoise[l], 0, net.dout[l]);
            }
            net.injected = eps;
        }
        loadWeights(true);
        dispatch(true);
        net.injected = null;

        double sse = 0;
        for (PassWorker w : workers) {
            sse += w.sse;
        }
        double mse = sse / ((double) net.points * net.channels);
        java.util.Arrays.fill(gradMean, 0.0);
        java.util.Arrays.fill(gradRho, 0.0);
        for (int l = 0; l < layers; l++) {
            int in = net.din[l];
            int out = net.dout[l];
            int off = weightOffset[l];
            for (PassWorker w : workers) { // fixed worker order: deterministic sums
                float[][] gm = w.gMean[l];
                float[][] gv = w.gVar[l];
                if (w.transposed[l]) {
                    for (int j = 0; j < out; j++) {
                        for (int i = 0; i < in; i++) {
                            gradMean[off + i * out + j] += gm[j][i];
                            gradRho[off + i * out + j] += gv[j][i]; // ∂L/∂S² for now
                        }
                    }
                } else {
                    for (int i = 0; i < in; i++) {
                        for (int j = 0; j < out; j++) {
                            gradMean[off + i * out + j] += gm[i][j];
                            gradRho[off + i * out + j] += gv[i][j]; // ∂L/∂S² for now
                        }
                    }
                }
                double[] gb = w.gBias[l];
                for (int j = 0; j < out; j++) {
                    gradMean[biasOffset[l] + j] += gb[j];
                    gradRho[biasOffset[l] + j] += gb[j] * biasNoise[l][j]; // ∂L/∂σ_b for now
                }
            }
            // Chain S² = σ² → ∂L/∂σ = 2σ·∂L/∂S² for the weights (biases already hold ∂L/∂σ).
            for (int k = off; k < biasOffset[l]; k++) {
                gradRho[k] *= 2 * sigma[k];
            }
        }
        double wkl = 0;
        for (int k = 0; k < mu.length; k++) {
            if (fixed[k]) {
                gradMean[k] = 0;
                gradRho[k] = 0;
                continue;
            }
            double sq = sigma[k];
            double sp = prior.std(k);
            double d = mu[k] - prior.mean(k);
            double invVar = 1.0 / (sp * sp);
            // KL = ln(σp/σq) + (σq² + d²)/(2σp²) − ½ (docs/combiner.md, "Posterior and β-ELBO")
            wkl += beta[k] * (Math.log(sp / sq) + 0.5 * (sq * sq + d * d) * invVar - 0.5);
            gradMean[k] += beta[k] * d * invVar;
            double gSigma = gradRho[k] + beta[k] * (sq * invVar - 1.0 / sq);
            gradRho[k] = gSigma * sigmaSlope[k];
        }
        return new Evaluation(mse + wkl, mse, wkl, gradMean, gradRho);
    }

    /** Refreshes the float weights from the master parameters (variances and noisy biases when {@code noisy}). */
    private void loadWeights(boolean noisy) {
        for (int k = 0; k < rho.length; k++) {
            double x = rho[k];
            if (fixed[k]) {
                sigma[k] = 0;
                sigmaSlope[k] = 0;
            } else if (x > Softplus.THRESHOLD) {
                sigma[k] = x;
                sigmaSlope[k] = 1.0;
            } else {
                double e = Math.exp(x);
                sigma[k] = Math.log1p(e);
                sigmaSlope[k] = e / (1.0 + e);
            }
        }
        for (int l = 0; l < net.layers; l++) {
            float[] m = net.meanW[l];
            float[] v = net.varW[l];
            int off = weightOffset[l];
            for (int k = 0; k < m.length; k++) {
                m[k] = (float) mu[off + k];
                double s = sigma[off + k];
                v[k] = (float) (s * s);
            }
            float[] b = net.bias[l];
            for (int j = 0; j < b.length; j++) {
                int k = biasOffset[l] + j;
                double s = sigma[k];
                b[j] = (float) (noisy ? mu[k] + s * biasNoise[l][j] : mu[k]);
            }
        }
    }

    private void dispatch(boolean train) {
        for (int w = 1; w < workers.length; w++) {
            helpers[w - 1].post(train ? workers[w].trainTask : workers[w].meanTask);
        }
        RuntimeException failure = null;
        try {
            if (train) {
                workers[0].train();
            } else {
                workers[0].meanPass();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        for (HelperThread h : helpers) {
            Throwable t = h.await();
            if (t != null && failure == null) {
                failure = new IllegalStateException("worker failed", t);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Adam (PyTorch defaults): p −= (lr/bc1)·m/(√v/√bc2 + ε); fixed scalars are skipped entirely. */
    private void adamUpdate(double[] gMean, double[] gRho) {
        adamSteps++;
        double bc1 = 1 - Math.pow(ADAM_BETA1, adamSteps);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(ADAM_BETA2, adamSteps));
        double stepSize = lr / bc1;
        int p = mu.length;
        for (int k = 0; k < p; k++) {
            if (fixed[k]) {
                continue;
            }
            mu[k] -= adam(k, gMean[k], stepSize, sqrtBc2);
            rho[k] -= adam(p + k, gRho[k], stepSize, sqrtBc2);
        }
    }

    /** Adam state index {@code s}: μ moments at [0, P), ρ moments at [P, 2P) (both arrays have length 2P). */
    private double adam(int s, double g, double stepSize, double sqrtBc2) {
        double m = ADAM_BETA1 * adamM[s] + (1 - ADAM_BETA1) * g;
        double v = ADAM_BETA2 * adamV[s] + (1 - ADAM_BETA2) * g * g;
        adamM[s] = m;
        adamV[s] = v;
        return stepSize * m / (Math.sqrt(v) / sqrtBc2 + ADAM_EPS);
    }

    @Override
    public void setLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite: " + lr);
        }
        this.lr = lr;
    }

    @Override
    public void setBeta(double[] beta) {
        this.beta = checkBeta(beta, mu.length);
    }

    @Override
    public DiagonalGaussian prior() {
        return prior;
    }

    @Override
    public double[] posteriorMeans() {
        return mu.clone();
    }

    @Override
    public double[] posteriorStds() {
        double[] out = new double[rho.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = fixed[k] ? 0.0 : Softplus.value(rho[k]);
        }
        return out;
    }

    @Override
    public boolean isFixed(int i) {
        checkIndex(i);
        return fixed[i];
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= mu.length) {
            throw new IndexOutOfBoundsException("scalar " + i + " of " + mu.length);
        }
    }

    @Override
    public void fix(int[] indices, double[] values) {
        if (indices == null || values == null || indices.length != values.length) {
            throw new IllegalArgumentException("indices and values must have equal lengths");
        }
        for (int j = 0; j < indices.length; j++) { // validate everything before changing anything
            checkIndex(indices[j]);
            if (!Double.isFinite(values[j])) {
                throw new IllegalArgumentException("non-finite value for scalar " + indices[j]);
            }
        }
        for (int j = 0; j < indices.length; j++) {
            fixed[indices[j]] = true;
            mu[indices[j]] = values[j];
        }
    }

    @Override
    public double meanMse() {
        ensureOpen();
        loadWeights(false);
        dispatch(false);
        double sse = 0;
        for (PassWorker w : workers) {
            sse += w.sse;
        }
        return sse / ((double) net.points * net.channels);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (HelperThread h : helpers) {
                h.close();
            }
        }
    }
}
