package io.rec4j.bench.report;

/**
 * Where a long benchmark reports its progress: the command line draws a progress bar, a test or a JMH run ignores
 * it. A benchmark opens one phase per stage of its work and calls the returned step once per unit done.
 */
@FunctionalInterface
public interface ProgressSink {
    /** Reports nothing. */
    ProgressSink NONE = (label, total) -> () -> { };

    /**
     * Starts a phase of {@code total} units.
     *
     * @return called once per unit done
     */
    Runnable phase(String label, long total);
}
