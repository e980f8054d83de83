package io.rec4j.cli;

import io.rec4j.codec.image.Mnist;
import io.rec4j.pacbayes.Hmc;
import io.rec4j.pacbayes.MlpClassifier;
import io.rec4j.pacbayes.PacBayesExperiment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options {@code rec4j pacbayes run} and {@code rec4j bench pacbayes} share: data size, network, sampler, VI. */
final class PacbayesOptions {
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
            + " rung and chain (default ${DEFAULT-VALUE}); from 100 on the diagonal mass is adapted too.")
    int burnIn;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "100", description = "Kept HMC draws per rung and chain"
            + " (default ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--final-draws", paramLabel = "N", defaultValue = "500", description = "Kept HMC draws per chain"
            + " at the last rung, beta itself (default ${DEFAULT-VALUE}).")
    int finalDraws;

    @Option(names = "--steps", paramLabel = "L", defaultValue = "10", description = "Leapfrog steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--prior-std", paramLabel = "S", defaultValue = "0.1", description = "Prior standard deviation,"
            + " around a seeded random network (default ${DEFAULT-VALUE}; PBB's 0.03 left both posteriors at the prior"
            + " with 1,000-2,000 examples).")
    double priorStd;

    @Option(names = "--vi-epochs", paramLabel = "E", defaultValue = "50", description = "Mean-field VI epochs"
            + " (default ${DEFAULT-VALUE}).")
    int viEpochs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** The validated experiment settings (usage errors for anything out of range). */
    PacBayesExperiment.Settings settings() {
        if (!arch.matches("mlp-[1-9][0-9]{0,4}")) {
            throw new Main.UsageException("--arch must be mlp-H with 1 ≤ H ≤ 99999, was " + arch);
        }
        if (n < 10 || downsample < 1 || Mnist.SIDE % downsample != 0) {
            throw new Main.UsageException("need --n ≥ 10 and a --downsample dividing 28");
        }
        for (double l : lambdas) {
            if (!(l > 0 && l < 2)) {
                throw new Main.UsageException("every --lambda-grid value must be in (0, 2), got " + l);
            }
        }
        if (chains < 1 || rungs < 1 || burnIn < 0 || draws < 4 || finalDraws < 4 || steps < 1 || viEpochs < 1
                || !(priorStd > 0)) {
            throw new Main.UsageException("need --chains, --rungs, --steps, --vi-epochs ≥ 1, --burn-in ≥ 0, --draws and"
                    + " --final-draws ≥ 4 and --prior-std > 0");
        }
        double[] grid = lambdas.stream().mapToDouble(Double::doubleValue).toArray();
        return new PacBayesExperiment.Settings(Integer.parseInt(arch.substring(4)), 1e-4, priorStd, grid, rungs, 4,
                chains, new Hmc.Settings(burnIn, draws, 0.01, steps, 0.2, 0.8, burnIn >= 100), finalDraws, viEpochs, 1e-3, 1000, 0.025,
                0.01, 0.01, seed);
    }

    /** Runs the experiment on the first {@code --n} training examples of {@code data}; returns the report's Markdown. */
    String run(Path data, Path out, String name, String title, PrintWriter err, boolean quiet) throws IOException {
        PacBayesExperiment.Settings s = settings();
        Mnist.Set set = Mnist.readFolder(data, Mnist.hasSet(data, "") ? "" : "train");
        if (n > set.count()) {
            throw new Main.UsageException("--n " + n + " is larger than the " + set.count() + " examples in " + data);
        }
        Mnist.Set used = set.slice(0, n);
        int side = Mnist.SIDE / downsample;
        float[] x = MlpClassifier.downsample(used.pixels(), n, Mnist.SIDE, downsample);
        Progress[] bar = new Progress[1];
        List<PacBayesExperiment.Result> results = PacBayesExperiment.run(x, used.labels(), side * side, 10, s,
                new PacBayesExperiment.Listener() {
                    @Override
                    public void stage(String stage, long total) {
                        bar[0] = new Progress(err, stage, total, quiet);
                    }

                    @Override
                    public void step(long done) {
                        bar[0].advanceTo(done);
                    }
                });
        String description = title + "\n\n" + String.format(Locale.ROOT, "Data: first %d examples of %s, %d×%d inputs;"
                + " network %d-%d-10 (ReLU); prior N(μ₀, %.3g²I) around a seeded random network; bounded"
                + " cross-entropy (p_min 1e-4) to sample and train, 0-1 loss certified; δ = 0.025, δ′ = 0.01,"
                + " δ_TI = 0.01. HMC: %d chains, %d rungs (power 4), %d burn-in + %d draws per rung (%d at the last),"
                + " %d leapfrog steps%s."
                + " MFVI: %d epochs, batch 100, Adam 1e-3, 1,000 draws for its risk. The plug-in certificate assumes the"
                + " TI estimate is the KL and the HMC draws are independent; the Hoeffding one assumes ESS independent"
                + " draws per rung; the surrogate one certifies the diagonal Gaussian fitted to the last rung's draws"
                + " instead of the Gibbs posterior, and it and the MFVI one are exact but for the usual Monte-Carlo"
                + " correction"
                + " (docs/pacbayes.md).", n, data, side, side, side * side, s.hidden(), priorStd, chains, rungs, burnIn,
                draws, finalDraws, steps, burnIn >= 100 ? ", diagonal mass adapted in burn-in" : "", viEpochs);
        return io.rec4j.bench.pacbayes.PacBayesReport.write(results, description, out, name);
    }
}
