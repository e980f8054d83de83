package io.rec4j.cli;

import io.rec4j.bench.report.Table;
import io.rec4j.codec.image.Mnist;
import io.rec4j.pacbayes.Hmc;
import io.rec4j.pacbayes.MlpClassifier;
import io.rec4j.pacbayes.PacBayesExperiment;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j pacbayes run}: HMC + thermodynamic integration against mean-field VI on an MNIST-format set. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Certified PAC-Bayes bounds on the first --n examples of an MNIST-format folder (IDX files)"
                + " for a one-hidden-layer ReLU network: for each lambda, the Gibbs posterior at beta = lambda*n sampled"
                + " by HMC with its KL by thermodynamic integration, and a mean-field Gaussian posterior trained on the"
                + " same lambda objective; same prior, loss, data and certificate. Writes pacbayes.md and CSVs to"
                + " --out. docs/pacbayes.md explains the certificates and their assumptions."},
        footer = {"", Main.EXIT_CODES})
final class PacbayesRunCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "MNIST-format folder (e.g."
            + " ../shared/data/mnist-10k, or Fashion-MNIST's).")
    Path data;

    @Option(names = "--n", paramLabel = "N", defaultValue = "2000", description = "Examples the bound is computed on"
            + " (the first N; default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--arch", paramLabel = "mlp-H", defaultValue = "mlp-20", description = "Network: mlp-H, one"
            + " hidden layer of H ReLU units (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--downsample", paramLabel = "F", defaultValue = "2", description = "Average F×F pixel blocks"
            + " (default ${DEFAULT-VALUE}: 14×14 inputs).")
    int downsample;

    @Option(names = "--lambda-grid", split = ",", paramLabel = "L", defaultValue = "0.5",
            description = "Values of lambda in (0, 2) (default ${DEFAULT-VALUE}).")
    List<Double> lambdas;

    @Option(names = "--chains", paramLabel = "C", defaultValue = "4", description = "HMC chains (default ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--rungs", paramLabel = "M", defaultValue = "10", description = "TI rungs (default ${DEFAULT-VALUE}).")
    int rungs;

    @Option(names = "--burn-in", paramLabel = "N", defaultValue = "50", description = "HMC adaptation transitions per"
            + " rung and chain (default ${DEFAULT-VALUE}).")
    int burnIn;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "100", description = "Kept HMC draws per rung and chain"
            + " (default ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--steps", paramLabel = "L", defaultValue = "10", description = "Leapfrog steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--prior-std", paramLabel = "S", defaultValue = "0.03", description = "Prior standard deviation,"
            + " around a seeded random network (default ${DEFAULT-VALUE}).")
    double priorStd;

    @Option(names = "--vi-epochs", paramLabel = "E", defaultValue = "50", description = "Mean-field VI epochs"
            + " (default ${DEFAULT-VALUE}).")
    int viEpochs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!arch.matches("mlp-[1-9][0-9]{0,4}")) {
            throw new Main.UsageException("--arch must be mlp-H with 1 ≤ H ≤ 99999, was " + arch);
        }
        int hidden = Integer.parseInt(arch.substring(4));
        if (n < 10 || downsample < 1 || 28 % downsample != 0) {
            throw new Main.UsageException("need --n ≥ 10 and a --downsample dividing 28");
        }
        for (double l : lambdas) {
            if (!(l > 0 && l < 2)) {
                throw new Main.UsageException("every --lambda-grid value must be in (0, 2), got " + l);
            }
        }
        if (chains < 1 || rungs < 1 || burnIn < 0 || draws < 4 || steps < 1 || viEpochs < 1 || !(priorStd > 0)) {
            throw new Main.UsageException("need --chains, --rungs, --steps, --vi-epochs ≥ 1, --burn-in ≥ 0, --draws ≥ 4"
                    + " and --prior-std > 0");
        }
        Mnist.Set set = Mnist.readFolder(data, Mnist.hasSet(data, "") ? "" : "train");
        if (n > set.count()) {
            throw new Main.UsageException("--n " + n + " is larger than the " + set.count() + " examples in " + data);
        }
        Mnist.Set used = set.slice(0, n);
        int side = Mnist.SIDE / downsample;
        float[] x = MlpClassifier.downsample(used.pixels(), n, Mnist.SIDE, downsample);
        double[] grid = lambdas.stream().mapToDouble(Double::doubleValue).toArray();
        PacBayesExperiment.Settings s = new PacBayesExperiment.Settings(hidden, 1e-4, priorStd, grid, rungs, 4, chains,
                new Hmc.Settings(burnIn, draws, 0.01, steps, 0.2, 0.8), viEpochs, 1e-3, 1000, 0.025, 0.01, 0.01, seed);
        PrintWriter err = spec.commandLine().getErr();
        Progress[] bar = new Progress[1];
        List<PacBayesExperiment.Result> results = PacBayesExperiment.run(x, used.labels(), side * side, 10, s,
                new PacBayesExperiment.Listener() {
                    @Override
                    public void stage(String name, long total) {
                        bar[0] = new Progress(err, name, total, quiet);
                    }

                    @Override
                    public void step(long done) {
                        bar[0].advanceTo(done);
                    }
                });
        Table t = new Table("lambda", "beta", "KL (TI)", "KL lower", "KL upper", "TI s.e.", "KL Hoeffding upper",
                "HMC 0-1 risk", "certificate plug-in", "certificate Hoeffding", "max split-R̂", "min ESS",
                "MFVI KL", "MFVI 0-1 risk", "MFVI certificate", "MFVI − HMC (plug-in)", "HMC s", "MFVI s");
        for (PacBayesExperiment.Result r : results) {
            t.row(f(r.lambda()), f(r.beta()), f(r.ti().estimate().estimate()), f(r.ti().estimate().lower()),
                    f(r.ti().estimate().upper()), f(r.ti().standardError()), f(r.klUpperHoeffding()), f(r.hmcRisk()),
                    f(r.certificatePlugIn()), f(r.certificateHoeffding()), f(r.ti().maxRHat()), f(r.ti().minEss()),
                    f(r.viKl()), f(r.viRisk()), f(r.viCertificate()), f(r.viCertificate() - r.certificatePlugIn()),
                    f(r.hmcSeconds()), f(r.viSeconds()));
        }
        Files.createDirectories(out);
        t.writeCsv(out, "pacbayes");
        String md = "# PAC-Bayes bounds: HMC + thermodynamic integration against mean-field VI\n\n"
                + String.format(Locale.ROOT, "Data: first %d examples of %s, %d×%d inputs; network %d-%d-10 (ReLU);"
                        + " prior N(μ₀, %.3g²I) around a seeded random network; bounded cross-entropy (p_min 1e-4) to"
                        + " sample and train, 0-1 loss certified; δ = 0.025, δ′ = 0.01, δ_TI = 0.01. HMC: %d chains,"
                        + " %d rungs (power 4), %d burn-in + %d draws per rung, %d leapfrog steps. MFVI: %d epochs,"
                        + " batch 100, Adam 1e-3, 1,000 draws for its risk.%n%n", n, data, side, side, side * side,
                        hidden, priorStd, chains, rungs, burnIn, draws, steps, viEpochs)
                + t.toMarkdown()
                + "\n\nThe plug-in certificate assumes the TI estimate is the KL and the HMC draws are independent;"
                + " the Hoeffding one assumes ESS independent draws per rung; the MFVI one is exact but for the usual"
                + " Monte-Carlo correction (docs/pacbayes.md).\n";
        Files.writeString(out.resolve("pacbayes.md"), md);
        spec.commandLine().getOut().print(md);
        return Main.EXIT_OK;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
