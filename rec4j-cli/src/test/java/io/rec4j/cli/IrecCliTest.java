package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.irec.GreyImages;
import io.rec4j.codec.irec.VaeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rec4j irec train | compress | export-digits}, {@code decompress} and {@code info} of iREC files, on synthetic
 * digits: lossless files decode to the input levels, packs keep names, damaged files exit 2.
 */
class IrecCliTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;
    static CliTest.Result trained;

    @BeforeAll
    static void train() throws IOException {
        data = Files.createDirectories(dir.resolve("digits"));
        MiracleCliTest.writeDigits(data, "train", 300, 1);
        MiracleCliTest.writeDigits(data, "t10k", 40, 2);
        model = dir.resolve("vae.r4m");
        trained = CliTest.run("irec", "train", "--data", data.toString(), "--latents", "4", "--hidden", "16",
                "--epochs", "2", "-q", "--out", model.toString());
    }

    static int[] digit(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] px = new int[784];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(5) == 0 ? r.nextInt(256) : 0;
        }
        return px;
    }

    @Test
    void trainWritesAModelThatCodesLosslessly() throws IOException {
        assertEquals(0, trained.code(), trained.err());
        VaeModel m = VaeModel.fromBytes(Files.readAllBytes(model));
        assertEquals(4, m.arch().latents());
        assertTrue(Double.isFinite(m.testBpd()), "test -ELBO measured");
        Path png = dir.resolve("one.png");
        int[] px = digit(3);
        Files.write(png, GreyImages.png(px));
        Path f = dir.resolve("one.r4j");
        CliTest.Result c = CliTest.run("irec", "compress", "--model", model.toString(), "--lossless", png.toString(),
                f.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("bits/dim"), c.err());
        Path back = dir.resolve("back.png");
        CliTest.Result d = CliTest.run("decompress", "-q", "--model", model.toString(), f.toString(), back.toString());
        assertEquals(0, d.code(), d.err());
        assertArrayEquals(px, GreyImages.read(Files.readAllBytes(back), "back.png"));
        CliTest.Result i = CliTest.run("info", "--model", model.toString(), f.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("lossless") && i.out().contains("payload:        ok"), i.out());
        // without the model: a clear message, exit 2
        CliTest.Result noModel = CliTest.run("decompress", "-q", f.toString(), dir.resolve("x.png").toString());
        assertEquals(Main.EXIT_BAD_DATA, noModel.code());
        assertTrue(noModel.err().contains("--model"), noModel.err());
    }

    @Test
    void foldersPackIntoOneFileAndUnpackUnderTheirNames() throws IOException {
        Path in = Files.createDirectories(dir.resolve("pngs"));
        List<String> names = List.of("digit-00007.png", "digit-00008.png", "digit-00009.png");
        for (int k = 0; k < names.size(); k++) {
            Files.write(in.resolve(names.get(k)), GreyImages.png(digit(10 + k)));
        }
        Files.write(in.resolve("all-black.png"), GreyImages.png(new int[784]));
        int[] white = new int[784];
        java.util.Arrays.fill(white, 255);
        Files.write(in.resolve("all-white.png"), GreyImages.png(white));
        for (String rec : List.of("irec", "pfr", "grc")) {
            Path pack = dir.resolve("pack-" + rec + ".r4j");
            CliTest.Result c = CliTest.run("irec", "compress", "-q", "--model", model.toString(), "--lossless",
                    "--rec", rec, in.toString(), pack.toString());
            assertEquals(0, c.code(), c.err());
            Path out = dir.resolve("unpacked-" + rec);
            CliTest.Result d = CliTest.run("decompress", "-q", "--model", model.toString(), pack.toString(),
                    out.toString());
            assertEquals(0, d.code(), d.err());
            try (var s = Files.list(in)) {
                for (Path p : s.toList()) {
                    Path b = out.resolve(p.getFileName());
                    assertArrayEquals(GreyImages.read(Files.readAllBytes(p), "in"),
                            GreyImages.read(Files.readAllBytes(b), "out"), rec + " " + p.getFileName());
                }
            }
        }
        Path files = dir.resolve("files");
        CliTest.Result c = CliTest.run("irec", "compress", "-q", "--model", model.toString(), in.toString(),
                files.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(Files.exists(files.resolve("digit-00008.r4j")));
    }

    @Test
    void damagedFilesAndBadInputsAreRefused() throws IOException {
        Path png = dir.resolve("d.png");
        Files.write(png, GreyImages.png(digit(5)));
        Path f = dir.resolve("d.r4j");
        assertEquals(0, CliTest.run("irec", "compress", "-q", "--model", model.toString(), "--lossless",
                png.toString(), f.toString()).code());
        byte[] b = Files.readAllBytes(f);
        byte[] flipped = b.clone();
        flipped[b.length / 2] ^= 4;
        Path bad = dir.resolve("bad.r4j");
        Files.write(bad, flipped);
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("decompress", "-q", "--model", model.toString(), bad.toString(),
                dir.resolve("bad.png").toString()).code());
        Files.write(bad, java.util.Arrays.copyOf(b, b.length - 1));
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("decompress", "-q", "--model", model.toString(), bad.toString(),
                dir.resolve("bad.png").toString()).code());
        CliTest.Result rec = CliTest.run("irec", "compress", "--model", model.toString(), "--rec", "nope",
                png.toString(), dir.resolve("n.r4j").toString());
        assertEquals(Main.EXIT_USAGE, rec.code(), rec.err());
        Path rgb = dir.resolve("rgb.png");
        java.awt.image.BufferedImage colour = new java.awt.image.BufferedImage(28, 28,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        colour.setRGB(3, 3, 0xFF0000);
        javax.imageio.ImageIO.write(colour, "png", rgb.toFile());
        CliTest.Result col = CliTest.run("irec", "compress", "--model", model.toString(), rgb.toString(),
                dir.resolve("c.r4j").toString());
        assertEquals(Main.EXIT_BAD_DATA, col.code(), col.err());
        assertTrue(col.err().contains("colour"), col.err());
        CliTest.Result notModel = CliTest.run("irec", "compress", "--model", png.toString(), png.toString(),
                dir.resolve("m.r4j").toString());
        assertEquals(Main.EXIT_BAD_DATA, notModel.code(), notModel.err());
    }

    @Test
    void exportDigitsWritesNumberedPngs() throws IOException {
        Path out = dir.resolve("export");
        CliTest.Result r = CliTest.run("irec", "export-digits", "--data", data.toString(), "--out", out.toString(),
                "--range", "298:302");
        assertEquals(0, r.code(), r.err());
        for (int i = 298; i < 302; i++) {
            int[] px = GreyImages.read(Files.readAllBytes(out.resolve(String.format("digit-%05d.png", i))), "x");
            assertEquals(784, px.length);
        }
        assertEquals(Main.EXIT_USAGE, CliTest.run("irec", "export-digits", "--data", data.toString(), "--out",
                out.toString(), "--range", "10:5").code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("irec", "export-digits", "--data", dir.resolve("nowhere").toString(),
                "--out", out.toString()).code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("irec", "train", "--data", data.toString(), "--latents", "0",
                "--out", dir.resolve("z.r4m").toString()).code());
    }
}
