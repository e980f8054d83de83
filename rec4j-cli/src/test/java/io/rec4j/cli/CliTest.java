package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.GaussianRecCodec;
import io.rec4j.core.rec.RecMethod;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpAndVersion() {
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("demo") && help.out().contains("rng"), help.out());
        Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("rec4j "), version.out());
    }

    @Test
    void usageErrorsExitWithOneAndAOneLineCause() {
        Result unknown = run("frobnicate");
        assertEquals(Main.EXIT_USAGE, unknown.code());
        assertTrue(unknown.err().startsWith("rec4j: "), unknown.err());
        assertEquals(Main.EXIT_USAGE, run("rng").code()); // missing --seed
        assertEquals(Main.EXIT_USAGE, run("rng", "--seed", "x").code());
        assertEquals(Main.EXIT_USAGE, run("rng", "--seed", "1", "--count", "-3").code());
        assertEquals(Main.EXIT_USAGE, run().code());
        assertEquals("", run("frobnicate").out());
    }

    @Test
    void rngDigestMatchesTheLibrary() {
        Result r = run("rng", "--seed", "42", "--count", "1000", "--digest");
        assertEquals(0, r.code(), r.err());
        assertEquals(SharedRandomness.normalDigest(42, 1000) + System.lineSeparator(), r.out());
    }

    @Test
    void rngDigestOfTheZiggurat() {
        Result r = run("rng", "--seed", "42", "--count", "1000", "--digest", "--generator", "ZIGGURAT");
        assertEquals(0, r.code(), r.err());
        assertEquals(SharedRandomness.normalDigest(42, 1000, NormalGenerator.ZIGGURAT) + System.lineSeparator(),
                r.out());
        Result values = run("rng", "--seed", "42", "--count", "3", "--generator", "ZIGGURAT");
        SharedRandomness s = SharedRandomness.fromSeed(42, NormalGenerator.ZIGGURAT);
        String[] lines = values.out().strip().split("\\R");
        for (int i = 0; i < 3; i++) {
            assertEquals(s.normal(0, i), Double.parseDouble(lines[i]));
        }
        assertEquals(Main.EXIT_USAGE, run("rng", "--seed", "1", "--generator", "BOXMULLER").code());
    }

    @Test
    void rngPrintsRoundTrippableValues() {
        Result r = run("rng", "--seed", "-7", "--count", "5");
        String[] lines = r.out().strip().split("\\R");
        assertEquals(5, lines.length);
        SharedRandomness s = SharedRandomness.fromSeed(-7);
        for (int i = 0; i < 5; i++) {
            assertEquals(s.normal(0, i), Double.parseDouble(lines[i]));
        }
    }

    @Test
    void recDemoRoundTripsAndWritesADecodableFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.r4j");
        Result r = run("rec", "demo", "--trials", "300", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("bit-identical to the encoder's sample: yes"), r.out());
        assertTrue(r.out().contains("KL[Q||P] = 4.025 bits"), r.out());
        assertEquals(4, GaussianRecCodec.decode(Files.readAllBytes(file)).sample().length);
    }

    @Test
    void infoValidatesAndDescribesFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.r4j");
        byte[] bytes = GaussianRecCodec.encode(io.rec4j.core.rec.dist.ProductDistribution.gaussian(new double[] {0.5}, new double[] {0.5}),
                io.rec4j.core.rec.dist.ProductDistribution.standardNormal(1), 9, 1000).file();
        Files.write(file, bytes);
        Result ok = run("info", file.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("REC_GAUSSIAN") && ok.out().contains("checksum:       ok"), ok.out());

        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        Result damaged = run("info", file.toString());
        assertEquals(Main.EXIT_BAD_DATA, damaged.code());
        assertTrue(damaged.err().startsWith("rec4j: " + file + ": checksum mismatch"), damaged.err());
        assertEquals(1, damaged.err().strip().lines().count(), damaged.err());

        Files.write(file, java.util.Arrays.copyOf(bytes, 10));
        assertEquals(Main.EXIT_BAD_DATA, run("info", file.toString()).code());
        assertEquals(Main.EXIT_BAD_DATA, run("info", dir.resolve("missing.r4j").toString()).code());
    }

    @Test
    void recRoundtripPrintsDecodedSamples() {
        Result r = run("rec", "roundtrip", "--method", "pfr", "--dim", "3", "--target-mean", "0.5", "--target-std", "0.5",
                "--trials", "20", "--seed", "7");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\\R");
        assertEquals("trial,bits,candidates,x1,x2,x3", lines[0]);
        assertEquals(21, lines.length);
        assertEquals(6, lines[1].split(",").length);
        assertTrue(r.err().contains("KL ="), r.err());
    }

    @Test
    void recRoundtripRejectsInvalidCombinations() {
        Result wide = run("rec", "roundtrip", "--method", "pfr", "--dim", "2", "--target-mean", "0", "--target-std", "1.5",
                "--trials", "3");
        assertEquals(Main.EXIT_USAGE, wide.code());
        assertTrue(wide.err().contains("orc") && wide.err().contains("1.5"), wide.err());
        assertEquals("", wide.out());
        assertEquals(Main.EXIT_USAGE, run("rec", "roundtrip", "--method", "nope", "--dim", "1", "--target-mean", "0",
                "--target-std", "0.5", "--trials", "1").code());
        assertEquals(Main.EXIT_USAGE, run("rec", "roundtrip", "--method", "orc", "--dim", "0", "--target-mean", "0",
                "--target-std", "0.5", "--trials", "1").code());
        Result help = run("rec", "roundtrip", "--help");
        assertEquals(0, help.code());
        for (String option : new String[] {"--method", "--dim", "--target-mean", "--target-std", "--budget-bits", "--epsilon", "--trials", "--seed"}) {
            assertTrue(help.out().contains(option), option);
        }
    }

    /** A round trip in a fresh JVM process prints bit-identical decoded samples. */
    @Test
    void recRoundtripIsIdenticalInAFreshJvm() throws Exception {
        String[] args = {"rec", "roundtrip", "--method", "orc", "--dim", "4", "--target-mean", "0.3", "--target-std", "0.6",
            "--budget-bits", "10", "--trials", "25", "--seed", "99"};
        Result here = run(args);
        assertEquals(0, here.code(), here.err());
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(here.out().replace("\r\n", "\n"), out.replace("\r\n", "\n"));
    }

    /** Every method the CLI lists runs through the bitstream and prints one row per trial. */
    @Test
    void everyMethodRoundTrips() {
        for (RecMethod method : RecMethod.values()) {
            String m = method.id();
            Result r = run("rec", "roundtrip", "--method", m, "--dim", "2", "--target-mean", "0.8", "--target-std", "0.5",
                    "--trials", "5", "--seed", "11");
            assertEquals(0, r.code(), m + ": " + r.err());
            assertEquals(6, r.out().strip().split("\\R").length, m);
        }
    }
}
