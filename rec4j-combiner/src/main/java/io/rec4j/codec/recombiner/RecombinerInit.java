package io.rec4j.codec.recombiner;

import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.nn.Softplus;
import java.util.SplittableRandom;

/**
 * Initial values for RECOMBINER training (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182, App. D;
 * {@code docs/recombiner.md}, "Training"), as the authors' code sets them: {@code A^[l] ~ U(−1, 1)/n_l} with
 * {@code n_l = d_out·(d_in + 1)}; φ's weights and biases uniform in ±1/√fan_in (PyTorch's default for convolutions);
 * posterior means of {@code h_w} uniform in ±√(6/width)/30 and of {@code h_z} 0.1·N(0, 1); every raw std ρ = −4
 * (σ = softplus(−4)/6 ≈ 0.003); the prior N(0, (softplus(−2)/6)²) at every latent. Drawn from a seeded
 * {@link SplittableRandom}.
 */
final class RecombinerInit {
    /** Raw std of the initial training posteriors. */
    static final double POSTERIOR_RHO = -4;
    /** Raw std of the initial prior. */
    static final double PRIOR_RHO = -2;

    private RecombinerInit() {
    }

    /** {@code σ = softplus(ρ)/6}. */
    static double std(double rho) {
        return Softplus.value(rho) / 6;
    }

    /** A fresh network ({@link RecombinerNetwork#fromParameters} order). */
    static double[] network(RecombinerArchitecture arch, SplittableRandom rnd) {
        SirenArchitecture s = arch.siren();
        double[] out = new double[(int) RecombinerNetwork.parameterCount(arch)];
        int at = 0;
        for (int l = 0; l < s.layerCount(); l++) {
            int n = s.layerParameterCount(l);
            for (int i = 0; i < n * n; i++) {
                out[at++] = (2 * rnd.nextDouble() - 1) / n;
            }
        }
        if (!arch.hasPositionalEncodings()) {
            return out;
        }
        int k1 = PositionalUpsampler.FIRST_KERNEL;
        int k2 = PositionalUpsampler.LATER_KERNEL;
        int[][] convs = {{arch.upsamplerChannels(), arch.latentChannels(), k1},
                {arch.upsamplerChannels(), arch.upsamplerChannels(), k2},
                {arch.encodingChannels(), arch.upsamplerChannels(), k2}};
        for (int[] c : convs) {
            int taps = arch.inputDim() == 2 ? c[2] * c[2] : c[2];
            double bound = 1 / Math.sqrt((double) c[1] * taps);
            int count = c[0] * c[1] * taps + c[0];
            for (int i = 0; i < count; i++) {
                out[at++] = (2 * rnd.nextDouble() - 1) * bound;
            }
        }
        return out;
    }

    /**
     * Sets every matrix {@code A^[l]} of a flat network ({@link RecombinerNetwork#fromParameters} order) to the
     * identity, so that {@code w = h}: the paper's ablation without linear reparameterisation (§5.2).
     */
    static void identityMatrices(RecombinerArchitecture arch, double[] network) {
        SirenArchitecture s = arch.siren();
        int at = 0;
        for (int l = 0; l < s.layerCount(); l++) {
            int n = s.layerParameterCount(l);
            java.util.Arrays.fill(network, at, at + n * n, 0.0);
            for (int i = 0; i < n; i++) {
                network[at + i * n + i] = 1.0;
            }
            at += n * n;
        }
    }

    /** Initial training posterior means of one row {@code [h_w, h_z]}. */
    static double[] posteriorMeans(RecombinerArchitecture arch, SplittableRandom rnd) {
        int w = arch.weightLatentCount();
        double[] out = new double[RecombinerModel.latentCount(arch)];
        double bound = Math.sqrt(6.0 / arch.hiddenWidth()) / 30;
        for (int i = 0; i < w; i++) {
            out[i] = (2 * rnd.nextDouble() - 1) * bound;
        }
        for (int i = w; i < out.length; i++) {
            out[i] = 0.1 * gaussian(rnd);
        }
        return out;
    }

    /**
     * Initial training posterior means of a whole signal in the flat layout of {@link RecombinerLayout}: every patch
     * as {@link #posteriorMeans}, the group and signal levels' {@code h_w} uniform in the same ±√(6/width)/30.
     */
    static double[] signalMeans(RecombinerArchitecture arch, SplittableRandom rnd) {
        double[] out = new double[Math.toIntExact(arch.signalLatentCount())];
        int per = arch.patchLatentCount();
        for (int p = 0; p < arch.patchCount(); p++) {
            System.arraycopy(posteriorMeans(arch, rnd), 0, out, p * per, per);
        }
        double bound = Math.sqrt(6.0 / arch.hiddenWidth()) / 30;
        for (int i = arch.patchCount() * per; i < out.length; i++) {
            out[i] = (2 * rnd.nextDouble() - 1) * bound;
        }
        return out;
    }

    static double gaussian(SplittableRandom rnd) {
        while (true) {
            double u = 2 * rnd.nextDouble() - 1;
            double v = 2 * rnd.nextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * Math.sqrt(-2 * Math.log(s) / s);
            }
        }
    }
}
