package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@link Progress} off a terminal: a line per decile, nothing when quiet or before its delay has passed. */
class ProgressTest {
    static String run(boolean quiet, long showAfterNanos) {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), "work", 20, quiet, showAfterNanos);
        for (int i = 1; i <= 20; i++) {
            p.advanceTo(i);
        }
        return s.toString();
    }

    @Test
    void printsEveryTenPercentWithoutDelay() {
        String out = run(false, 0);
        assertEquals(11, out.lines().count(), out); // deciles 0 (at 5 %) to 10
        assertTrue(out.lines().allMatch(l -> l.startsWith("work: ")), out);
        assertTrue(out.contains("100%"), out);
    }

    @Test
    void silentWhenQuietOrBeforeTheDelay() {
        assertEquals("", run(true, 0));
        assertEquals("", run(false, 3_600_000_000_000L)); // an hour: a quick job never shows a bar
    }
}
