package io.rec4j.codec.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TestCard;
import io.rec4j.codec.image.Cifar10;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.engine.TrainingEngine;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriorLearnerUnitTest {
    @Test
    void mStepIsTheMomentMatchOfThePosteriorMixture() {
        // two posteriors over two scalars: N(1, 0.5²), N(3, 1²) and N(0, 2²), N(0, 2²)
        double[][] mu = {{1, 0}, {3, 0}};
        double[][] sd = {{0.5, 2}, {1, 2}};
        DiagonalGaussian p = PriorLearner.mStep(mu, sd);
        assertEquals(2.0, p.mean(0), 1e-15);
        // σ² = mean(σq² + (μq − μp)²) = ((0.25 + 1) + (1 + 1)) / 2 = 1.625
        assertEquals(Math.sqrt(1.625), p.std(0), 1e-15);
        assertEquals(0.0, p.mean(1), 0);
        assertEquals(2.0, p.std(1), 1e-15);
    }

    @Test
    void inverseSoftplusInvertsSoftplus() {
        double[] sd = {1e-6, 0.01, 0.5, 3, 25};
        double[] rho = PriorLearner.inverseSoftplus(sd);
        for (int i = 0; i < sd.length; i++) {
            double back = rho[i] > 20 ? rho[i] : Math.log1p(Math.exp(rho[i]));
            assertEquals(sd[i], back, 1e-12 * Math.max(1, sd[i]));
        }
    }

    @Test
    void patchesAreDeterministicSpreadAndSized(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            ImageIo.writePng(TestCard.generate(40 + 10 * i, 30), dir.resolve("img" + i + ".png"));
        }
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        List<RgbImage> a = PatchSampler.sample(dir, 16, 7, 3);
        List<RgbImage> b = PatchSampler.sample(dir, 16, 7, 3);
        List<RgbImage> c = PatchSampler.sample(dir, 16, 7, 4);
        assertEquals(7, a.size());
        assertEquals(a, b);
        assertNotEquals(a, c);
        for (RgbImage t : a) {
            assertEquals(16, t.width());
            assertEquals(16, t.height());
        }
        assertThrows(IllegalArgumentException.class, () -> PatchSampler.sample(dir, 31, 2, 1));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> PatchSampler.sample(dir.resolve("none"), 8, 2, 1));
    }

    /** Six 8×8 crops of the test card. */
    private static List<RgbImage> tiles() {
        RgbImage card = TestCard.generate(24, 16);
        List<RgbImage> out = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            out.add(card.crop(8 * (k % 3), 8 * (k / 3), 8, 8));
        }
        return out;
    }

    @Test
    void aTargetBlockCountSteersBetaAndLandsOnExactlyThatManyBlocks() {
        SirenArchitecture arch = SirenArchitecture.of(2, 4, 8, 1, 3);
        // κ = 4 bits and 3 blocks: a target of 12 bits per tile, far below what a nearly free fit (β = 1e−9) costs,
        // so β must grow by the factor after every iteration
        PriorLearner.Settings up = new PriorLearner.Settings(3, 40, 20, 1e-2, 1e-9, 4, 1000, 5, 0.5,
                TrainingEngine.FUSED_SCALAR, 3);
        PriorLearner.Learned a = PriorLearner.learn(arch, tiles(), 8, up, "up");
        assertEquals(3, a.model().plan().blockCount());
        for (int it = 0; it < 3; it++) {
            assertTrue(a.klBitsPerIteration()[it] > 12 * (1 + PriorLearner.RATE_BAND), "KL above the band");
            assertEquals(1e-9 * Math.pow(PriorLearner.BETA_FACTOR, it), a.betaPerIteration()[it], 1e-21);
        }
        // a target above anything this network can cost: β falls instead
        PriorLearner.Learned b = PriorLearner.learn(arch, tiles(), 8, up.withBeta(1e-3).withTargetBlocks(
                arch.parameterCount()), "down");
        assertEquals(1e-3 / PriorLearner.BETA_FACTOR, b.betaPerIteration()[1], 1e-15);
        // without a target, β stays where it was put and the grouping follows κ
        PriorLearner.Learned c = PriorLearner.learn(arch, tiles(), 8, up.withTargetBlocks(0), "fixed");
        assertEquals(1e-9, c.betaPerIteration()[2], 0);
        assertThrows(IllegalArgumentException.class, () -> up.withTargetBlocks(-1));
    }

    @Test
    void aCifar10FileGivesItsFirstImagesWholeOrCropped(@TempDir Path dir) throws Exception {
        byte[] data = new byte[3 * Cifar10.RECORD_BYTES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % Cifar10.RECORD_BYTES == 0 ? i / Cifar10.RECORD_BYTES : i * 7);
        }
        Path bin = dir.resolve("tiny.bin");
        Files.write(bin, data);
        assertTrue(PatchSampler.isCifar10(bin));
        assertTrue(!PatchSampler.isCifar10(dir));
        List<Cifar10.Sample> records = Cifar10.read(bin, 3);
        List<RgbImage> whole = PatchSampler.sample(bin, 32, 2, 1);
        assertEquals(List.of(records.get(0).image(), records.get(1).image()), whole);
        List<RgbImage> crops = PatchSampler.sample(bin, 16, 3, 1);
        assertEquals(3, crops.size());
        assertEquals(16, crops.get(2).width());
        assertEquals(crops, PatchSampler.sample(bin, 16, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> PatchSampler.sample(bin, 40, 1, 1));
    }
}
