/**
 * Helpers for the test suites and the benchmarks, never a runtime dependency of a library module: the one-sample
 * Kolmogorov–Smirnov statistic with its asymptotic critical value ({@link io.rec4j.testkit.KolmogorovSmirnov}) and
 * runs of a main class in fresh JVMs (JIT, interpreter only, C1 only, other installed JDKs) for the cross-JVM
 * determinism tests ({@link io.rec4j.testkit.FreshJvm}).
 */
package io.rec4j.testkit;
