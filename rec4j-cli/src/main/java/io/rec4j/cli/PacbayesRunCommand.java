package io.rec4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j pacbayes run}: HMC + thermodynamic integration against mean-field VI on an MNIST-format set. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Certified PAC-Bayes bounds on the first --n examples of an MNIST-format folder (IDX files)"
                + " for a one-hidden-layer ReLU network: for each lambda, the Gibbs posterior at beta = lambda*n sampled"
                + " by HMC with its KL by thermodynamic integration, and a mean-field Gaussian posterior trained on the"
                + " same lambda objective; same prior, loss, data and certificate. Writes pacbayes.md, pacbayes.csv and"
                + " PNG plots (certificates against lambda, TI curves, traces) to --out. docs/pacbayes.md explains the"
                + " certificates and their assumptions."},
        footer = {"", Main.EXIT_CODES})
final class PacbayesRunCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "MNIST-format folder (e.g."
            + " ../shared/data/mnist-10k, or Fashion-MNIST's).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;

    @Mixin
    PacbayesOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.settings(); // usage errors before any data is read
        String md = options.run(data, out, "pacbayes", "# PAC-Bayes bounds: HMC + thermodynamic integration against"
                + " mean-field VI", spec.commandLine().getErr(), quiet);
        spec.commandLine().getOut().print(md);
        return Main.EXIT_OK;
    }
}
