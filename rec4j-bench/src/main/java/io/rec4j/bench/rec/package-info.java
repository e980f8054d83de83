/**
 * REC reproduction runs: {@link io.rec4j.bench.rec.RecBenchmark} behind {@code rec4j bench rec}, the REC demo's
 * rate and exactness summary ({@link io.rec4j.bench.rec.RecDemo}, behind {@code rec4j rec demo}) and the
 * space-partitioning capacity run ({@link io.rec4j.bench.rec.SpacePartitionedRecCapacity}).
 */
package io.rec4j.bench.rec;
