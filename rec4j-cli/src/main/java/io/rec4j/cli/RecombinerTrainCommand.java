package io.rec4j.cli;

import io.rec4j.codec.image.Cifar10;
import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.recombiner.RecombinerArchitecture;
import io.rec4j.codec.recombiner.RecombinerEncoder;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.RecombinerPriorLearner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rec4j recombiner train-prior}: learn a RECOMBINER model for 32×32 images. */
@Command(name = "train-prior",
        mixinStandardHelpOptions = true,
        description = {
            "Learn a RECOMBINER model for 32x32 RGB images (the CIFAR-10 architecture of the paper), or for mono audio"
                    + " (the paper's audio architecture: patches of 800 samples, groups of 4, three levels).",
            "",
            "Runs the EM of RECOMBINER: every round trains all training posteriors, the linear-reparameterisation "
                    + "matrices A and the upsampler phi jointly (full batch, one sample per step), moves beta towards "
                    + "the target rate and sets the prior in closed form. The average per-latent KL then sets the "
                    + "block partition (kappa bits per block, no size cap). Never train on evaluation images.",
            "",
            "--data is a CIFAR-10 binary file (the first --images records are used), a folder of 32x32 PNGs, or a folder"
                    + " of WAV files (an audio model: every file is resampled to --rate and cut into clips of"
                    + " --clip-patches x 800 samples; the first --images clips are used)."})
