package io.rec4j.cli;

import io.rec4j.codec.miracle.MiracleFile;
import io.rec4j.codec.miracle.MiracleNetwork;
import io.rec4j.codec.miracle.ShippedNetworks;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rec4j miracle}: MIRACLE compression of Bayesian classifiers (train, eval, export). */
@Command(name = "miracle",
        mixinStandardHelpOptions = true,
        description = {"MIRACLE: compress a classifier's weights with relative entropy coding (Havasi et al., ICLR 2019,"
                + " arXiv 1810.00440; Mean-KL: Lin et al., arXiv 2307.07816).",
            "",
            "'train' trains LeNet-300-100 or LeNet-5 on MNIST-style digits, compresses it to a budget and writes a"
                    + " .r4j file; 'eval' decodes a file and measures its test error; 'export' writes the decoded"
                    + " weights as safetensors. docs/miracle.md has the details."},
        subcommands = {MiracleTrainCommand.class, MiracleEvalCommand.class, MiracleExportCommand.class,
            CommandLine.HelpCommand.class})
final class MiracleCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand (try 'rec4j miracle --help')");
    }

    /**
     * A compressed network: the bytes of a file (or standard input), checked to be a MIRACLE file, or of the shipped
     * network of that name (a path that exists wins).
     */
    static byte[] readNetwork(String fileOrName) throws IOException {
        if (!"-".equals(fileOrName) && !Files.exists(Path.of(fileOrName))) {
            return ShippedNetworks.byName(fileOrName).map(ShippedNetworks.Entry::bytes).orElseThrow(
                    () -> new Main.UsageException(fileOrName + ": no such file, and not the name of a shipped"
                            + " network ('rec4j models' lists them)"));
        }
        Container c = CliFiles.readContainer(fileOrName);
        if (!MiracleFile.isMiracle(c)) {
            throw new Rec4jDataException(fileOrName + " is not a MIRACLE network: it holds " + c.methodId().name());
        }
        return c.toBytes();
    }

    /** Decodes a MIRACLE file; data errors name it. */
    static MiracleNetwork decode(String name, byte[] file) {
        return CliFiles.parsing(name, () -> MiracleFile.decode(file));
    }
}
