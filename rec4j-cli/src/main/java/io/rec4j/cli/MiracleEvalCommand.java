package io.rec4j.cli;

import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.miracle.MiracleNetwork;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rec4j miracle eval}: decode a MIRACLE network and measure its test error. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = {"Decode a MIRACLE network (pure Java) and print its size and test error.",
            "",
            "The test set is the last 2000 images of a single IDX set (rec4j's mnist-10k) or the t10k- files of"
                    + " MNIST / Fashion-MNIST. --prune F also reports the error with the fraction F of"
                    + " smallest-magnitude weights set to zero."},
        footer = {"", Main.EXIT_CODES})
final class MiracleEvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A MIRACLE .r4j file, the name of a shipped network ('rec4j models'), or - for standard input.")
    String file;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Folder of IDX digit files.")
    Path data;

    @Option(names = "--prune", paramLabel = "F", split = ",",
            description = "Fractions of weights to prune (comma-separated, each in [0, 1]).")
    double[] prune = {};

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (double f : prune) {
            if (!(f >= 0 && f <= 1)) {
                throw new Main.UsageException("--prune fractions must be in [0, 1], was " + f);
            }
        }
        byte[] bytes = MiracleCommand.readNetwork(file);
        Mnist.Split split;
        try {
            split = Mnist.split(data);
        } catch (java.io.FileNotFoundException e) {
            throw new Main.UsageException(e.getMessage());
        }
        long t0 = System.nanoTime();
        MiracleNetwork net = MiracleCommand.decode(file, bytes);
        long t1 = System.nanoTime();
        int errors = net.errors(split.test());
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "size:        %d bytes (%.3f kB, every byte of the file)%n", bytes.length,
                bytes.length / 1000.0);
        w.printf(Locale.ROOT, "network:     %s, %d parameters, decoded in %.1f ms%n", net.architecture().name(),
                net.architecture().parameterCount(), (t1 - t0) / 1e6);
        w.printf(Locale.ROOT, "test error:  %.2f %% (%d of %d; %s)%n", 100.0 * errors / split.test().count(), errors,
                split.test().count(), split.description());
        for (double f : prune) {
            w.printf(Locale.ROOT, "pruned %3.0f %%: test error %.2f %%%n", 100 * f,
                    100 * net.pruned(f).errorRate(split.test()));
        }
        w.flush();
        return Main.EXIT_OK;
    }
}
