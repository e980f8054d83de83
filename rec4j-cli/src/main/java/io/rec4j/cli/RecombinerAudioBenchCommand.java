package io.rec4j.cli;

import io.rec4j.bench.recombiner.RecombinerAudioBenchmark;
import io.rec4j.codec.recombiner.RecombinerAudioCodec;
import io.rec4j.codec.recombiner.RecombinerModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j bench recombiner-audio}: runs {@link RecombinerAudioBenchmark}. */
@Command(name = "recombiner-audio",
        mixinStandardHelpOptions = true,
        description = {
            "RECOMBINER audio beside MP3 (lame) at matched rates and the paper's LibriSpeech curve.",
            "",
            "Cuts the WAV files of --data into the model's clips (round robin over the files, the first --clips), "
                    + "encodes them, and reports kbps and PSNR on the [0, 1] scale against lame CBR at a sweep of "
                    + "rates. Writes CSV, Markdown and a PNG plot."})
final class RecombinerAudioBenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE|NAME", description = "RECOMBINER audio model.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of test WAV files.")
    Path data;

    @Option(names = "--clips", defaultValue = "8", description = "Test clips (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--steps", defaultValue = "500",
            description = "Inference steps, and as many refinement steps (default: ${DEFAULT-VALUE}; the paper: 30000).")
    int steps;

    @Mixin
    BenchOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RecombinerModel m = RecombinerFiles.loadModel(model);
        if (m.architecture().inputDim() != 1) {
            throw new Main.UsageException(model + " is not an audio model");
        }
        if (clips < 1 || steps < 1 || !Files.isDirectory(data)) {
            throw new Main.UsageException("need --clips >= 1, --steps >= 1 and a --data folder of WAV files");
        }
        int rate = m.sampleRate() > 0 ? m.sampleRate() : 16000;
        List<float[]> c = AudioClips.load(data, rate, RecombinerAudioCodec.clipSamples(m), clips);
        if (c.isEmpty()) {
            throw new Main.UsageException(data + " holds no whole clip of " + RecombinerAudioCodec.clipSamples(m)
                    + " samples");
        }
        String md = new RecombinerAudioBenchmark(new RecombinerAudioBenchmark.Settings(m, c, steps, output.out),
                output.progress(spec)).run();
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().println("wrote " + output.out.resolve("recombiner-audio.md"));
        return Main.EXIT_OK;
    }
}
