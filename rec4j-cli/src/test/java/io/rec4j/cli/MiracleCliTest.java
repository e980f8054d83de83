package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.miracle.MiracleFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rec4j miracle train | eval | export} and {@code info} on a MIRACLE file, on synthetic digits. */
class MiracleCliTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path net;
    static CliTest.Result trained;

    /** A digit folder in the original layout: class k lights a square at a class-specific place. */
    static void writeDigits(Path folder, String prefix, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784);
        img.putInt(0x803).putInt(n).putInt(28).putInt(28);
        ByteBuffer lab = ByteBuffer.allocate(8 + n);
        lab.putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            lab.put((byte) k);
            byte[] px = new byte[784];
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 5; x++) {
                    px[(2 + 2 * k + y) * 28 + 3 + (7 * k) % 20 + x] = (byte) 230;
                }
            }
            px[r.nextInt(784)] = (byte) 100;
            img.put(px);
        }
        Files.write(folder.resolve(prefix + "-images-idx3-ubyte"), img.array());
        Files.write(folder.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
    }

    @BeforeAll
    static void train() throws IOException {
        data = Files.createDirectories(dir.resolve("digits"));
        writeDigits(data, "train", 600, 1);
        writeDigits(data, "t10k", 200, 2);
        net = dir.resolve("net.r4j");
        trained = CliTest.run("miracle", "train", "--data", data.toString(), "--block-bits", "8", "--budget-kb",
                "1.5", "--pretrain-epochs", "3", "--epochs", "3", "--retrain-rounds", "3", "--retrain-steps", "3",
                "-o", net.toString());
    }

    @Test
    void trainWritesAFileOfTheBudget() throws IOException {
        assertEquals(0, trained.code(), trained.err());
        byte[] file = Files.readAllBytes(net);
        MiracleFile.Header h = MiracleFile.header(file);
        assertTrue(h.indexBits() <= 12_000, h.indexBits() + " bits");
        assertEquals(8, h.blockBits());
        assertEquals("lenet-300-100", h.arch().name());
        assertTrue(file.length <= 1500 + 60, file.length + " bytes");
        assertTrue(trained.err().contains(file.length + " bytes"), trained.err());
    }

    @Test
    void evalReportsSizeAndTheEncodersTestError() {
        CliTest.Result r = CliTest.run("miracle", "eval", net.toString(), "--data", data.toString(), "--prune",
                "0,0.5");
        assertEquals(0, r.code(), r.err());
        String decoded = trained.err().replaceAll("(?s).*means\\), ([0-9.]+) % decoded.*", "$1");
        assertTrue(r.out().contains("test error:  " + decoded + " %"), r.out() + " vs " + decoded);
        assertTrue(r.out().contains("pruned  50 %"), r.out());
    }

    @Test
    void exportWritesSafetensorsInPyTorchLayout() throws IOException {
        Path out = dir.resolve("w.safetensors");
        CliTest.Result r = CliTest.run("miracle", "export", net.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        byte[] f = Files.readAllBytes(out);
        long n = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String json = new String(f, 8, (int) n, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(json.contains("\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[300,784]"), json);
        assertTrue(json.contains("\"architecture\":\"lenet-300-100\""), json);
        assertEquals(8 + n + 4L * 266_610, f.length);
        CliTest.Result again = CliTest.run("miracle", "export", net.toString(), out.toString());
        assertEquals(Main.EXIT_BAD_DATA, again.code()); // an existing output is an I/O error, as everywhere
        assertTrue(again.err().contains("--force"), again.err());
    }

    @Test
    void infoDescribesTheNetwork() {
        CliTest.Result r = CliTest.run("info", net.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("network:        lenet-300-100"), r.out());
        assertTrue(r.out().contains("blocks:"), r.out());
    }

    @Test
    void damagedAndForeignFilesExitTwo() throws IOException {
        byte[] file = Files.readAllBytes(net);
        file[file.length / 2] ^= 4;
        Path bad = dir.resolve("bad.r4j");
        Files.write(bad, file);
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("miracle", "eval", bad.toString(), "--data",
                data.toString()).code());
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("miracle", "export", bad.toString(),
                dir.resolve("x.safetensors").toString()).code());
        Path png = dir.resolve("card.png");
        Files.write(png, FuzzTargets.pngSeed());
        assertEquals(Main.EXIT_BAD_DATA, CliTest.run("miracle", "export", png.toString(),
                dir.resolve("y.safetensors").toString()).code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("miracle", "export", dir.resolve("none.r4j").toString(),
                dir.resolve("z.safetensors").toString()).code());
    }

    @Test
    void invalidOptionsAreUsageErrors() {
        String[][] cases = {
            {"--block-bits", "0"}, {"--block-bits", "25"}, {"--budget-kb", "0"}, {"--budget-kb", "NaN"},
            {"--budget-kb", "0.0001"}, {"--arch", "vgg"}, {"--param", "mean"}, {"--epochs", "-1"},
        };
        for (String[] c : cases) {
            CliTest.Result r = CliTest.run("miracle", "train", "--data", data.toString(), c[0], c[1], "-o",
                    dir.resolve("never.r4j").toString());
            assertEquals(Main.EXIT_USAGE, r.code(), String.join(" ", c) + ": " + r.err());
        }
        CliTest.Result noData = CliTest.run("miracle", "train", "--data", dir.resolve("nothing").toString(), "-o",
                dir.resolve("never.r4j").toString());
        assertEquals(Main.EXIT_USAGE, noData.code(), noData.err());
        assertTrue(noData.err().contains("images-idx3-ubyte"), noData.err());
        assertEquals(Main.EXIT_USAGE, CliTest.run("miracle").code());
        String[][] curves = {
            {"--block-bits", "0"}, {"--budget-kb", "-1"}, {"--seeds", "x"}, {"--validation", "0"},
            {"--validation", "600"}, {"--lr", "2"}, {"--epochs", "-3"}, {"--param", "mean"},
        };
        for (String[] c : curves) {
            CliTest.Result r = CliTest.run("bench", "miracle-curves", "--data", data.toString(), c[0], c[1], "--out",
                    dir.resolve("curves-never").toString());
            assertEquals(Main.EXIT_USAGE, r.code(), String.join(" ", c) + ": " + r.err());
        }
    }

    @Test
    void curvesBenchmarkWritesBothParameterisationsPerSeed() throws IOException {
        Path out = dir.resolve("curves");
        CliTest.Result r = CliTest.run("bench", "miracle-curves", "--data", data.toString(), "--block-bits", "8",
                "--budget-kb", "1.5", "--pretrain-epochs", "1", "--epochs", "2", "--seeds", "1,2", "--validation",
                "100", "--quiet", "--out", out.toString());
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals(1 + 2 * 2 * 2, csv.size(), csv.toString()); // header + 2 seeds x 2 parameterisations x 2 epochs
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("mean-kl,2,2,")), csv.toString());
        assertTrue(Files.size(out.resolve("curves.png")) > 1000);
        assertTrue(r.out().contains("epochs to target"), r.out());
    }
}
