package io.rec4j.cli;

import io.rec4j.bench.report.ProgressSink;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar with ETA on stderr for long jobs. On a terminal it redraws one line; otherwise (pipes, CI logs)
 * it prints a line at every 10 %. Silent when quiet, and until {@code showAfterNanos} have passed (so that quick
 * jobs print nothing).
 */
final class Progress {
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean quiet;
    private final boolean tty;
    private final long showAfterNanos;
    private final long start = System.nanoTime();
    private long done;
    private int lastDecile = -1;
    private String note = "";

    Progress(PrintWriter err, String label, long total, boolean quiet) {
        this(err, label, total, quiet, 0);
    }

    /** A bar that stays silent until {@code showAfterNanos} after its creation. */
    Progress(PrintWriter err, String label, long total, boolean quiet, long showAfterNanos) {
        this.showAfterNanos = showAfterNanos;
        this.err = err;
        this.label = label;
        this.total = Math.max(total, 1);
        this.quiet = quiet;
        this.tty = System.console() != null;
    }

    /** Text shown after the bar (e.g. a running error rate); empty for none. */
    void note(String text) {
        note = text == null ? "" : text;
    }

    /** Sets the amount done to {@code n} (never backwards). */
    void advanceTo(long n) {
        if (n > done || (n == 0 && done == 0)) {
            advance(n - done);
        }
    }

    void step() {
        advance(1);
    }

    void advance(long n) {
        done = Math.min(total, done + n);
        long now = System.nanoTime();
        if (quiet || now - start < showAfterNanos) {
            return;
        }
        double frac = done / (double) total;
        double elapsed = (now - start) / 1e9;
        double eta = frac > 0 ? elapsed * (1 - frac) / frac : Double.NaN;
        if (tty) {
            int width = 30;
            int filled = (int) (frac * width);
            err.printf(Locale.ROOT, "\r%-28s [%s%s] %3.0f%% ETA %s %s", label, "#".repeat(filled),
                    " ".repeat(width - filled), 100 * frac, fmt(eta), note);
            if (done == total) {
                err.println();
            }
            err.flush();
        } else {
            int decile = (int) (frac * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                err.printf(Locale.ROOT, "%s: %3.0f%% (elapsed %s, ETA %s)%s%n", label, 100 * frac, fmt(elapsed),
                        fmt(eta), note.isEmpty() ? "" : " " + note);
                err.flush();
            }
        }
    }

    private static String fmt(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--";
        }
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }

    /** A benchmark's progress as one bar per phase on {@code err} (silent when quiet). */
    static ProgressSink sink(PrintWriter err, boolean quiet) {
        return (label, total) -> new Progress(err, label, total, quiet)::step;
    }
}
