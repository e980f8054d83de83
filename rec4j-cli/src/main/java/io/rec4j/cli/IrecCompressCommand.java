package io.rec4j.cli;

import io.rec4j.codec.image.ImagePacks;
import io.rec4j.codec.irec.GreyImages;
import io.rec4j.codec.irec.IrecCodec;
import io.rec4j.codec.irec.LatentChannel;
import io.rec4j.codec.irec.VaeArchitecture;
import io.rec4j.codec.irec.VaeModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rec4j irec compress}: one grey PNG, or a folder of them, into iREC files. */
@Command(name = "compress",
        mixinStandardHelpOptions = true,
        description = {"Compress a 28x28 grey PNG, or every PNG of a folder, with an iREC model.",
            "",
            "A folder into a .r4j file (or -) packs every image into one file with one header, names kept;"
                    + " 'rec4j decompress OUT.r4j DIR' unpacks it. A folder into a folder writes one .r4j file per"
                    + " image. Lossy files hold the latent only (the reconstruction is the decoder's mean); lossless"
                    + " files decode to the exact input levels."},
        footer = {"", Main.EXIT_CODES})
final class IrecCompressCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "A 28x28 grey PNG, or a folder of them.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output .r4j file (- for standard output), or folder.")
    String out;

    @Option(names = "--model", paramLabel = "FILE|NAME", defaultValue = IrecCommand.DEFAULT_MODEL,
            description = "iREC model file or shipped model name (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--lossless", description = "Code the pixels too: the decoded image is the input, level for level.")
    boolean lossless;

    @Option(names = "--rec", paramLabel = "METHOD", defaultValue = "irec",
            description = "How the latent is sent: irec (the paper's setting for the mode; default), irec-sampled.")
    String rec;

    @Option(names = {"-f", "--force"}, description = "Overwrite outputs that exist.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        VaeModel m = IrecCommand.loadModel(model);
        LatentChannel channel;
        try {
            channel = LatentChannel.parse(rec, lossless, m);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(in)) {
            int[] px = read(in);
            CliFiles.checkWritable(out, force);
            IrecCodec.Encoded e = encode(in.toString(), () -> IrecCodec.encode(m, List.of(px), null, lossless, channel,
                    IrecCodec.Progress.NONE));
            CliFiles.writeOutput(out, e.file(), force);
            summary(err, out, e, 1);
            return Main.EXIT_OK;
        }
        List<Path> files = CliFiles.pngsIn(in);
        List<int[]> images = new ArrayList<>(files.size());
        List<String> names = new ArrayList<>(files.size());
        for (Path p : files) {
            images.add(read(p));
            names.add(p.getFileName().toString());
        }
        Progress bar = new Progress(err, "coding " + files.size() + " images", files.size(), quiet,
                DecompressCommand.PROGRESS_AFTER_NANOS);
        if (CliFiles.namesFile(out)) {
            for (String n : names) {
                String bad = ImagePacks.invalidName(n);
                if (bad != null) {
                    throw new Main.UsageException("cannot pack " + n + ": " + bad);
                }
            }
            CliFiles.checkWritable(out, force);
            IrecCodec.Encoded e = encode(in.toString(), () -> IrecCodec.encode(m, images, names, lossless, channel,
                    (done, total) -> bar.advanceTo(done)));
            CliFiles.writeOutput(out, e.file(), force);
            summary(err, out, e, files.size());
            return Main.EXIT_OK;
        }
        Path dir = Path.of(out);
        List<Path> targets = new ArrayList<>();
        for (String n : names) {
            Path t = dir.resolve(IrecTrainCommand.stem(n) + ".r4j");
            CliFiles.checkWritableIfFolderExists(t, force);
            targets.add(t);
        }
        Files.createDirectories(dir);
        long bytes = 0;
        for (int i = 0; i < images.size(); i++) {
            int k = i;
            IrecCodec.Encoded e = encode(names.get(i), () -> IrecCodec.encode(m, List.of(images.get(k)), null,
                    lossless, channel, IrecCodec.Progress.NONE));
            CliFiles.writeOutput(targets.get(i).toString(), e.file(), force);
            bytes += e.file().length;
            bar.advanceTo(i + 1);
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %d files, %d bytes = %.4f bits/dim%n", out, images.size(), bytes,
                    8.0 * bytes / (images.size() * (double) VaeArchitecture.PIXELS));
        }
        return Main.EXIT_OK;
    }

    /** Runs an encoding; an exact method that refuses a latent is a usage error naming the way out. */
    private IrecCodec.Encoded encode(String what, java.util.function.Supplier<IrecCodec.Encoded> run) {
        try {
            return run.get();
        } catch (io.rec4j.core.rec.RecCostException e) {
            throw new Main.UsageException(what + ": --rec " + rec + " cannot code a latent of it (" + e.getMessage()
                    + "); --rec irec codes every latent");
        }
    }

    private int[] read(Path p) throws java.io.IOException {
        byte[] b = CliFiles.readInput(p.toString(), CliFiles.MAX_IMAGE_BYTES, "image");
        return GreyImages.read(b, p.toString());
    }

    private void summary(PrintWriter err, String target, IrecCodec.Encoded e, int n) {
        if (quiet) {
            return;
        }
        IrecCodec.ImageStats mean = e.mean();
        err.printf(Locale.ROOT, "%s: %d image%s, %d bytes = %.4f bits/dim (per image: latent %.1f bits for a KL of"
                        + " %.1f%s)%n", "-".equals(target) ? "stdout" : target, n, n == 1 ? "" : "s",
                e.file().length, e.bitsPerPixel(), mean.latentBits(), mean.klBits(),
                lossless ? String.format(Locale.ROOT, ", pixels %.1f bits", mean.pixelBits()) : "");
        err.flush();
    }
}
