package io.rec4j.cli;

import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.MiracleEncoder;
import io.rec4j.codec.miracle.MiracleFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
            "",
            "--data: a folder with images-idx3-ubyte[.gz] and labels-idx1-ubyte[.gz] (its last 2000 images are the"
                    + " test set, e.g. rec4j's mnist-10k) or the original train-/t10k- files of MNIST or"
                    + " Fashion-MNIST."},
        footer = {"", Main.EXIT_CODES})
final class MiracleTrainCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Folder of IDX digit files.")
    Path data;

    @Option(names = "--arch", paramLabel = "A", defaultValue = "lenet-300-100",
            description = "lenet-300-100 or lenet-5 (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--param", paramLabel = "P", defaultValue = "mean-kl",
            description = "mean-var or mean-kl (default: ${DEFAULT-VALUE}).")
    String param;

    @Option(names = "--block-bits", paramLabel = "C", defaultValue = "12",
            description = "Bits per block, the local coding goal, 1 to 24 (default: ${DEFAULT-VALUE}).")
    int blockBits;

    @Option(names = "--budget-kb", paramLabel = "B", defaultValue = "2",
            description = "Budget of the block indices in kB of 1000 bytes (default: ${DEFAULT-VALUE}).")
    double budgetKb;

    @Option(names = "--pretrain-epochs", paramLabel = "N", defaultValue = "10",
            description = "Epochs of mean-only training (default: ${DEFAULT-VALUE}).")
    int pretrainEpochs;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30",
            description = "Epochs of variational training (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--retrain-rounds", paramLabel = "N", defaultValue = "50",
            description = "Retraining rounds while coding (default: ${DEFAULT-VALUE}).")
    int retrainRounds;

    @Option(names = "--retrain-steps", paramLabel = "N", defaultValue = "20",
            description = "Adam steps per retraining round (default: ${DEFAULT-VALUE}).")
    int retrainSteps;

    @Option(names = "--lr", paramLabel = "R", defaultValue = "1e-2",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--train-images", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N training images (default: all).")
    int trainImages;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the file's shared randomness and of training (default: ${DEFAULT-VALUE}).")
    long seed;

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
        MiracleArchitecture a;
        MiracleFile.Parameterisation p;
        try {
            a = MiracleArchitecture.byName(arch);
            p = MiracleFile.Parameterisation.byName(param);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (blockBits < 1 || blockBits > MiracleFile.MAX_BLOCK_BITS) {
            throw new Main.UsageException("--block-bits must be in [1, " + MiracleFile.MAX_BLOCK_BITS + "], was "
                    + blockBits);
        }
        if (!(budgetKb > 0) || budgetKb > 1e6) {
            throw new Main.UsageException("--budget-kb must be positive (and at most 1e6), was " + budgetKb);
        }
        long budgetBits = Math.round(budgetKb * 8000);
        if (budgetBits < blockBits) {
            throw new Main.UsageException("--budget-kb " + budgetKb + " holds no block of " + blockBits + " bits");
        }
        if (!(lr > 0 && lr <= 1)) {
            throw new Main.UsageException("--lr must be in (0, 1], was " + lr);
        }
        if (pretrainEpochs < 0 || epochs < 0 || retrainRounds < 0 || retrainSteps < 0 || trainImages < 0) {
            throw new Main.UsageException("epochs, retraining rounds and steps, and --train-images must be >= 0");
        }
        CliFiles.checkWritable(out, force);
        Mnist.Split split;
        try {
            split = Mnist.split(data);
        } catch (java.io.FileNotFoundException e) {
            throw new Main.UsageException(e.getMessage());
        }
        Mnist.Set train = trainImages > 0 && trainImages < split.train().count()
                ? split.train().slice(0, trainImages) : split.train();
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
        MiracleEncoder.Settings s = new MiracleEncoder.Settings(pretrainEpochs, epochs, 128, lr, 1e-6, 1.002,
                1.0005, retrainRounds, retrainSteps, seed);
        // each bar starts its clock when its phase starts
        Progress[] bars = new Progress[3];
        String[] labels = {"pre-training (epochs)", "variational (epochs)", "coding (blocks)"};
        long[] totals = {Math.max(1, pretrainEpochs), Math.max(1, epochs), blocks};
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
