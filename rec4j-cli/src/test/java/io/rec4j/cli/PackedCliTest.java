package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.CombinerPack;
import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TestCard;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.container.Container;
import io.rec4j.core.rec.plan.FixedSizePlanner;
import io.rec4j.nn.SirenInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rec4j compress DIR OUT.r4j | OUTDIR}, {@code rec4j decompress PACK OUTDIR} and packed files in {@code info}. */
class PackedCliTest {
    @TempDir
    static Path dir;
    static Path modelFile;
    static CombinerModel model;
    static Path images;

    @BeforeAll
    static void setUp() throws Exception {
        SirenArchitecture arch = SirenArchitecture.of(2, 8, 8, 1, 3);
        model = new CombinerModel(arch, SirenInit.combinerPrior(arch),
                new FixedSizePlanner(25).plan(arch.parameterCount(), 5), 5, 6, 8, "tiny");
        modelFile = dir.resolve("tiny.r4m");
        Files.write(modelFile, model.toBytes());
        images = Files.createDirectories(dir.resolve("in"));
        // three 8x8 images (one tile each, cut from one test card) named by a numbering, and a file that is not a
        // PNG (ignored)
        RgbImage card = TestCard.generate(24, 8);
        for (int i = 0; i < 3; i++) {
            byte[] px = new byte[8 * 8 * 3];
            for (int y = 0; y < 8; y++) {
                System.arraycopy(card.samples(), (y * 24 + 8 * i) * 3, px, y * 8 * 3, 8 * 3);
            }
            ImageIo.writePng(RgbImage.of(8, 8, px), images.resolve(String.format("img-%02d.png", i)));
        }
        Files.writeString(images.resolve("notes.txt"), "not an image");
    }

    @Test
    void packUnpackAndOneFileEach() throws Exception {
        Path pack = dir.resolve("all.r4j");
        CliTest.Result c = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "5", "-f",
                images.toString(), pack.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("[1/3] img-00.png") && c.err().contains("3 of 3 images done"), c.err());
        byte[] file = Files.readAllBytes(pack);
        CombinerPack.Contents contents = CombinerPack.contents(file);
        assertEquals(List.of("img-00.png", "img-01.png", "img-02.png"),
                contents.entries().stream().map(CombinerPack.Entry::name).toList());
        assertTrue(contents.numbered());
        // the budget: one header, then the block bits of the images and nothing per image
        long bits = 0;
        for (CombinerPack.Entry e : contents.entries()) {
            bits += CombinerPack.imageBits(model, e.width(), e.height());
        }
        long header = file.length - (bits + 7) / 8;
        // framing 13 (payload under 128 bytes), revision 1, model id 8, count 1, size 2, names 1 + "img-" 5 +
        // first 1 + digits 1 + ".png" 5: 38 bytes once, nothing per image
        assertTrue(Container.parse(file).payloadLength() < 128);
        assertEquals(Container.COMPACT_MIN_OVERHEAD + 1 + 8 + 1 + 2 + 1 + 5 + 1 + 1 + 5, header);

        CliTest.Result i = CliTest.run("info", "--model", modelFile.toString(), pack.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("COMBINER_PACK") && i.out().contains("images:         3")
                && i.out().contains("payload:        ok"), i.out());

        Path outDir = dir.resolve("unpacked");
        CliTest.Result d = CliTest.run("decompress", "--model", modelFile.toString(), pack.toString(),
                outDir.toString());
        assertEquals(0, d.code(), d.err());
        List<CombinerPack.Image> unpacked = CombinerPack.unpack(model, file);
        for (CombinerPack.Image im : unpacked) {
            RgbImage png = ImageIo.read(outDir.resolve(im.name()));
            assertEquals(CombinerCodec.decode(model, CombinerPack.single(model, 3, im)), png);
        }
        try (Stream<Path> s = Files.list(outDir)) {
            assertEquals(3, s.count());
        }
        // existing outputs are not replaced without --force
        CliTest.Result again = CliTest.run("decompress", "--model", modelFile.toString(), pack.toString(),
                outDir.toString());
        assertEquals(Main.EXIT_BAD_DATA, again.code(), again.err());
        assertTrue(again.err().contains("--force"), again.err());
        // a pack needs a folder
        assertEquals(Main.EXIT_USAGE, CliTest.run("decompress", "--model", modelFile.toString(), pack.toString(),
                "-").code());

