package io.rec4j.core.rec;

import java.util.Locale;

/**
 * What one encoding with a {@link RecMethod} is expected to cost on one problem, known before encoding starts
 * ({@code docs/algorithms.md}, "Cost model and limits"). Produced by {@link RecMethod#estimate}. Immutable.
 *
 * @param method         the method's id
 * @param log2Candidates log2 of the expected number of candidates or search steps one encoding examines (summed over
 *                       dimensions; {@code +∞} if unbounded)
 * @param memoryBytes    the working memory the encoder allocates, in bytes (an upper estimate; saturates at
 *                       {@link Long#MAX_VALUE}); decoders need at most as much
 * @param basis          where the expectation comes from, e.g. {@code "2^D_inf (global-bound A*)"}
 * @param blocker        {@code null}, or why the method cannot code this problem at any candidate limit
 * @param bias           {@code null}, or why the sample will be noticeably biased (an approximate method whose budget
 *                       or depth is below what the target needs)
 */
public record RecCost(String method, double log2Candidates, long memoryBytes, String basis, String blocker,
                      String bias) {

    /** The expected number of candidates, {@code 2^log2Candidates} (may be {@code +∞}). */
    public double candidates() {
        return StrictMath.pow(2, log2Candidates);
    }

    /** True iff the method can run at all on the problem ({@link #blocker()} is null). */
    public boolean feasible() {
        return blocker == null;
    }

    /** One line: method, candidates, memory, basis, and the blocker or bias warning if any. */
    public String describe() {
        StringBuilder s = new StringBuilder(method).append(": ");
        if (blocker != null) {
            s.append("cannot run: ").append(blocker);
            return s.toString();
        }
        s.append("about ").append(count(log2Candidates)).append(" candidates (").append(basis).append("), ")
                .append(bytes(memoryBytes));
        if (bias != null) {
            s.append("; biased: ").append(bias);
        }
        return s.toString();
    }

    /** {@code 2^x} in words: an integer up to a million, else {@code 2^x.x}. */
    static String count(double log2) {
        if (Double.isNaN(log2) || log2 == Double.POSITIVE_INFINITY) {
            return "infinitely many";
        }
        if (log2 <= 20) {
            return Long.toString(Math.round(StrictMath.pow(2, Math.max(log2, 0))));
        }
        if (log2 == StrictMath.rint(log2) && log2 < 1e6) {
            return "2^" + (long) log2;
        }
        return String.format(Locale.ROOT, "2^%.1f", log2);
    }

    /** A byte count in B, KiB, MiB, GiB or TiB. */
    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
