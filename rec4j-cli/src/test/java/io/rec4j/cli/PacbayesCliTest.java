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
