package io.rec4j.bench.fuzz;

import java.util.Set;

/**
 * One fuzz case: a label that identifies it (reproducible from the label alone together with the target and seed),
 * the exit codes it may legitimately end with, and the work that runs it.
 *
 * @param label         what the case does, e.g. {@code "q1-1tile/flip[37]^0x80"}
 * @param allowed       the exit codes that count as a correct, honest answer to this input
 * @param body          runs the case and returns its exit code and the first line of its error output
 * @param boundedWork   whether the harness's allocation bound applies: true for a parser fed a small input; false
 *                      for a job whose size the case sets on purpose (a million trials legitimately allocates
 *                      gigabytes of short-lived garbage; the JVM's heap limit still bounds its live memory)
 */
public record FuzzCase(String label, Set<Integer> allowed, Body body, boolean boundedWork) {
    /** Runs a case. */
    @FunctionalInterface
    public interface Body {
        /** Runs the case to completion; may throw (the harness records what escaped as a crash). */
        Result run() throws Exception;
    }

    /**
     * What a case ended with.
     *
     * @param exitCode   the process-style exit code (0 ok, 1 usage, 2 bad data, 3 internal)
     * @param firstLine  the first line of the error output ("" if none)
     */
    public record Result(int exitCode, String firstLine) {
    }

    public FuzzCase {
        allowed = Set.copyOf(allowed);
    }

    /** A case under the allocation bound. */
    public FuzzCase(String label, Set<Integer> allowed, Body body) {
        this(label, allowed, body, true);
    }
}
