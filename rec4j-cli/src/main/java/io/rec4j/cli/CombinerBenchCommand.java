package io.rec4j.cli;

import io.rec4j.bench.combiner.CombinerBenchmark;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.nn.engine.TrainingEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j bench combiner}: runs {@link CombinerBenchmark}. */
@Command(name = "combiner",
        mixinStandardHelpOptions = true,
        description = {
            "Rate-distortion of COMBINER against JPEG, WebP and JPEG 2000 on Kodak images.",
            "",
            "Every shipped quality against JPEG (ImageIO), and WebP / JPEG 2000 when "
                    + "cwebp / opj_compress are installed, on center crops of the Kodak images (--full: whole images); "
                    + "encode/decode times; ms per training step and RSS. Writes CSV, Markdown and a PNG plot."})
final class CombinerBenchCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "../shared/data/kodak", paramLabel = "DIR",
            description = "Evaluation images (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--crop", defaultValue = "64", description = "Center-crop size (default: ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--full", description = "Whole images instead of crops (hours per image on a CPU).")
    boolean full;

    @Option(names = "--images", defaultValue = "24", description = "Use the first N images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--steps", defaultValue = "1500", description = "Fit steps per tile (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--engine", paramLabel = "E", description = "Training engine: ${COMPLETION-CANDIDATES} (default: FUSED).")
    TrainingEngine engine;

    @Option(names = "--timing-steps", defaultValue = "1000",
            description = "Steps per engine and network in the step-timing section (0: skip; default: ${DEFAULT-VALUE}).")
    int timingSteps;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CombinerBenchmark.Settings settings;
        try {
            settings = new CombinerBenchmark.Settings(data, crop, full, images, steps, engine, timingSteps, output.out);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--images and --steps must be positive, --crop at least 8");
        }
        if (ShippedModels.count() == 0) {
            throw new Main.UsageException("no shipped COMBINER models in this build");
        }
        String md = new CombinerBenchmark(settings, output.progress(spec)).run();
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().println("wrote " + output.out.resolve("combiner-report.md"));
        return Main.EXIT_OK;
    }
}
