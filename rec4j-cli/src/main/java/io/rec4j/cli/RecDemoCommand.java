package io.rec4j.cli;

import io.rec4j.bench.rec.RecDemo;
import io.rec4j.core.rec.RecMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rec4j rec demo}: relative entropy coding of an embedded Gaussian target through a real bitstream, decoded by
 * a fresh decoder, with the bits used set against KL[Q‖P].
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run REC end to end on an embedded Gaussian target and print bits used vs KL.",
            "",
            "Encodes an exact sample of a 4-D Gaussian target Q against the coding distribution P = N(0, I) with the"
                    + " Poisson functional representation, writes it as a rec4j container, decodes it from the bytes"
                    + " alone, and prints the bits used against KL[Q||P]. Then repeats over many seeds to show the"
                    + " average rate and that the decoded samples follow Q (Kolmogorov-Smirnov per dimension)."})
final class RecDemoCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "2026", description = "Shared seed of the first encoding (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--trials", defaultValue = "2000",
            description = "Encodings (seeds seed, seed+1, ...) for the rate and exactness summary (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = {"-o", "--out"}, description = "Also write the first encoded file here.")
    Path out;

    @Option(names = "--max-candidates", paramLabel = "N", converter = RecRoundtripCommand.CandidateCount.class,
            description = "Refuse runs whose expected PFR candidates over all encodings exceed N (default 2^32);"
                    + " written as a number (1099511627776) or a power of two (2^40).")
    Long maxCandidates;

    @Spec
    CommandSpec spec;

    /**
     * Largest {@code --trials}: a demo, not an experiment. 10,000 PFR encodings take about 8 s on one core (0.75 ms
     * each, measured); larger runs belong to {@code rec roundtrip}, which streams its samples.
     */
    static final int MAX_TRIALS = 10_000;

    @Override
    public Integer call() throws IOException {
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new Main.UsageException("--trials must be in [1, " + MAX_TRIALS + "], was " + trials
                    + " (for larger runs use 'rec4j rec roundtrip')");
        }
        if (maxCandidates != null && maxCandidates < 1) {
            throw new Main.UsageException("--max-candidates must be at least 1, was " + maxCandidates);
        }
        try {
            // the first encoding plus the summary's trials, all with PFR
            RecMethod.PFR.check(RecDemo.problem(), RecMethod.Settings.defaults().withMaxCandidates(
                    maxCandidates != null ? maxCandidates : RecMethod.DEFAULT_MAX_CANDIDATES), trials + 1L);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        RecDemo.run(spec.commandLine().getOut(), seed, trials, out);
        return Main.EXIT_OK;
    }
}
