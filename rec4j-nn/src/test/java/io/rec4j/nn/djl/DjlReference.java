package io.rec4j.nn.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import java.util.ArrayList;
import java.util.List;

/**
 * Test bridge to the DJL reference: the β-ELBO loss and its autograd gradients w.r.t. μ and ρ of a float32
 * {@link VariationalSiren} for given features and noise (other test packages cannot reach the package-private
 * tensors).
 */
public final class DjlReference {
    private DjlReference() {
    }

    /** Loss parts and flat gradients. */
    public record Result(double loss, double mse, double weightedKl, double[] gradMean, double[] gradRho) {
    }

    /**
     * @param features N × E row-major γ values (the fused engine's, so both sides see identical inputs)
     * @param targets  N × C row-major
     * @param eps      per layer N × d_out pixel-major ε
     * @param epsBias  per layer d_out ε_b
     */
    public static Result lossAndGradients(SirenArchitecture arch, float[] features, float[] targets,
                                          DiagonalGaussian prior, double[] beta, double[] mu, double[] rho,
                                          int[] fixIdx, double[] fixVal, float[][] eps, float[][] epsBias) {
        int n = targets.length / arch.outputChannels();
        try (VariationalSiren q = VariationalSiren.fromRaw(arch, DataType.FLOAT32, mu, rho);
             BetaElbo.Bound bound = new BetaElbo(prior, beta).bind(q);
             NDManager m = NDManager.newBaseManager();
             NDScope scope = new NDScope()) {
            q.fix(fixIdx, fixVal);
            NDArray f = m.create(features, new Shape(n, arch.embeddingSize()));
            NDArray y = m.create(targets, new Shape(n, arch.outputChannels()));
            List<NDArray> z = new ArrayList<>();
            List<NDArray> b = new ArrayList<>();
            for (int l = 0; l < arch.layerCount(); l++) {
                z.add(m.create(eps[l], new Shape(n, arch.layerOutputDim(l))));
                b.add(m.create(epsBias[l], new Shape(arch.layerOutputDim(l))));
            }
            BetaElbo.Terms terms;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                terms = bound.loss(f, y, new SirenNoise(z, b));
                gc.backward(terms.loss());
            }
            double[] gMu = new double[arch.parameterCount()];
            double[] gRho = new double[arch.parameterCount()];
            for (VariationalSiren.Tensor t : q.tensors()) {
                System.arraycopy(t.mu.getGradient().toType(DataType.FLOAT64, false).toDoubleArray(), 0, gMu,
                        t.offset, t.size());
                System.arraycopy(t.rho.getGradient().toType(DataType.FLOAT64, false).toDoubleArray(), 0, gRho,
                        t.offset, t.size());
            }
            return new Result(value(terms.loss()), value(terms.mse()), value(terms.weightedKl()), gMu, gRho);
        }
    }

    private static double value(NDArray a) {
        return a.toType(DataType.FLOAT64, false).getDouble();
    }
}
