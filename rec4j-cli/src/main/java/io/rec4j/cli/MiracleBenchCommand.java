package io.rec4j.cli;

import io.rec4j.bench.miracle.MiracleBenchmark;
import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.MiracleEncoder;
import io.rec4j.codec.miracle.MiracleFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j bench miracle}: runs {@link MiracleBenchmark}. */
@Command(name = "miracle",
        mixinStandardHelpOptions = true,
        description = {
            "MIRACLE's size / test-error Pareto points beside quantisation baselines on the same network.",
            "",
            "Trains and compresses the network once per (parameterisation, bits per block, budget), decodes every"
                    + " file in pure Java, and trains one deterministic network for the same epochs for the baselines"
                    + " (uniform k-bit quantisation; pruning + k-means), sized by ideal order-0 code lengths. Writes"
                    + " miracle.csv, miracle.md, miracle.png and the compressed files under OUT/files."},
        footer = {"", Main.EXIT_CODES})
final class MiracleBenchCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of IDX digit files.")
    Path data;

    @Option(names = "--arch", defaultValue = "lenet-300-100", paramLabel = "A",
            description = "lenet-300-100 or lenet-5 (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--param", defaultValue = "mean-var,mean-kl", split = ",", paramLabel = "P",
            description = "Parameterisations (default: ${DEFAULT-VALUE}).")
    List<String> params;

    @Option(names = "--bits", defaultValue = "8,12,16", split = ",", paramLabel = "C",
            description = "Bits per block (default: ${DEFAULT-VALUE}).")
    int[] bits;

    @Option(names = "--budget-kb", defaultValue = "2,4", split = ",", paramLabel = "B",
            description = "Budgets of block indices in kB (default: ${DEFAULT-VALUE}).")
    double[] budgets;

    @Option(names = "--pretrain-epochs", defaultValue = "10", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
    int pretrainEpochs;

    @Option(names = "--epochs", defaultValue = "30", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--retrain-rounds", defaultValue = "50", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
    int retrainRounds;

    @Option(names = "--retrain-steps", defaultValue = "20", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
    int retrainSteps;

    @Option(names = "--lr", defaultValue = "1e-2", paramLabel = "R", description = "(default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-baselines", description = "Leave out the quantisation baselines.")
    boolean noBaselines;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MiracleArchitecture a;
        List<MiracleFile.Parameterisation> ps = new ArrayList<>();
        try {
            a = MiracleArchitecture.byName(arch);
            for (String p : params) {
                ps.add(MiracleFile.Parameterisation.byName(p.strip()));
            }
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        for (int c : bits) {
            if (c < 1 || c > MiracleFile.MAX_BLOCK_BITS) {
                throw new Main.UsageException("--bits must be in [1, " + MiracleFile.MAX_BLOCK_BITS + "], was " + c);
            }
        }
        for (double b : budgets) {
            if (!(b > 0) || b > 1e6) {
                throw new Main.UsageException("--budget-kb must be positive, was " + b);
            }
        }
        if (pretrainEpochs < 0 || epochs < 0 || retrainRounds < 0 || retrainSteps < 0) {
            throw new Main.UsageException("epochs and retraining settings must be >= 0");
        }
        if (!Files.isDirectory(data)) {
            throw new Main.UsageException(data + " is not a folder");
        }
        Mnist.Split split;
        try {
            split = Mnist.split(data);
        } catch (java.io.FileNotFoundException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (!(lr > 0 && lr <= 1)) {
            throw new Main.UsageException("--lr must be in (0, 1], was " + lr);
        }
        MiracleEncoder.Settings s = new MiracleEncoder.Settings(pretrainEpochs, epochs, 128, lr, 1e-6, 1.002,
                1.0005, retrainRounds, retrainSteps, seed);
        List<MiracleBenchmark.Point> points = new ArrayList<>(MiracleBenchmark.miracle(a, split, ps, bits, budgets, s,
                output.progress(spec), output.out.resolve("files")));
        if (!noBaselines) {
            points.addAll(MiracleBenchmark.baselines(a, split, s, output.progress(spec)));
        }
        MiracleBenchmark.write(points, "MIRACLE, " + a.name() + ", " + split.description(), output.out);
        spec.commandLine().getOut().println(Files.readString(output.out.resolve("miracle.md")));
        spec.commandLine().getOut().println("wrote " + output.out.resolve("miracle.md"));
        return Main.EXIT_OK;
    }
}
