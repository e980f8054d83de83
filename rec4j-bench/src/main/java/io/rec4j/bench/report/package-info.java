/**
 * Report writers shared by the benchmarks: tables as CSV and Markdown ({@link io.rec4j.bench.report.Table}), line
 * plots as PNG ({@link io.rec4j.bench.report.LinePlot}), and the progress callback a long run reports to
 * ({@link io.rec4j.bench.report.ProgressSink}).
 */
package io.rec4j.bench.report;
