package io.rec4j.cli;

import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.irec.GreyImages;
import io.rec4j.codec.irec.VaeEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rec4j irec export-digits}: images of an MNIST-style set as grey PNGs. */
@Command(name = "export-digits",
        mixinStandardHelpOptions = true,
        description = {"Write images of an MNIST-style folder as 28x28 grey PNGs named digit-NNNNN.png (NNNNN = the"
                + " image's index).",
            "",
            "Indices count the folder's images in order: for one set (images-idx3-ubyte), its images; for the"
                    + " train-/t10k- layout, the training images, then the test images. rec4j's MNIST split tests on"
                    + " 8000:10000 of the data folder's mnist-10k."},
        footer = {"", Main.EXIT_CODES})
final class IrecExportDigitsCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "MNIST-style folder.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--range", paramLabel = "FROM:TO", defaultValue = "8000:10000",
            description = "Indices FROM (inclusive) to TO (exclusive); default ${DEFAULT-VALUE}.")
    String range;

    @Option(names = {"-f", "--force"}, description = "Overwrite PNGs that exist.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No summary.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String[] parts = range.split(":", -1);
        int from;
        int to;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            from = Integer.parseInt(parts[0].strip());
            to = Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--range must be FROM:TO with whole numbers, was '" + range + "'");
        }
        if (!java.nio.file.Files.isDirectory(data)) {
            throw new Main.UsageException(data + " is not a folder (--data wants an MNIST-style folder of"
                    + " images-idx3-ubyte[.gz] and labels-idx1-ubyte[.gz], or MNIST's train-/t10k- files)");
        }
        Mnist.Split split = Mnist.split(data);
        int trainCount = split.train().count();
        int total = trainCount + split.test().count();
        if (from < 0 || to > total || from >= to) {
            throw new Main.UsageException("--range " + range + " is not within 0:" + total + " (" + data + " holds "
                    + total + " images)");
        }
        for (int i = from; i < to; i++) {
            CliFiles.checkWritableIfFolderExists(out.resolve(name(i)), force);
        }
        Files.createDirectories(out);
        for (int i = from; i < to; i++) {
            int[] levels = i < trainCount ? VaeEvaluation.levels(split.train(), i)
                    : VaeEvaluation.levels(split.test(), i - trainCount);
            CliFiles.writeOutput(out.resolve(name(i)).toString(), GreyImages.png(levels), force);
        }
        if (!quiet) {
            spec.commandLine().getErr().printf(Locale.ROOT, "%s: wrote %d PNGs, %s to %s%n", out, to - from,
                    name(from), name(to - 1));
        }
        return Main.EXIT_OK;
    }

    static String name(int i) {
        return String.format(Locale.ROOT, "digit-%05d.png", i);
    }
}
