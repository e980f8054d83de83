package io.rec4j.bench.fuzz;

import java.util.List;

/**
 * Something a user can feed hostile input to, e.g. {@code rec4j decompress} on a {@code .r4j} file. Its cases are
 * grouped into {@link Stratum strata} (one per seed input and mutation kind) so that a sampled run still covers every
 * kind of mutation.
 */
public interface FuzzTarget {
    /** A short name for reports, e.g. {@code "decompress-r4j"}. */
    String name();

    /** The case space, in a fixed order. */
    List<Stratum> strata();

    /** A group of cases addressed by index ({@code 0 <= i < count}). */
    interface Stratum {
        /** E.g. {@code "q1-1tile/flip"}. */
        String name();

        /** Number of cases. */
        int count();

        /** The case at {@code index}; deterministic. */
        FuzzCase caseAt(int index);
    }

    /** The number of cases over all strata. */
    default long caseCount() {
        long n = 0;
        for (Stratum s : strata()) {
            n += s.count();
        }
        return n;
    }
}
