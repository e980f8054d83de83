package io.rec4j.nn.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.InrPosterior;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The β-ELBO of COMBINER (Guo et al., NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md},
 * "Posterior and β-ELBO"): {@code loss = MSE + Σ_j β_j·KL(q_j ‖ p_j)}, where the MSE is averaged over all coordinates
 * and output channels and the KL of each scalar is, in nats, {@code ln(σp/σq) + (σq² + (μq − μp)²)/(2σp²) − ½}. β is a
 * vector so that per-scalar or per-block weights ({@code docs/combiner.md}, "Per-block β control") can be used; fixed
 * scalars contribute no KL.
 *
 * <p>The plain analytic KL is used (as RECOMBINER does); COMBINER's 1e−10 offsets and ReLU clamp are omitted because
 * the clamp would zero gradients and the offsets are below float resolution at the stds involved.
 *
 * @param prior factorised Gaussian prior over the flat parameters
 * @param beta  per-scalar KL weights, non-negative and finite
 */
public record BetaElbo(DiagonalGaussian prior, double[] beta) {

    public BetaElbo {
        if (beta.length != prior.dimension()) {
            throw new IllegalArgumentException("β has " + beta.length + " entries, prior " + prior.dimension());
        }
        for (double b : beta) {
            if (!(b >= 0) || Double.isInfinite(b)) {
                throw new IllegalArgumentException("β must be finite and ≥ 0: " + b);
            }
        }
        beta = beta.clone();
    }

    /** One β shared by all scalars. */
    public static BetaElbo uniform(DiagonalGaussian prior, double beta) {
        double[] b = new double[prior.dimension()];
        Arrays.fill(b, beta);
        return new BetaElbo(prior, b);
    }

    @Override
    public double[] beta() {
        return beta.clone();
    }

    /** Per-scalar KL in nats of a model's current posterior against this prior (0 for fixed scalars). */
    public double[] klPerScalar(VariationalSiren model) {
        double[] mu = model.posteriorMeans();
        double[] sd = model.posteriorStds();
        double[] out = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            out[i] = model.isFixed(i) ? 0.0 : InrPosterior.klNats(mu[i], sd[i], prior.mean(i), prior.std(i));
        }
        return out;
    }

    /** The loss and its parts for one forward pass; all three are scalars on the features' manager. */
    public record Terms(NDArray loss, NDArray mse, NDArray weightedKl) {
    }

    /** Binds this objective to a model: uploads the prior and β as per-tensor arrays. */
    public Bound bind(VariationalSiren model) {
        if (model.architecture().parameterCount() != prior.dimension()) {
            throw new IllegalArgumentException("prior size " + prior.dimension() + " does not match the model");
        }
        return new Bound(model);
    }

    /** The objective evaluated on one model; owns the uploaded constants. */
    public final class Bound implements AutoCloseable {
        private final VariationalSiren model;
        private final NDManager constants;
        private final List<NDArray> priorMean = new ArrayList<>();
        private final List<NDArray> logPriorStd = new ArrayList<>();
        private final List<NDArray> halfPriorPrecision = new ArrayList<>();
        private final List<NDArray> betas = new ArrayList<>();

        private Bound(VariationalSiren model) {
            this.model = model;
            this.constants = model.manager().newSubManager();
            for (VariationalSiren.Tensor t : model.tensors()) {
                int n = t.size();
                double[] m = new double[n];
                double[] ls = new double[n];
                double[] hp = new double[n];
                for (int i = 0; i < n; i++) {
                    double sp = prior.std(t.offset + i);
                    m[i] = prior.mean(t.offset + i);
                    ls[i] = Math.log(sp);
                    hp[i] = 1.0 / (2 * sp * sp);
                }
                priorMean.add(upload(m, t));
                logPriorStd.add(upload(ls, t));
                halfPriorPrecision.add(upload(hp, t));
                betas.add(upload(Arrays.copyOfRange(beta, t.offset, t.offset + n), t));
            }
        }

        private NDArray upload(double[] v, VariationalSiren.Tensor t) {
            NDArray a = constants.create(v, t.shape);
            NDArray out = model.dataType() == DataType.FLOAT64 ? a : a.toType(model.dataType(), false);
            NDScope.unregister(out);
            return out;
        }

        public BetaElbo objective() {
            return BetaElbo.this;
        }

        /**
         * Σ β_j·KL_j over the free scalars, as a differentiable scalar. Fixed scalars are masked out after computing
         * the KL of their raw parameters, so no log(0) appears.
         */
        public NDArray weightedKl() {
            NDArray sum = null;
            List<VariationalSiren.Tensor> ts = model.tensors();
            for (int k = 0; k < ts.size(); k++) {
                VariationalSiren.Tensor t = ts.get(k);
                NDArray sq = t.rho.getNDArrayInternal().softPlus();
                NDArray kl = logPriorStd.get(k).sub(sq.log())
                        .add(sq.square().add(t.mu.sub(priorMean.get(k)).square()).mul(halfPriorPrecision.get(k)))
                        .sub(0.5);
                NDArray term = kl.mul(betas.get(k)).mul(t.free).sum();
                sum = sum == null ? term : sum.add(term);
            }
            return sum;
        }

        /**
         * The β-ELBO loss of one local-reparameterisation pass.
         *
         * @param features (N, E) Fourier features
         * @param targets  (N, C) target values
         */
        public Terms loss(NDArray features, NDArray targets, SirenNoise noise) {
            NDArray pred = model.forward(features, noise);
            NDArray mse = pred.sub(targets).square().mean();
            NDArray wkl = weightedKl();
            return new Terms(mse.add(wkl), mse, wkl);
        }

        @Override
        public void close() {
            constants.close();
        }
    }
}
