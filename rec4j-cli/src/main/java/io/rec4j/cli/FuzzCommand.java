package io.rec4j.cli;

import io.rec4j.bench.fuzz.ByteTarget.Seed;
import io.rec4j.bench.fuzz.FuzzHarness;
import io.rec4j.bench.fuzz.FuzzReport;
import io.rec4j.bench.fuzz.FuzzTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rec4j bench fuzz}: runs the {@link FuzzHarness} against the real command line, in-process through
 * {@link Main#execute}, on temporary files: {@code info} and {@code decompress} on mutated {@code .r4j} files,
 * {@code decompress --model} with mutated model files, the image reader on mutated PNG and JPEG files, and
 * {@code rec roundtrip} / {@code rec demo} with hostile numbers for one option at a time.
 */
@Command(name = "fuzz",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fuzz every parser a user can feed; report the outcomes by exit code.",
            "",
            "Fuzz every parser a user can feed: truncations, byte flips, huge declared sizes, huge and "
                    + "non-canonical varints, random bytes (and the same behind a repaired CRC) for .r4j files, model "
                    + "files, PNG and JPEG inputs; hostile numbers for the REC options. Every case runs in-process under a "
                    + "time bound. Outcomes by exit code, the slowest case, the largest allocation and the peak RSS go to "
                    + "fuzz-report.md and CSV files."})
final class FuzzCommand implements Callable<Integer> {
    @Option(names = "--cases-per-target", paramLabel = "N", defaultValue = "300",
            description = "Cases per target, spread over its mutation kinds, sampled by --seed (default: ${DEFAULT-VALUE}).")
    int casesPerTarget;

    @Option(names = "--full", description = "Every case of every target (strata larger than --full-cap are sampled down to it).")
    boolean full;

    @Option(names = "--full-cap", paramLabel = "N", defaultValue = "1000",
            description = "With --full: most cases per seed and mutation kind; 0 = no cap (default: ${DEFAULT-VALUE}).")
    int fullCap;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of the inputs and the sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "10000",
            description = "Time bound of one case (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--max-alloc-mb", paramLabel = "MB", defaultValue = "1024",
            description = "Memory bound: a case allocating more is unexpected; 0 = none (default: ${DEFAULT-VALUE}).")
    long maxAllocMb;

    @Option(names = "--target", paramLabel = "NAME", split = ",",
            description = "Only these targets (default: all): ${COMPLETION-CANDIDATES}.", completionCandidates = TargetNames.class)
    List<String> only;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!full && casesPerTarget < 1) {
            throw new Main.UsageException("--cases-per-target must be at least 1, was " + casesPerTarget);
        }
        if (timeoutMs < 1) {
            throw new Main.UsageException("--timeout-ms must be at least 1, was " + timeoutMs);
        }
        if (maxAllocMb < 0 || fullCap < 0) {
            throw new Main.UsageException("--max-alloc-mb and --full-cap must not be negative");
        }
        if (only != null) {
            for (String t : only) {
                if (!FuzzTargets.NAMES.contains(t)) {
                    throw new Main.UsageException("unknown target '" + t + "'; targets: " + String.join(", ", FuzzTargets.NAMES));
                }
            }
        }
        Path work = Files.createTempDirectory("rec4j-fuzz");
        try {
            List<FuzzTarget> targets = FuzzTargets.all(work, seed).stream()
                    .filter(t -> only == null || only.contains(t.name())).toList();
            FuzzHarness.Settings s = new FuzzHarness.Settings(seed, full ? 0 : casesPerTarget, full ? fullCap : 0,
                    timeoutMs, maxAllocMb << 20);
            FuzzReport report = new FuzzHarness(s).run(targets, output.progress(spec));
            String command = "rec4j bench fuzz " + (full ? "--full --full-cap " + fullCap : "--cases-per-target "
                    + casesPerTarget) + " --seed " + seed + " --timeout-ms " + timeoutMs + " --max-alloc-mb " + maxAllocMb
                    + (only == null ? "" : " --target " + String.join(",", only));
            report.write(output.out, command);
            PrintWriter w = spec.commandLine().getOut();
            w.println(report.toMarkdown(command, 50));
            w.println("wrote " + output.out.resolve("fuzz-report.md") + " (" + report.unexpected().size()
                    + " unexpected outcomes)");
            w.flush();
        } finally {
            deleteTree(work);
        }
        return Main.EXIT_OK;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The target names, for the help text. */
    static final class TargetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return FuzzTargets.NAMES.iterator();
        }
    }

}
