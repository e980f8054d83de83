package io.rec4j.cli;

import io.rec4j.bench.recombiner.RecombinerCifarBenchmark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.rec4j.codec.recombiner.RecombinerModel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j bench recombiner}: runs {@link RecombinerCifarBenchmark}. */
@Command(name = "recombiner",
        mixinStandardHelpOptions = true,
        description = {
            "RECOMBINER on CIFAR-10 test images beside the paper's curve and JPEG / WebP / JPEG 2000 at matched sizes.",
            "",
            "Encodes the first --images images of the test file with each --model (batches of --batch), and reports "
                    + "mean PSNR with its 95% interval, PSNR before coding, the paper's PSNR at the same bpp, "
                    + "encode and decode time per image. Writes CSV, Markdown and a PNG plot."})
final class RecombinerBenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE|NAME",
            description = "RECOMBINER model file or shipped model name (repeatable).")
    List<String> models;

    @Option(names = "--data", defaultValue = "../shared/data/cifar10/test-500.bin", paramLabel = "FILE",
            description = "CIFAR-10 test file (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--images", defaultValue = "100", description = "First N test images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--steps", defaultValue = "2000",
            description = "Inference steps, and as many refinement steps (default: ${DEFAULT-VALUE}; the paper: 30000).")
    int steps;

    @Option(names = "--batch", defaultValue = "16", description = "Images encoded together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-4",
            description = "Adam learning rate of inference and refinement (default: ${DEFAULT-VALUE}, the paper's).")
    double lr;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RecombinerCifarBenchmark.Settings s;
        try {
            List<RecombinerModel> list = new ArrayList<>();
            for (String m : models) {
                list.add(RecombinerFiles.loadModel(m));
            }
            s = new RecombinerCifarBenchmark.Settings(list, data, images, steps, batch, lr, output.out);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        String md = new RecombinerCifarBenchmark(s, output.progress(spec)).run();
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().println("wrote " + output.out.resolve("recombiner-cifar10.md"));
        return Main.EXIT_OK;
    }
}
