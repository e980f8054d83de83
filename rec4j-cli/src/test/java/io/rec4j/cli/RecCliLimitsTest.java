package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.rec.RecMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the numeric options of {@code rec4j rec roundtrip} and {@code rec4j rec demo} with extreme values: every
 * case must end with exit 0 or 1 (never 3, the internal-error code) within a generous per-case timeout that only
 * catches hangs, and a refusal must be a one-line message without a stack trace.
 */
class RecCliLimitsTest {
    /** Per-case bound; the accepted cases below take well under a second each. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Extreme values for each numeric option, tried one option at a time on a small base problem. */
    private static final Map<String, String[]> EXTREMES = Map.ofEntries(
            Map.entry("--dim", new String[] {"0", "-1", "1", "1000000000", "2147483647", "1e9"}),
            Map.entry("--target-mean", new String[] {"0", "1e300", "-1e300", "1e10", "NaN", "Infinity", "-Infinity"}),
            Map.entry("--target-std", new String[] {"1e-300", "1e300", "1e-320", "1e-12", "0", "-1", "NaN",
                "Infinity", "1", "2"}),
            Map.entry("--trials", new String[] {"0", "-1", "2147483647"}),
            Map.entry("--seed", new String[] {"-9223372036854775808", "9223372036854775807"}),
            Map.entry("--budget-bits", new String[] {"-1", "0", "40", "41", "2147483647"}),
            Map.entry("--epsilon", new String[] {"0", "1e-300", "1", "2", "NaN"}),
            Map.entry("--max-depth", new String[] {"-1", "0", "1", "62", "63"}),
            Map.entry("--omega", new String[] {"0", "1e-300", "1e300", "NaN", "Infinity"}),
            Map.entry("--samples-factor", new String[] {"0", "-1", "1e-300", "1e300", "NaN"}),
            Map.entry("--beams", new String[] {"0", "1", "1024", "1025", "2147483647"}),
            Map.entry("--bin-bits", new String[] {"-1", "0", "62", "63", "2147483647"}),
            Map.entry("--max-candidates", new String[] {"0", "-5", "1", "2^62", "2^63", "9223372036854775807",
                "lots"}));

