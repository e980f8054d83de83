package io.rec4j.cli;

import io.rec4j.codec.combiner.FitSettings;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.nn.engine.TrainingEngine;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the COMBINER encoder (model choice, fit schedule, engine). */
final class CombinerOptions {
    @Option(names = "--model", paramLabel = "FILE",
            description = "Model file: COMBINER (from 'rec4j combiner train-prior') or RECOMBINER (from 'rec4j recombiner train-prior', 32x32 images; --steps then sets its inference and refinement steps); default: the shipped COMBINER model of --quality.")
    Path model;

    @Option(names = "--quality", paramLabel = "Q",
            description = "Shipped model: 1 (smallest files) to the number of shipped models (best quality); default "
                    + ShippedModels.DEFAULT_QUALITY + ".")
    Integer quality;

    @Option(names = "--steps", paramLabel = "N",
            description = "Adam steps of the posterior fit per tile (default: ${DEFAULT-VALUE}).", defaultValue = "1500")
    int steps;

    @Option(names = "--engine", paramLabel = "E",
            description = "Training engine: ${COMPLETION-CANDIDATES} (default: FUSED, pure Java, on the Vector API "
                    + "where the JVM has jdk.incubator.vector, as the rec4j launcher gives it; FUSED_SCALAR: "
                    + "plain-Java loops only).")
    TrainingEngine engine;

    CombinerModel resolveModel() throws IOException {
        if (model != null && quality != null) {
            throw new Main.UsageException("--model and --quality are mutually exclusive");
        }
        if (model != null) {
            return CliFiles.readModel(model);
        }
        int q = quality == null ? ShippedModels.DEFAULT_QUALITY : quality;
        try {
            return ShippedModels.forQuality(q);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--quality: " + e.getMessage());
        }
    }

    FitSettings fitSettings() {
        if (steps < 1) {
            throw new Main.UsageException("--steps must be at least 1, was " + steps);
        }
        FitSettings s = FitSettings.defaults().withSteps(steps);
        return engine == null ? s : s.withEngine(engine);
    }
}
