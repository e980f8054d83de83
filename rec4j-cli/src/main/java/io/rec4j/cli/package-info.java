/**
 * The {@code rec4j} command (picocli). Commands only parse options and dispatch: codecs to {@code rec4j-codecs} and
 * the encoder modules, channel simulation to {@link io.rec4j.core.rec.RecMethod}, benchmarks and demos' statistics
 * to {@code rec4j-bench}. Exit codes: 0 ok, 1 usage error, 2 bad input data, 3 internal error; errors are one line
 * on stderr.
 */
package io.rec4j.cli;
