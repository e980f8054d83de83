package io.rec4j.codec.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.testkit.FreshJvm;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.inr.SineFunction;
import io.rec4j.codec.inr.GridRenderer;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.plan.BlockCoder;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.random.NormalGenerator;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.plan.BlockListener;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.KlBudgetPlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The COMBINER bitstream with synthetic posteriors (training lives in rec4j-nn): the decoder reproduces the
 * encoder's reconstruction bit for bit, in-process and in a fresh JVM whose classpath has no training code, and
 * rejects damaged files and the wrong model.
 */
class CombinerCodecTest {
    static final int KAPPA = 8;

    static CombinerModel model(long seed) {
        SirenArchitecture arch = SirenArchitecture.of(2, 16, 8, 2, 3);
        int p = arch.parameterCount();
        double[] mean = new double[p];
        double[] std = new double[p];
        double[] kl = new double[p];
        java.util.Arrays.fill(std, 0.3);
        java.util.Arrays.fill(kl, 1.5);
        BlockPlan plan = new KlBudgetPlanner(KAPPA - 2, 25).plan(kl, seed);
        return new CombinerModel(arch, DiagonalGaussian.of(mean, std), plan, seed, KAPPA, 8, "synthetic");
    }

    static List<DiagonalGaussian> posteriors(CombinerModel m, int tiles, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int p = m.architecture().parameterCount();
        List<DiagonalGaussian> out = new ArrayList<>();
        for (int t = 0; t < tiles; t++) {
            double[] mean = new double[p];
            double[] std = new double[p];
            for (int i = 0; i < p; i++) {
                mean[i] = 0.3 * rnd.nextGaussian();
                std[i] = 0.15;
            }
            out.add(DiagonalGaussian.of(mean, std));
        }
        return out;
    }

    @Test
    void decodesBitExactlyAndCountsEveryByte(@TempDir Path dir) throws Exception {
        CombinerModel m = model(22);
        int width = 20;
        int height = 13; // 3 x 2 tiles of 8, edge-padded
        CombinerCodec.Encoded e = CombinerCodec.encode(m, width, height, posteriors(m, 6, 1), t -> BlockListener.NONE);
        assertEquals(6, e.tiles());
        assertEquals((long) 6 * m.plan().blockCount() * KAPPA, e.indexBits());
        assertEquals(8.0 * e.file().length / (width * height), e.bpp(), 0);
        assertEquals(e.reconstruction(), CombinerCodec.decode(m, e.file()));
        CombinerCodec.Info info = CombinerCodec.info(e.file());
        assertEquals(width, info.width());
        assertEquals(height, info.height());
        assertEquals(m.id(), info.modelId());
        assertEquals(3, info.revision(), "files are written as revision 3");
        assertEquals(NormalGenerator.ZIGGURAT, info.generator());
        assertEquals(MethodId.COMBINER_R3,
                Container.parse(e.file()).methodId());

        // fresh JVMs (JIT, -Xint, C1, other JDKs) with only rec4j-core and rec4j-codecs (no DJL) on the classpath decode the same pixels
        Path modelFile = dir.resolve("m.r4j");
        Path imageFile = dir.resolve("i.r4j");
        Files.write(modelFile, m.toBytes());
        Files.write(imageFile, e.file());
        FreshJvm.assertAllPrint(e.reconstruction().sha256(), CombinerDecodeProbe.class, modelFile.toString(),
                imageFile.toString());
    }

