package io.rec4j.cli;

import io.rec4j.bench.miracle.MiracleConvergence;
import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.MiracleEncoder;
import io.rec4j.codec.miracle.MiracleFile;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j bench miracle-curves}: runs {@link MiracleConvergence}. */
@Command(name = "miracle-curves",
        mixinStandardHelpOptions = true,
        description = {
            "Learning curves of MIRACLE's variational phase: Mean-Var against Mean-KL at the same budget.",
            "",
            "For every seed, pre-trains one network, then trains both parameterisations from it and records after"
                    + " every epoch the error on a validation set (the last --validation training images, held out"
                    + " of training) and the KL above the budget. Nothing is coded. Writes curves.csv, curves.md"
                    + " (epochs to the error both reach) and curves.png."},
        footer = {"", Main.EXIT_CODES})
final class MiracleCurvesBenchCommand implements Callable<Integer> {
    @Mixin
    MiracleOptions options;

    @Option(names = "--param", defaultValue = "mean-var,mean-kl", split = ",", paramLabel = "P",
            description = "Parameterisations (default: ${DEFAULT-VALUE}).")
    List<String> params;

    @Option(names = "--block-bits", defaultValue = "12", paramLabel = "C",
            description = "Bits per block (default: ${DEFAULT-VALUE}).")
    int blockBits;

    @Option(names = "--budget-kb", defaultValue = "4", paramLabel = "B",
            description = "Budget of block indices in kB (default: ${DEFAULT-VALUE}).")
    double budgetKb;

    @Option(names = "--seeds", defaultValue = "1,2,3", split = ",", paramLabel = "S",
            description = "Seeds, one run per seed and parameterisation (default: ${DEFAULT-VALUE}).")
    long[] seeds;

    @Option(names = "--validation", defaultValue = "1000", paramLabel = "N",
            description = "Training images held out for validation, the last ones (default: ${DEFAULT-VALUE}).")
    int validation;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MiracleArchitecture a = options.architecture();
        List<MiracleFile.Parameterisation> ps = MiracleOptions.parameterisations(params);
        long budgetBits = MiracleOptions.budgetBits("--block-bits", blockBits, budgetKb);
        if (seeds.length < 1 || seeds.length > 100) {
            throw new Main.UsageException("--seeds: give 1 to 100 seeds");
        }
        MiracleEncoder.Settings s = options.settings();
        Mnist.Split split = options.split();
        int n = split.train().count();
        if (validation < 1 || validation >= n) {
            throw new Main.UsageException("--validation must be in [1, " + (n - 1) + "], was " + validation);
        }
        Mnist.Set train = split.train().slice(0, n - validation);
        Mnist.Set val = split.train().slice(n - validation, n);
        List<MiracleConvergence.Curve> curves = MiracleConvergence.run(a, train, val, ps, blockBits,
                budgetBits, seeds, s, output.progress(spec));
        String title = String.format(Locale.ROOT, "MIRACLE, %s, C=%d, %s kB, %d + %d validation images",
                a.name(), blockBits, budgetKb, train.count(), val.count());
        MiracleConvergence.write(curves, title, output.out);
        spec.commandLine().getOut().println(Files.readString(output.out.resolve("curves.md")));
        spec.commandLine().getOut().println("wrote " + output.out.resolve("curves.md"));
        return Main.EXIT_OK;
    }
}
