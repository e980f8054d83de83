package io.rec4j.cli;

import io.rec4j.codec.bitsback.BitsBackDecoder;
import io.rec4j.codec.bitsback.BitsBackFormat;
import io.rec4j.codec.bitsback.ModelDirectory;
import io.rec4j.core.container.Container;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rec4j bitsback decode IN.r4j OUT_DIR}. */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        description = {"Decode a bits-back file to a model directory (config.json + model.safetensors, float16)."},
        footer = {"", Main.EXIT_CODES})
final class BitsbackDecodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "A .r4j file written by 'rec4j bitsback encode' (- for"
            + " standard input).")
    String in;

    @Parameters(index = "1", paramLabel = "OUT_DIR", description = "Output model directory.")
    Path out;

    @Option(names = {"-f", "--force"}, description = "Overwrite config.json / model.safetensors if they exist.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!force) {
            for (String f : new String[] {ModelDirectory.CONFIG, ModelDirectory.WEIGHTS}) {
                if (Files.exists(out.resolve(f))) {
                    throw new java.nio.file.FileAlreadyExistsException(out.resolve(f).toString());
                }
            }
        }
        // a whole model: files up to the largest byte array (the encoder writes no larger ones)
        byte[] bytes = CliFiles.readInput(in, Integer.MAX_VALUE - 8, "bits-back file");
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        int sites = CliFiles.parsing(in, () -> {
            try {
                return BitsBackFormat.fromContainer(Container.parse(bytes).header()).sites().size();
            } catch (java.io.IOException e) {
                throw new io.rec4j.core.Rec4jDataException(e.getMessage(), e);
            }
        });
        Progress bar = new Progress(err, "decoding sites", sites, quiet, 500_000_000L);
        BitsBackDecoder.Decoded d = BitsBackDecoder.decode(bytes, bar::advanceTo);
        ModelDirectory.write(out, d.config(), d.tensors(), force);
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %d tensors, %d sites; %.1f s%n", out, d.tensors().size(),
                    d.layout().sites().size(), (System.nanoTime() - start) / 1e9);
        }
        return Main.EXIT_OK;
    }
}
