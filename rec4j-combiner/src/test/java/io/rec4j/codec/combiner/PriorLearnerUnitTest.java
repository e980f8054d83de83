package io.rec4j.codec.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TestCard;
import io.rec4j.core.rec.dist.DiagonalGaussian;
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
}
