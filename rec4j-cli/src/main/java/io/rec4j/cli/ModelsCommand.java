package io.rec4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rec4j models}: the shipped models ({@link ModelCatalog}), one line each. */
@Command(name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "List the models shipped with rec4j.",
            "",
            "One line per model: its name (give it to 'rec4j compress --model NAME'), the method, the kind of data, the "
                    + "item its bits pay for (a COMBINER tile, a RECOMBINER image or audio clip, a MIRACLE network), the block "
                    + "bits per item (blocks x kappa; for a MIRACLE network every bit of its file) and the rate they "
                    + "make: bits per pixel, kilobits per second of audio, or the network's size in kB. A COMBINER image costs its tiles' bits (edge tiles are "
                    + "padded) plus a few bytes of header. An iREC VAE's bits vary per image: it shows the mean KL of"
                    + " its latent over the training images, and as rate the negative ELBO on test images (the ideal"
                    + " lossless rate; 'rec4j bench irec' measures the real one)."})
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The format of a line, the name column as wide as the longest name. */
    static String format(List<ModelCatalog.Listed> models) {
        int name = Math.max(14, models.stream().mapToInt(m -> m.name().length()).max().orElse(0));
        return "%-" + name + "s %-11s %-7s %-14s %14s %12s%n";
    }

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<ModelCatalog.Listed> models = ModelCatalog.all();
        String format = format(models);
        w.printf(Locale.ROOT, format, "name", "method", "data", "input size", "bits per item", "rate");
        for (ModelCatalog.Listed m : models) {
            w.printf(Locale.ROOT, format, m.name(), m.method().name(), m.dataKind(), m.inputSize(), m.bitsPerItem(),
                    m.rate());
        }
        if (models.isEmpty()) {
            w.println("(no models are packaged in this build)");
        }
        w.flush();
        return Main.EXIT_OK;
    }
}
