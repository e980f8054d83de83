package io.rec4j.nn.fused;

import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.InrPosterior;
import io.rec4j.nn.SirenInit;
import io.rec4j.nn.engine.TrainingEngine;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Training, fixing, β, repeatability and argument checks of the fused engine (fixed seeds throughout). */
class FusedBehaviourTest {
    private static final SirenArchitecture SMALL = SirenArchitecture.of(2, 16, 16, 2, 3);

    static float[][][] pattern(int size) {
        return io.rec4j.nn.TestPatterns.pattern(size);
    }

    private static InrPosterior open(TrainingEngine engine, SirenArchitecture arch, float[][][] img, double beta) {
        double[] rho = new double[arch.parameterCount()];
        Arrays.fill(rho, SirenInit.COMBINER_INIT_RHO);
        double[] b = new double[arch.parameterCount()];
        Arrays.fill(b, beta);
        return engine.open(arch, img, SirenInit.combinerPrior(arch), b, 1e-3,
                SirenInit.initialMeans(arch, 3), rho, 3);
    }

    @Test
    void twoHundredStepsFitThePatternOnBothEngines() {
        float[][][] img = pattern(16);
        double[] finalMse = new double[TrainingEngine.values().length];
        for (TrainingEngine engine : TrainingEngine.values()) {
            try (InrPosterior q = open(engine, SMALL, img, 1e-8)) {
                double before = q.meanMse();
                q.run(200);
                double after = q.meanMse();
                System.out.printf("%s: mean-network MSE %.4e -> %.4e after 200 steps%n", engine, before, after);
                assertTrue(after < before / 30, engine + ": " + before + " -> " + after);
                finalMse[engine.ordinal()] = after;
            }
        }
        for (TrainingEngine fused : new TrainingEngine[] {TrainingEngine.FUSED, TrainingEngine.FUSED_SCALAR}) {
            double ratio = finalMse[fused.ordinal()] / finalMse[TrainingEngine.DJL.ordinal()];
            assertTrue(ratio > 1.0 / 3 && ratio < 3, "final MSE ratio " + fused + "/DJL " + ratio);
        }
    }

    @Test
    void thisBuildRunsTheVectorKernelsAndFusedPicksThem() {
        // rec4j-nn's tests run with --add-modules jdk.incubator.vector (pom.xml), so both kinds are exercised here.
        assertTrue(FusedKernels.vectorAvailable());
        assertEquals(FusedKernels.VECTOR, FusedKernels.best());
        try (FusedInrPosterior q = (FusedInrPosterior) open(TrainingEngine.FUSED, SMALL, pattern(8), 1e-4);
             FusedInrPosterior r = (FusedInrPosterior) open(TrainingEngine.FUSED_SCALAR, SMALL, pattern(8), 1e-4)) {
            assertEquals(FusedKernels.VECTOR, q.kernels());
            assertEquals(FusedKernels.SCALAR, r.kernels());
        }
    }

    @Test
    void vectorKernelsRefuseChunksOfPartialPixelBlocks() {
        float[][][] img = pattern(8);
        int p = SMALL.parameterCount();
        double[] rho = new double[p];
        Arrays.fill(rho, -3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FusedInrPosterior(SMALL, img,
                SirenInit.combinerPrior(SMALL), new double[p], 1e-3, SirenInit.initialMeans(SMALL, 3), rho, 3, 1, 7,
                FusedKernels.VECTOR));
        assertTrue(e.getMessage().contains("chunk 7"), e.getMessage());
    }

    @Test
    void sameSeedRepeatsAndMeanMseMatchesAFloat64Forward() {
        float[][][] img = pattern(16);
        try (InrPosterior a = open(TrainingEngine.FUSED, SMALL, img, 1e-6);
             InrPosterior b = open(TrainingEngine.FUSED, SMALL, img, 1e-6)) {
            assertEquals(a.run(5), b.run(5));
            assertArrayEquals(a.posteriorMeans(), b.posteriorMeans());
            double[] mu = a.posteriorMeans();
            FusedFixtures.Problem pr = new FusedFixtures.Problem(SMALL, img, a.prior(), new double[mu.length], mu,
                    new double[mu.length]);
            boolean[] allFixed = new boolean[mu.length];
            Arrays.fill(allFixed, true); // std 0 and no KL: the posterior-mean network
            int n = 16 * 16;
            float[][][] zero = FusedFixtures.noise(SMALL, n, 0);
            for (float[][] layerSet : zero) {
                for (float[] e : layerSet) {
                    Arrays.fill(e, 0f);
                }
            }
            double ref = FusedFixtures.referenceLoss(pr, mu, new double[mu.length], allFixed,
                    FusedFixtures.features(SMALL, 16, 16), FusedFixtures.flatTargets(img), zero[0], zero[1]);
            assertEquals(ref, a.meanMse(), 1e-5 * ref);
        }
    }

