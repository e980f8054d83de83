package io.rec4j.cli;

import io.rec4j.bench.miracle.MiracleBenchmark;
import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.MiracleEncoder;
import io.rec4j.codec.miracle.MiracleFile;
import java.nio.file.Files;
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
    @Mixin
    MiracleOptions options;

    @Option(names = "--param", defaultValue = "mean-var,mean-kl", split = ",", paramLabel = "P",
            description = "Parameterisations (default: ${DEFAULT-VALUE}).")
    List<String> params;

    @Option(names = "--bits", defaultValue = "8,12,16", split = ",", paramLabel = "C",
            description = "Bits per block (default: ${DEFAULT-VALUE}).")
    int[] bits;

    @Option(names = "--budget-kb", defaultValue = "2,4", split = ",", paramLabel = "B",
            description = "Budgets of block indices in kB (default: ${DEFAULT-VALUE}).")
    double[] budgets;

    @Option(names = "--no-baselines", description = "Leave out the quantisation baselines.")
    boolean noBaselines;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MiracleArchitecture a = options.architecture();
        List<MiracleFile.Parameterisation> ps = MiracleOptions.parameterisations(params);
        for (double b : budgets) {
            for (int c : bits) {
                MiracleOptions.budgetBits("--bits", c, b);
            }
        }
        MiracleEncoder.Settings s = options.settings();
        Mnist.Split split = options.split();
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