final class RecombinerTrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "CIFAR-10 binary file (.bin) or folder of 32x32 PNG images.")
    Path data;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Model file to write.")
    String out;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name stored in the file (default: the file name).")
    String name;

    @Option(names = "--bpp", paramLabel = "B", description = "Target rate in bits per pixel (per sample for audio).")
    Double bpp;

    @Option(names = "--kbps", paramLabel = "K", description = "Audio: target rate in kbit/s instead of --bpp.")
    Double kbps;

    @Option(names = "--clip-patches", defaultValue = "20", paramLabel = "N",
            description = "Audio: patches of 800 samples per clip, a multiple of 4 (default: ${DEFAULT-VALUE}, 1 s at"
                    + " 16 kHz; the paper: 60).")
    int clipPatches;

    @Option(names = "--rate", defaultValue = "16000", paramLabel = "HZ",
            description = "Audio: sample rate of the model (default: ${DEFAULT-VALUE}, the paper's LibriSpeech rate).")
    int rate;

    @Option(names = "--images", defaultValue = "64", description = "Training images (default: ${DEFAULT-VALUE}; the paper: 15000).")
    int images;

    @Option(names = "--rounds", defaultValue = "30", description = "EM rounds (default: ${DEFAULT-VALUE}; the paper: 550).")
    int rounds;

    @Option(names = "--first-steps", defaultValue = "200", description = "Adam steps of the first round (default: ${DEFAULT-VALUE}).")
    int firstSteps;

    @Option(names = "--steps", defaultValue = "100", description = "Adam steps of later rounds (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "2e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--initial-beta", defaultValue = "1e-8", paramLabel = "B",
            description = "Beta of the first round (default: ${DEFAULT-VALUE}, the paper's); beta then moves by a factor"
                    + " of 1.5 per round, so with few rounds start nearer the value the target rate needs.")
    double initialBeta;

    @Option(names = "--rate-band", defaultValue = "0.3", paramLabel = "B",
            description = "Beta is lowered only when the average KL falls below max(0.1, bpp - B) bits per pixel"
                    + " (default: ${DEFAULT-VALUE}, the paper's CIFAR-10 value); a narrower band keeps the rate nearer"
                    + " --bpp after a short run.")
    double rateBand;

    @Option(names = "--blocks", paramLabel = "N", defaultValue = "0",
            description = "Partition the latents into exactly N blocks of 16 bits (N x 16 bits per image), grouping by"
                    + " a budget found by bisection; default 0: group by 16 bits of average KL, so the count follows the"
                    + " learned KL. The paper's CIFAR-10 rates are 19, 46, 60 and 98 blocks.")
    int blocks;

    @Option(names = "--network", paramLabel = "MODEL",
            description = "Take A and phi from this RECOMBINER model (file or shipped name) and keep them fixed:"
                    + " only the prior is learned. Models of several rates can so share one network (the paper"
                    + " learns one per rate).")
    String network;

    @Option(names = "--init", paramLabel = "MODEL",
            description = "Warm start from this RECOMBINER model (file or shipped name) of the same architecture:"
                    + " its prior, starting posterior stds and (unless --network fixes one) its A and phi, instead of"
                    + " the authors' initialisation. Pass its beta with --initial-beta.")
    String init;

    @Option(names = "--no-reparameterisation",
            description = "Ablation (the paper's section 5.2): every A is the identity and is not learned, so the"
                    + " INR's weights themselves are coded; phi and the prior are still learned.")
    boolean noReparameterisation;

    @Option(names = "--no-positional-encodings",
            description = "Ablation (the paper's section 5.2): no latent grid and no phi; the INR reads its Fourier"
                    + " features only.")
    boolean noPositionalEncodings;

    @Option(names = {"-v", "--verbose"}, description = "One line per EM round (beta, KL, MSE) instead of a progress bar.")
    boolean verbose;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialisation, noise and partition (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-f", "--force"}, description = "Overwrite the output if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        boolean audio = Files.isDirectory(data) && AudioClips.hasWav(data);
        if ((bpp == null) == (kbps == null)) {
            throw new Main.UsageException("give the target rate as exactly one of --bpp and --kbps");
        }
        if (kbps != null && !audio) {
            throw new Main.UsageException("--kbps is for audio models (a --data folder of WAV files)");
        }
        if (audio && (clipPatches < 4 || clipPatches % 4 != 0 || clipPatches > 1000)) {
            throw new Main.UsageException("--clip-patches must be a multiple of 4 in 4..1000, was " + clipPatches);
        }
        if (audio && (rate < 1000 || rate > 192_000)) {
            throw new Main.UsageException("--rate must be within 1000..192000 Hz, was " + rate);
        }
        double target = bpp != null ? bpp : kbps * 1000 / rate;
        RecombinerPriorLearner.Settings s;
        try {
            s = new RecombinerPriorLearner.Settings(rounds, firstSteps, steps, lr, target, rateBand, 0.1, initialBeta,
                    16, seed);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (audio) {
            return trainAudio(s);
        }
        if (blocks < 0 || blocks > RecombinerModel.latentCount(RecombinerArchitecture.cifar10())) {
            throw new Main.UsageException("--blocks must be in 0.."
                    + RecombinerModel.latentCount(RecombinerArchitecture.cifar10()) + ", was " + blocks);
        }
        if (images < 2 || images > 20_000) {
            throw new Main.UsageException("--images must be in 2..20000, was " + images);
        }
        CliFiles.checkWritable(out, force);
        RecombinerArchitecture arch = ablated(RecombinerArchitecture.cifar10());
        if (noReparameterisation && network != null) {
            throw new Main.UsageException("--no-reparameterisation learns its own (identity) matrices; drop --network");
        }
        float[] fixed = null;
        if (network != null) {
            RecombinerModel base = RecombinerFiles.loadModel(network);
            if (!base.architecture().equals(arch)) {
                throw new Main.UsageException("--network " + network + " is not a model of this CIFAR-10 architecture");
            }
            fixed = base.networkFloats();
        }
        RecombinerModel start = null;
        if (init != null) {
            start = RecombinerFiles.loadModel(init);
            if (!start.architecture().equals(arch)) {
                throw new Main.UsageException("--init " + init + " is not a model of this CIFAR-10 architecture");
            }
        }
        List<RgbImage> train = load(data, images, arch);
        float[][] signals = train.stream().map(RecombinerEncoder::signal).toArray(float[][]::new);
        PrintWriter err = spec.commandLine().getErr();
        String modelName = name != null ? name : Path.of(out).getFileName().toString().replaceFirst("\\.r4m$", "");
        Progress bar = new Progress(err, "EM (" + rounds + " rounds, " + signals.length + " images)", rounds,
                quiet || verbose);
        long t0 = System.nanoTime();
        RecombinerPriorLearner.Result r = learner(arch, s).withBlocks(blocks).learn(modelName, signals, fixed, start,
                (round, total) -> {
                    bar.advanceTo(round.round());
                    if (verbose) {
                        err.printf(Locale.ROOT, "round %d/%d: beta %.3g, KL %.0f bits per image (%.3f bpp),"
                                        + " training MSE %.5f (%.2f dB), %.1f s%n", round.round(), total, round.beta(),
                                round.meanKlBits(), round.meanKlBits() / arch.signalWidth() / arch.signalHeight(),
                                round.meanMse(), 10 * Math.log10(1 / round.meanMse()), round.nanos() / 1e9);
                        err.flush();
                    }
                });
        RecombinerModel m = r.model();
        CliFiles.writeOutput(out, m.toBytes(), force);
        if (!quiet) {
            RecombinerPriorLearner.Round last = r.rounds().get(r.rounds().size() - 1);
            err.printf(Locale.ROOT, "%s: %s, %d latents, %d blocks of %d bits = %.3f bpp; training MSE %.5f"
                            + " (%.2f dB), KL %.0f bits per image, beta %.3g; %.0f s%n",
                    out, m.id(), RecombinerModel.latentCount(arch), m.plan().blockCount(), m.kappa(),
                    (double) m.indexBits() / m.samples(), last.meanMse(), 10 * Math.log10(1 / last.meanMse()),
                    last.meanKlBits(), last.beta(), (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        return Main.EXIT_OK;
    }

    /** An audio model from the clips of the WAV files in {@link #data}. */
    private int trainAudio(RecombinerPriorLearner.Settings s) throws IOException {
        if (init != null) {
            throw new Main.UsageException("--init applies to image models");
        }
        if (blocks != 0) {
            throw new Main.UsageException("--blocks applies to CIFAR-10 models; an audio model's rate follows --kbps");
        }
        if (noReparameterisation && network != null) {
            throw new Main.UsageException("--no-reparameterisation learns its own (identity) matrices; drop --network");
        }
        if (images < 2 || images > 20_000) {
            throw new Main.UsageException("--images must be in 2..20000, was " + images);
        }
        CliFiles.checkWritable(out, force);
        RecombinerArchitecture arch = ablated(RecombinerArchitecture.audio(clipPatches));
        float[] fixed = null;
        if (network != null) {
            RecombinerModel base = RecombinerFiles.loadModel(network);
            if (!base.architecture().equals(arch)) {
                throw new Main.UsageException("--network " + network + " is not a model of this audio architecture"
                        + " (--clip-patches " + clipPatches + ")");
            }
            fixed = base.networkFloats();
        }
        List<float[]> clips = AudioClips.load(data, rate, arch.signalWidth(), images);
        if (clips.size() < 2) {
            throw new Main.UsageException(data + " holds " + clips.size() + " whole clips of " + arch.signalWidth()
                    + " samples at " + rate + " Hz; need at least 2");
        }
        PrintWriter err = spec.commandLine().getErr();
        String modelName = name != null ? name : Path.of(out).getFileName().toString().replaceFirst("\\.r4m$", "");
        Progress bar = new Progress(err, "EM (" + rounds + " rounds, " + clips.size() + " clips)", rounds,
                quiet || verbose);
        long t0 = System.nanoTime();
        double seconds = arch.signalWidth() / (double) rate;
        RecombinerPriorLearner.Result r = learner(arch, s).learn(modelName,
                clips.toArray(float[][]::new), fixed, (round, total) -> {
                    bar.advanceTo(round.round());
                    if (verbose) {
                        err.printf(Locale.ROOT, "round %d/%d: beta %.3g, KL %.0f bits per clip (%.2f kbps),"
                                        + " training MSE %.3g (%.2f dB), %.1f s%n", round.round(), total, round.beta(),
                                round.meanKlBits(), round.meanKlBits() / seconds / 1000, round.meanMse(),
                                10 * Math.log10(1 / round.meanMse()), round.nanos() / 1e9);
                        err.flush();
                    }
                });
        RecombinerModel m = r.model().withSampleRate(rate);
        CliFiles.writeOutput(out, m.toBytes(), force);
        if (!quiet) {
            RecombinerPriorLearner.Round last = r.rounds().get(r.rounds().size() - 1);
            err.printf(Locale.ROOT, "%s: %s, clips of %d samples (%.2f s at %d Hz), %d bits per clip = %.2f kbps;"
                            + " training MSE %.3g (%.2f dB), beta %.3g; %.0f s%n", out, m.id(), arch.signalWidth(),
                    seconds, rate, m.indexBits(), m.indexBits() / seconds / 1000, last.meanMse(),
                    10 * Math.log10(1 / last.meanMse()), last.beta(), (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        return Main.EXIT_OK;
    }

    /** {@code arch}, without positional encodings when asked. */
    private RecombinerArchitecture ablated(RecombinerArchitecture arch) {
        return noPositionalEncodings ? arch.withoutPositionalEncodings() : arch;
    }

    /** The learner, without reparameterisation when asked. */
    private RecombinerPriorLearner learner(RecombinerArchitecture arch, RecombinerPriorLearner.Settings s) {
        RecombinerPriorLearner l = new RecombinerPriorLearner(arch, s);
        return noReparameterisation ? l.withoutReparameterisation() : l;
    }

    /** The first {@code n} images of a CIFAR-10 binary file or of a folder of PNGs (sorted by name). */
    static List<RgbImage> load(Path data, int n, RecombinerArchitecture arch) throws IOException {
        List<RgbImage> out = new ArrayList<>();
        if (Files.isDirectory(data)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(data)) {
                files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted()
                        .limit(n).toList();
            }
            for (Path p : files) {
                out.add(ImageIo.read(p));
            }
        } else {
            for (Cifar10.Sample sample : Cifar10.read(data, n)) {
                out.add(sample.image());
            }
        }
        for (RgbImage im : out) {
            if (im.width() != arch.signalWidth() || im.height() != arch.signalHeight()) {
                throw new Main.UsageException("training images must be " + arch.signalWidth() + "x"
                        + arch.signalHeight() + ", found " + im.width() + "x" + im.height());
            }
        }
        if (out.size() < 2) {
            throw new Main.UsageException(data + " holds " + out.size() + " usable images; need at least 2");
        }
        return out;
    }
}
