package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code rec4j pacbayes toy}: the four-line contract, the bracket around the exact KL, and refused options. */
class PacbayesCliTest {
    @Test
    void toyPrintsExactlyFourLinesAndBracketsTheExactValue() {
        CliTest.Result r = CliTest.run("pacbayes", "toy", "--seed", "5", "--rungs", "60", "--draws", "500");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\\R");
        assertEquals(4, lines.length, r.out());
        double[] v = new double[4];
        String[] names = {"estimate", "lower", "upper", "exact"};
        for (int i = 0; i < 4; i++) {
            String[] parts = lines[i].split(" ");
            assertEquals(2, parts.length, lines[i]);
            assertEquals(names[i], parts[0]);
            v[i] = Double.parseDouble(parts[1]);
        }
        assertEquals(1.9677941149455505, v[3], 1e-13);
        assertEquals((v[1] + v[2]) / 2, v[0], 1e-9, "the trapezoid is the mean of the left and right sums");
        // within four of the reported Monte-Carlo standard errors (α = 6·10⁻⁵) plus the ladder's discretisation
        // error with exact f (0.0021 at 60 rungs, power 4)
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("standard error of the estimate ([0-9.]+)")
                .matcher(r.err());
        assertTrue(m.find(), r.err());
        double se = Double.parseDouble(m.group(1));
        assertTrue(se > 0 && se < 0.1, r.err());
        assertEquals(v[3], v[0], 4 * se + 0.0021, r.out() + r.err());
        assertTrue(r.err().contains("split-R̂"), r.err());
    }

    static final java.nio.file.Path MNIST = java.nio.file.Path.of(System.getProperty("rec4j.mnist",
            "../../shared/data/mnist-10k"));

    /** A tiny run end to end: the report's table has a row per λ, certificates in [0, 1]; refused options exit 1. */
    @Test
    void runWritesAReportPerLambda(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(MNIST),
                "skipped: " + MNIST + " (the shared MNIST subset) is absent");
        String[] base = {"pacbayes", "run", "--data", MNIST.toString(), "--n", "200", "--arch", "mlp-6", "--rungs", "3",
            "--burn-in", "20", "--draws", "40", "--chains", "2", "--vi-epochs", "5", "-q"};
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(base));
        args.addAll(java.util.List.of("--lambda-grid", "0.5,1.5", "--out", dir.toString()));
        CliTest.Result r = CliTest.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        java.util.List<String> csv = java.nio.file.Files.readAllLines(dir.resolve("pacbayes.csv"));
        assertEquals(3, csv.size(), csv.toString());
        for (String row : csv.subList(1, 3)) {
            String[] cells = row.split(",");
            for (int c : new int[] {8, 9, 10, 13, 18}) { // the certificates
                double v = Double.parseDouble(cells[c]);
                assertTrue(v >= 0 && v <= 1, row);
            }
        }
        assertTrue(java.nio.file.Files.readString(dir.resolve("pacbayes.md")).contains("MFVI certificate"));
        args.set(args.indexOf("0.5,1.5"), "0");
        assertEquals(Main.EXIT_USAGE, CliTest.run(args.toArray(new String[0])).code(), "λ ≤ 0");
        args.set(args.indexOf("0"), "2");
        assertEquals(Main.EXIT_USAGE, CliTest.run(args.toArray(new String[0])).code(), "λ ≥ 2");
        args.set(args.indexOf("2"), "0.5");
        args.set(args.indexOf("200"), "20000");
        assertEquals(Main.EXIT_USAGE, CliTest.run(args.toArray(new String[0])).code(), "n larger than the data");
    }

    /** The banana part of the bench: the mean-field objective J is above the Gibbs posterior's at every β. */
    @Test
    void benchToyWritesTheBananaTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        CliTest.Result r = CliTest.run("bench", "pacbayes", "--toy-only", "--betas", "5,20", "--quiet", "--out",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        java.util.List<String> csv = java.nio.file.Files.readAllLines(dir.resolve("pacbayes-banana.csv"));
        assertEquals(3, csv.size(), csv.toString());
        for (String row : csv.subList(1, 3)) {
            String[] c = row.split(",");
            // beta, KL quadrature, KL TI exact f, bracket (with a comma inside quotes or not), … : read from the end
            double jGibbs = Double.parseDouble(c[c.length - 5]);
            double jMeanField = Double.parseDouble(c[c.length - 4]);
            assertTrue(jMeanField > jGibbs, row);
        }
        assertTrue(java.nio.file.Files.readString(dir.resolve("pacbayes.md")).contains("Banana toy"));
        assertEquals(Main.EXIT_USAGE, CliTest.run("bench", "pacbayes", "--toy-only", "--betas", "0").code());
    }

    @Test
    void invalidOptionsExitWithOne() {
        assertEquals(Main.EXIT_USAGE, CliTest.run("pacbayes", "toy", "--rungs", "0").code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("pacbayes", "toy", "--chains", "0").code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("pacbayes", "toy", "--draws", "2").code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("pacbayes", "toy", "--power", "0.5").code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("pacbayes", "toy", "--seed", "x").code());
        assertEquals(Main.EXIT_USAGE, CliTest.run("pacbayes").code());
    }
}
