package io.rec4j.codec.miracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rec4j.codec.image.Mnist;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.testkit.FreshJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variational trainer and the encoder: engine vs decoder networks, exact Mean-KL budgets, a fresh-JVM decode. */
class MiracleEncoderTest {
    static final Path MNIST_10K = Path.of(System.getProperty("rec4j.mnist", "../../shared/data/mnist-10k"));

    /** Synthetic digits: class k lights a 4×4 square at a class-specific place, with noise. */
    static Mnist.Set synthetic(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            labels[i] = (byte) k;
            for (int p = 0; p < 784; p++) {
                px[i * 784 + p] = (float) (0.1 * r.nextDouble());
            }
            int row = 3 + 2 * k;
            int col = 3 + (k * 7) % 20;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    px[i * 784 + (row + y) * 28 + col + x] = 0.9f;
                }
            }
        }
        return new Mnist.Set(px, labels);
    }

    /** The engine's forward pass and the decoder's agree on the same weights (layouts, flatten order, signs). */
    @Test
    void engineAndDecoderComputeTheSameLogits() {
        Mnist.Set data = synthetic(64, 1);
        for (MiracleArchitecture a : MiracleArchitecture.ALL) {
            float[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
            MiracleFile.Header h = new MiracleFile.Header(a, MiracleFile.Parameterisation.MEAN_VAR, 8, 40, 5,
                    java.util.Arrays.copyOf(ones, a.tensors().size()));
            double[] means = MiracleEncoder.initialMeans(a, 3);
            for (int i = 0; i < means.length; i++) {
                means[i] += 0.01 * ((i * 37) % 11 - 5); // biases too
            }
            try (VariationalTrainer t = new VariationalTrainer(a, h.plan(), h.hashing(),
                    MiracleFile.Parameterisation.MEAN_VAR, 8, data, means, java.util.Arrays.copyOf(ones,
                    a.tensors().size()), 1e-6, 1, 1e-3, 16)) {
                MiracleNetwork net = new MiracleNetwork(a, h.hashing().expand(means));
                float[] engine = t.logitsAtMeans(data);
                for (int i = 0; i < data.count(); i++) {
                    float[] z = net.logits(data, i);
                    for (int k = 0; k < 10; k++) {
                        assertEquals(z[k], engine[i * 10 + k], 1e-4 * (1 + Math.abs(z[k])), a.name() + " image " + i
                                + " class " + k);
                    }
                }
                double[] mean = new double[means.length];
                double[] std = new double[means.length];
                t.posterior(mean, std);
                for (int i = 0; i < mean.length; i++) {
                    assertEquals((float) means[i], (float) mean[i], 0f);
                }
            }
        }
    }

    /** Under Mean-KL every block's KL is C bits after every step, up to rounding. */
    @Test
    void meanKlBlocksStayAtTheBudgetWhileTraining() {
        Mnist.Set data = synthetic(256, 2);
        MiracleArchitecture a = MiracleArchitecture.LENET_300_100;
        float[] scales = {0.05f, 0.05f, 0.1f, 0.05f, 0.3f, 0.1f};
        MiracleFile.Header h = new MiracleFile.Header(a, MiracleFile.Parameterisation.MEAN_KL, 10, 50, 7, scales);
        BlockPlan plan = h.plan();
        try (VariationalTrainer t = new VariationalTrainer(a, plan, h.hashing(), MiracleFile.Parameterisation.MEAN_KL,
                10, data, MiracleEncoder.initialMeans(a, 4), scales, 1e-6, 3, 1e-2, 64)) {
            for (int step = 0; step < 5; step++) {
                t.step();
                double[] kl = t.blockKl();
                for (int b = 0; b < kl.length; b++) {
                    assertEquals(10 * Math.log(2), kl[b], 1e-11, "block " + b + " after step " + step);
                }
            }
        }
    }

    /** Learning curves: one point per epoch; Mean-KL never over the budget, Mean-Var's excess reported, not hidden. */
    @Test
    void curvesRecordEveryEpochAndMeanKlStaysOnBudget() {
        Mnist.Set train = synthetic(256, 6);
        Mnist.Set validation = synthetic(128, 7);
        MiracleArchitecture a = MiracleArchitecture.LENET_300_100;
        MiracleEncoder.Settings s = MiracleEncoder.Settings.defaults(a).withEpochs(1, 3);
        double[] pre = MiracleEncoder.pretrain(a, train, validation, s, MiracleEncoder.Progress.NONE);
        double[] before = pre.clone();
        double[][] kl = MiracleEncoder.curve(a, MiracleFile.Parameterisation.MEAN_KL, 10, 10 * 500, pre, train,
                validation, s, MiracleEncoder.Progress.NONE);
        assertArrayEquals(before, pre, 0.0, "the pre-trained means are not changed");
        assertEquals(3, kl[0].length);
        for (int e = 0; e < 3; e++) {
            assertTrue(kl[0][e] >= 0 && kl[0][e] <= 1);
            assertEquals(0, kl[1][e], 1e-12, "epoch " + (e + 1));
        }
        // 2 bits per block of ~110 variables: the pre-trained means alone need far more, so Mean-Var starts over
        double[][] var = MiracleEncoder.curve(a, MiracleFile.Parameterisation.MEAN_VAR, 2, 2 * 500, pre, train,
                validation, s, MiracleEncoder.Progress.NONE);
        assertTrue(var[1][0] > 0.01, "Mean-Var KL over budget after one epoch: " + var[1][0]);
        assertEquals(1.0, MiracleEncoder.cosine(0, 100), 0.0);
        assertEquals(0.01, MiracleEncoder.cosine(100, 100), 1e-15);
        assertEquals(0.505, MiracleEncoder.cosine(50, 100), 1e-12);
    }

    /** Mean-Var's annealing: blocks over the budget get larger penalties and their KL falls toward it. */
    @Test
    void meanVarAnnealingDrivesTheKlTowardTheBudget() {
        Mnist.Set data = synthetic(256, 3);
        MiracleArchitecture a = MiracleArchitecture.LENET_300_100;
        float[] scales = {0.02f, 0.02f, 0.02f, 0.02f, 0.02f, 0.02f};
        MiracleFile.Header h = new MiracleFile.Header(a, MiracleFile.Parameterisation.MEAN_VAR, 4, 200, 7, scales);
        try (VariationalTrainer t = new VariationalTrainer(a, h.plan(), h.hashing(),
                MiracleFile.Parameterisation.MEAN_VAR, 4, data, MiracleEncoder.initialMeans(a, 5), scales, 1e-3, 3,
                1e-2, 64)) {
            double before = t.annealPenalties(1.0);
            for (int step = 0; step < 150; step++) {
                t.step();
                t.annealPenalties(1.05);
            }
            double after = t.annealPenalties(1.0);
            assertTrue(before > 0, "the initial means put blocks over the budget: " + before);
            assertTrue(after < 0.5 * before, "largest excess KL " + before + " -> " + after + " nats");
        }
    }

    /**
     * A small network trained, compressed and decoded again in fresh JVMs (JIT, interpreter, C1, other JDKs): the
     * same weights (digest) and the same test error as the encoder measured.
     */
    @Test
    void compressedNetworkDecodesInAFreshJvm(@TempDir Path dir) throws Exception {
        Mnist.Set train;
        Mnist.Set test;
        if (Files.isDirectory(MNIST_10K)) {
            Mnist.Split s = Mnist.split(MNIST_10K);
            train = s.train().slice(0, 1000);
            test = s.test().slice(0, 500);
        } else {
            System.out.println("MiracleEncoderTest: " + MNIST_10K + " absent, synthetic digits instead");
            train = synthetic(1000, 4);
            test = synthetic(500, 5);
        }
        MiracleEncoder.Settings s = MiracleEncoder.Settings.defaults(MiracleArchitecture.LENET_300_100)
                .withEpochs(2, 2).withRetraining(4, 5);
        MiracleEncoder.Result r = MiracleEncoder.compress(MiracleArchitecture.LENET_300_100,
                MiracleFile.Parameterisation.MEAN_KL, 8, 8 * 1500, train, test, s, MiracleEncoder.Progress.NONE);
        MiracleFile.Header h = MiracleFile.header(r.file());
        assertEquals(h.blockCount() * 8L, h.indexBits());
        assertTrue(r.file().length <= 1500 + 60, r.file().length + " bytes");
        Path file = dir.resolve("net.r4j");
        Files.write(file, r.file());
        Path pixels = dir.resolve("test.bin");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(test.pixels().length * 4 + test.count());
        for (float p : test.pixels()) {
            b.putFloat(p);
        }
        b.put(test.labels());
        Files.write(pixels, b.array());
        FreshJvm.assertAllPrint(FreshDecode.describe(r.network(), test), FreshDecode.class, file.toString(),
                pixels.toString(), Integer.toString(test.count()));
        assertEquals(Math.round(r.errorAfter() * test.count()), r.network().errors(test));
    }

    /** Decodes a file and prints the digest of its weights and its error count, for the fresh-JVM test. */
    public static final class FreshDecode {
        public static void main(String[] args) throws IOException {
            byte[] file = Files.readAllBytes(Path.of(args[0]));
            byte[] raw = Files.readAllBytes(Path.of(args[1]));
            int n = Integer.parseInt(args[2]);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw);
            float[] px = new float[n * 784];
            for (int i = 0; i < px.length; i++) {
                px[i] = b.getFloat();
            }
            byte[] labels = new byte[n];
            b.get(labels);
            System.out.println(describe(MiracleFile.decode(file), new Mnist.Set(px, labels)));
        }

        static String describe(MiracleNetwork net, Mnist.Set test) {
            try {
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                for (int t = 0; t < net.architecture().tensors().size(); t++) {
                    for (float v : net.tensor(t)) {
                        int bits = Float.floatToRawIntBits(v);
                        md.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8),
                            (byte) bits});
                    }
                }
                return java.util.HexFormat.of().formatHex(md.digest()) + " errors " + net.errors(test);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
