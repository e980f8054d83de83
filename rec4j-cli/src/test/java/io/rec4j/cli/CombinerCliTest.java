package io.rec4j.cli;

import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.core.coding.bits.Varint;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.Psnr;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TestCard;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.FixedSizePlanner;
import io.rec4j.nn.SirenInit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** compress / decompress / info / combiner train-prior through {@link Main#execute}, on a tiny model. */
class CombinerCliTest {
    static final int TILE = 8;
    @TempDir
    static Path dir;
    static Path modelFile;
    static Path image;
    static CombinerModel model;

    @BeforeAll
    static void tinyModel() throws Exception {
        SirenArchitecture arch = SirenArchitecture.of(2, 8, 8, 1, 3);
        DiagonalGaussian p = SirenInit.combinerPrior(arch);
        model = new CombinerModel(arch, p, new FixedSizePlanner(25).plan(arch.parameterCount(), 5), 5,
                6, TILE, "tiny");
        modelFile = dir.resolve("tiny.r4m");
        Files.write(modelFile, model.toBytes());
        image = dir.resolve("card.png");
        ImageIo.writePng(TestCard.generate(12, 10), image);
    }

    @Test
    void compressDecompressInfoRoundTrip() throws Exception {
        Path out = dir.resolve("card.r4j");
        CliTest.Result c = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "20", "-f",
                image.toString(), out.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("bpp") && c.err().contains("PSNR"), c.err());
        byte[] file = Files.readAllBytes(out);
        // bpp counts every byte: compact container frame (13 bytes, format version 2) + prefix + 4 tiles x 10 blocks
        // x 6 bits; the version 1 frame of earlier builds had 26 bytes
        int blocks = model.plan().blockCount();
        assertEquals(13 + 8 + 2 + (4 * blocks * 6 + 7) / 8, file.length);
        assertEquals(2, Container.parse(file).formatVersion());

        Path png = dir.resolve("card-decoded.png");
        CliTest.Result d = CliTest.run("decompress", "--model", modelFile.toString(), "-f", out.toString(), png.toString());
        assertEquals(0, d.code(), d.err());
        RgbImage decoded = ImageIo.read(png);
        assertEquals(CombinerCodec.decode(model, file), decoded);
        assertEquals(12, decoded.width());
        assertEquals(10, decoded.height());
        assertTrue(Psnr.psnr(ImageIo.read(image), decoded) > 0);

        CliTest.Result i = CliTest.run("info", out.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("COMBINER") && i.out().contains("12x10") && i.out().contains(model.id()), i.out());
        assertTrue(i.out().contains("COMBINER_R3") && i.out().contains("revision:       3")
                && i.out().contains("ziggurat normals"), i.out());
    }

    @Test
    void badInputsAreTypedErrors() throws Exception {
        Path out = dir.resolve("bad.r4j");
        assertEquals(0, CliTest.run("compress", "--model", modelFile.toString(), "--steps", "5", "-q", "-f",
                image.toString(), out.toString()).code());
        byte[] good = Files.readAllBytes(out);

        // existing output without --force: refused before any work, file untouched
        CliTest.Result exists = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "5",
                image.toString(), out.toString());
        assertEquals(Main.EXIT_BAD_DATA, exists.code());
        assertTrue(exists.err().contains("--force"), exists.err());
        assertArrayEquals(good, Files.readAllBytes(out));

        // --model and --quality together: usage error
        assertEquals(Main.EXIT_USAGE, CliTest.run("compress", "--model", modelFile.toString(), "--quality", "1",
                image.toString(), dir.resolve("x.r4j").toString()).code());

        // a damaged file: exit 2, no output written
        byte[] damaged = good.clone();
        damaged[damaged.length / 2] ^= 0x10;
        Path bad = dir.resolve("damaged.r4j");
        Files.write(bad, damaged);
        Path png = dir.resolve("never.png");
        CliTest.Result d = CliTest.run("decompress", "--model", modelFile.toString(), bad.toString(), png.toString());
        assertEquals(Main.EXIT_BAD_DATA, d.code(), d.err());
        assertFalse(Files.exists(png));

        // truncated
        Path cut = dir.resolve("cut.r4j");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 3));
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("decompress", "--model", modelFile.toString(), cut.toString(),
                png.toString()).code());

        // a model file that is not the one the image was coded with
        SirenArchitecture arch = model.architecture();
        DiagonalGaussian p = SirenInit.combinerPrior(arch);
        CombinerModel other = new CombinerModel(arch, p, model.plan(), 6, 6, TILE, "other");
        Path otherFile = dir.resolve("other.r4m");
        Files.write(otherFile, other.toBytes());
        CliTest.Result wrong = CliTest.run("decompress", "--model", otherFile.toString(), out.toString(), png.toString());
        assertEquals(Main.EXIT_BAD_DATA, wrong.code());
        assertTrue(wrong.err().contains(model.id()), wrong.err());

        // an image given as the model
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("decompress", "--model", image.toString(), out.toString(),
                png.toString()).code());
        // not an image
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("compress", "--model", modelFile.toString(), "-f",
                out.toString(), dir.resolve("y.r4j").toString()).code());
        assertFalse(Files.exists(png));
    }

    @Test
    void trainPriorWritesAUsableModel() throws Exception {
        Path data = Files.createDirectories(dir.resolve("train"));
        for (int i = 0; i < 2; i++) {
            ImageIo.writePng(TestCard.generate(40 + 8 * i, 30), data.resolve("img" + i + ".png"));
        }
        Path m = dir.resolve("learned.r4m");
        CliTest.Result r = CliTest.run("combiner", "train-prior", "--data", data.toString(), "--out", m.toString(),
                "--tile", "8", "--embedding", "8", "--width", "8", "--layers", "1", "--kappa", "8", "--patches", "4",
                "--iterations", "2", "--first-steps", "20", "--steps", "10", "-q");
        assertEquals(0, r.code(), r.err());
        CombinerModel learned = CombinerModel.fromBytes(Files.readAllBytes(m));
        assertEquals(8, learned.tile());
        assertEquals("learned", learned.name());
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("combiner", "train-prior", "--data",
                dir.resolve("missing").toString(), "--out", dir.resolve("z.r4m").toString()).code());
        // --blocks lands on an exact count; a count the network cannot have is a usage error
        Path exact = dir.resolve("exact.r4m");
        CliTest.Result b = CliTest.run("combiner", "train-prior", "--data", data.toString(), "--out", exact.toString(),
                "--tile", "8", "--embedding", "8", "--width", "8", "--layers", "1", "--kappa", "8", "--patches", "4",
                "--iterations", "2", "--first-steps", "20", "--steps", "10", "--blocks", "5", "--max-block", "1000",
                "-v");
        assertEquals(0, b.code(), b.err());
        assertEquals(5, CombinerModel.fromBytes(Files.readAllBytes(exact)).plan().blockCount());
        assertTrue(b.err().contains("iteration 2: beta"), b.err());
        for (String blocks : new String[] {"-1", "100000"}) {
            assertEquals(Main.EXIT_USAGE, CliTest.run("combiner", "train-prior", "--data", data.toString(), "--out",
                    dir.resolve("no.r4m").toString(), "--tile", "8", "--blocks", blocks).code(), blocks);
        }
    }

    @Test
    void trainPriorReadsACifar10File() throws Exception {
        byte[] records = new byte[2 * io.rec4j.codec.image.Cifar10.RECORD_BYTES];
        new java.util.SplittableRandom(3).nextBytes(records);
        records[0] = 1;
        records[io.rec4j.codec.image.Cifar10.RECORD_BYTES] = 7;
        Path bin = dir.resolve("tiny-cifar.bin");
        Files.write(bin, records);
        Path m = dir.resolve("cifar.r4m");
        CliTest.Result r = CliTest.run("combiner", "train-prior", "--data", bin.toString(), "--out", m.toString(),
                "--tile", "32", "--embedding", "8", "--width", "8", "--layers", "1", "--patches", "2",
                "--iterations", "1", "--first-steps", "5", "--blocks", "12", "--max-block", "1000", "-q");
        assertEquals(0, r.code(), r.err());
        CombinerModel learned = CombinerModel.fromBytes(Files.readAllBytes(m));
        assertEquals(32, learned.tile());
        assertEquals(12, learned.plan().blockCount());
        assertEquals(Main.EXIT_USAGE, CliTest.run("combiner", "train-prior", "--data", bin.toString(), "--out",
                dir.resolve("big.r4m").toString(), "--tile", "64", "-q").code());
    }

    /** A valid file of random block indices for a {@code width × height} image (every κ-bit index is valid). */
    static byte[] randomFile(CombinerModel m, int width, int height, long seed) {
        return CombinerCodec.randomFile(m, width, height, new java.util.SplittableRandom(seed));
    }

    /** {@code file} with the image size in its header replaced and the container checksum recomputed. */
    static byte[] withEditedSize(byte[] file, int width, int height) {
        CombinerCodec.Info info = CombinerCodec.info(file);
        byte[] payload = Container.parse(file).payload();
        int prefix = 8 + Varint.encode(info.width()).length + Varint.encode(info.height()).length;
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        p.write(payload, 0, 8);
        p.writeBytes(Varint.encode(width));
        p.writeBytes(Varint.encode(height));
        p.write(payload, prefix, payload.length - prefix);
        return Container.of(MethodId.COMBINER, ContainerHeader.empty(), p.toByteArray()).toBytes();
    }

    @Test
    void infoRejectsAHeaderEditedToALargerImage() throws Exception {
        // the case: a shipped-model file whose header claims 16384x16384, checksum recomputed
        CombinerModel q1 = ShippedModels.forQuality(1);
        Path edited = dir.resolve("edited-shipped.r4j");
        Files.write(edited, withEditedSize(randomFile(q1, 64, 64, 1), 16384, 16384));
        CliTest.Result r = CliTest.run("info", edited.toString());
        assertEquals(Main.EXIT_BAD_DATA, r.code(), r.out() + r.err());
        long expected = CombinerCodec.indexBytes(q1, 16384, 16384);
        long actual = CombinerCodec.indexBytes(q1, 64, 64);
        assertTrue(r.err().contains(expected + " bytes") && r.err().contains("holds " + actual), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out(), "nothing is vouched for");
        // decompress refuses it before creating any output
        Path png = dir.resolve("edited.png");
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("decompress", edited.toString(), png.toString()).code());
        assertFalse(Files.exists(png));

        // the tiny (not shipped) model: unchecked without --model, rejected with it
        Path tinyEdited = dir.resolve("edited-tiny.r4j");
        Files.write(tinyEdited, withEditedSize(randomFile(model, 20, 20, 2), 20, 200));
        CliTest.Result unchecked = CliTest.run("info", tinyEdited.toString());
        assertEquals(0, unchecked.code(), unchecked.err());
        assertTrue(unchecked.out().contains("payload:        NOT CHECKED"), unchecked.out());
        CliTest.Result checked = CliTest.run("info", "--model", modelFile.toString(), tinyEdited.toString());
        assertEquals(Main.EXIT_BAD_DATA, checked.code(), checked.out());
        assertTrue(checked.err().contains(CombinerCodec.indexBytes(model, 20, 200) + " bytes")
                && checked.err().contains("holds " + CombinerCodec.indexBytes(model, 20, 20)), checked.err());
    }

    @Test
    void infoWithModelChecksThePayload() throws Exception {
        Path file = dir.resolve("random-tiny.r4j");
        Files.write(file, randomFile(model, 30, 17, 3));
        CliTest.Result ok = CliTest.run("info", "--model", modelFile.toString(), file.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("30x17, 12 tiles of 8x8"), ok.out());
        assertTrue(ok.out().contains("payload:        ok (" + CombinerCodec.indexBytes(model, 30, 17) + " bytes"),
                ok.out());
        assertTrue(ok.out().contains(model.id()), ok.out());

        // the wrong model: exit 2, naming the file's model
        SirenArchitecture arch = model.architecture();
        CombinerModel other = new CombinerModel(arch, model.prior(), model.plan(), 77, 6, TILE, "other");
        Path otherFile = dir.resolve("other-info.r4m");
        Files.write(otherFile, other.toBytes());
        CliTest.Result wrong = CliTest.run("info", "--model", otherFile.toString(), file.toString());
        assertEquals(Main.EXIT_BAD_DATA, wrong.code());
        assertTrue(wrong.err().contains(model.id()), wrong.err());

        // a shipped-model file is checked without --model
        Path shipped = dir.resolve("random-q1.r4j");
        Files.write(shipped, randomFile(ShippedModels.forQuality(1), 70, 64, 4));
        CliTest.Result s = CliTest.run("info", shipped.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("payload:        ok"), s.out());
        assertTrue(s.out().contains("shipped quality 1"), s.out());
    }

    @Test
    void decompressStreamsAMultiTileRowImageEqualToTheInMemoryDecode() throws Exception {
        Path file = dir.resolve("rows.r4j");
        byte[] bytes = randomFile(model, 45, 30, 5); // 6 x 4 tiles of 8, last column and row cropped
        Files.write(file, bytes);
        Path png = dir.resolve("rows.png");
        CliTest.Result d = CliTest.run("decompress", "--model", modelFile.toString(), file.toString(), png.toString());
        assertEquals(0, d.code(), d.err());
        assertEquals(CombinerCodec.decode(model, bytes), ImageIo.read(png));
        // a quick decode shows no progress bar, only the summary line
        assertEquals(1, d.err().strip().lines().count(), d.err());
        assertTrue(d.err().contains("45x30") && d.err().contains("decoded in"), d.err());
        // quiet: nothing
        CliTest.Result q = CliTest.run("decompress", "--model", modelFile.toString(), "-q", "-f", file.toString(),
                png.toString());
        assertEquals(0, q.code(), q.err());
        assertEquals("", q.err());
    }
}
