package io.rec4j.cli;

import io.rec4j.codec.irec.ShippedVaeModels;
import io.rec4j.codec.irec.VaeModel;
import io.rec4j.core.Rec4jDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rec4j irec}: lossless and lossy compression of 28x28 grey images through a VAE's latent (iREC). */
@Command(name = "irec",
        mixinStandardHelpOptions = true,
        description = {"iREC: compress 28x28 grey images by sending a VAE latent with relative entropy coding"
                + " (Flamich, Havasi, Hernandez-Lobato, NeurIPS 2020, arXiv 2010.01185).",
            "",
            "'train' trains a VAE on MNIST-style digits; 'compress' codes a PNG or a folder of them (lossy by"
                    + " default: the latent only; --lossless adds the pixels, coded with rANS under the decoder's"
                    + " likelihood); 'rec4j decompress' decodes; 'export-digits' writes digits of a data set as PNGs."
                    + " docs/irec.md has the details."},
        subcommands = {IrecTrainCommand.class, IrecCompressCommand.class, IrecExportDigitsCommand.class,
            CommandLine.HelpCommand.class})
final class IrecCommand implements Runnable {
    /** The shipped model {@code compress} uses by default. */
    static final String DEFAULT_MODEL = "irec-mnist-50";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'rec4j irec --help')");
    }

    /** A model file, or the shipped model of that name (a path that exists wins). */
    static VaeModel loadModel(String fileOrName) throws IOException {
        if (!Files.exists(Path.of(fileOrName))) {
            return ShippedVaeModels.byName(fileOrName).orElseThrow(() -> new Main.UsageException(fileOrName
                    + ": no such file, and not the name of a shipped iREC model ('rec4j models' lists them)"));
        }
        byte[] bytes = CliFiles.readInput(fileOrName, CliFiles.MAX_CONTAINER_BYTES, "model file");
        return CliFiles.parsing(fileOrName, () -> {
            try {
                return VaeModel.fromBytes(bytes);
            } catch (Rec4jDataException e) {
                throw new Rec4jDataException("not a usable iREC model (" + e.getMessage() + ")", e);
            }
        });
    }
}
