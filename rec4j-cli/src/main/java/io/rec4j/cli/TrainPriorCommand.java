package io.rec4j.cli;

import io.rec4j.codec.combiner.FitSettings;
import io.rec4j.codec.combiner.PatchSampler;
import io.rec4j.codec.combiner.PriorLearner;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.nn.engine.TrainingEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j combiner train-prior}: learn a COMBINER model (prior + block partition) from training images. */
@Command(name = "train-prior",
        mixinStandardHelpOptions = true,
        description = {
            "Learn a COMBINER model from random patches of the images in a folder.",
            "",
            "Runs the closed-form EM of COMBINER: each patch's posterior is fitted against the current prior "
                    + "(E-step), the prior becomes the mixture moments of the posteriors (M-step). The average per-weight "
                    + "KL then sets the block partition (at most kappa bits per block). The KL weight --beta sets the "
                    + "operating point: larger beta, fewer blocks, smaller files. Never train on evaluation images."})
final class TrainPriorCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR|FILE",
            description = "Folder of PNG/JPEG training images, or a CIFAR-10 binary file (*.bin: its first --patches"
                    + " images, whole with --tile 32).")
    Path data;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Model file to write.")
    String out;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name stored in the file (default: the file name).")
    String name;

    @Option(names = "--tile", defaultValue = "64", description = "Tile (patch) size in pixels (default: ${DEFAULT-VALUE}).")
    int tile;

    @Option(names = "--embedding", defaultValue = "32", description = "Fourier embedding size (default: ${DEFAULT-VALUE}).")
    int embedding;

    @Option(names = "--width", defaultValue = "32", description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--layers", defaultValue = "3", description = "Sine (hidden) layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--beta", defaultValue = "1.5e-6", description = "KL weight beta (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--kappa", defaultValue = "16", description = "Bits per block (default: ${DEFAULT-VALUE}).")
    int kappa;

    @Option(names = "--max-block", defaultValue = "64",
            description = "Most scalars per block (default: ${DEFAULT-VALUE}). COMBINER caps blocks at 25, which puts"
                    + " a floor of 16*P/(25*tile^2) bpp under the rate; a larger cap lets pruned weights share blocks.")
    int maxBlock;

    @Option(names = "--blocks", paramLabel = "N", defaultValue = "0",
            description = "Land on exactly N blocks per tile (N*kappa bits): beta starts at --beta and is multiplied"
                    + " or divided by 1.5 after each EM iteration whose training KL is off N*kappa by more than 10 %%,"
                    + " and the final grouping is cut into N blocks. 0 (default): fixed beta, grouped by kappa.")
    int blocks;

    @Option(names = "--patches", defaultValue = "96", description = "Training patches (default: ${DEFAULT-VALUE}).")
    int patches;

    @Option(names = "--iterations", defaultValue = "8", description = "EM iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--first-steps", defaultValue = "600",
            description = "Adam steps per patch in the first E-step (default: ${DEFAULT-VALUE}).")
    int firstSteps;

    @Option(names = "--steps", defaultValue = "200",
            description = "Adam steps per patch in later E-steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "" + FitSettings.REFERENCE_SEED,
            description = "Seed of patches, initialisation, noise and partition (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--engine", paramLabel = "E", description = "Training engine: ${COMPLETION-CANDIDATES} (default: FUSED).")
    TrainingEngine engine;

    @Option(names = {"-f", "--force"}, description = "Overwrite the output if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print each EM iteration's beta, training MSE and KL.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SirenArchitecture arch;
        PriorLearner.Settings s;
        try {
            arch = SirenArchitecture.of(2, embedding, width, layers, 3);
            s = new PriorLearner.Settings(iterations, firstSteps, steps, lr, beta, kappa, maxBlock, seed,
                    FitSettings.DEFAULT_INIT_STD_FRACTION, engine == null ? FitSettings.DEFAULT_ENGINE : engine, blocks);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (tile < 4 || tile > 1024 || patches < 1) {
            throw new Main.UsageException("--tile must be in 4..1024 and --patches positive");
        }
        if (blocks > arch.parameterCount()) {
            throw new Main.UsageException("--blocks must be at most the network's " + arch.parameterCount()
                    + " scalars, was " + blocks);
        }
        CliFiles.checkWritable(out, force);
        PrintWriter err = spec.commandLine().getErr();
        List<RgbImage> tiles;
        try {
            tiles = PatchSampler.sample(data, tile, patches, seed);
        } catch (IllegalArgumentException e) { // an image smaller than --tile
            throw new Main.UsageException("--tile " + tile + ": " + e.getMessage());
        }
        String modelName = name != null ? name : Path.of(out).getFileName().toString().replaceFirst("\\.r4m$", "");
        Progress bar = new Progress(err, "EM (" + iterations + " iterations)", (long) iterations * tiles.size(), quiet);
        long t0 = System.nanoTime();
        PriorLearner.Learned learned = PriorLearner.learn(arch, tiles, tile, s, modelName, (it, j) -> bar.step());
        CombinerModel m = learned.model();
        CliFiles.writeOutput(out, m.toBytes(), force);
        if (!quiet) {
            int last = learned.meanMsePerIteration().length - 1;
            if (verbose) {
                for (int it = 0; it <= last; it++) {
                    double e = learned.meanMsePerIteration()[it];
                    err.printf(Locale.ROOT, "iteration %d: beta %.3g, training PSNR %.2f dB, KL %.1f bits per tile%n",
                            it + 1, learned.betaPerIteration()[it], 10 * Math.log10(1 / e),
                            learned.klBitsPerIteration()[it]);
                }
            }
            double mse = learned.meanMsePerIteration()[last];
            err.printf(Locale.ROOT, "%s: %s, %d parameters, %d blocks of <= %d bits = %.3f bpp per %dx%d tile;"
                            + " training MSE %.5f (%.2f dB), KL %.0f bits per tile, final beta %.3g; %.0f s%n",
                    out, m.id(), arch.parameterCount(), m.plan().blockCount(), kappa,
                    (double) m.plan().blockCount() * kappa / (tile * tile), tile, tile, mse,
                    10 * Math.log10(1 / mse), learned.klBitsPerIteration()[last], learned.betaPerIteration()[last],
                    (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        return Main.EXIT_OK;
    }
}
