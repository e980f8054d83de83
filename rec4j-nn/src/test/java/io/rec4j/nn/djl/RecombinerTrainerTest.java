package io.rec4j.nn.djl;

import io.rec4j.codec.inr.SineFunction;
import io.rec4j.codec.recombiner.RecombinerArchitecture;
import io.rec4j.codec.recombiner.RecombinerLayout;
import io.rec4j.codec.recombiner.RecombinerNetwork;
import io.rec4j.codec.recombiner.RecombinerRenderer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DJL graph of RECOMBINER against the decoder's forward pass and against finite differences. */
class RecombinerTrainerTest {
    /** 16×16 RGB, E = 8, 4 encoding channels, 2 hidden layers of 8, latent grid 4×4×6, φ with 5 hidden channels. */
    static final RecombinerArchitecture TINY = new RecombinerArchitecture(2, 16, 16, 1, 1, 8, 4, 8, 2, 3, 6, 5, 1,
            1, 1);
    static final int P = TINY.weightLatentCount() + TINY.gridLatentCount();

    static double[] uniform(int n, double scale, SplittableRandom r) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * r.nextDouble() - 1) * scale;
        }
        return v;
    }

    /** 32×32 with φ's first upsampling ×4 (as CIFAR-10), so every stage runs the phase convolutions. */
    static final RecombinerArchitecture WIDE_UPSAMPLING = new RecombinerArchitecture(2, 32, 32, 1, 1, 8, 4, 8, 2, 3,
            6, 5, 4, 1, 1);

    /** 2 × 2 patches of 8 × 8 RGB samples, groups of 1 × 2 patches: three levels, φ across patch borders. */
    static final RecombinerArchitecture PATCHED = new RecombinerArchitecture(2, 8, 8, 2, 2, 8, 4, 8, 2, 3, 3, 5, 1,
            1, 2);
    /** 1-D: 4 patches of 16 samples, one channel, groups of 2, {@code s1 = 2}. */
    static final RecombinerArchitecture PATCHED_AUDIO = new RecombinerArchitecture(1, 1, 16, 1, 4, 8, 4, 8, 2, 1, 3,
            5, 2, 1, 2);

    /** The decoder's render of a row's flat latents ({@code signalLatentCount} values, the trainer's layout). */
    static double[] decoderRender(RecombinerArchitecture arch, double[] network, double[] latents) {
        double[][][] parts = RecombinerLayout.split(arch, latents);
        return new RecombinerRenderer(RecombinerNetwork.fromParameters(arch, network), SineFunction.STRICT_MATH)
                .render(parts[0], parts[1]);
    }

    /** A trainer of one row with σ ≈ 1e−14 (so a sample is the mean to float precision) and β = {@code beta}. */
    static RecombinerTrainer trainer(double[] network, double[] mean, double beta, float[] signal) {
        return trainer(TINY, network, mean, beta, signal);
    }

    static RecombinerTrainer trainer(RecombinerArchitecture arch, double[] network, double[] mean, double beta,
                                     float[] signal) {
        int p = (int) arch.signalLatentCount();
        double[] rho = new double[p];
        Arrays.fill(rho, -30);
        double[] b = new double[p];
        Arrays.fill(b, beta);
        double[] ps = new double[p];
        Arrays.fill(ps, 0.05);
        return new RecombinerTrainer(arch, network, false, new float[][] {signal}, new double[][] {mean},
                new double[][] {rho}, new double[p], ps, new double[][] {b}, 1e-3, 5);
    }

    @Test
    void posteriorMeanOutputIsTheDecodersRender() {
        for (RecombinerArchitecture arch : new RecombinerArchitecture[] {TINY, WIDE_UPSAMPLING, PATCHED,
                PATCHED_AUDIO}) {
            SplittableRandom r = new SplittableRandom(11);
            int p = (int) arch.signalLatentCount();
            double[] network = uniform((int) RecombinerNetwork.parameterCount(arch), 0.15, r);
            double[] mean = uniform(p, 0.3, r);
            int values = arch.signalHeight() * arch.signalWidth() * arch.outputChannels();
            try (RecombinerTrainer t = trainer(arch, network, mean, 0, new float[values])) {
                double[] got = t.meanOutput(0);
                double[] want = decoderRender(arch, network, mean);
                assertEquals(want.length, got.length);
                double worst = 0;
                for (int i = 0; i < want.length; i++) {
                    worst = Math.max(worst, Math.abs(want[i] - got[i]));
                }
                // float32 graph against the double decoder: the outputs are O(1), float32 has 24 bits
                assertTrue(worst < 1e-4, arch + ": largest difference " + worst);
            }
        }
    }

    @Test
    void gradientThroughTheLinearReparameterisationAndUpsamplerMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(12);
        double[] network = uniform((int) RecombinerNetwork.parameterCount(TINY), 0.15, r);
        double[] mean = uniform(P, 0.3, r);
        float[] signal = new float[16 * 16 * 3];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) r.nextDouble();
        }
        double beta = 1e-3;
        double[] grad;
        try (RecombinerTrainer t = trainer(network, mean, beta, signal)) {
            grad = t.meanGradient(0);
        }
        int[] picks = {0, 7, 50, 120, TINY.weightLatentCount() - 1, TINY.weightLatentCount() + 3, P - 1};
        assertMatchesFiniteDifferences(TINY, network, mean, beta, signal, grad, picks);
    }

    /**
     * Central differences of {@link RecombinerTrainer#objectiveAtMeans} at the latents {@code picks} against
     * {@code grad}: in float32, h = 1e−3 keeps rounding (~1e−7·objective/h) well below the 2 % tolerance.
     */
    static void assertMatchesFiniteDifferences(RecombinerArchitecture arch, double[] network, double[] mean,
                                               double beta, float[] signal, double[] grad, int[] picks) {
        double h = 1e-3;
        for (int i : picks) {
            double[] up = mean.clone();
            double[] down = mean.clone();
            up[i] += h;
            down[i] -= h;
            double fu;
            double fd;
            try (RecombinerTrainer t = trainer(arch, network, up, beta, signal)) {
                fu = t.objectiveAtMeans();
            }
            try (RecombinerTrainer t = trainer(arch, network, down, beta, signal)) {
                fd = t.objectiveAtMeans();
            }
            double numeric = (fu - fd) / (2 * h);
            assertEquals(numeric, grad[i], 0.02 * Math.abs(numeric) + 2e-5, "latent " + i);
        }
    }

    @Test
    void gradientThroughTheHierarchyAndStitchedGridsMatchesFiniteDifferences() {
        RecombinerArchitecture arch = PATCHED;
        SplittableRandom r = new SplittableRandom(13);
        double[] network = uniform((int) RecombinerNetwork.parameterCount(arch), 0.15, r);
        int p = (int) arch.signalLatentCount();
        double[] mean = uniform(p, 0.3, r);
        float[] signal = new float[arch.signalHeight() * arch.signalWidth() * 3];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) r.nextDouble();
        }
        double beta = 1e-3;
        double[] grad;
        try (RecombinerTrainer t = trainer(arch, network, mean, beta, signal)) {
            grad = t.meanGradient(0);
        }
        int w = arch.weightLatentCount();
        int per = arch.patchLatentCount();
        int level1 = arch.patchCount() * per;
        // a level-1 weight latent and a grid latent of patches 0 and 3, a group latent, the signal latent
        int[] picks = {5, w + 2, 3 * per + 9, 3 * per + w + 1, level1 + 4, level1 + w + 7, level1 + 2 * w + 11,
                p - 1};
        assertMatchesFiniteDifferences(arch, network, mean, beta, signal, grad, picks);
    }
}