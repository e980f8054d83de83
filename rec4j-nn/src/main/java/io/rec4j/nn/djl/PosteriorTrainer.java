package io.rec4j.nn.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.rec4j.nn.InrPosterior;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a {@link VariationalSiren} posterior to one image by minimising the {@link BetaElbo} with Adam (PyTorch defaults
 * β1 = 0.9, β2 = 0.999, ε = 1e−8, no weight decay; {@code docs/combiner.md}, "Posterior and β-ELBO"), one local
 * reparameterisation sample per step over all pixels.
 *
 * <p>The Adam state lives as long as the trainer, so a trainer can be kept across progressive-refinement rounds as the
 * COMBINER authors' code does (one Adam, never reset; {@code docs/combiner.md},
 * "Block coding and progressive refinement"). Fixed scalars are never updated, even by leftover momentum. Every
 * per-step temporary is released at the end of its step ({@link NDScope}), so resident memory stays flat.
 *
 * <p>Not included: COMBINER's ¼ pixel subsampling, the learning-rate schedule, gradient clipping and the β controller;
 * callers can run those around {@link #step()} with {@link #setObjective} and {@link #setLearningRate}.
 */
public final class PosteriorTrainer implements AutoCloseable {

    /** PyTorch Adam defaults. */
    public static final double ADAM_BETA1 = Adam.BETA1;
    public static final double ADAM_BETA2 = Adam.BETA2;
    public static final double ADAM_EPS = Adam.EPS;
    /** COMBINER's test-time learning rate (the authors' Kodak configuration). */
    public static final double COMBINER_LR = 1e-4;

    private final VariationalSiren model;
    private final NDManager data;
    private final NDArray features;
    private final NDArray targets;
    private final List<NDArray> params;
    private final List<NDArray> freeMasks = new ArrayList<>();
    private final List<NDArray> m1 = new ArrayList<>();
    private final List<NDArray> m2 = new ArrayList<>();
    private BetaElbo.Bound objective;
    private double lr;
    private long t;

    /**
     * @param image    H×W×C values (C = the model's outputs), typically in [0, 1]
     * @param elbo     objective (prior and β)
     * @param lr       Adam learning rate
     */
    public PosteriorTrainer(VariationalSiren model, float[][][] image, BetaElbo elbo, double lr) {
        this.model = model;
        int h = image.length;
        int w = h == 0 ? 0 : image[0].length;
        int c = model.architecture().outputChannels();
        float[] flat = new float[h * w * c];
        int p = 0;
        for (float[][] row : image) {
            if (row.length != w) {
                throw new IllegalArgumentException("ragged image");
            }
            for (float[] px : row) {
                if (px.length != c) {
                    throw new IllegalArgumentException("expected " + c + " channels, got " + px.length);
                }
                System.arraycopy(px, 0, flat, p, c);
                p += c;
            }
        }
        if (model.architecture().inputDim() != 2) {
            throw new IllegalArgumentException("images need 2-D coordinates");
        }
        this.data = model.manager().newSubManager();
        DataType type = model.dataType();
        try (NDScope scope = new NDScope()) {
            NDArray coords = CoordinateGrid.of(data, h, w, type);
            this.features = model.embedding().apply(coords);
            NDScope.unregister(features);
        }
        // Not inside the scope: create() may wrap the Java buffer without copying, so the array that owns the
        // buffer must live as long as the targets.
        NDArray raw = data.create(flat, new ai.djl.ndarray.types.Shape(h * (long) w, c));
        this.targets = type == DataType.FLOAT32 ? raw : raw.toType(type, false);
        this.params = model.trainable();
        for (NDArray prm : params) {
            NDArray a = data.zeros(prm.getShape(), type);
            NDArray b = data.zeros(prm.getShape(), type);
            m1.add(a);
            m2.add(b);
        }
        this.objective = elbo.bind(model);
        setLearningRate(lr);
    }

    public void setLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive: " + lr);
        }
        this.lr = lr;
    }

    /** Replaces the objective (e.g. new β after a controller update); Adam state is kept. */
    public void setObjective(BetaElbo elbo) {
        BetaElbo.Bound next = elbo.bind(model);
        objective.close();
        objective = next;
    }

    public BetaElbo objective() {
        return objective.objective();
    }

    /** Number of pixels. */
    public long pixels() {
        return targets.getShape().get(0);
    }

    /** Runs {@code steps} steps; returns the stats of the last one (null if none). */
    public InrPosterior.StepStats run(int steps) {
        InrPosterior.StepStats last = null;
        for (int i = 0; i < steps; i++) {
            last = step();
        }
        return last;
    }

    /** One Adam step on the β-ELBO with fresh noise. */
    public InrPosterior.StepStats step() {
        try (NDScope scope = new NDScope()) {
            SirenNoise noise = model.sampleNoise(data, pixels());
            BetaElbo.Terms terms;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                terms = objective.loss(features, targets, noise);
                gc.backward(terms.loss());
            }
            adamUpdate();
            return new InrPosterior.StepStats(scalar(terms.loss()), scalar(terms.mse()), scalar(terms.weightedKl()));
        }
    }

    private static double scalar(NDArray a) {
        return a.toType(DataType.FLOAT64, false).getDouble();
    }

    /** Mean squared error of the posterior-mean network (what a decoder would reconstruct, before clamping). */
    public double meanMse() {
        try (NDScope scope = new NDScope()) {
            return model.forwardMean(features).sub(targets).square().mean().toType(DataType.FLOAT64, false)
                    .getDouble();
        }
    }

    private void adamUpdate() {
        t++;
        List<VariationalSiren.Tensor> ts = model.tensors();
        for (int k = 0; k < params.size(); k++) {
            Adam.update(params.get(k), m1.get(k), m2.get(k), lr, t, ts.get(k / 2).free); // fixed scalars masked out
        }
    }

    @Override
    public void close() {
        objective.close();
        data.close();
    }
}
