package io.rec4j.core.rec;

import io.rec4j.core.random.SharedRandomness;

/**
 * The shared candidate sequence of REC with a diagonal Gaussian coding distribution P: candidate {@code n}
 * (n &ge; 1) is {@code x[d] = μ_p[d] + σ_p[d] · z(stream = d, index = n − 1)}, with z the shared standard normals.
 * Encoder and decoder regenerate the same candidates bit for bit: the normals are deterministic and the affine map
 * is one IEEE multiply and one add per dimension (Java never fuses them).
 */
public final class GaussianCandidates {
    private GaussianCandidates() {
    }

    /** Writes candidate {@code n} (1-based) into {@code out}. */
    public static void candidate(DiagonalGaussian coding, SharedRandomness shared, long n, double[] out) {
        if (n < 1) {
            throw new IllegalArgumentException("candidate indices start at 1, was " + n);
        }
        for (int d = 0; d < coding.dimension(); d++) {
            out[d] = coding.mean(d) + coding.std(d) * shared.normal(d, n - 1);
        }
    }
}
