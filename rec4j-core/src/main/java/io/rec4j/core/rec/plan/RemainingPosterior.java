package io.rec4j.core.rec.plan;

import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;

/**
 * The posterior as the {@link BlockCoder} currently sees it, handed to a {@link BlockListener}: the coded values of
 * the blocks already coded and the (mutable) Gaussian targets of the rest. Writes are allowed only to dimensions of
 * uncoded blocks and only while the listener runs; afterwards the view is closed and every method that changes it
 * throws {@link IllegalStateException}.
 */
public final class RemainingPosterior {
    private static final double LN2 = StrictMath.log(2);

    private final BlockPlan plan;
    private final DiagonalGaussian prior;
    private final double[] mean;
    private final double[] std;
    private final double[] values;
    private final boolean[] codedBlock;
    private final boolean[] dirty;
    private int remaining;
    private boolean open;

    RemainingPosterior(BlockPlan plan, DiagonalGaussian prior, DiagonalGaussian posterior) {
        this.plan = plan;
        this.prior = prior;
        this.mean = posterior.means();
        this.std = posterior.stds();
        this.values = new double[plan.dimension()];
        this.codedBlock = new boolean[plan.blockCount()];
        this.dirty = new boolean[plan.blockCount()];
        this.remaining = plan.blockCount();
    }

    /** The plan being coded. */
    public BlockPlan plan() {
        return plan;
    }

    public int dimension() {
        return mean.length;
    }

    /** Number of blocks not coded yet. */
    public int remainingBlocks() {
        return remaining;
    }

    public boolean isBlockCoded(int b) {
        return codedBlock[b];
    }

    /** True iff dimension {@code d} has been coded. */
    public boolean isCoded(int d) {
        return codedBlock[plan.blockOf(d)];
    }

    /**
     * The coded value of dimension {@code d}.
     *
     * @throws IllegalStateException if {@code d} is not coded yet
     */
    public double codedValue(int d) {
        if (!isCoded(d)) {
            throw new IllegalStateException("dimension " + d + " is not coded yet");
        }
        return values[d];
    }

    /** Posterior mean of dimension {@code d} (for a coded dimension: as it was when its block was coded). */
    public double mean(int d) {
        return mean[d];
    }

    /** Posterior standard deviation of dimension {@code d}. */
    public double std(int d) {
        return std[d];
    }

    /**
     * Replaces the posterior of an uncoded dimension.
     *
     * @throws IllegalStateException    if {@code d} is coded or the view is closed
     * @throws IllegalArgumentException if the mean is not finite or the std not positive and finite
     */
    public void set(int d, double newMean, double newStd) {
        if (!open) {
            throw new IllegalStateException("the remaining posterior can only be changed inside the listener call");
        }
        int b = plan.blockOf(d);
        if (codedBlock[b]) {
            throw new IllegalStateException("dimension " + d + " is in block " + b + ", which is already coded");
        }
        DiagonalGaussian.check(d, newMean, newStd);
        mean[d] = newMean;
        std[d] = newStd;
        dirty[b] = true;
    }

    /** {@link #set} with the current std. */
    public void setMean(int d, double newMean) {
        set(d, newMean, std[d]);
    }

    /** {@link #set} with the current mean. */
    public void setStd(int d, double newStd) {
        set(d, mean[d], newStd);
    }

    /**
     * Current KL[Q_b‖P_b] of block {@code b} in bits, in closed form ({@code docs/algorithms.md},
     * "Notation and closed forms").
     */
    public double blockKlBits(int b) {
        return blockKlNats(b) / LN2;
    }

    // ----------------------------------------------------------------------------------- coder-side operations

    double blockKlNats(int b) {
        double kl = 0;
        for (int i = 0, n = plan.blockSize(b); i < n; i++) {
            int d = plan.index(b, i);
            kl += gaussianKlNats(mean[d], std[d], prior.mean(d), prior.std(d));
        }
        return kl;
    }

    /** KL[N(mq, sq²) ‖ N(mp, sp²)] in nats: {@code −ln s + (s² + μ²)/2 − 1/2} with standardised μ, s. */
    static double gaussianKlNats(double mq, double sq, double mp, double sp) {
        double s = sq / sp;
        double mu = (mq - mp) / sp;
        return -StrictMath.log(s) + 0.5 * (s * s + mu * mu) - 0.5;
    }

    /** The current target of block {@code b}: a product of normals in block order. */
    ProductDistribution blockTarget(int b) {
        Normal[] m = new Normal[plan.blockSize(b)];
        for (int i = 0; i < m.length; i++) {
            int d = plan.index(b, i);
            m[i] = new Normal(mean[d], std[d]);
        }
        return ProductDistribution.of(m);
    }

    void markCoded(int b, double[] sample) {
        for (int i = 0; i < sample.length; i++) {
            values[plan.index(b, i)] = sample[i];
        }
        codedBlock[b] = true;
        remaining--;
    }

    void open() {
        open = true;
    }

    void close() {
        open = false;
    }

    /** Whether block {@code b} was changed since the last call, clearing the mark. */
    boolean takeDirty(int b) {
        boolean d = dirty[b];
        dirty[b] = false;
        return d;
    }

    double[] values() {
        return values.clone();
    }
}