        // one compact file per image in a folder
        Path each = dir.resolve("each");
        CliTest.Result e = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "5", "-q",
                images.toString(), each.toString());
        assertEquals(0, e.code(), e.err());
        for (int k = 0; k < 3; k++) {
            byte[] single = Files.readAllBytes(each.resolve(String.format("img-%02d.r4j", k)));
            assertEquals(2, Container.parse(single).formatVersion());
            assertEquals(single.length, Container.COMPACT_MIN_OVERHEAD + 8 + 2
                    + CombinerCodec.indexBytes(model, 8, 8));
            Path png = dir.resolve("single-" + k + ".png");
            assertEquals(0, CliTest.run("decompress", "--model", modelFile.toString(), "-q",
                    each.resolve(String.format("img-%02d.r4j", k)).toString(), png.toString()).code());
            assertEquals(CombinerCodec.decode(model, single), ImageIo.read(png));
        }
        // a dry run of a folder checks and estimates, writes nothing
        CliTest.Result dry = CliTest.run("compress", "--model", modelFile.toString(), "--dry-run",
                images.toString(), dir.resolve("dry.r4j").toString());
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.err().contains("3 images"), dry.err());
        assertFalse(Files.exists(dir.resolve("dry.r4j")));
    }

    /**
     * {@code --margin M}: a single file of overlapping tiles (bitstream revision 4) that decodes as the encoder saw
     * it; the default stays revision 3; margins outside 0..T/2 and margins for packs are usage errors.
     */
    @Test
    void compressWithAMarginWritesRevisionFour() throws Exception {
        Path wide = dir.resolve("wide.png");
        ImageIo.writePng(TestCard.generate(16, 8), wide);
        Path r4 = dir.resolve("wide-m2.r4j");
        CliTest.Result c = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "5", "--margin", "2",
                "-f", wide.toString(), r4.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("tiles overlapping by 2 pixels"), c.err());
        byte[] file = Files.readAllBytes(r4);
        CombinerCodec.Info info = CombinerCodec.info(file);
        assertEquals(4, info.revision());
        assertEquals(2, info.margin());
        Path png = dir.resolve("wide-m2.png");
        assertEquals(0, CliTest.run("decompress", "--model", modelFile.toString(), "-q", r4.toString(),
                png.toString()).code());
        assertEquals(CombinerCodec.decode(model, file), ImageIo.read(png));

        Path r3 = dir.resolve("wide-m0.r4j");
        assertEquals(0, CliTest.run("compress", "--model", modelFile.toString(), "--steps", "5", "-q", "-f",
                wide.toString(), r3.toString()).code());
        assertEquals(3, CombinerCodec.info(Files.readAllBytes(r3)).revision());

        for (String bad : new String[] {"-1", "5", "x"}) {
            CliTest.Result r = CliTest.run("compress", "--model", modelFile.toString(), "--margin", bad,
                    "--dry-run", wide.toString(), dir.resolve("bad.r4j").toString());
            assertEquals(Main.EXIT_USAGE, r.code(), bad + ": " + r.err());
        }
        CliTest.Result margin5 = CliTest.run("compress", "--model", modelFile.toString(), "--margin", "5",
                "--dry-run", wide.toString(), dir.resolve("bad.r4j").toString());
        assertTrue(margin5.err().contains("0..4"), margin5.err());
        CliTest.Result pack = CliTest.run("compress", "--model", modelFile.toString(), "--margin", "2", "--dry-run",
                images.toString(), dir.resolve("margin-pack.r4j").toString());
        assertEquals(Main.EXIT_USAGE, pack.code(), pack.err());
        assertTrue(pack.err().contains("--margin") && pack.err().contains("revision 3"), pack.err());
        assertFalse(Files.exists(dir.resolve("margin-pack.r4j")));
    }

    /** Every truncation and a damaged byte of a packed file: exit 2 with one line on stderr, nothing written. */
    @Test
    void damagedPacksAreExitTwo() throws Exception {
        List<CombinerPack.Image> in = List.of(
                new CombinerPack.Image("a.png", 8, 8, indices(8, 8, 1)),
                new CombinerPack.Image("b.png", 9, 8, indices(9, 8, 2)));
        byte[] good = CombinerPack.pack(model, in);
        Path f = dir.resolve("damaged.r4j");
        for (int len = 0; len <= good.length; len++) {
            byte[] b = len == good.length ? good.clone() : Arrays.copyOf(good, len);
            if (len == good.length) {
                b[b.length / 2] ^= 0x04;
            }
            Files.write(f, b);
            Path out = dir.resolve("damaged-out-" + len);
            for (String[] args : List.of(new String[] {"decompress", "--model", modelFile.toString(), f.toString(),
                out.toString()}, new String[] {"info", f.toString()})) {
                CliTest.Result r = CliTest.run(args);
                assertEquals(Main.EXIT_BAD_DATA, r.code(), "length " + len + ": " + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
            }
            assertFalse(Files.exists(out));
        }
        // another model: exit 2 naming the model
        Path ok = dir.resolve("ok-pack.r4j");
        Files.write(ok, good);
        CliTest.Result wrong = CliTest.run("decompress", ok.toString(), dir.resolve("wrong-out").toString());
        assertEquals(Main.EXIT_BAD_DATA, wrong.code());
        assertTrue(wrong.err().contains("model"), wrong.err());
    }

    static byte[] indices(int w, int h, long seed) {
        byte[] b = new byte[(int) CombinerCodec.indexBytes(model, w, h)];
        new SplittableRandom(seed).nextBytes(b);
        long bits = CombinerPack.imageBits(model, w, h);
        if (bits % 8 != 0) {
            b[b.length - 1] &= (byte) (0xFF << (8 - bits % 8));
        }
        return b;
    }
}
