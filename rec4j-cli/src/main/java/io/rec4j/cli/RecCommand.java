package io.rec4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rec4j rec}: channel simulators on synthetic targets. */
@Command(name = "rec",
        mixinStandardHelpOptions = true,
        description = "Relative entropy coding algorithms on synthetic Gaussian targets.",
        subcommands = {RecDemoCommand.class, RecRoundtripCommand.class, CommandLine.HelpCommand.class})
final class RecCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'rec4j rec --help')");
    }
}
