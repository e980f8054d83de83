package io.rec4j.cli;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TestCard;
import io.rec4j.codec.recombiner.RecombinerArchitecture;
import io.rec4j.codec.recombiner.RecombinerCodec;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.RecombinerNetwork;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.FixedSizePlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rec4j compress --model RECOMBINER_MODEL} and {@code rec4j decompress} of RECOMBINER files. */
class RecombinerCliTest {
    static final RecombinerArchitecture TINY = new RecombinerArchitecture(2, 16, 16, 1, 1, 8, 4, 8, 2, 3, 6, 5, 1,
            1, 1);
    @TempDir
    static Path dir;
    static Path modelFile;
    static Path otherModelFile;
    static RecombinerModel model;
    static Path images;

    static RecombinerModel model(long seed) {
        SplittableRandom r = new SplittableRandom(1);
        float[] net = new float[(int) RecombinerNetwork.parameterCount(TINY)];
        for (int i = 0; i < net.length; i++) {
            net[i] = (float) ((2 * r.nextDouble() - 1) * 0.1);
        }
        int p = RecombinerModel.latentCount(TINY);
        double[] mean = new double[p];
        double[] std = new double[p];
        Arrays.fill(std, 0.02);
        double[] rho = new double[p];
        Arrays.fill(rho, -4);
        return new RecombinerModel("tiny-recombiner", TINY, net, DiagonalGaussian.of(mean, std), rho,
                new FixedSizePlanner(40).plan(p, 3), seed, 16, 1e-6);
    }

    @BeforeAll
    static void setUp() throws Exception {
        model = model(9);
        modelFile = dir.resolve("tiny.r4m");
        Files.write(modelFile, model.toBytes());
        otherModelFile = dir.resolve("other.r4m");
        Files.write(otherModelFile, model(10).toBytes());
        images = Files.createDirectories(dir.resolve("in"));
        RgbImage card = TestCard.generate(32, 16);
        ImageIo.writePng(card.crop(0, 0, 16, 16), images.resolve("a.png"));
        ImageIo.writePng(card.crop(16, 0, 16, 16), images.resolve("b.png"));
    }

    @Test
    void compressDecompressRoundTrip() throws Exception {
        Path file = dir.resolve("a.r4j");
        CliTest.Result c = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "4", "-f",
                images.resolve("a.png").toString(), file.toString());
        assertEquals(0, c.code(), c.err());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(RecombinerCodec.fromIndices(model, new byte[RecombinerCodec.indexBytes(model)]).length,
                bytes.length);
        Path back = dir.resolve("a-back.png");
        CliTest.Result d = CliTest.run("decompress", "--model", modelFile.toString(), "-f", file.toString(),
                back.toString());
        assertEquals(0, d.code(), d.err());
        assertArrayEquals(RecombinerCodec.decode(model, bytes).samples(), ImageIo.read(back).samples());
    }

    @Test
    void folderIntoFolderWritesOneFilePerImage() throws Exception {
        Path outDir = dir.resolve("out");
        CliTest.Result c = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "4", "-f",
                images.toString(), outDir.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(Files.exists(outDir.resolve("a.r4j")) && Files.exists(outDir.resolve("b.r4j")));
        CliTest.Result pack = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "4", "-f",
                images.toString(), dir.resolve("all.r4j").toString());
        assertEquals(Main.EXIT_USAGE, pack.code(), pack.err());
    }

    @Test
    void hostileInputsAreRefusedWithExitCodes() throws Exception {
        Path file = dir.resolve("h.r4j");
        Files.write(file, RecombinerCodec.fromIndices(model, new byte[RecombinerCodec.indexBytes(model)]));
        CliTest.Result noModel = CliTest.run("decompress", "-f", file.toString(), dir.resolve("x.png").toString());
        assertEquals(Main.EXIT_BAD_DATA, noModel.code());
        assertTrue(noModel.err().contains("--model"), noModel.err());
        CliTest.Result wrong = CliTest.run("decompress", "--model", otherModelFile.toString(), "-f",
                file.toString(), dir.resolve("x.png").toString());
        assertEquals(Main.EXIT_BAD_DATA, wrong.code(), wrong.err());
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.r4j");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 2));
        CliTest.Result truncated = CliTest.run("decompress", "--model", modelFile.toString(), "-f", cut.toString(),
                dir.resolve("x.png").toString());
        assertEquals(Main.EXIT_BAD_DATA, truncated.code(), truncated.err());
        Path big = dir.resolve("big.png");
        ImageIo.writePng(TestCard.generate(32, 32), big);
        CliTest.Result size = CliTest.run("compress", "--model", modelFile.toString(), "-f", big.toString(),
                dir.resolve("big.r4j").toString());
        assertEquals(Main.EXIT_USAGE, size.code(), size.err());
        assertTrue(size.err().contains("16x16"), size.err());
    }
}