    /**
     * The revision decides the candidates: the indices of a revision-3 file read as revision 2 (inversion candidates,
     * same sine) name other candidates, so decode to other pixels, while a revision-2 file's pixels are those of a
     * decoder that draws the candidates by inversion ({@link CombinerCodec} before revision 3).
     */
    @Test
    void revisionSelectsTheCandidateGenerator() {
        CombinerModel m = model(22);
        CombinerCodec.Encoded e = CombinerCodec.encode(m, 16, 8, posteriors(m, 2, 5), t -> BlockListener.NONE);
        Container c = Container.parse(e.file());
        byte[] asR2 = Container.of(MethodId.COMBINER_R2, c.header(),
                c.payload()).toBytes();
        assertEquals(2, CombinerCodec.info(asR2).revision());
        assertNotEquals(e.reconstruction(), CombinerCodec.decode(m, asR2));
        // revision 2 by hand: inversion candidates, polynomial sine
        BlockCoder coder = BlockCoder.of(m.plan(),
                OrderedRandomCoding.orc(m.kappa()));
        SharedRandomness master = SharedRandomness.fromSeed(m.seed());
        byte[] payload = c.payload();
        int prefix = payload.length - (int) CombinerCodec.indexBytes(m, 16, 8);
        BitReader in = new BitReader(payload, prefix,
                payload.length - prefix);
        GridRenderer renderer = new GridRenderer(m.architecture(), 8, 8,
                SineFunction.POLYNOMIAL);
        List<RgbImage> tiles = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            tiles.add(RgbImage.fromUnit(8, 8,
                    renderer.render(coder.decode(m.prior(), master.derive(t), in))));
        }
        assertEquals(new TileGrid(16, 8, 8).assemble(tiles), CombinerCodec.decode(m, asR2));
    }

    /** A method id this build does not know (say a future revision 4) is refused with a typed error naming it. */
    @Test
    void unknownRevisionIsRefused() {
        CombinerModel m = model(22);
        byte[] file = CombinerCodec.encode(m, 8, 8, posteriors(m, 1, 1), t -> BlockListener.NONE).file();
        Container c = Container.parse(file);
        byte[] future = Container.of(MethodId.of(4711), c.header(),
                c.payload()).toBytes();
        Rec4jDataException ex = assertThrows(Rec4jDataException.class, () -> CombinerCodec.decode(m, future));
        assertTrue(ex.getMessage().contains("UNKNOWN(4711)") && ex.getMessage().contains("revisions 1 to 4"),
                ex.getMessage());
        assertThrows(Rec4jDataException.class, () -> CombinerCodec.info(future));
        assertThrows(IllegalArgumentException.class, () -> CombinerCodec.fromIndices(m, 8, 8,
                new byte[(int) CombinerCodec.indexBytes(m, 8, 8)], 5));
        for (int r = CombinerCodec.MIN_REVISION; r <= CombinerCodec.MAX_REVISION; r++) {
            byte[] ok = CombinerCodec.fromIndices(m, 8, 8, new byte[(int) CombinerCodec.indexBytes(m, 8, 8)], r);
            assertEquals(r, CombinerCodec.info(ok).revision());
        }
    }

    @Test
    void refinementListenerIsCalledPerBlock() {
        CombinerModel m = model(3);
        int[] calls = {0};
        CombinerCodec.encode(m, 8, 8, posteriors(m, 1, 2), t -> (block, view) -> calls[0]++);
        assertEquals(m.plan().blockCount(), calls[0]);
    }

    @Test
    void damagedFilesAndWrongModelsAreRejected() {
        CombinerModel m = model(22);
        byte[] file = CombinerCodec.encode(m, 8, 8, posteriors(m, 1, 1), t -> BlockListener.NONE).file();
        for (int i = 0; i < file.length; i += 5) {
            byte[] bad = file.clone();
            bad[i] ^= 0x08;
            assertThrows(Rec4jDataException.class, () -> CombinerCodec.decode(m, bad));
        }
        Rec4jDataException wrong = assertThrows(Rec4jDataException.class, () -> CombinerCodec.decode(model(23), file));
        assertTrue(wrong.getMessage().contains("coded with model"), wrong.getMessage());
        assertThrows(Rec4jDataException.class, () -> CombinerCodec.decode(m, m.toBytes()));
    }
}
