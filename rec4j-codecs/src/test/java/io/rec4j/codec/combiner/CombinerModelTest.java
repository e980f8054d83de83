package io.rec4j.codec.combiner;

import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.core.rec.plan.KlBudgetPlanner;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


class CombinerModelTest {

    static CombinerModel sample() {
        SirenArchitecture arch = SirenArchitecture.of(2, 16, 8, 2, 3);
        int p = arch.parameterCount();
        SplittableRandom rnd = new SplittableRandom(5);
        double[] mean = new double[p];
        double[] std = new double[p];
        double[] kl = new double[p];
        for (int i = 0; i < p; i++) {
            mean[i] = rnd.nextGaussian() * 0.01;
            std[i] = 0.001 + rnd.nextDouble() * 0.01;
            kl[i] = rnd.nextDouble() * 3;
        }
        mean[0] = -0.0; // exact bits survive, including the sign of zero
        BlockPlan plan = new KlBudgetPlanner(16, 25).plan(kl, 22L);
        return new CombinerModel(arch, DiagonalGaussian.of(mean, std), plan, 22, 16, 64, "test");
    }

    @Test
    void roundTripIsExact() {
        CombinerModel m = sample();
        byte[] bytes = m.toBytes();
        CombinerModel back = CombinerModel.fromBytes(bytes);
        assertEquals(m, back);
        assertArrayEquals(bytes, back.toBytes());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.prior().mean(0)));
        assertEquals(m.id(), back.id());
        assertEquals(16, m.id().length());
    }

    @Test
    void damagedOrForeignFilesAreRejected() {
        byte[] bytes = sample().toBytes();
        for (int i = 0; i < bytes.length; i += 7) {
            byte[] bad = bytes.clone();
            bad[i] ^= 0x20;
            assertThrows(Rec4jDataException.class, () -> CombinerModel.fromBytes(bad));
        }
        assertThrows(Rec4jDataException.class, () -> CombinerModel.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 3)));
        byte[] demo = io.rec4j.core.rec.GaussianRecCodec.encode(
                io.rec4j.core.rec.dist.ProductDistribution.gaussian(new double[] {0.5}, new double[] {0.5}),
                io.rec4j.core.rec.dist.ProductDistribution.standardNormal(1), 1, 1000).file();
        Rec4jDataException e = assertThrows(Rec4jDataException.class, () -> CombinerModel.fromBytes(demo));
        assertEquals("not a model file: the container holds REC_GAUSSIAN(1)", e.getMessage());
    }

    @Test
    void invalidContentIsRejectedAtConstruction() {
        CombinerModel m = sample();
        double[] std = m.prior().stds();
        std[3] = 0;
        assertThrows(IllegalArgumentException.class, () -> new CombinerModel(m.architecture(),
                DiagonalGaussian.of(m.prior().means(), std), m.plan(), 1, 16, 64, "x"));
        assertThrows(IllegalArgumentException.class, () -> new CombinerModel(m.architecture(),
                DiagonalGaussian.standard(3), m.plan(), 1, 16, 64, "x"));
        assertNotEquals(m.id(), new CombinerModel(m.architecture(), m.prior(), m.plan(), 23, 16, 64,
                "test").id());
    }

    @Test
    void boundsThatKeepADecoderFiniteAreEnforced() {
        CombinerModel m = sample();
        // a prior this wide would overflow the network to infinities and NaNs; a tile this large cannot be rendered
        double[] mean = m.prior().means();
        mean[5] = 2 * CombinerModel.MAX_PRIOR_MAGNITUDE;
        assertThrows(IllegalArgumentException.class, () -> new CombinerModel(m.architecture(),
                DiagonalGaussian.of(mean, m.prior().stds()), m.plan(), 1, 16, 64, "x"));
        double[] std = m.prior().stds();
        std[5] = 1e300;
        assertThrows(IllegalArgumentException.class, () -> new CombinerModel(m.architecture(),
                DiagonalGaussian.of(m.prior().means(), std), m.plan(), 1, 16, 64, "x"));
        assertThrows(IllegalArgumentException.class, () -> new CombinerModel(m.architecture(), m.prior(), m.plan(),
                1, 16, CombinerModel.MAX_TILE + 1, "x"));
        // 2 * input dimension overflowed an int: a typed error, not a NegativeArraySizeException
        assertThrows(IllegalArgumentException.class, () -> new SirenArchitecture(Integer.MAX_VALUE, 16, 8, 2, 3, 30));
    }
}
