package io.rec4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rec4j bench}: reproduction runs that write tables (CSV, Markdown) and plots (PNG). */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Reproduction runs writing CSV + Markdown tables and PNG plots (not part of the test suite).",
        subcommands = {RecBenchCommand.class, CombinerBenchCommand.class, RecombinerBenchCommand.class,
                RecombinerAudioBenchCommand.class, SpaceOrcBenchCommand.class, MiracleBenchCommand.class,
                MiracleCurvesBenchCommand.class, IrecBenchCommand.class, BitsbackBenchCommand.class, PacbayesBenchCommand.class, FuzzCommand.class, CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'rec4j bench --help')");
    }
}
