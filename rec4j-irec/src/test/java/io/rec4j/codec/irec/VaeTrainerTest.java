package io.rec4j.codec.irec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainer optimises the likelihood the codec codes with: its (float32, PyTorch) negative log-likelihood and
 * posterior equal the pure-Java network's (double, StrictMath) for the same weights, latents and images, and training
 * lowers the negative ELBO.
 */
class VaeTrainerTest {
    /** Synthetic digits: a bright bar at a random place, a grey halo, the rest black (so 0 and 255 both occur). */
    static int[][] images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] out = new int[n][784];
        for (int[] im : out) {
            int x0 = 4 + r.nextInt(18);
            for (int y = 4; y < 24; y++) {
                im[y * 28 + x0] = 255;
                im[y * 28 + x0 + 1] = 120 + r.nextInt(100);
                im[y * 28 + x0 - 1] = r.nextInt(60);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "conv"})
    void trainerLikelihoodIsTheCodecLikelihood(String kind) {
        VaeArchitecture arch = new VaeArchitecture(VaeArchitecture.Kind.parse(kind), 5, 24);
        int[][] ims = images(8, 3);
        try (VaeTrainer t = new VaeTrainer(new VaeTrainer.Settings(arch, 1, 3, 4, 3e-3, 7))) {
            for (int e = 1; e <= 3; e++) {
                t.epoch(e, ims);
            }
            VaeModel m = t.model("t", 1, ims, null);
            VaeNetwork net = new VaeNetwork(m);
            SplittableRandom r = new SplittableRandom(11);
            int[] levels = new int[ims.length * 784];
            float[] z = new float[ims.length * 5];
            for (int i = 0; i < ims.length; i++) {
                System.arraycopy(ims[i], 0, levels, i * 784, 784);
                for (int d = 0; d < 5; d++) {
                    z[i * 5 + d] = (float) r.nextGaussian();
                }
            }
            double[] djl = t.negativeLogLikelihood(levels, z, ims.length);
            for (int i = 0; i < ims.length; i++) {
                double[] zi = new double[5];
                for (int d = 0; d < 5; d++) {
                    zi[d] = z[i * 5 + d];
                }
                VaeNetwork.Pixels p = net.decode(zi);
                double java = 0;
                for (int j = 0; j < 784; j++) {
                    java -= p.logProbability(j, ims[i][j]);
                }
                // float32 against double over 784 terms: a relative 1e-4 is far above rounding, far below a bug
                assertEquals(java, djl[i], 1e-4 * Math.abs(java) + 1e-3, "image " + i);
            }
            // and the encoders agree: float32 sums of ≤ 3,136 products against double
            float[][] q = t.posterior(levels, ims.length);
            for (int i = 0; i < ims.length; i++) {
                VaeNetwork.Posterior p = net.encode(ims[i]);
                for (int d = 0; d < 5; d++) {
                    assertEquals(p.mean()[d], q[0][i * 5 + d], 1e-4 * Math.max(1, Math.abs(p.mean()[d])), "mean");
                    assertEquals(p.std()[d], q[1][i * 5 + d], 1e-4, "std");
                }
            }
        }
    }

    /**
     * Training lowers the negative ELBO, and the codec's pure-Java network (encoder and decoder) measures what the
     * trainer measured: within 10 % of the last epoch's running mean (the weights move during an epoch, and both are
     * one-sample estimates), where a layout mismatch between the engines would be off by far more.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp", "conv"})
    void trainingLowersTheNegativeElboAsTheCodecMeasuresIt(String kind) {
        VaeArchitecture arch = new VaeArchitecture(VaeArchitecture.Kind.parse(kind), 4, 32);
        boolean conv = arch.kind() == VaeArchitecture.Kind.CONV;
        int[][] ims = images(conv ? 96 : 256, 5);
        int epochs = conv ? 8 : 12;
        try (VaeTrainer t = new VaeTrainer(new VaeTrainer.Settings(arch, 1, epochs, 32, 3e-3, 1))) {
            double first = t.epoch(1, ims).negativeElboBpd();
            double last = first;
            for (int e = 2; e <= epochs; e++) {
                last = t.epoch(e, ims).negativeElboBpd();
            }
            assertTrue(last < 0.7 * first, "negative ELBO " + first + " -> " + last + " bits/dim");
            VaeModel m = t.model("t", 1, ims, ims);
            assertEquals(4, m.klBits().length);
            assertEquals(last, m.trainBpd(), 0.1 * last, "measured by the codec's network");
        }
    }
}
