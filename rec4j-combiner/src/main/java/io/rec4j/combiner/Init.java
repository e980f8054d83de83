package io.rec4j.combiner;

import ai.djl.ndarray.types.DataType;
import io.rec4j.core.inr.SirenArchitecture;
import io.rec4j.nn.VariationalSiren;

/** Fresh posteriors: §2.3 means, and either the reference's ρ = −10 or σq = fraction·σp. */
final class Init {
    private Init() {
    }

    /**
     * @param stdFraction if &gt; 0, every scalar starts with σq = stdFraction·σp (σp from {@code priorStd});
     *                    otherwise the reference's ρ = −10 (σq = 4.54e−5)
     */
    static VariationalSiren fresh(SirenArchitecture arch, long seed, double stdFraction, double[] priorStd) {
        VariationalSiren q = VariationalSiren.create(arch, DataType.FLOAT32, seed);
        if (!(stdFraction > 0)) {
            return q;
        }
        double[] mu;
        try (q) {
            mu = q.posteriorMeans();
        }
        double[] rho = new double[mu.length];
        for (int i = 0; i < rho.length; i++) {
            double s = stdFraction * priorStd[i];
            rho[i] = Math.log(Math.expm1(s)); // inverse softplus
        }
        return VariationalSiren.fromRaw(arch, DataType.FLOAT32, mu, rho);
    }
}
