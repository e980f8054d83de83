package io.rec4j.cli;

import io.rec4j.bench.report.ProgressSink;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every {@code rec4j bench} job shares: where its reports go, and whether it shows progress. */
final class BenchOutput {
    @Option(names = {"-o", "--out"}, defaultValue = "bench-results", paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    /** Progress of the job on the command's stderr (nothing with --quiet). */
    ProgressSink progress(CommandSpec spec) {
        return Progress.sink(spec.commandLine().getErr(), quiet);
    }
}
