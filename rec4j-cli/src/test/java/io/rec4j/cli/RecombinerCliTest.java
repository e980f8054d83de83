package io.rec4j.cli;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TestCard;
import io.rec4j.codec.recombiner.RecombinerCodec;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.RecombinerPack;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.MethodId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rec4j compress --model RECOMBINER_MODEL}, {@code rec4j decompress} of RECOMBINER files and packs. */
class RecombinerCliTest {
    @TempDir
    static Path dir;
    static Path modelFile;
    static Path otherModelFile;
    static RecombinerModel model;
    static Path images;

    /** The tiny model of the fuzz harness, κ = 16 bits per block. */
    static RecombinerModel model(long seed) {
        return FuzzTargets.tinyRecombinerModel(seed, 16);
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
    void warmStartFromAModelOfAnotherArchitectureIsAUsageError() throws Exception {
        CliTest.Result r = CliTest.run("recombiner", "train-prior", "--data", images.toString(), "--bpp", "0.3",
                "--init", modelFile.toString(), "-o", dir.resolve("w.r4m").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("--init"), r.err());
        assertFalse(Files.exists(dir.resolve("w.r4m")));
    }

    @Test
    void ablationSwitchesThatContradictTheOtherOptionsAreUsageErrors() throws Exception {
        Path out = dir.resolve("ablated.r4m");
        CliTest.Result fixed = CliTest.run("recombiner", "train-prior", "--data", images.toString(), "--bpp", "0.3",
                "--no-reparameterisation", "--network", "recombiner-cifar10-q1", "-o", out.toString());
        assertEquals(1, fixed.code(), fixed.err());
        assertTrue(fixed.err().contains("--network"), fixed.err());
        // a model with positional encodings cannot start one without them
        CliTest.Result init = CliTest.run("recombiner", "train-prior", "--data", images.toString(), "--bpp", "0.3",
                "--no-positional-encodings", "--init", "recombiner-cifar10-q1", "-o", out.toString());
        assertEquals(1, init.code(), init.err());
        assertTrue(init.err().contains("--init"), init.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void spOrcBenchRefusesBadSettingsBeforeAnyWork() throws Exception {
        Path out = dir.resolve("sp-bench");
        Path bin = Files.write(dir.resolve("some.bin"), new byte[3073]); // files exist: the settings are refused
        String[] data = {"--train-data", bin.toString(), "--data", bin.toString(), "-o", out.toString()};
        CliTest.Result photo = CliTest.run(concat(new String[] {"bench", "sp-orc", "--model", "combiner-q1"}, data));
        assertEquals(1, photo.code(), photo.err()); // a 64×64-tile model: not for CIFAR-10
        assertTrue(photo.err().contains("32x32"), photo.err());
        CliTest.Result merge = CliTest.run(concat(new String[] {"bench", "sp-orc", "--merge", "0"}, data));
        assertEquals(1, merge.code(), merge.err());
        assertTrue(merge.err().contains("merge"), merge.err());
        CliTest.Result missing = CliTest.run("bench", "sp-orc", "--data", dir.resolve("none.bin").toString(), "-o",
                out.toString());
        assertEquals(1, missing.code(), missing.err());
        assertTrue(missing.err().contains("none.bin") || missing.err().contains("train-4660"), missing.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
    }

    /**
     * A folder into one packed file and back: names kept, one header, nothing per image besides the block bits
     * (padded once), and every image decodes as its indices do in a single file.
     */
    @Test
    void folderIntoPackAndBack() throws Exception {
        Path numbered = Files.createDirectories(dir.resolve("numbered"));
        RgbImage card = TestCard.generate(48, 16);
        for (int i = 0; i < 3; i++) {
            ImageIo.writePng(card.crop(16 * i, 0, 16, 16), numbered.resolve(String.format("img-%02d.png", i)));
        }
        Path pack = dir.resolve("numbered.r4j");
        CliTest.Result c = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "4", "-f",
                numbered.toString(), pack.toString());
        assertEquals(0, c.code(), c.err());
        byte[] file = Files.readAllBytes(pack);
        assertEquals(MethodId.RECOMBINER_PACK, Container.parse(file).methodId());
        RecombinerPack.Contents contents = RecombinerPack.contents(file);
        assertEquals(List.of("img-00.png", "img-01.png", "img-02.png"), contents.names());
        assertTrue(contents.numbered());
        // the budget: framing 13 (payload under 128 bytes), model id 8, count 1, names 1 + "img-" 5 + first 1 +
        // digits 1 + ".png" 5: 36 bytes once; then 3 images' block bits, padded to a byte once
        assertTrue(Container.parse(file).payloadLength() < 128);
        long header = Container.COMPACT_MIN_OVERHEAD + 8 + 1 + 1 + 5 + 1 + 1 + 5;
        assertEquals(header + (3 * model.indexBits() + 7) / 8, file.length);
        assertTrue(file.length - 3 * model.indexBits() / 8.0 <= header + 3, "at most one byte per image");

        CliTest.Result info = CliTest.run("info", "--model", modelFile.toString(), pack.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("RECOMBINER_PACK (id 11)") && info.out().contains("images:         3")
                && info.out().contains("payload:        ok"), info.out());
        CliTest.Result unchecked = CliTest.run("info", pack.toString());
        assertEquals(0, unchecked.code(), unchecked.err());
        assertTrue(unchecked.out().contains("NOT CHECKED"), unchecked.out());

        Path outDir = dir.resolve("numbered-out");
        CliTest.Result d = CliTest.run("decompress", "--model", modelFile.toString(), pack.toString(),
                outDir.toString());
        assertEquals(0, d.code(), d.err());
        List<RecombinerPack.Image> unpacked = RecombinerPack.unpack(model, file);
        for (RecombinerPack.Image im : unpacked) {
            assertEquals(RecombinerCodec.decode(model, RecombinerCodec.fromIndices(model, im.indices())),
                    ImageIo.read(outDir.resolve(im.name())));
        }
        try (Stream<Path> s = Files.list(outDir)) {
            assertEquals(3, s.count());
        }
        // existing outputs are not replaced without --force; a pack needs a folder
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("decompress", "--model", modelFile.toString(),
                pack.toString(), outDir.toString()).code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("decompress", "--model", modelFile.toString(), pack.toString(),
                "-").code());
    }

    /** Truncated, bit-flipped and wrong-model packs, or none given: exit 2 with one line on stderr, nothing written. */
    @Test
    void damagedPacksAreExitTwo() throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        byte[] good = RecombinerPack.pack(model, List.of("a.png", "b.png"),
                List.of(RecombinerCodec.randomIndices(model, rnd), RecombinerCodec.randomIndices(model, rnd)));
        Path f = dir.resolve("damaged-pack.r4j");
        for (int len = 0; len <= good.length; len++) {
            byte[] b = len == good.length ? good.clone() : Arrays.copyOf(good, len);
            if (len == good.length) {
                b[b.length / 2] ^= 0x10;
            }
            Files.write(f, b);
            Path out = dir.resolve("damaged-pack-out-" + len);
            for (String[] args : List.of(new String[] {"decompress", "--model", modelFile.toString(), f.toString(),
                out.toString()}, new String[] {"info", "--model", modelFile.toString(), f.toString()})) {
                CliTest.Result r = CliTest.run(args);
                assertEquals(Main.EXIT_BAD_DATA, r.code(), "length " + len + ": " + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
            }
            assertFalse(Files.exists(out));
        }
        Path ok = dir.resolve("ok-pack.r4j");
        Files.write(ok, good);
        CliTest.Result wrong = CliTest.run("decompress", "--model", otherModelFile.toString(), ok.toString(),
                dir.resolve("wrong-out").toString());
        assertEquals(Main.EXIT_BAD_DATA, wrong.code(), wrong.err());
        assertTrue(wrong.err().contains("coded with model"), wrong.err());
        CliTest.Result none = CliTest.run("decompress", ok.toString(), dir.resolve("none-out").toString());
        assertEquals(Main.EXIT_BAD_DATA, none.code(), none.err());
        assertTrue(none.err().contains("--model"), none.err());
        assertFalse(Files.exists(dir.resolve("wrong-out")) || Files.exists(dir.resolve("none-out")));
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
        // overlapping tiles are COMBINER's
        CliTest.Result margin = CliTest.run("compress", "--model", modelFile.toString(), "--margin", "2", "-f",
                images.resolve("a.png").toString(), dir.resolve("m.r4j").toString());
        assertEquals(Main.EXIT_USAGE, margin.code(), margin.err());
        assertTrue(margin.err().contains("--margin"), margin.err());
    }
}
