/**
 * JMH micro-benchmarks of the REC library (rANS throughput, one ORC block) and their report writer. Run them from
 * the shaded {@code rec4j-bench/target/rec4j-benchmarks.jar}; figures are in {@code BENCHMARKS.md}.
 */
package io.rec4j.bench;