    private static String[] base(String method, String... overrides) {
        List<String> a = new ArrayList<>(List.of("rec", "roundtrip", "--method", method, "--dim", "2",
                "--target-mean", "0.8", "--target-std", "0.5", "--trials", "3", "--seed", "1"));
        for (int i = 0; i < overrides.length; i += 2) {
            int at = a.indexOf(overrides[i]);
            if (at >= 0) {
                a.set(at + 1, overrides[i + 1]);
            } else {
                a.add(overrides[i]);
                a.add(overrides[i + 1]);
            }
        }
        return a.toArray(new String[0]);
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Runs {@code args} under the timeout and checks the exit code is 0 or 1 with an honest stderr. */
    private static CliTest.Result runBounded(String... args) {
        CliTest.Result r = assertTimeoutPreemptively(TIMEOUT, () -> CliTest.run(args), () -> String.join(" ", args));
        String what = String.join(" ", args) + " -> " + r.code() + ": " + r.err();
        assertTrue(r.code() == Main.EXIT_OK || r.code() == Main.EXIT_USAGE, what);
        assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), what);
        if (r.code() == Main.EXIT_USAGE) {
            assertTrue(r.err().startsWith("rec4j: "), what);
            // one line of cause (picocli's parse errors add one "Try ... --help" line)
            String[] lines = r.err().strip().split("\\R");
            assertTrue(lines.length == 1 || lines.length == 2 && lines[1].startsWith("Try "), what);
        }
        return r;
    }

    @Test
    void everyNumericOptionOfRoundtripEndsInZeroOrOne() {
        int refused = 0;
        int accepted = 0;
        for (RecMethod m : RecMethod.values()) {
            for (Map.Entry<String, String[]> e : EXTREMES.entrySet()) {
                for (String v : e.getValue()) {
                    CliTest.Result r = runBounded(base(m.id(), e.getKey(), v));
                    if (r.code() == Main.EXIT_OK) {
                        accepted++;
                    } else {
                        refused++;
                    }
                }
            }
        }
        // the grid exercises both outcomes (a grid that only hit parse errors would test nothing)
        assertTrue(accepted > 50 && refused > 200, accepted + " accepted, " + refused + " refused");
    }

    /** The issue's cases: a target 1e-300 wide in one dimension (KL about 996 bits), for every method. */
    @Test
    void aTargetBeyondReachIsRefusedOrFlaggedForEveryMethod() {
        for (RecMethod m : RecMethod.values()) {
            for (String variant : m == RecMethod.GPRS ? new String[] {"split", "global"} : new String[] {null}) {
                String[] args = variant == null
                        ? base(m.id(), "--dim", "1", "--target-mean", "0", "--target-std", "1e-300", "--trials", "1")
                        : base(m.id(), "--dim", "1", "--target-mean", "0", "--target-std", "1e-300", "--trials", "1",
                                "--gprs-variant", variant);
                CliTest.Result r = runBounded(args);
                if (r.code() == Main.EXIT_OK) {
                    // only an approximate method may run, and it must say that its sample is biased
                    assertFalse(m.isExact(), m.id());
                    assertTrue(r.err().contains("biased"), m.id() + ": " + r.err());
                } else {
                    assertEquals("", r.out(), m.id());
                }
            }
        }
        CliTest.Result pfr = runBounded(base("pfr", "--dim", "1", "--target-mean", "0", "--target-std", "1e-300",
                "--trials", "1"));
        assertEquals(Main.EXIT_USAGE, pfr.code());
        assertTrue(pfr.err().contains("2^996") && pfr.err().contains("--max-candidates"), pfr.err());
        CliTest.Result orc = runBounded(base("orc", "--dim", "1", "--target-mean", "0", "--target-std", "1e-300"));
        assertEquals(Main.EXIT_USAGE, orc.code());
        assertTrue(orc.err().contains("--budget-bits"), orc.err());
    }

    @Test
    void theCandidateLimitIsEnforcedOverAllTrialsAndCanBeRaised() {
        // pfr at D_inf = 10 bits: about 2^10 candidates per trial
        String[] pfr = {"--dim", "1", "--target-mean", "0", "--target-std", "0.001", "--trials", "4"};
        CliTest.Result refused = runBounded(base("pfr", concat(pfr, "--max-candidates", "2^11")));
        assertEquals(Main.EXIT_USAGE, refused.code(), refused.err());
        assertTrue(refused.err().contains("over the limit of 2048"), refused.err());
        assertEquals("", refused.out());
        String[] raised = base("pfr", concat(pfr, "--max-candidates", "65536"));
        assertEquals(Main.EXIT_OK, runBounded(raised).code());
    }

    @Test
    void anExplicitBudgetBelowKlRunsWithABiasWarning() {
        CliTest.Result r = runBounded(base("orc", "--dim", "1", "--target-mean", "0", "--target-std", "0.001",
                "--budget-bits", "4"));
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        assertTrue(r.err().contains("warning") && r.err().contains("biased"), r.err());
    }

    @Test
    void everyNumericOptionOfDemoEndsInZeroOrOne() {
        String[][] cases = {
            {"--trials", "0"}, {"--trials", "-1"}, {"--trials", "2147483647"}, {"--trials", "1000001"},
            {"--trials", "3", "--seed", "-9223372036854775808"}, {"--trials", "3", "--seed", "9223372036854775807"},
            {"--trials", "3", "--max-candidates", "1"}, {"--trials", "3", "--max-candidates", "0"},
            {"--trials", "3", "--max-candidates", "2^62"}, {"--trials", "x"},
        };
        int ok = 0;
        for (String[] c : cases) {
            List<String> a = new ArrayList<>(List.of("rec", "demo"));
            a.addAll(List.of(c));
            ok += runBounded(a.toArray(new String[0])).code() == Main.EXIT_OK ? 1 : 0;
        }
        assertEquals(3, ok);
    }
}