    @Test
    void fixedScalarsNeverMoveReportTheirValueStdZeroAndNoKl() {
        float[][][] img = pattern(8);
        try (InrPosterior q = open(TrainingEngine.FUSED, SMALL, img, 1e-4)) {
            q.run(3); // leaves Adam momentum behind
            int[] idx = {0, 7, SMALL.layerOffset(1) + 3, SMALL.parameterCount() - 1};
            double[] val = {0.125, -0.25, 0.0, 0.5};
            q.fix(idx, val);
            double[] rest = q.posteriorMeans();
            q.run(20);
            double[] mean = q.posteriorMeans();
            double[] std = q.posteriorStds();
            double[] kl = q.klPerScalar();
            for (int j = 0; j < idx.length; j++) {
                assertTrue(q.isFixed(idx[j]));
                assertEquals(val[j], mean[idx[j]], 0.0);
                assertEquals(0.0, std[idx[j]], 0.0);
                assertEquals(0.0, kl[idx[j]], 0.0);
            }
            assertTrue(!q.isFixed(1));
            assertNotEquals(rest[1], mean[1], "free scalars keep training");
        }
    }

    @Test
    void setBetaChangesTheObjective() {
        float[][][] img = pattern(8);
        try (FusedInrPosterior q = (FusedInrPosterior) open(TrainingEngine.FUSED, SMALL, img, 1e-4)) {
            float[][][] noise = FusedFixtures.noise(SMALL, 64, 1);
            FusedInrPosterior.Evaluation e1 = q.evaluate(noise[0], noise[1]);
            double l1 = e1.loss(), kl1 = e1.weightedKl(), g1 = e1.gradRho()[5];
            double[] beta = new double[SMALL.parameterCount()];
            Arrays.fill(beta, 3e-4);
            q.setBeta(beta);
            FusedInrPosterior.Evaluation e2 = q.evaluate(noise[0], noise[1]);
            assertEquals(3 * kl1, e2.weightedKl(), 1e-9 * kl1);
            assertEquals(l1 + 2 * kl1, e2.loss(), 1e-6 * e2.loss());
            assertNotEquals(g1, e2.gradRho()[5]);
        }
    }

