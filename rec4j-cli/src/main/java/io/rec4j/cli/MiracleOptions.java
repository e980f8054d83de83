package io.rec4j.cli;

import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.MiracleEncoder;
import io.rec4j.codec.miracle.MiracleFile;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The data, network and training schedule options that {@code rec4j miracle train}, {@code rec4j bench miracle} and
 * {@code rec4j bench miracle-curves} share, with their checks. Schedule options left out take the architecture's
 * defaults ({@link MiracleEncoder.Settings#defaults(MiracleArchitecture)}).
 */
final class MiracleOptions {
    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Folder of IDX files: images-idx3-ubyte[.gz] + labels-idx1-ubyte[.gz] (the last 2000"
                    + " images are the test set, e.g. mnist-10k) or MNIST's / Fashion-MNIST's train- and t10k- files.")
    Path data;

    @Option(names = "--arch", paramLabel = "A", defaultValue = "lenet-300-100",
            description = "lenet-300-100 or lenet-5 (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--pretrain-epochs", paramLabel = "N",
            description = "Epochs of mean-only training, cosine learning-rate decay (default: 10 for lenet-300-100,"
                    + " 20 for lenet-5).")
    Integer pretrainEpochs;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of variational training (default: 30).")
    Integer epochs;

    @Option(names = "--retrain-rounds", paramLabel = "N",
            description = "Retraining rounds while coding (default: 50).")
    Integer retrainRounds;

    @Option(names = "--retrain-steps", paramLabel = "N",
            description = "Adam steps per retraining round (default: 20).")
    Integer retrainSteps;

    @Option(names = "--lr", paramLabel = "R",
            description = "Adam's learning rate (default: 1e-2 for lenet-300-100, 3e-3 for lenet-5).")
    Double lr;

    @Option(names = "--anneal-rate", paramLabel = "S",
            description = "Mean-Var: factor by which a block's KL penalty grows (or shrinks) per step while its KL is"
                    + " above (or below) the budget (default: 1.002).")
    Double annealRate;

    @Option(names = "--train-images", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N training images (default: all).")
    int trainImages;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the file's shared randomness and of training (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The parameterisations named (e.g. {@code mean-var}), or a usage error. */
    static java.util.List<MiracleFile.Parameterisation> parameterisations(java.util.List<String> names) {
        java.util.List<MiracleFile.Parameterisation> out = new java.util.ArrayList<>();
        try {
            for (String n : names) {
                out.add(MiracleFile.Parameterisation.byName(n.strip()));
            }
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        return out;
    }

    /**
     * The budget in bits of {@code budgetKb} kB for blocks of {@code blockBits} bits (both checked: C in
     * [1, {@value MiracleFile#MAX_BLOCK_BITS}], a positive budget of at most 10⁶ kB that holds one block).
     */
    static long budgetBits(String bitsOption, int blockBits, double budgetKb) {
        if (blockBits < 1 || blockBits > MiracleFile.MAX_BLOCK_BITS) {
            throw new Main.UsageException(bitsOption + " must be in [1, " + MiracleFile.MAX_BLOCK_BITS + "], was "
                    + blockBits);
        }
        if (!(budgetKb > 0) || budgetKb > 1e6) {
            throw new Main.UsageException("--budget-kb must be positive (and at most 1e6), was " + budgetKb);
        }
        long bits = Math.round(budgetKb * 8000);
        if (bits < blockBits) {
            throw new Main.UsageException("--budget-kb " + budgetKb + " holds no block of " + blockBits + " bits");
        }
        return bits;
    }

    /** The architecture, or a usage error. */
    MiracleArchitecture architecture() {
        try {
            return MiracleArchitecture.byName(arch);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /** The schedule: the architecture's defaults with the options given; a usage error for invalid values. */
    MiracleEncoder.Settings settings() {
        MiracleEncoder.Settings d = MiracleEncoder.Settings.defaults(architecture());
        int pre = pretrainEpochs != null ? pretrainEpochs : d.pretrainEpochs();
        int train = epochs != null ? epochs : d.trainEpochs();
        int rounds = retrainRounds != null ? retrainRounds : d.retrainRounds();
        int steps = retrainSteps != null ? retrainSteps : d.retrainSteps();
        double rate = lr != null ? lr : d.lr();
        double anneal = annealRate != null ? annealRate : d.annealRate();
        if (!(anneal >= 1 && anneal <= 2)) {
            throw new Main.UsageException("--anneal-rate must be in [1, 2], was " + anneal);
        }
        if (pre < 0 || train < 0 || rounds < 0 || steps < 0 || trainImages < 0) {
            throw new Main.UsageException("epochs, retraining rounds and steps, and --train-images must be >= 0");
        }
        if (pre > 10_000 || train > 10_000 || rounds > 1_000_000 || steps > 1_000_000) {
            throw new Main.UsageException("epochs must be at most 10000, retraining rounds and steps at most 1000000");
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new Main.UsageException("--lr must be in (0, 1], was " + rate);
        }
        return new MiracleEncoder.Settings(pre, train, d.batch(), rate, d.initialBeta(), anneal, d.codingRate(),
                rounds, steps, seed);
    }

    /** The data (training images cut to {@code --train-images}); a usage error for a missing folder or files. */
    Mnist.Split split() throws java.io.IOException {
        if (!Files.isDirectory(data)) {
            throw new Main.UsageException(data + " is not a folder (--data wants a folder of images-idx3-ubyte[.gz]"
                    + " and labels-idx1-ubyte[.gz], or of train- and t10k- IDX files)");
        }
        Mnist.Split s;
        try {
            s = Mnist.split(data);
        } catch (java.io.FileNotFoundException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (trainImages > 0 && trainImages < s.train().count()) {
            return new Mnist.Split(s.train().slice(0, trainImages), s.test(), s.description() + ", first "
                    + trainImages + " training images");
        }
        return s;
    }
}
