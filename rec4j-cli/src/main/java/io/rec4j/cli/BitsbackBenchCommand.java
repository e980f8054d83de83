package io.rec4j.cli;

import io.rec4j.bench.bitsback.BitsBackBenchmark;
import io.rec4j.codec.bitsback.BitsBackDemo;
import io.rec4j.codec.bitsback.ByteTransformerTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rec4j bench bitsback}. */
@Command(name = "bitsback",
        mixinStandardHelpOptions = true,
        description = {"Bits-back rotations: bits per degree of freedom, corrections and time of one site against its"
                + " width (random blocks), the demo models end to end (sizes against the plain coder, perplexity,"
                + " logit change), and the time extrapolated to the paper's OPT models. Writes bitsback.md and CSVs."},
        footer = {"", Main.EXIT_CODES})
final class BitsbackBenchCommand implements Callable<Integer> {
    @Option(names = "--widths", split = ",", paramLabel = "D", defaultValue = "128,256,512,1024",
            description = "Site widths timed on random blocks (default ${DEFAULT-VALUE}).")
    List<Integer> widths;

    @Option(names = "--columns", paramLabel = "K", defaultValue = "4",
            description = "Reference block columns as a multiple of the width (default ${DEFAULT-VALUE}, as fc1).")
    int columns;

    @Option(names = "--grid-bits", paramLabel = "B", defaultValue = "0", description = "Grid bits of the timed sites,"
            + " 4-20, or 0 to choose them as the encoder does by default (default ${DEFAULT-VALUE}).")
    int gridBits;

    @Option(names = "--text", paramLabel = "FILE", description = "Text for the demo models (default: a synthetic one).")
    Path text;

    @Option(names = "--hidden", split = ",", paramLabel = "D", defaultValue = "128,256",
            description = "Widths of the demo models (default ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--no-models", description = "Time the sites only: no demo model is trained.")
    boolean noModels;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1200", description = "Training steps of each demo model"
            + " (default ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (int d : widths) {
            if (d < 2 || d > 4096) {
                throw new Main.UsageException("--widths must be in [2, 4096], was " + d);
            }
        }
        if (columns < 1 || columns > 64 || (gridBits != 0 && (gridBits < 4 || gridBits > 20))) {
            throw new Main.UsageException("--columns must be in [1, 64] and --grid-bits 0 or in [4, 20]");
        }
        List<ByteTransformerTrainer.Settings> models = new ArrayList<>();
        try {
            for (int h : noModels ? List.<Integer>of() : hidden) {
                ByteTransformerTrainer.Settings d = ByteTransformerTrainer.Settings.demo(h);
                models.add(new ByteTransformerTrainer.Settings(h, d.layers(), d.heads(), d.context(), steps, d.batch(),
                        d.lr(), d.seed()));
            }
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        byte[] bytes = text == null ? BitsBackDemo.syntheticText(400_000, 1) : Files.readAllBytes(text);
        var err = spec.commandLine().getErr();
        List<BitsBackBenchmark.Scaling> scaling = new ArrayList<>();
        Progress bar = new Progress(err, "sites", widths.size(), output.quiet);
        for (int d : widths) {
            scaling.add(BitsBackBenchmark.site(d, columns, gridBits, d));
            bar.step();
        }
        List<BitsBackDemo.Report> demos = new ArrayList<>();
        for (ByteTransformerTrainer.Settings s : models) {
            demos.add(BitsBackDemo.run(bytes, s, 0.8, 64, null, BitsbackCommand.bars(err, output.quiet),
                    BitsBackDemo.shipped(s, bytes)));
        }
        BitsBackBenchmark.write(scaling, demos, text == null ? "a synthetic text" : text.toString(), output.out);
        spec.commandLine().getOut().println(Files.readString(output.out.resolve("bitsback.md")));
        spec.commandLine().getOut().println("wrote " + output.out.resolve("bitsback.md"));
        return Main.EXIT_OK;
    }
}
