package io.rec4j.cli;

import io.rec4j.bench.recombiner.CifarBenchmark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.image.Cifar10;
import io.rec4j.codec.recombiner.RecombinerModel;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j bench recombiner}: runs {@link CifarBenchmark}. */
@Command(name = "recombiner",
        mixinStandardHelpOptions = true,
        description = {
            "RECOMBINER and COMBINER on CIFAR-10 test images beside the papers' curves and JPEG / WebP / JPEG 2000 at"
                    + " matched sizes.",
            "",
            "Encodes the first --images images of the test file with each --model (batches of --batch), and reports "
                    + "mean PSNR with its 95%% interval, PSNR before coding, the paper's PSNR at the same bpp, "
                    + "encode and decode time per image. Writes CSV, Markdown and a PNG plot."})
final class RecombinerBenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE|NAME",
            description = "RECOMBINER or COMBINER model file or shipped model name (repeatable), for 32x32 images.")
    List<String> models;

    @Option(names = "--data", defaultValue = "../shared/data/cifar10/test-500.bin", paramLabel = "FILE",
            description = "CIFAR-10 test file (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--images", defaultValue = "100", description = "First N test images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--steps", defaultValue = "2000",
            description = "RECOMBINER: inference steps, and as many refinement steps (the paper: 30000); COMBINER:"
                    + " fitting steps, then the authors' fine-tuning schedule (the paper: 25000). Default:"
                    + " ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", defaultValue = "16", description = "Images encoded together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr",
            description = "Adam learning rate of inference and refinement (default: RECOMBINER 2e-4, the paper's;"
                    + " COMBINER 1e-3).")
    Double lr;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CifarBenchmark.Settings s;
        try {
            List<CifarBenchmark.Entry> list = new ArrayList<>();
            for (String m : models) {
                list.add(entry(m));
            }
            s = new CifarBenchmark.Settings(list, data, images, steps, batch, lr == null ? Double.NaN : lr,
                    output.out);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        String md = new CifarBenchmark(s, output.progress(spec)).run();
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().println("wrote " + output.out.resolve("recombiner-cifar10.md"));
        return Main.EXIT_OK;
    }

    /** A RECOMBINER or COMBINER model for 32×32 images, from a file or a shipped name. */
    private static CifarBenchmark.Entry entry(String fileOrName) throws IOException {
        Path p = Path.of(fileOrName);
        RecombinerModel rm = null;
        CombinerModel cm = null;
        if (Files.exists(p)) {
            rm = RecombinerFiles.probe(p);
            if (rm == null) {
                cm = CliFiles.readModel(p);
            }
        } else {
            ModelCatalog.Listed named = ModelCatalog.byName(fileOrName).orElseThrow(() -> new Main.UsageException(
                    fileOrName + ": no such file, and not the name of a shipped model (" + ModelCatalog.names() + ")"));
            rm = named.recombiner();
            cm = named.combiner();
        }
        if (rm != null) {
            if (rm.architecture().inputDim() != 2 || rm.architecture().signalWidth() != Cifar10.SIDE
                    || rm.architecture().signalHeight() != Cifar10.SIDE) {
                throw new Main.UsageException(fileOrName + " is not a model for 32x32 images");
            }
            return CifarBenchmark.of(rm);
        }
        if (cm.tile() != Cifar10.SIDE) {
            throw new Main.UsageException(fileOrName + " codes " + cm.tile() + "x" + cm.tile()
                    + " tiles; this benchmark needs a model for 32x32 images");
        }
        return CifarBenchmark.of(cm);
    }
}
