package io.rec4j.cli;

import io.rec4j.codec.combiner.FitSettings;
import io.rec4j.codec.combiner.ProgressiveRefinement;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.codec.recombiner.ShippedRecombinerModels;
import io.rec4j.nn.engine.TrainingEngine;
import java.io.IOException;
import io.rec4j.codec.recombiner.RecombinerModel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the COMBINER encoder (model choice, fit schedule, engine). */
final class CombinerOptions {
    @Option(names = "--model", paramLabel = "FILE|NAME",
            description = "Model file: COMBINER (from 'rec4j combiner train-prior') or RECOMBINER (from 'rec4j recombiner train-prior', images or audio; --steps then sets its inference and refinement steps); or the name of a shipped model ('rec4j models' lists them; an existing file of that name wins); default: the shipped COMBINER model of --quality (for a 32x32 image, combiner-cifar10-q<quality>; for a WAV file, recombiner-speech-q<quality>).")
    Path model;

    @Option(names = "--quality", paramLabel = "Q",
            description = "Shipped model: 1 (smallest files) to the number of shipped models (best quality); default "
                    + ShippedModels.DEFAULT_QUALITY + ". Photos: combiner-q1..q3; 32x32 images: combiner-cifar10-q1..q3"
                    + " (default " + ShippedModels.DEFAULT_CIFAR10_QUALITY + "), or with --method recombiner"
                    + " recombiner-cifar10-q1..q4; WAV files: recombiner-speech-q1..q2 (default "
                    + ShippedRecombinerModels.DEFAULT_AUDIO_QUALITY + ").")
    Integer quality;

    @Option(names = "--steps", paramLabel = "N",
            description = "Adam steps of the posterior fit per tile (default: " + CombinerOptions.PHOTO_STEPS
                    + " for photo tiles; " + CombinerOptions.SMALL_TILE_STEPS + ", the COMBINER paper's, with its"
                    + " fine-tuning schedule, for models of 32x32 tiles such as combiner-cifar10-q*;"
                    + " RECOMBINER: " + CombinerOptions.PHOTO_STEPS + " inference and as many refinement steps).")
    Integer steps;

    /** Default fit steps per photo tile (and RECOMBINER's inference steps). */
    static final int PHOTO_STEPS = 1500;
    /** Default fit steps for models of {@value #SMALL_TILE}×{@value #SMALL_TILE} tiles: the paper's. */
    static final int SMALL_TILE_STEPS = 25_000;
    /** The tile that gets the paper's fit and fine-tuning by default: a 32×32 CIFAR-10 image. */
    static final int SMALL_TILE = 32;

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
                        + " model; this command needs a COMBINER model" + (named.irec() != null
                        ? " (iREC models code 28x28 grey images with 'rec4j irec compress')" : ""));
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

    /** {@code --steps}, or {@code dflt} when it was not given; at least 1. */
    int steps(int dflt) {
        int n = steps == null ? dflt : steps;
        if (n < 1) {
            throw new Main.UsageException("--steps must be at least 1, was " + n);
        }
        return n;
    }

    /**
     * The fit of {@code model}'s tiles: {@code --steps}, by default {@value #PHOTO_STEPS} per photo tile and the
     * paper's {@value #SMALL_TILE_STEPS} for {@value #SMALL_TILE}-pixel tiles (CIFAR-10 models), where a step is
     * cheap.
     */
    FitSettings fitSettings(CombinerModel model) {
        FitSettings s = FitSettings.defaults().withSteps(steps(model.tile() == SMALL_TILE ? SMALL_TILE_STEPS
                : PHOTO_STEPS));
        return engine == null ? s : s.withEngine(engine);
    }

    /**
     * Fine-tuning between blocks: the COMBINER authors' schedule for {@value #SMALL_TILE}-pixel tiles (CIFAR-10
     * models), the CPU-sized one (5 times fewer steps) for other tiles.
     */
    static ProgressiveRefinement.Schedule schedule(CombinerModel model) {
        return model.tile() == SMALL_TILE ? ProgressiveRefinement.Schedule.reference()
                : ProgressiveRefinement.Schedule.defaults();
    }
}
