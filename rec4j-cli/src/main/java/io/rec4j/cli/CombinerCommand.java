package io.rec4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rec4j combiner}: COMBINER model tools. */
@Command(name = "combiner",
        mixinStandardHelpOptions = true,
        description = "COMBINER model tools (prior learning).",
        subcommands = {TrainPriorCommand.class, CommandLine.HelpCommand.class})
final class CombinerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'rec4j combiner --help')");
    }
}
