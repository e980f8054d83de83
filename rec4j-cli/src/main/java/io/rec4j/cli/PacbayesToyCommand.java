package io.rec4j.cli;

import io.rec4j.pacbayes.Hmc;
import io.rec4j.pacbayes.LinearGaussianToy;
import io.rec4j.pacbayes.ThermodynamicIntegration;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j pacbayes toy}: thermodynamic integration by HMC on the linear-Gaussian oracle. */
@Command(name = "toy",
        mixinStandardHelpOptions = true,
        description = {"Estimates KL(Q_beta||P) of a Gibbs posterior whose KL is known in closed form (a quadratic loss"
                + " on 3 points in 2-D, prior N(0, I), beta = 10) by thermodynamic integration over a power ladder,"
                + " HMC at every rung. Prints exactly four lines: 'estimate V' (trapezoid), 'lower V' and 'upper V'"
                + " (right and left sums: bounds when f is exact) and 'exact V'; diagnostics go to stderr."},
        footer = {"", Main.EXIT_CODES})
final class PacbayesToyCommand implements Callable<Integer> {
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rungs", paramLabel = "M", defaultValue = "100",
            description = "Rungs of the ladder t_j = beta (j/M)^p (default ${DEFAULT-VALUE}).")
    int rungs;

    @Option(names = "--power", paramLabel = "P", defaultValue = "4", description = "Ladder power p (default ${DEFAULT-VALUE}).")
    double power;

    @Option(names = "--chains", paramLabel = "C", defaultValue = "4", description = "HMC chains (default ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--burn-in", paramLabel = "N", defaultValue = "200",
            description = "Adaptation transitions per rung and chain (default ${DEFAULT-VALUE}).")
    int burnIn;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "1000",
            description = "Kept draws per rung and chain (default ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or diagnostics.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (rungs < 1 || rungs > 100_000 || !(power >= 1 && power <= 20) || chains < 1 || chains > 256 || burnIn < 0
                || draws < 4 || (long) draws * chains * rungs > 2_000_000_000L) {
            throw new Main.UsageException("need 1 ≤ --rungs ≤ 100000, 1 ≤ --power ≤ 20, 1 ≤ --chains ≤ 256,"
                    + " --burn-in ≥ 0 and --draws ≥ 4");
        }
        PrintWriter err = spec.commandLine().getErr();
        double[] ladder = ThermodynamicIntegration.powerLadder(LinearGaussianToy.BETA, rungs, power);
        Hmc.Settings settings = new Hmc.Settings(burnIn, draws, 0.5, 10, 0.2, 0.8);
        Progress bar = new Progress(err, "rungs", ladder.length, quiet, 500_000_000L);
        ThermodynamicIntegration.Run run = ThermodynamicIntegration.run(new LinearGaussianToy(), ladder, chains,
                settings, seed, (done, total, rung) -> bar.advanceTo(done));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "estimate %.10f%n", run.estimate().estimate());
        out.printf(Locale.ROOT, "lower %.10f%n", run.estimate().lower());
        out.printf(Locale.ROOT, "upper %.10f%n", run.estimate().upper());
        out.println("exact " + LinearGaussianToy.kl(LinearGaussianToy.BETA));
        out.flush();
        if (!quiet) {
            double accept = run.rungs().stream().skip(1).mapToDouble(ThermodynamicIntegration.Rung::acceptance)
                    .average().orElse(0);
            int divergent = run.rungs().stream().mapToInt(ThermodynamicIntegration.Rung::divergent).sum();
            err.printf(Locale.ROOT, "Monte-Carlo standard error of the estimate %.4f; %d rungs (power %.3g), %d chains ×"
                    + " %d draws after %d burn-in; max split-R̂ %.4f, min ESS %.0f, mean acceptance %.3f, %d divergent%n",
                    run.standardError(), rungs, power, chains, draws, burnIn, run.maxRHat(), run.minEss(), accept,
                    divergent);
        }
        return Main.EXIT_OK;
    }
}
