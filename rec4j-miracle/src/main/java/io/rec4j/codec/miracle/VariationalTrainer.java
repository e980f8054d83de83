package io.rec4j.codec.miracle;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.rec4j.codec.image.Mnist;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.nn.djl.Adam;
import io.rec4j.nn.djl.ConvolutionCheck;
import io.rec4j.nn.djl.NativeArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Variational training of a MIRACLE classifier on the PyTorch engine (DJL), for the {@link MiracleEncoder}
 * ({@code docs/miracle.md}, "Training"). The coded variables (after {@link WeightHashing}) are held in the block
 * layout of the plan, one row per block, so per-block quantities (the Mean-KL budget split, the Mean-Var penalties)
 * are row operations; a gather maps them to the network's tensors.
 *
 * <ul>
 *   <li><b>Mean-Var</b> (Havasi et al., ICLR 2019, arXiv 1810.00440, §3.2): parameters μ and ln σ per variable;
 *       loss {@code CE + Σ_b β_b·KL_b} over uncoded blocks, with {@link #annealPenalties} multiplying β_b by
 *       {@code rate} when KL_b exceeds the budget C·ln 2 and dividing it otherwise.</li>
 *   <li><b>Mean-KL</b> (Lin, Flamich, Hernández-Lobato, arXiv 2307.07816): parameters η (mean) and ψ (budget logit)
 *       per variable, {@code κ = C·ln 2·softmax_block(ψ)}, {@code μ = s·√(2κ)·tanh η}, σ from {@link MeanKl}; the KL
 *       is the budget by construction and the loss is the cross-entropy alone. On the engine the Newton solve runs in
 *       float32 for six iterations (d clamped at 10⁻⁶) with the implicit gradient {@code du/dd = 1/(eᵘ − 1)}; the
 *       posterior handed to the coder ({@link #posterior}) is recomputed exactly, in double, by {@link MeanKl}.</li>
 *   <li><b>Pre-training</b> ({@link #pretrainStep}): the means alone, without noise or KL (the first phase of
 *       MIRACLE's schedule).</li>
 * </ul>
 * Weights are sampled once per step for the whole minibatch ({@code w = μ + σ ⊙ ε}), as in MIRACLE's code. Coded
 * variables are fixed ({@link #fix}) and never move again. The coding scales σ_p (one per tensor) are trained until
 * {@link #freezePriorScales}, which rounds them to the float32 values the file stores.
 *
 * <p>Owns native memory: {@link #close()}. Not thread-safe.
 */
public final class VariationalTrainer implements AutoCloseable {
    /** Loss terms of one step: the minibatch mean cross-entropy and the weighted KL (nats; 0 under Mean-KL). */
    public record StepStats(double crossEntropy, double weightedKl) {
    }

    private static final int NEWTON_ITERATIONS = 6;
    private static final float MIN_D = 1e-6f;
    private static final int EVAL_BATCH = 500;


    private final MiracleArchitecture arch;
    private final MiracleFile.Parameterisation param;
    private final double budgetNats;
    private final BlockPlan plan;
    private final int blocks;
    private final int width;
    private final int[] slotOf;
    private final int[] tensorOfSlot;
    private final Mnist.Set train;
    private final int batch;
    private final SplittableRandom random;
    private final NDManager manager;
    private final NDArray slotIndex;
    private final NDArray tensorOneHot;
    private final NDArray padLogit;
    private final List<NDArray> signs = new ArrayList<>();
    private final NDArray a;
    private final NDArray b;
    private NDArray logScale;
    private NDArray frozenScale;
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> m1 = new ArrayList<>();
    private final List<NDArray> m2 = new ArrayList<>();
    private final float[] freeHost;
    private final float[] fixedHost;
    private NDArray free;
    private NDArray fixed;
    private boolean maskDirty;
    private final double[] beta;
    private NDArray betaArray;
    private boolean betaDirty = true;
    private double lr;
    private long t;
    private int[] order;
    private int cursor;

    /**
     * @param arch        the network
     * @param plan        the block plan over its variables
     * @param hashing     the hash signs
     * @param param       the parameterisation
     * @param blockBits   C, the budget of every block in bits
     * @param train       training images
     * @param initMeans   initial means of the variables (length V)
     * @param initScales  initial coding scales σ_p, one per tensor
     * @param initBeta    initial KL penalty of every block (Mean-Var)
     * @param seed        seed of the minibatch order and the engine's noise
     * @param lr          Adam's learning rate
     * @param batch       minibatch size
     */
    public VariationalTrainer(MiracleArchitecture arch, BlockPlan plan, WeightHashing hashing,
                              MiracleFile.Parameterisation param, int blockBits, Mnist.Set train, double[] initMeans,
                              float[] initScales, double initBeta, long seed, double lr, int batch) {
        int v = arch.variableCount();
        if (plan.dimension() != v || initMeans.length != v) {
            throw new IllegalArgumentException("the plan and the means must cover the " + v + " variables");
        }
        if (initScales.length != arch.tensors().size()) {
            throw new IllegalArgumentException("need one scale per tensor");
        }
        if (batch < 1 || train.count() < 1) {
            throw new IllegalArgumentException("need a positive batch and training images");
        }
        if (arch.isConvolutional()) {
            ConvolutionCheck.verify(); // refuse a CPU whose convolutions are wrong (LeNet-5's conv2 has 20 inputs)
        }
        this.arch = arch;
        this.param = param;
        this.budgetNats = blockBits * Math.log(2);
        this.plan = plan;
        this.blocks = plan.blockCount();
        int w = 0;
        for (int k = 0; k < blocks; k++) {
            w = Math.max(w, plan.blockSize(k));
        }
        this.width = w;
        this.train = train;
        this.batch = Math.min(batch, train.count());
        this.random = new SplittableRandom(seed);
        this.lr = lr;
        int slots = blocks * width;
        this.slotOf = new int[v];
        this.tensorOfSlot = new int[slots];
        int[] tensorOf = arch.tensorOfVariable();
        float[] real = new float[slots];
        float[] pad = new float[slots];
        Arrays.fill(pad, -1e4f);
        for (int k = 0; k < blocks; k++) {
            int[] idx = plan.block(k);
            for (int j = 0; j < idx.length; j++) {
                int s = k * width + j;
                slotOf[idx[j]] = s;
                tensorOfSlot[s] = tensorOf[idx[j]];
                real[s] = 1f;
                pad[s] = 0f;
            }
        }
        this.freeHost = real.clone();
        this.fixedHost = new float[slots];
        this.beta = new double[blocks];
        Arrays.fill(beta, initBeta);
        this.manager = NDManager.newBaseManager();
        try {
            long[] si = new long[v];
            for (int i = 0; i < v; i++) {
                si[i] = slotOf[i];
            }
            this.slotIndex = keep(manager.create(si).duplicate());
            int tensors = arch.tensors().size();
            float[] oh = new float[slots * tensors];
            for (int s = 0; s < slots; s++) {
                oh[s * tensors + tensorOfSlot[s]] = 1f;
            }
            this.tensorOneHot = keep(owned(oh, new Shape(slots, tensors)));
            this.padLogit = keep(owned(pad, new Shape(blocks, width)));
            for (int k = 0; k < tensors; k++) {
                int[] sg = hashing.signs(k);
                float[] f = new float[sg.length];
                for (int j = 0; j < f.length; j++) {
                    f[j] = sg[j];
                }
                signs.add(keep(owned(f, new Shape(1, f.length))));
            }
            float[] first = new float[slots];
            float[] second = new float[slots];
            for (int i = 0; i < v; i++) {
                int s = slotOf[i];
                float sp = initScales[tensorOf[i]];
                if (param == MiracleFile.Parameterisation.MEAN_KL) {
                    int k = s / width;
                    double kappa = budgetNats / plan.blockSize(k);
                    double edge = sp * Math.sqrt(2 * kappa);
                    double x = Math.max(-0.99, Math.min(0.99, initMeans[i] / edge));
                    first[s] = (float) (0.5 * Math.log((1 + x) / (1 - x)));
                    second[s] = 0f;
                } else {
                    first[s] = (float) initMeans[i];
                    // σ that a zero mean would get from an even share of the budget: a feasible start (MIRACLE's
                    // code starts at ln σ = −10 and needs 10⁵ annealing steps to get here)
                    int k = s / width;
                    double kappa = budgetNats / plan.blockSize(k);
                    second[s] = (float) (Math.log(sp) + MeanKl.logVarianceRatio(2 * kappa) / 2);
                }
            }
            this.a = leaf(first, new Shape(blocks, width));
            this.b = leaf(second, new Shape(blocks, width));
            float[] ls = new float[tensors];
            for (int k = 0; k < tensors; k++) {
                ls[k] = (float) Math.log(initScales[k]);
            }
            this.logScale = leaf(ls, new Shape(tensors));
            params.add(a);
            params.add(b);
            params.add(logScale);
            for (NDArray p : params) {
                m1.add(keep(manager.zeros(p.getShape(), DataType.FLOAT32)));
                m2.add(keep(manager.zeros(p.getShape(), DataType.FLOAT32)));
            }
            this.maskDirty = true;
            Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public MiracleFile.Parameterisation parameterisation() {
        return param;
    }

    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    /** One Adam step on the means alone: no noise, no KL (pre-training). Mean-Var only. */
    public StepStats pretrainStep() {
        if (param != MiracleFile.Parameterisation.MEAN_VAR) {
            throw new IllegalStateException("pre-training runs on the Mean-Var parameterisation");
        }
        return step(false);
    }

    /** One Adam step on the variational objective with fresh weight noise. */
    public StepStats step() {
        return step(true);
    }

    private StepStats step(boolean variational) {
        int[] idx = nextBatch();
        try (NDScope scope = new NDScope()) {
            ensureMasks();
            NDArray x = batchImages(idx);
            NDArray y = oneHot(idx);
            NDArray ce;
            NDArray wkl = null;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray slotsW;
                NDArray scales = slotScales();
                if (!variational) {
                    slotsW = a;
                } else if (param == MiracleFile.Parameterisation.MEAN_VAR) {
                    NDArray sigma = b.exp();
                    NDArray eps = manager.randomNormal(0, 1, new Shape(blocks, width), DataType.FLOAT32);
                    slotsW = a.add(sigma.mul(eps));
                    NDArray kl = scales.log().sub(b).add(sigma.square().add(a.square()).div(scales.square().mul(2)))
                            .sub(0.5);
                    wkl = kl.mul(free).mul(betaArray()).sum();
                } else {
                    NDArray[] ms = meanKl(scales);
                    NDArray eps = manager.randomNormal(0, 1, new Shape(blocks, width), DataType.FLOAT32);
                    slotsW = ms[0].add(ms[1].mul(eps));
                }
                NDArray logits = forward(slotsW.mul(free).add(fixed), x);
                ce = logits.logSoftmax(1).mul(y).sum(new int[] {1}).neg().mean();
                gc.backward(wkl == null ? ce : ce.add(wkl));
            }
            update(variational);
            return new StepStats(ce.getFloat(), wkl == null ? 0 : wkl.getFloat());
        }
    }

    /** μ and σ of every slot under Mean-KL (differentiable). */
    private NDArray[] meanKl(NDArray scales) {
        // κ ≥ 10⁻¹⁰: padding slots get κ = 0, where √κ has an infinite slope (and 0·∞ would poison the gradient)
        NDArray kappa = b.add(padLogit).softmax(1).mul(budgetNats).maximum(1e-10f);
        NDArray th = a.tanh();
        NDArray mu = scales.mul(kappa.mul(2).sqrt()).mul(th);
        NDArray d = kappa.mul(2).mul(th.square().neg().add(1)).maximum(MIN_D);
        NDArray dc = d.stopGradient();
        NDArray u = solve(dc);
        NDArray slope = u.exp().sub(1).pow(-1);
        NDArray uSt = u.add(d.sub(dc).mul(slope));
        return new NDArray[] {mu, scales.mul(uSt.div(2).exp())};
    }

    /** Newton's method for {@code expm1(u) − u = d}, u ≤ 0 (no gradient). */
    private static NDArray solve(NDArray d) {
        NDArray r = d.mul(2).sqrt();
        NDArray c = d.add(1);
        NDArray u = NDArrays.where(d.lt(1.5f), r.mul(r.div(6).neg().add(1)).neg(), c.neg().add(c.neg().exp()));
        for (int i = 0; i < NEWTON_ITERATIONS; i++) {
            NDArray em = u.exp().sub(1);
            NDArray next = u.sub(em.sub(u).sub(d).div(em));
            u = NDArrays.where(next.gt(0f), u.div(2), next);
        }
        return u.stopGradient();
    }

    /** σ_p of every slot, [blocks, width]. */
    private NDArray slotScales() {
        NDArray s = frozenScale != null ? frozenScale : logScale.exp();
        return tensorOneHot.matMul(s.reshape(-1, 1)).reshape(blocks, width);
    }

    private NDArray betaArray() {
        if (betaDirty || betaArray == null) {
            if (betaArray != null) {
                betaArray.close();
            }
            float[] f = new float[blocks];
            for (int k = 0; k < blocks; k++) {
                f[k] = (float) beta[k];
            }
            betaArray = keep(owned(f, new Shape(blocks, 1)));
            betaDirty = false;
        }
        return betaArray;
    }

    /** The logits of a batch [n, 784] for slot values [blocks, width]. */
    private NDArray forward(NDArray slotValues, NDArray x) {
        NDArray v = slotValues.reshape(-1).take(slotIndex);
        List<NDArray> w = new ArrayList<>();
        long at = 0;
        for (int k = 0; k < arch.tensors().size(); k++) {
            MiracleArchitecture.Tensor tensor = arch.tensors().get(k);
            NDArray part = v.get(at + ":" + (at + tensor.variables()));
            at += tensor.variables();
            NDArray full = part.reshape(-1, 1).mul(signs.get(k));
            if (tensor.outputMajor()) {
                full = full.reshape(-1, tensor.shape()[0]).transpose();
            }
            full = full.reshape(shapeOf(tensor));
            w.add(full);
        }
        NDArray h = x;
        int k = 0;
        if (arch.isConvolutional()) {
            h = h.reshape(-1, 1, 28, 28);
            for (; k < 4; k += 2) {
                h = Conv2d.conv2d(h, w.get(k), w.get(k + 1), new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                        .singletonOrThrow();
                h = Pool.maxPool2d(Activation.relu(h), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
            h = h.reshape(h.getShape().get(0), -1);
        }
        for (; k < w.size(); k += 2) {
            h = h.matMul(w.get(k).transpose()).add(w.get(k + 1));
            if (k + 2 < w.size()) {
                h = Activation.relu(h);
            }
        }
        return h;
    }

    private static Shape shapeOf(MiracleArchitecture.Tensor t) {
        long[] s = new long[t.shape().length];
        for (int i = 0; i < s.length; i++) {
            s[i] = t.shape()[i];
        }
        return new Shape(s);
    }

    private void update(boolean variational) {
        JniUtils.setGradMode(false);
        t++;
        Adam.update(a, m1.get(0), m2.get(0), lr, t, free);
        if (variational) {
            Adam.update(b, m1.get(1), m2.get(1), lr, t, free);
        } else {
            b.getGradient().subi(b.getGradient());
        }
        if (frozenScale == null && variational) {
            Adam.update(logScale, m1.get(2), m2.get(2), lr, t, null);
        } else {
            logScale.getGradient().subi(logScale.getGradient());
        }
    }

    /**
     * Mean-Var's per-block penalty annealing (MIRACLE, §3.2): for each uncoded block, β_b ← β_b·rate if its KL
     * exceeds the budget C·ln 2, else β_b ← β_b/rate. Returns the largest block KL over the budget (nats), or 0.
     */
    public double annealPenalties(double rate) {
        if (param != MiracleFile.Parameterisation.MEAN_VAR) {
            return 0;
        }
        double[] kl = blockKl();
        double worst = 0;
        for (int k = 0; k < blocks; k++) {
            if (isCodedBlock(k)) {
                continue;
            }
            beta[k] = kl[k] > budgetNats ? beta[k] * rate : beta[k] / rate;
            worst = Math.max(worst, kl[k] - budgetNats);
        }
        betaDirty = true;
        return worst;
    }

    /** The KL of every block in nats, from the engine's float32 parameters (coded blocks report 0). */
    public double[] blockKl() {
        double[] mean = new double[arch.variableCount()];
        double[] std = new double[mean.length];
        posterior(mean, std);
        float[] s = priorScales();
        int[] tensorOf = arch.tensorOfVariable();
        double[] kl = new double[blocks];
        for (int k = 0; k < blocks; k++) {
            if (isCodedBlock(k)) {
                continue;
            }
            for (int i : plan.block(k)) {
                kl[k] += MeanKl.kl(mean[i], std[i], 0, s[tensorOf[i]]);
            }
        }
        return kl;
    }

    private boolean isCodedBlock(int k) {
        return freeHost[k * width] == 0f;
    }

    /**
     * The current posterior of every variable (double): Mean-Var {@code (μ, e^{ln σ})}; Mean-KL recomputed exactly
     * by {@link MeanKl#block} from η, ψ and σ_p. Coded variables report their fixed value and σ = 0.
     */
    public void posterior(double[] mean, double[] std) {
        float[] first;
        float[] second;
        try (NDScope scope = new NDScope()) {
            first = a.toFloatArray();
            second = b.toFloatArray();
        }
        float[] s = priorScales();
        for (int k = 0; k < blocks; k++) {
            int[] idx = plan.block(k);
            int n = idx.length;
            double[] mu = new double[n];
            double[] sd = new double[n];
            if (param == MiracleFile.Parameterisation.MEAN_KL) {
                double[] psi = new double[n];
                double[] eta = new double[n];
                double[] sc = new double[n];
                for (int j = 0; j < n; j++) {
                    eta[j] = first[k * width + j];
                    psi[j] = second[k * width + j];
                    sc[j] = s[tensorOfSlot[k * width + j]];
                }
                MeanKl.block(budgetNats, psi, eta, sc, mu, sd);
            } else {
                for (int j = 0; j < n; j++) {
                    mu[j] = first[k * width + j];
                    sd[j] = Math.exp(second[k * width + j]);
                }
            }
            for (int j = 0; j < n; j++) {
                int slot = k * width + j;
                boolean coded = freeHost[slot] == 0f;
                mean[idx[j]] = coded ? fixedHost[slot] : mu[j];
                std[idx[j]] = coded ? 0 : sd[j];
            }
        }
    }

    /** The coding scales σ_p per tensor (float32; after {@link #freezePriorScales} the frozen values). */
    public float[] priorScales() {
        try (NDScope scope = new NDScope()) {
            return frozenScale != null ? frozenScale.toFloatArray() : logScale.exp().toFloatArray();
        }
    }

    /** Stops training σ_p and fixes it at its float32 value, which the file stores; returns the values. */
    public float[] freezePriorScales() {
        float[] s = priorScales();
        frozenScale = keep(owned(s, new Shape(s.length)));
        return s.clone();
    }

    /** Fixes variables to coded values (as float32, the decoder's precision); they never move again. */
    public void fix(int[] variables, double[] values) {
        for (int j = 0; j < variables.length; j++) {
            int s = slotOf[variables[j]];
            freeHost[s] = 0f;
            fixedHost[s] = (float) values[j];
        }
        maskDirty = true;
    }

    /**
     * The error rate on {@code set} of the network at the current posterior means (fixed variables at their
     * values), on the engine.
     */
    public double errorRate(Mnist.Set set) {
        int wrong = 0;
        float[] z = logitsAtMeans(set);
        for (int i = 0; i < set.count(); i++) {
            int best = 0;
            for (int k = 1; k < 10; k++) {
                if (z[i * 10 + k] > z[i * 10 + best]) {
                    best = k;
                }
            }
            if (best != set.labels()[i]) {
                wrong++;
            }
        }
        return wrong / (double) set.count();
    }

    /** The engine's logits of every image of {@code set} at the posterior means, [n × 10] row-major. */
    float[] logitsAtMeans(Mnist.Set set) {
        float[] out = new float[set.count() * 10];
        try (NDScope scope = new NDScope()) {
            ensureMasks();
            JniUtils.setGradMode(false);
            NDArray means;
            if (param == MiracleFile.Parameterisation.MEAN_KL) {
                means = meanKl(slotScales())[0];
            } else {
                means = a;
            }
            NDArray slots = means.mul(free).add(fixed);
            for (int from = 0; from < set.count(); from += EVAL_BATCH) {
                int to = Math.min(set.count(), from + EVAL_BATCH);
                float[] px = Arrays.copyOfRange(set.pixels(), from * Mnist.PIXELS, to * Mnist.PIXELS);
                try (NDScope inner = new NDScope()) {
                    float[] z = forward(slots, owned(px, new Shape(to - from, Mnist.PIXELS))).toFloatArray();
                    System.arraycopy(z, 0, out, from * 10, z.length);
                }
            }
        }
        return out;
    }

    /** Steps per pass over the training images. */
    public int stepsPerEpoch() {
        return (train.count() + batch - 1) / batch;
    }

    private int[] nextBatch() {
        int n = train.count();
        if (order == null || cursor + batch > n) {
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            cursor = 0;
        }
        int[] idx = Arrays.copyOfRange(order, cursor, cursor + batch);
        cursor += batch;
        return idx;
    }

    private NDArray batchImages(int[] idx) {
        float[] px = new float[idx.length * Mnist.PIXELS];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(train.pixels(), idx[i] * Mnist.PIXELS, px, i * Mnist.PIXELS, Mnist.PIXELS);
        }
        return owned(px, new Shape(idx.length, Mnist.PIXELS));
    }

    private NDArray oneHot(int[] idx) {
        float[] y = new float[idx.length * 10];
        for (int i = 0; i < idx.length; i++) {
            y[i * 10 + train.labels()[idx[i]]] = 1f;
        }
        return owned(y, new Shape(idx.length, 10));
    }

    private void ensureMasks() {
        if (!maskDirty) {
            return;
        }
        if (free != null) {
            free.close();
            fixed.close();
        }
        free = keep(owned(freeHost, new Shape(blocks, width)));
        fixed = keep(owned(fixedHost, new Shape(blocks, width)));
        maskDirty = false;
    }

    private NDArray owned(float[] values, Shape shape) {
        return NativeArrays.owned(manager, values, shape);
    }

    private static NDArray keep(NDArray x) {
        return NativeArrays.keep(x);
    }

    private NDArray leaf(float[] values, Shape shape) {
        return NativeArrays.leaf(owned(values, shape));
    }

    @Override
    public void close() {
        manager.close();
    }
}
