package io.rec4j.cli;

import io.rec4j.bench.rec.RecBenchmark;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j bench rec}: runs {@link RecBenchmark}. */
@Command(name = "rec",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark the channel simulators; writes CSV, Markdown and PNG.",
            "",
            "Bits vs KL for every method against KL + log2(KL+1); ORC/MRC bias "
                    + "vs budget; the time to encode one 2^16 x 25 ORC block. Writes CSV, Markdown and PNG."})
final class RecBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOutput output;

    @Option(names = "--quick", description = "Fewer trials (for a smoke run; figures are noisier).")
    boolean quick;

    @Option(names = "--seed", defaultValue = "2026", description = "Master seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String md = new RecBenchmark(output.out, quick, seed, output.progress(spec)).run();
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().println("wrote " + output.out.resolve("rec-report.md"));
        return Main.EXIT_OK;
    }
}
