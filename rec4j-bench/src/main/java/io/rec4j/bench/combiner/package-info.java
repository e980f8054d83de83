/**
 * COMBINER benchmarks: rate–distortion against classical codecs with training-step timing and memory
 * ({@link io.rec4j.bench.combiner.CombinerBenchmark}, behind {@code rec4j bench combiner}), the stand-alone step
 * timer of the training engines ({@link io.rec4j.bench.combiner.StepTiming}), and the classical baselines (JPEG via
 * ImageIO; WebP and JPEG 2000 via the Debian tools when installed).
 */
package io.rec4j.bench.combiner;
