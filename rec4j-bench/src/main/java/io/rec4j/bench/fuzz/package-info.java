/**
 * A reproducible fuzzing harness for every parser a user can feed: deterministic {@link io.rec4j.bench.fuzz.Mutator
 * mutation generators} (truncation at every length, byte flips at every position, huge declared sizes, huge and
 * non-canonical LEB128 varints, random bytes, and structure-aware variants that repair the container's CRC32C or a
 * PNG chunk's CRC so that a mutation reaches the parser behind the checksum), a {@link io.rec4j.bench.fuzz.FuzzTarget
 * target} abstraction (how one case runs and which exit codes it may end with), and a {@link
 * io.rec4j.bench.fuzz.FuzzHarness harness} that runs every case on a worker thread under a time bound, measures the
 * bytes it allocates, counts outcomes by exit code, and writes a Markdown and CSV report.
 *
 * <p>The targets themselves are supplied by the caller ({@code rec4j bench fuzz} runs the real command line
 * in-process); this package knows nothing about the CLI. Everything is deterministic from a seed: the same seed,
 * targets and options try the same cases in the same order.
 */
package io.rec4j.bench.fuzz;
