package io.rec4j.cli;

import io.rec4j.bench.combiner.SpaceOrcBlocksBenchmark;
import io.rec4j.codec.combiner.CombinerModel;
import java.io.IOException;
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

/** {@code rec4j bench sp-orc}: runs {@link SpaceOrcBlocksBenchmark}. */
@Command(name = "sp-orc",
        mixinStandardHelpOptions = true,
        description = {
            "Space-partitioned ORC against ORC as COMBINER's block coder on CIFAR-10: bpp and PSNR of each coder on the"
                    + " same fitted posteriors (no fine-tuning), and the rate sp-ORC saves at equal PSNR.",
            "",
            "Per model: estimates each parameter's mutual information from --train-images fitted training images,"
                    + " then codes the first --images test images with ORC-16, sp-ORC on merged blocks (--merge) and"
                    + " an exact posterior sample. Writes CSV, Markdown and a PNG plot."})
final class SpaceOrcBenchCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE|NAME",
            description = "COMBINER model for 32x32 images (repeatable, in increasing rate; default: the shipped"
                    + " combiner-cifar10-q1..q3).")
    List<String> models;

    @Option(names = "--train-data", defaultValue = "../shared/data/cifar10/train-4660.bin", paramLabel = "FILE",
            description = "CIFAR-10 training file for the mutual-information estimate (default: ${DEFAULT-VALUE}).")
    Path train;

    @Option(names = "--data", defaultValue = "../shared/data/cifar10/test-500.bin", paramLabel = "FILE",
            description = "CIFAR-10 test file (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--train-images", defaultValue = "32",
            description = "Training images fitted for the estimate (default: ${DEFAULT-VALUE}).")
    int trainImages;

    @Option(names = "--images", defaultValue = "32", description = "First N test images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--steps", defaultValue = "5000",
            description = "Fitting steps per image (default: ${DEFAULT-VALUE}; the paper's test fit: 25000).")
    int steps;

    @Option(names = "--merge", split = ",", defaultValue = "3", paramLabel = "M[,M...]",
            description = "Blocks merged per sp-ORC block (default: ${DEFAULT-VALUE}, 48-bit blocks as the paper).")
    int[] merge;

    @Option(names = "--extra-bin-bits", split = ",", defaultValue = "0", paramLabel = "D[,D...]",
            description = "Bin bits of each sp-ORC block: floor(sum of its MI) - 16 + D (default: ${DEFAULT-VALUE};"
                    + " repeatable list, one sp-ORC variant per value).")
    int[] extraBits;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<CombinerModel> list = new ArrayList<>();
        List<String> names = models == null ? List.of("combiner-cifar10-q1", "combiner-cifar10-q2",
                "combiner-cifar10-q3") : models;
        for (String m : names) {
            list.add(CliFiles.loadModel(m));
        }
        for (Path p : List.of(train, data)) {
            if (!Files.isRegularFile(p)) {
                throw new Main.UsageException(p + ": no such file (CIFAR-10 binary format)");
            }
        }
        SpaceOrcBlocksBenchmark.Settings s;
        try {
            s = new SpaceOrcBlocksBenchmark.Settings(list, train, data, trainImages, images, steps, merge, extraBits,
                    output.out);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        String md = new SpaceOrcBlocksBenchmark(s, output.progress(spec)).run();
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().println("wrote " + output.out.resolve("sp-orc-cifar10.md"));
        return Main.EXIT_OK;
    }
}
