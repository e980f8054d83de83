package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code rec4j rec roundtrip --selection}: iREC's selection rule from the command line. */
class RecRoundtripSelectionTest {
    private static CliTest.Result roundtrip(String method, String selection) {
        return CliTest.run("rec", "roundtrip", "--method", method, "--dim", "2", "--target-mean", "0.5",
                "--target-std", "0.3", "--trials", "4", "--seed", "3", "--selection", selection);
    }

    @Test
    void bothSelectionsRunAndDecode() {
        for (String s : new String[] {"sample", "argmax", "ARGMAX"}) {
            CliTest.Result r = roundtrip("irec", s);
            assertEquals(Main.EXIT_OK, r.code(), s + ": " + r.err());
            assertEquals(5, r.out().strip().split("\\R").length, r.out()); // header + 4 trials
            assertTrue(r.err().contains("approximate"), r.err());
        }
    }

    @Test
    void misuseIsAUsageError() {
        CliTest.Result other = roundtrip("orc", "argmax");
        assertEquals(Main.EXIT_USAGE, other.code());
        assertTrue(other.err().contains("--selection applies to --method irec only"), other.err());
        CliTest.Result bad = roundtrip("irec", "gumbel");
        assertEquals(Main.EXIT_USAGE, bad.code());
        assertTrue(bad.err().contains("'sample' or 'argmax'"), bad.err());
        assertEquals("", bad.out());
    }
}
