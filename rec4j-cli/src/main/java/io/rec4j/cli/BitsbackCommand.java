package io.rec4j.cli;

import io.rec4j.codec.bitsback.BitsBackDemo;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rec4j bitsback}: bits-back coding of the rotational symmetries of SliceGPT-sliced transformers. */
@Command(name = "bitsback",
        mixinStandardHelpOptions = true,
        description = {"Bits-back coding of rotational symmetries in SliceGPT-sliced transformers: each residual"
                + " site's rotation is drawn from the compressed stream and given back by the decoder (He, Flamich,"
                + " Hernandez-Lobato, arXiv 2410.01309).",
            "",
            "'encode' codes a model directory (config.json + model.safetensors, OPT or Llama after SliceGPT);"
                    + " 'decode' writes the (rotated, float16) model back; 'eval' measures perplexity and logit"
                    + " differences; 'demo' trains, slices, codes and checks a small model. docs/bitsback.md has the"
                    + " details."},
        subcommands = {BitsbackDemoCommand.class, BitsbackEncodeCommand.class, BitsbackDecodeCommand.class,
            BitsbackEvalCommand.class, CommandLine.HelpCommand.class})
final class BitsbackCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'rec4j bitsback --help')");
    }

    /** A {@link BitsBackDemo.Listener} drawing one progress bar per stage. */
    static BitsBackDemo.Listener bars(PrintWriter err, boolean quiet) {
        return new BitsBackDemo.Listener() {
            private Progress bar;

            @Override
            public void stage(String name, long total) {
                bar = new Progress(err, name, total, quiet, 500_000_000L);
            }

            @Override
            public void step(long done) {
                bar.advanceTo(done);
            }
        };
    }
}
