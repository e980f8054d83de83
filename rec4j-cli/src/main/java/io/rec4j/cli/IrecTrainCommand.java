package io.rec4j.cli;

import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.irec.VaeArchitecture;
import io.rec4j.codec.irec.VaeEvaluation;
import io.rec4j.codec.irec.VaeModel;
import io.rec4j.codec.irec.VaeTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rec4j irec train}: trains a VAE for iREC and writes its model file. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {"Train a VAE on 28x28 grey digits (an MNIST-style folder) and write an iREC model file.",
            "",
            "A folder with one set (images-idx3-ubyte[.gz], e.g. the data folder's mnist-10k) trains on all but its"
                    + " last 2000 images and reports the negative ELBO on those; the train-/t10k- layout of MNIST or"
                    + " Fashion-MNIST trains on train and reports on t10k."},
        footer = {"", Main.EXIT_CODES})
final class IrecTrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "MNIST-style folder.")
    Path data;

    @Option(names = "--latents", paramLabel = "L", defaultValue = "50",
            description = "Latent dimension (the papers use 20, 50 and 100; default ${DEFAULT-VALUE}).")
    int latents;

    @Option(names = "--arch", paramLabel = "KIND", defaultValue = "mlp",
            description = "Network: mlp (784-h-h, tanh; default) or conv (two stride-2 convolutions, 32 and 64 channels,"
                    + " then a dense layer of h; slow to train on CPU).")
    String arch;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "300",
            description = "Width of the hidden layers (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1",
            description = "Weight of the KL in the loss (1 = the ELBO, for lossless; larger gives smaller lossy files).")
    double beta;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "60", description = "Passes over the training images (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Images per step (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3", description = "Adam's initial learning rate, decayed to a hundredth (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--train-images", paramLabel = "N", description = "Train on the first N training images only.")
    Integer trainImages;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of training, and of the shared randomness of the files the model codes.")
    long seed;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (default: the output file's name).")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output model file (.r4m).")
    String out;

    @Option(names = {"-f", "--force"}, description = "Overwrite the output if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        VaeArchitecture.Kind kind;
        VaeArchitecture a;
        VaeTrainer.Settings settings;
        try {
            kind = VaeArchitecture.Kind.parse(arch);
            a = new VaeArchitecture(kind, latents, hidden);
            settings = new VaeTrainer.Settings(a, beta, epochs, batchSize, lr, seed);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (trainImages != null && trainImages < 1) {
            throw new Main.UsageException("--train-images must be at least 1, was " + trainImages);
        }
        if (!java.nio.file.Files.isDirectory(data)) {
            throw new Main.UsageException(data + " is not a folder (--data wants an MNIST-style folder of"
                    + " images-idx3-ubyte[.gz] and labels-idx1-ubyte[.gz], or MNIST's train-/t10k- files)");
        }
        Mnist.Split split = Mnist.split(data);
        CliFiles.checkWritable(out, force);
        int[][] train = VaeEvaluation.levels(split.train());
        if (trainImages != null && trainImages < train.length) {
            train = java.util.Arrays.copyOf(train, trainImages);
        }
        int[][] test = VaeEvaluation.levels(split.test());
        PrintWriter err = spec.commandLine().getErr();
        String modelName = name != null ? name : stem(out);
        if (!quiet) {
            err.printf(Locale.ROOT, "training %s on %d images of %s (beta %s, %d epochs)%n", a.describe(),
                    train.length, data, beta, epochs);
        }
        VaeModel model;
        try (VaeTrainer t = new VaeTrainer(settings)) {
            Progress bar = new Progress(err, "training", epochs, quiet);
            for (int e = 1; e <= epochs; e++) {
                VaeTrainer.EpochStats s = t.epoch(e, train);
                bar.note(String.format(Locale.ROOT, "-ELBO %.4f bits/dim, KL %.1f bits", s.negativeElboBpd(),
                        s.klBits()));
                bar.advanceTo(e);
            }
            model = t.model(modelName, seed, train, test);
        }
        CliFiles.writeOutput(out, model.toBytes(), force);
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: model %s (%s), negative ELBO %.4f bits/dim on the training images, %.4f on"
                            + " %d test images; mean KL of the latent %.1f bits%n", out, model.name(), model.id(),
                    model.trainBpd(), model.testBpd(), test.length, model.totalKlBits());
        }
        return Main.EXIT_OK;
    }

    static String stem(String path) {
        String f = Path.of(path).getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
