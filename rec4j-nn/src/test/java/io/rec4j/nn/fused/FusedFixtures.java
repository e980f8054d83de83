package io.rec4j.nn.fused;

import io.rec4j.codec.inr.CoordinateGrid;
import io.rec4j.codec.inr.FourierFeatures;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import java.util.SplittableRandom;

/** Shared fixtures of the fused-engine tests: random posteriors, images, noise and a float64 reference loss. */
final class FusedFixtures {
    private FusedFixtures() {
    }

    /** A random posterior with priors and β; σ ≈ 0.02..0.05 so the noise path matters. */
    record Problem(SirenArchitecture arch, float[][][] image, DiagonalGaussian prior, double[] beta, double[] mu,
                   double[] rho) {
    }

    static Problem problem(SirenArchitecture arch, int h, int w, long seed) {
        int p = arch.parameterCount();
        SplittableRandom r = new SplittableRandom(seed);
        double[] mu = new double[p], rho = new double[p], pm = new double[p], ps = new double[p], beta = new double[p];
        for (int i = 0; i < p; i++) {
            mu[i] = 0.05 * r.nextGaussian();
            rho[i] = -4 + r.nextDouble();
            pm[i] = 0.02 * r.nextGaussian();
            ps[i] = 0.05 + 0.05 * r.nextDouble();
            beta[i] = 1e-4 * (1 + r.nextDouble());
        }
        float[][][] img = new float[h][w][arch.outputChannels()];
        for (float[][] row : img) {
            for (float[] px : row) {
                for (int c = 0; c < px.length; c++) {
                    px[c] = (float) r.nextDouble();
                }
            }
        }
        return new Problem(arch, img, DiagonalGaussian.of(pm, ps), beta, mu, rho);
    }

    /** Standard-normal ε (per layer N × d_out) and ε_b (per layer d_out); index [0] and [1] of the result. */
    static float[][][] noise(SirenArchitecture arch, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] eps = new float[arch.layerCount()][];
        float[][] bias = new float[arch.layerCount()][];
        for (int l = 0; l < arch.layerCount(); l++) {
            eps[l] = new float[n * arch.layerOutputDim(l)];
            for (int k = 0; k < eps[l].length; k++) {
                eps[l][k] = (float) r.nextGaussian();
            }
            bias[l] = new float[arch.layerOutputDim(l)];
            for (int k = 0; k < bias[l].length; k++) {
                bias[l][k] = (float) r.nextGaussian();
            }
        }
        return new float[][][] {eps, bias};
    }

    /** γ of the image grid as the engine stores it (double, rounded to float), N × E row-major. */
    static float[] features(SirenArchitecture arch, int h, int w) {
        double[] g = new FourierFeatures(arch.inputDim(), arch.embeddingSize()).embedAll(CoordinateGrid.image(h, w));
        float[] f = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            f[i] = (float) g[i];
        }
        return f;
    }

    static float[] flatTargets(float[][][] img) {
        int c = img[0][0].length;
        float[] t = new float[img.length * img[0].length * c];
        int k = 0;
        for (float[][] row : img) {
            for (float[] px : row) {
                System.arraycopy(px, 0, t, k, c);
                k += c;
            }
        }
        return t;
    }

    static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }

    /**
     * The β-ELBO in float64 with naive loops, written independently of the engine ({@code docs/combiner.md},
     * "Posterior and β-ELBO"): local reparameterisation with the given noise, MSE over pixels and channels plus Σβ·KL
     * over free scalars.
     */
    static double referenceLoss(Problem pr, double[] mu, double[] rho, boolean[] fixed, float[] feats,
                                float[] targets, float[][] eps, float[][] epsBias) {
        SirenArchitecture arch = pr.arch();
        int n = targets.length / arch.outputChannels();
        double sse = 0;
        for (int p = 0; p < n; p++) {
            double[] a = new double[arch.embeddingSize()];
            for (int i = 0; i < a.length; i++) {
                a[i] = feats[p * a.length + i];
            }
            for (int l = 0; l < arch.layerCount(); l++) {
                int in = arch.layerInputDim(l), out = arch.layerOutputDim(l), off = arch.layerOffset(l);
                double[] z = new double[out];
                for (int j = 0; j < out; j++) {
                    double m = 0, v = 1e-14;
                    for (int i = 0; i < in; i++) {
                        int k = off + i * out + j;
                        double s = fixed[k] ? 0 : softplus(rho[k]);
                        m += a[i] * mu[k];
                        v += a[i] * a[i] * s * s;
                    }
                    int kb = off + in * out + j;
                    double sb = fixed[kb] ? 0 : softplus(rho[kb]);
                    z[j] = m + Math.sqrt(v) * eps[l][p * out + j] + mu[kb] + sb * epsBias[l][j];
                    if (l < arch.layerCount() - 1) {
                        z[j] = Math.sin(arch.w0() * z[j]);
                    }
                }
                a = z;
            }
            for (int c = 0; c < a.length; c++) {
                double d = a[c] - targets[p * a.length + c];
                sse += d * d;
            }
        }
        double kl = 0;
        for (int k = 0; k < mu.length; k++) {
            if (!fixed[k]) {
                double sq = softplus(rho[k]), sp = pr.prior().std(k), d = mu[k] - pr.prior().mean(k);
                kl += pr.beta()[k] * (Math.log(sp / sq) + (sq * sq + d * d) / (2 * sp * sp) - 0.5);
            }
        }
        return sse / ((double) n * arch.outputChannels()) + kl;
    }
}
