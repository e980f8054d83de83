package io.rec4j.cli;

import io.rec4j.bench.irec.IrecBenchmark;
import io.rec4j.codec.image.Mnist;
import io.rec4j.codec.irec.LatentChannel;
import io.rec4j.codec.irec.VaeEvaluation;
import io.rec4j.codec.irec.VaeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rec4j bench irec}: lossless rates per REC method and lossy rate–distortion of iREC models. */
@Command(name = "irec",
        mixinStandardHelpOptions = true,
        description = {"iREC on 28x28 grey digits: lossless bits/dim per latent coding method beside the model's"
                + " negative ELBO, PNG, WebP-lossless and the papers' MNIST figures; lossy PSNR vs bits/dim of"
                + " models trained with several beta, beside JPEG and WebP. Writes irec.md, CSV files and a plot."},
        footer = {"", Main.EXIT_CODES})
final class IrecBenchCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "MNIST-style folder; its test images are coded (the last 2000 of a single set, else t10k).")
    Path data;

    @Option(names = "--models", split = ",", paramLabel = "MODEL", defaultValue = IrecCommand.DEFAULT_MODEL,
            description = "Models for the lossless table (files or shipped names; default ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--lossy-models", split = ",", paramLabel = "MODEL",
            description = "Models for the lossy curve (e.g. trained with --beta 1, 2, 4, 8); default: those of --models.")
    List<String> lossyModels;

    @Option(names = "--methods", split = ",", paramLabel = "METHOD",
            defaultValue = "irec,irec-sampled,pfr,astar,gprs,grc,grcd,sp-pfr",
            description = "Latent coding methods (default ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--images", paramLabel = "N", defaultValue = "2000", description = "Test images coded (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--single", paramLabel = "N", defaultValue = "200",
            description = "Images also coded one file each, for the per-file rate (default ${DEFAULT-VALUE}).")
    int single;

    @Option(names = "--no-baselines", description = "Leave out PNG, WebP and JPEG.")
    boolean noBaselines;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || single < 0) {
            throw new Main.UsageException("--images must be at least 1 and --single at least 0");
        }
        if (!Files.isDirectory(data)) {
            throw new Main.UsageException(data + " is not a folder (--data wants an MNIST-style folder)");
        }
        List<VaeModel> ms = new ArrayList<>();
        for (String m : models) {
            ms.add(IrecCommand.loadModel(m));
        }
        for (VaeModel m : ms) {
            for (String method : methods) {
                try {
                    LatentChannel.parse(method, true, m);
                } catch (IllegalArgumentException e) {
                    throw new Main.UsageException(e.getMessage());
                }
            }
        }
        List<VaeModel> lossy = new ArrayList<>();
        for (String m : lossyModels != null ? lossyModels : models) {
            lossy.add(IrecCommand.loadModel(m));
        }
        Mnist.Split split = Mnist.split(data);
        int[][] test = VaeEvaluation.levels(split.test());
        test = Arrays.copyOf(test, Math.min(images, test.length));
        List<IrecBenchmark.Lossless> rows = new ArrayList<>();
        List<Object[]> refs = new ArrayList<>();
        for (VaeModel m : ms) {
            refs.add(new Object[] {m.name(), "-ELBO", IrecBenchmark.negativeElbo(m, test, 4)});
            rows.addAll(IrecBenchmark.lossless(m, test, methods, single, output.progress(spec)));
        }
        List<IrecBenchmark.Lossy> rd = new ArrayList<>();
        for (VaeModel m : lossy) {
            rd.add(IrecBenchmark.lossy(m, test));
        }
        List<IrecBenchmark.Lossy> jpeg = List.of();
        List<IrecBenchmark.Lossy> webp = List.of();
        if (!noBaselines) {
            refs.add(new Object[] {"PNG (javax.imageio)", "one file each", IrecBenchmark.pngBpd(test)});
            double w = IrecBenchmark.webpLosslessBpd(test, output.out.resolve("tmp"));
            if (!Double.isNaN(w)) {
                refs.add(new Object[] {"WebP lossless (cwebp -z 9)", "one file each", w});
            }
            jpeg = IrecBenchmark.jpegSweep(test);
            webp = IrecBenchmark.webpSweep(test, output.out.resolve("tmp"));
        }
        IrecBenchmark.write(test.length + " test images of " + split.description(), rows, refs, rd, jpeg, webp,
                output.out);
        spec.commandLine().getOut().println(Files.readString(output.out.resolve("irec.md")));
        spec.commandLine().getOut().println("wrote " + output.out.resolve("irec.md"));
        return Main.EXIT_OK;
    }
}