    @Test
    void invalidArgumentsAreRejected() {
        SirenArchitecture arch = SMALL;
        int p = arch.parameterCount();
        float[][][] img = pattern(4);
        DiagonalGaussian prior = SirenInit.combinerPrior(arch);
        double[] beta = new double[p], mu = new double[p], rho = new double[p];
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertThrows(iae, () -> new FusedInrPosterior(arch, img, prior, new double[p - 1], 1e-3, mu, rho, 1));
        assertThrows(iae, () -> new FusedInrPosterior(arch, img, prior, beta, 1e-3, new double[p + 1], rho, 1));
        assertThrows(iae, () -> new FusedInrPosterior(arch, img, prior, beta, 1e-3, mu, new double[3], 1));
        assertThrows(iae, () -> new FusedInrPosterior(arch, img, prior, beta, Double.NaN, mu, rho, 1));
        assertThrows(iae, () -> new FusedInrPosterior(arch, img, prior, beta, -1, mu, rho, 1));
        double[] nanMu = mu.clone();
        nanMu[4] = Double.NaN;
        assertThrows(iae, () -> new FusedInrPosterior(arch, img, prior, beta, 1e-3, nanMu, rho, 1));
        double[] nanBeta = beta.clone();
        nanBeta[0] = Double.NaN;
        assertThrows(iae, () -> new FusedInrPosterior(arch, img, prior, nanBeta, 1e-3, mu, rho, 1));
        float[][][] twoChannels = new float[4][4][2];
        assertThrows(iae, () -> new FusedInrPosterior(arch, twoChannels, prior, beta, 1e-3, mu, rho, 1));
        float[][][] nanImage = pattern(4);
        nanImage[1][2][0] = Float.NaN;
        assertThrows(iae, () -> new FusedInrPosterior(arch, nanImage, prior, beta, 1e-3, mu, rho, 1));
        float[][][] ragged = {new float[4][3], new float[3][3]};
        assertThrows(iae, () -> new FusedInrPosterior(arch, ragged, prior, beta, 1e-3, mu, rho, 1));
        assertThrows(iae, () -> new FusedInrPosterior(arch, new float[0][][], prior, beta, 1e-3, mu, rho, 1));
        DiagonalGaussian wrongPrior = SirenInit.combinerPrior(SirenArchitecture.of(2, 16, 8, 2, 3));
        assertThrows(iae, () -> new FusedInrPosterior(arch, img, wrongPrior, beta, 1e-3, mu, rho, 1));
        try (FusedInrPosterior q = new FusedInrPosterior(arch, img, prior, beta, 1e-3, mu, rho, 1)) {
            assertThrows(iae, () -> q.setBeta(new double[p + 1]));
            assertThrows(iae, () -> q.setLearningRate(Double.POSITIVE_INFINITY));
            assertThrows(iae, () -> q.fix(new int[] {1, 2}, new double[] {0.5}));
            assertThrows(iae, () -> q.fix(new int[] {1, 2}, new double[] {0.5, Double.NaN}));
            assertTrue(!q.isFixed(1), "a rejected fix changes nothing");
            assertThrows(IndexOutOfBoundsException.class, () -> q.fix(new int[] {p}, new double[] {0}));
            assertThrows(iae, () -> q.evaluate(new float[arch.layerCount()][5], new float[arch.layerCount()][1]));
        }
    }

    @Test
    void samplerIsStandardNormal() {
        GaussianSampler g = new GaussianSampler(GaussianSampler.seedOf(42, 0, 0));
        int n = 1_000_000;
        double s1 = 0, s2 = 0, s4 = 0;
        int beyond3 = 0;
        for (int i = 0; i < n; i++) {
            double x = g.next();
            s1 += x;
            s2 += x * x;
            s4 += x * x * x * x;
            if (Math.abs(x) > 3) {
                beyond3++;
            }
        }
        // Standard errors at n = 1e6: mean 1e−3, variance 1.4e−3, fourth moment ≈ 1e−2, P(|x|>3) ≈ 5e−5.
        assertEquals(0.0, s1 / n, 5e-3);
        assertEquals(1.0, s2 / n, 7e-3);
        assertEquals(3.0, s4 / n, 5e-2);
        assertEquals(2.6998e-3, (double) beyond3 / n, 2.5e-4);
    }

    @Test
    void samplerFillIsStandardNormalAndUncorrelated() {
        GaussianSampler g = new GaussianSampler(GaussianSampler.seedOf(7, 1, 2));
        int n = 1_000_000;
        float[] x = new float[n + 1]; // odd length: the last draw takes the single-draw path
        g.fill(x, x.length);
        double s1 = 0, s2 = 0, s4 = 0, lag1 = 0;
        int beyond3 = 0, beyond4 = 0;
        for (int i = 0; i < n; i++) {
            double v = x[i];
            s1 += v;
            s2 += v * v;
            s4 += v * v * v * v;
            lag1 += v * x[i + 1]; // pairs from one 64-bit number and across numbers
            if (Math.abs(v) > 3) {
                beyond3++;
            }
            if (Math.abs(v) > 4) {
                beyond4++;
            }
        }
        assertEquals(0.0, s1 / n, 5e-3);
        assertEquals(1.0, s2 / n, 7e-3);
        assertEquals(3.0, s4 / n, 5e-2);
        assertEquals(0.0, lag1 / n, 5e-3);
        assertEquals(2.6998e-3, (double) beyond3 / n, 2.5e-4);
        assertEquals(6.334e-5, (double) beyond4 / n, 3.5e-5); // P(|x|>4): the exponential tail beyond r ≈ 3.44 works
        double evenOdd = 0;
        for (int i = 0; i + 1 < n; i += 2) {
            evenOdd += (double) x[i] * x[i] * x[i + 1] * x[i + 1];
        }
        assertEquals(1.0, evenOdd / (n / 2), 2e-2); // E[a²b²] = 1 for independent halves
    }
}
