package io.rec4j.cli;

import io.rec4j.codec.combiner.FitSettings;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.nn.engine.TrainingEngine;
import java.io.IOException;
import io.rec4j.codec.recombiner.RecombinerModel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the COMBINER encoder (model choice, fit schedule, engine). */
final class CombinerOptions {
    @Option(names = "--model", paramLabel = "FILE|NAME",
            description = "Model file: COMBINER (from 'rec4j combiner train-prior') or RECOMBINER (from 'rec4j recombiner train-prior', 32x32 images; --steps then sets its inference and refinement steps); or the name of a shipped model ('rec4j models' lists them; an existing file of that name wins); default: the shipped COMBINER model of --quality.")
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

    /**
     * The shipped model {@code --model} names ({@link ModelCatalog}), or null when {@code --model} is absent, is
     * {@code -} or names an existing file (a path that exists wins over a name).
     *
     * @throws Main.UsageException when it is neither an existing file nor a shipped model's name
     */
    ModelCatalog.Listed namedModel() {
        if (model == null || "-".equals(model.toString()) || Files.exists(model)) {
            return null;
        }
        return ModelCatalog.byName(model.toString()).orElseThrow(() -> new Main.UsageException("--model " + model
                + ": no such file, and not the name of a shipped model (" + ModelCatalog.names()
                + "; 'rec4j models' lists them)"));
    }

    /** The RECOMBINER model {@code --model} gives (a file or a shipped name); null for a COMBINER model or none. */
    RecombinerModel recombinerModel() throws IOException {
        if (model == null) {
            return null;
        }
        ModelCatalog.Listed named = namedModel();
        return named != null ? named.recombiner() : RecombinerFiles.probe(model);
    }

    CombinerModel resolveModel() throws IOException {
        if (model != null && quality != null) {
            throw new Main.UsageException("--model and --quality are mutually exclusive");
        }
        if (model != null) {
            ModelCatalog.Listed named = namedModel();
            if (named == null) {
                return CliFiles.readModel(model);
            }
            if (named.combiner() == null) {
                throw new Main.UsageException("--model " + model + " is a " + named.method().name()
                        + " model; this command needs a COMBINER model");
            }
            return named.combiner();
        }
        int q = quality == null ? ShippedModels.DEFAULT_QUALITY : quality;
        try {
            return ShippedModels.forQuality(q);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--quality: " + e.getMessage());
        }
    }

    /**
     * Checks a tile margin for {@code model}: 0 (independent tiles) to half the tile ({@code docs/combiner.md},
     * "Overlapping tiles").
     *
     * @throws Main.UsageException otherwise
     */
    static void checkMargin(int margin, CombinerModel model) {
        if (margin < 0 || 2L * margin > model.tile()) {
            throw new Main.UsageException("--margin must be within 0.." + model.tile() / 2 + " for the "
                    + model.tile() + "-pixel tiles of " + model.name() + ", was " + margin);
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
