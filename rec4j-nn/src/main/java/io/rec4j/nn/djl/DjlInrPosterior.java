package io.rec4j.nn.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.InrPosterior;

/**
 * {@link InrPosterior} on DJL's PyTorch engine: a {@link VariationalSiren} trained by a {@link PosteriorTrainer}
 * (autograd), in float32. Owns both; noise comes from the engine RNG, seeded once at construction.
 */
public final class DjlInrPosterior implements InrPosterior {
    private final VariationalSiren q;
    private final PosteriorTrainer trainer;
    private final DiagonalGaussian prior;

    /**
     * @param image     H×W×C signal (C = the architecture's outputs)
     * @param initMeans initial flat means
     * @param initRho   initial flat raw stds ρ (σ = softplus(ρ))
     */
    public DjlInrPosterior(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta, double lr,
                           double[] initMeans, double[] initRho, long seed) {
        this.prior = prior;
        this.q = VariationalSiren.fromRaw(arch, DataType.FLOAT32, initMeans, initRho);
        try {
            this.trainer = new PosteriorTrainer(q, image, new BetaElbo(prior, beta), lr);
        } catch (RuntimeException e) {
            q.close();
            throw e;
        }
        Engine.getInstance().setRandomSeed((int) seed);
    }

    @Override
    public SirenArchitecture architecture() {
        return q.architecture();
    }

    @Override
    public long points() {
        return trainer.pixels();
    }

    @Override
    public StepStats step() {
        return trainer.step();
    }

    @Override
    public void setLearningRate(double lr) {
        trainer.setLearningRate(lr);
    }

    @Override
    public void setBeta(double[] beta) {
        trainer.setObjective(new BetaElbo(prior, beta));
    }

    @Override
    public DiagonalGaussian prior() {
        return prior;
    }

    @Override
    public double[] posteriorMeans() {
        return q.posteriorMeans();
    }

    @Override
    public double[] posteriorStds() {
        return q.posteriorStds();
    }

    @Override
    public boolean isFixed(int i) {
        return q.isFixed(i);
    }

    @Override
    public void fix(int[] indices, double[] values) {
        q.fix(indices, values);
    }

    @Override
    public double meanMse() {
        return trainer.meanMse();
    }

    @Override
    public void close() {
        trainer.close();
        q.close();
    }
}
