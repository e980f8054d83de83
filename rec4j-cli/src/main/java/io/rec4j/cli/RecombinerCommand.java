package io.rec4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rec4j recombiner}: RECOMBINER model tools. */
@Command(name = "recombiner",
        mixinStandardHelpOptions = true,
        description = "RECOMBINER model tools (prior learning).",
        subcommands = {RecombinerTrainCommand.class, CommandLine.HelpCommand.class})
final class RecombinerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand (try 'rec4j recombiner --help')");
    }
}
