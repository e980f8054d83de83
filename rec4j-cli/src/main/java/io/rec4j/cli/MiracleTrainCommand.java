package io.rec4j.cli;

import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.MiracleEncoder;
import io.rec4j.codec.miracle.MiracleFile;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j miracle train}: train, compress and write a MIRACLE network. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {"Train a Bayesian classifier on digits, compress its weights with MIRACLE and write the file.",
            "",
            "Pre-trains the means, trains the variational posterior (Mean-Var with annealed per-block KL penalties,"
                    + " or Mean-KL with every block at exactly C bits), then codes the hashed weights block by block"
                    + " with minimal random coding (2^C candidates per block), retraining the rest between blocks."
                    + " The file holds ceil(V/b) blocks of C bits, b = ceil(V / floor(budget/C)), plus about 40"
                    + " bytes. Progress bars show the epochs and the coded blocks with the running test error.",
},
        footer = {"", Main.EXIT_CODES})
final class MiracleTrainCommand implements Callable<Integer> {
    @Mixin
    MiracleOptions options;

    @Option(names = "--param", paramLabel = "P", defaultValue = "mean-kl",
            description = "mean-var or mean-kl (default: ${DEFAULT-VALUE}).")
    String param;

    @Option(names = "--block-bits", paramLabel = "C", defaultValue = "12",
            description = "Bits per block, the local coding goal, 1 to 24 (default: ${DEFAULT-VALUE}).")
    int blockBits;

    @Option(names = "--budget-kb", paramLabel = "B", defaultValue = "2",
            description = "Budget of the block indices in kB of 1000 bytes (default: ${DEFAULT-VALUE}).")
    double budgetKb;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "Output .r4j file.")
    String out;

    @Option(names = {"-f", "--force"}, description = "Overwrite OUT if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or summary.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MiracleArchitecture a = options.architecture();
        MiracleFile.Parameterisation p = MiracleOptions.parameterisations(List.of(param)).get(0);
        long budgetBits = MiracleOptions.budgetBits("--block-bits", blockBits, budgetKb);
        MiracleEncoder.Settings s = options.settings();
        CliFiles.checkWritable(out, force);
        Mnist.Split split = options.split();
        Mnist.Set train = split.train();
        PrintWriter err = spec.commandLine().getErr();
        int b = MiracleEncoder.blockSize(a, blockBits, budgetBits);
        int blocks = (a.variableCount() + b - 1) / b;
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %s, %s; %d training images%n", a.name(), p.cliName(), split.description(),
                    train.count());
            err.printf(Locale.ROOT, "%d parameters, %d coded variables after hashing, %d blocks of %d variables x %d"
                    + " bits = %d bytes of indices%n", a.parameterCount(), a.variableCount(), blocks, b, blockBits,
                    ((long) blocks * blockBits + 7) / 8);
            err.flush();
        }
        // each bar starts its clock when its phase starts
        Progress[] bars = new Progress[3];
        String[] labels = {"pre-training (epochs)", "variational (epochs)", "coding (blocks)"};
        long[] totals = {Math.max(1, s.pretrainEpochs()), Math.max(1, s.trainEpochs()), blocks};
        MiracleEncoder.Result r = MiracleEncoder.compress(a, p, blockBits, budgetBits, train, split.test(), s,
                new MiracleEncoder.Progress() {
                    @Override
                    public void epoch(boolean pretraining, int epoch, int total, double testError) {
                        advance(pretraining ? 0 : 1, epoch, testError);
                    }

                    @Override
                    public void coded(int done, int total, double testError) {
                        advance(2, done, testError);
                    }

                    private void advance(int phase, long done, double testError) {
                        if (bars[phase] == null) {
                            bars[phase] = new Progress(err, labels[phase], totals[phase], quiet);
                        }
                        if (!Double.isNaN(testError)) {
                            bars[phase].note(String.format(Locale.ROOT, "test error %.2f %%", 100 * testError));
                        }
                        bars[phase].advanceTo(done);
                    }
                });
        CliFiles.writeOutput(out, r.file(), force);
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %d bytes (%.3f kB); test error %.2f %% before coding (posterior means),"
                            + " %.2f %% decoded; train %.1f s, code %.1f s%n", "-".equals(out) ? "stdout" : out,
                    r.file().length, r.file().length / 1000.0, 100 * r.errorBefore(), 100 * r.errorAfter(),
                    r.trainNanos() / 1e9, r.codeNanos() / 1e9);
            err.flush();
        }
        return Main.EXIT_OK;
    }
}
