package io.rec4j.cli;

import io.rec4j.bench.fuzz.ByteTarget;
import io.rec4j.bench.fuzz.ByteTarget.Group;
import io.rec4j.bench.fuzz.ByteTarget.Seed;
import io.rec4j.bench.fuzz.FuzzCase;
import io.rec4j.bench.fuzz.FuzzTarget;
import io.rec4j.bench.fuzz.Mutator;
import io.rec4j.bench.fuzz.Mutators;
import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.CombinerPack;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.TestCard;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.MiracleFile;
import io.rec4j.codec.recombiner.RecombinerArchitecture;
import io.rec4j.codec.recombiner.RecombinerAudioCodec;
import io.rec4j.codec.recombiner.RecombinerCodec;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.RecombinerNetwork;
import io.rec4j.codec.recombiner.RecombinerPack;
import io.rec4j.core.container.Container;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockPlan;
import io.rec4j.core.rec.plan.FixedSizePlanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The targets of {@code rec4j bench fuzz}: the real command line, run in-process through {@link Main#execute} on
 * temporary files. {@code info} and {@code decompress} on mutated {@code .r4j} files, {@code decompress --model} with
 * mutated model files, {@code decompress} of mutated packed COMBINER and RECOMBINER files, {@code compress --dry-run}
 * on mutated PNG and JPEG files, and {@code rec roundtrip} /
 * {@code rec demo} with hostile numbers for one option at a time. Seeds are generated here from a seed number.
 */
final class FuzzTargets {
    private FuzzTargets() {
    }

    /** Target names, in run order. */
    static final List<String> NAMES = List.of("info-r4j", "decompress-r4j", "decompress-model", "image-png",
            "image-jpeg", "rec-roundtrip", "rec-demo", "compress-options", "rng-options", "decompress-packed",
            "decompress-recombiner-packed", "decompress-recombiner-model", "decompress-recombiner-audio",
            "miracle-export", "miracle-train-options", "decompress-irec", "decompress-irec-model", "irec-options",
            "decompress-bitsback", "bitsback-model");

    /** Every target, with its files under {@code work}, its seed inputs made from {@code seed}. */
    static List<FuzzTarget> all(Path work, long seed) {
        return all(work, seed, true);
    }

    /**
     * As {@link #all(Path, long)}; without {@code largeValid}, the REC targets leave out the values that are
     * valid but merely expensive ({@link #LARGE_VALID}, e.g. a million trials), which a short test slice cannot afford.
     */
    static List<FuzzTarget> all(Path work, long seed, boolean largeValid) {
        CombinerModel q1 = ShippedModels.forQuality(1);
        CombinerModel tiny = tinyModel();
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] q1One = CombinerCodec.randomFile(q1, 40, 24, rnd);
        // the second seed is a bitstream revision 1 file (inversion candidates, StrictMath.sin), the first one of the
        // revision written now (ziggurat candidates, polynomial sine): both decoders stay under the fuzzer
        byte[] q1Three = CombinerCodec.randomFile(q1, 130, 8, rnd, 1);
        byte[] tinyFile = CombinerCodec.randomFile(tiny, 12, 10, rnd);
        Cases cases = new Cases(work);

        List<Seed> r4j = List.of(new Seed("q1-40x24", q1One), new Seed("q1-130x8", q1Three));
        // a raw mutation that changes the bytes must be caught (CRC32C): exit 2; behind a repaired CRC, a mutation of
        // the block indices is another valid file (exit 0), anything else bad data (exit 2)
        List<Group> r4jGroups = groups(seed, Set.of(Main.EXIT_BAD_DATA), Set.of(Main.EXIT_OK, Main.EXIT_BAD_DATA),
                Mutators::withContainerCrc);
        FuzzTarget info = new ByteTarget("info-r4j", r4j, r4jGroups,
                (s, in) -> cases.cli(in, ".r4j", f -> new String[] {"info", f.toString()}));
        FuzzTarget decompress = new ByteTarget("decompress-r4j", r4j, r4jGroups,
                (s, in) -> cases.cli(in, ".r4j", f -> new String[] {"decompress", "-q", f.toString(),
                        cases.output(".png")}));

        // model files: the image file travels with its model; behind a repaired CRC a model that still parses gets
        // an image file carrying its new id, so that the mutated model reaches the decoder
        byte[] tinyBytes = tiny.toBytes();
        List<Seed> models = List.of(new Seed("tiny", tinyBytes), new Seed("q1", q1.toBytes()));
        List<byte[]> companions = List.of(tinyFile, q1One);
        FuzzTarget model = new ByteTarget("decompress-model", models, r4jGroups, (s, in) -> {
            byte[] file = companions.get(s.name().equals("tiny") ? 0 : 1);
            byte[] matched = withModelId(file, in);
            Path img = cases.input(matched, ".r4j");
            try {
                return cases.cli(in, ".r4m", m -> new String[] {"decompress", "-q", "--model", m.toString(),
                        img.toString(), cases.output(".png")});
            } finally {
                Files.deleteIfExists(img);
            }
        });

        // images: another valid image is a legitimate answer (exit 0)
        // exit 1: a header that now declares more pixels than --max-pixels (compress refuses it, naming --yes)
        Set<Integer> image = Set.of(Main.EXIT_OK, Main.EXIT_USAGE, Main.EXIT_BAD_DATA);
        FuzzTarget png = new ByteTarget("image-png", List.of(new Seed("png16", pngSeed())),
                groups(seed, image, image, Mutators::withPngCrcs), (s, in) -> cases.image(in, ".png"));
        FuzzTarget jpeg = new ByteTarget("image-jpeg", List.of(new Seed("jpeg16", jpegSeed())),
                groups(seed, image, Set.of(), null), (s, in) -> cases.image(in, ".jpg"));

        List<String> hostile = HOSTILE.stream().filter(v -> largeValid || !LARGE_VALID.contains(v)).toList();
        return List.of(info, decompress, model, png, jpeg, recRoundtrip(cases, hostile), recDemo(cases, hostile),
                compressOptions(cases, hostile), rngOptions(cases, hostile), packed(cases, tiny, rnd, r4jGroups),
                recombinerPacked(cases, rnd, r4jGroups), recombinerModel(cases, rnd, r4jGroups),
                recombinerAudio(cases, work, rnd, r4jGroups), miracleExport(cases, rnd, r4jGroups),
                miracleTrainOptions(cases, hostile), irec(cases, rnd, r4jGroups), irecModel(cases, rnd, r4jGroups), irecOptions(cases, hostile),
                bitsBack(cases, rnd, r4jGroups), bitsBackModel(cases, seed));
    }

    /**
     * {@code irec train}, {@code irec export-digits}, {@code irec compress} and {@code bench irec} with hostile values
     * of one option at a time, on a data folder that does not exist: every case must end as a usage error (exit 1),
     * whether the value is refused or the folder is; {@code compress} with a valid method reaches the missing input
     * (exit 2).
     */
    private static FuzzTarget irecOptions(Cases cases, List<String> hostile) {
        Set<Integer> usage = Set.of(Main.EXIT_USAGE);
        String noData = cases.work.resolve("no-such-digits").toString();
        List<FuzzTarget.Stratum> strata = new ArrayList<>();
        for (String option : List.of("--latents", "--hidden", "--beta", "--epochs", "--batch-size", "--lr",
                "--train-images", "--seed")) {
            strata.add(optionStratum("train " + option, hostile, v -> new String[] {"irec", "train", "-q", "--data",
                noData, option, v, "--out", cases.output(".r4m")}, cases, usage));
        }
        strata.add(optionStratum("train --arch", List.of("", "MLP ", "cnn", "\u0000", "-1"),
                v -> new String[] {"irec", "train", "-q", "--data", noData, "--arch", v, "--out",
                    cases.output(".r4m")}, cases, usage));
        strata.add(optionStratum("export-digits --range", List.of("", ":", "1:", ":5", "5:1", "-1:3", "0:2147483648",
                "a:b", "1:2:3", " 1 : 2 "), v -> new String[] {"irec", "export-digits", "-q", "--data", noData,
                    "--range", v, "--out", cases.output("")}, cases, usage));
        // a method name that is valid (in any case) gets as far as the missing input: exit 2, as for every missing file
        strata.add(optionStratum("compress --rec", List.of("", "IREC", "orc", "mrc", "budgeted", "astar-dl", "\u0000"),
                v -> new String[] {"irec", "compress", "-q", "--rec", v, noData, cases.output(".r4j")}, cases,
                Set.of(Main.EXIT_USAGE, Main.EXIT_BAD_DATA)));
        for (String option : List.of("--images", "--single")) {
            strata.add(optionStratum("bench " + option, hostile, v -> new String[] {"bench", "irec", "--data", noData,
                option, v, "--out", cases.work.resolve("irec-bench-out").toString()}, cases, usage));
        }
        return target("irec-options", strata);
    }

    /** A VAE of 6 latents and 12 hidden units with random weights (its posterior layer scaled down). */
    private static io.rec4j.codec.irec.VaeModel tinyVae(SplittableRandom rnd) {
        io.rec4j.codec.irec.VaeArchitecture arch = new io.rec4j.codec.irec.VaeArchitecture(
                io.rec4j.codec.irec.VaeArchitecture.Kind.MLP, 6, 12);
        float[][] w = new float[arch.tensors().size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = new float[arch.tensors().get(i).size()];
            for (int j = 0; j < w[i].length; j++) {
                w[i][j] = (float) ((rnd.nextDouble() - 0.5) * (i == 4 ? 0.3 : 1.5));
            }
        }
        return new io.rec4j.codec.irec.VaeModel("fuzz-vae", arch, w, 5, 1, new double[] {0.1, 0.5, 1, 2, 3, 4},
                Double.NaN, Double.NaN);
    }

    /** {@code n} sparse random 28×28 grey images. */
    private static List<int[]> digits(SplittableRandom rnd, int n) {
        List<int[]> images = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int[] im = new int[784];
            for (int i = 0; i < im.length; i++) {
                im[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0;
            }
            images.add(im);
        }
        return images;
    }

    /**
     * {@code decompress --model M FILE OUT.png} with mutated iREC model files ({@link io.rec4j.codec.irec.VaeModel}):
     * behind a repaired CRC, a model that still parses codes the same digit anew, so that the mutated model reaches
     * the decoder. Raw mutations: exit 2 (CRC32C); otherwise a model that still decodes (exit 0: other weights) or bad
     * data (exit 2: sizes, non-finite values, a model that cannot code the digit or yields invalid pixel models).
     */
    private static FuzzTarget irecModel(Cases cases, SplittableRandom rnd, List<Group> groups) {
        io.rec4j.codec.irec.VaeModel model = tinyVae(rnd);
        List<int[]> digit = digits(rnd, 1);
        byte[] original = io.rec4j.codec.irec.IrecCodec.encode(model, digit, null, true,
                io.rec4j.codec.irec.LatentChannel.parse("irec", true, model),
                io.rec4j.codec.irec.IrecCodec.Progress.NONE).file();
        return new ByteTarget("decompress-irec-model", List.of(new Seed("tiny", model.toBytes())), groups,
                (s, in) -> {
                    byte[] file;
                    try {
                        io.rec4j.codec.irec.VaeModel m = io.rec4j.codec.irec.VaeModel.fromBytes(in);
                        file = io.rec4j.codec.irec.IrecCodec.encode(m, digit, null, true,
                                io.rec4j.codec.irec.LatentChannel.parse("irec", true, m),
                                io.rec4j.codec.irec.IrecCodec.Progress.NONE).file();
                    } catch (RuntimeException e) {
                        file = original; // the model is refused first, or cannot code the digit
                    }
                    Path img = cases.input(file, ".r4j");
                    try {
                        return cases.cli(in, ".r4m", m -> new String[] {"decompress", "-q", "--model",
                                m.toString(), img.toString(), cases.output(".png")});
                    } finally {
                        Files.deleteIfExists(img);
                    }
                });
    }

    /**
     * {@code decompress --model M FILE OUT} on mutated iREC files of a tiny random VAE: a lossless pack (one rANS
     * stream holding codewords and pixels), a lossy single file and a lossless pack whose latents are coded by
     * space-partitioned PFR. Raw mutations: exit 2 (CRC32C); behind a repaired CRC, another valid file (exit 0: a
     * mutated lossy codeword is another latent) or bad data (exit 2: a stream that ends early or leaves bits over).
     */
    private static FuzzTarget irec(Cases cases, SplittableRandom rnd, List<Group> groups) {
        io.rec4j.codec.irec.VaeModel model = tinyVae(rnd);
        List<int[]> images = digits(rnd, 3);
        List<String> names = List.of("a.png", "b.png", "c.png");
        List<Seed> seeds = List.of(
                new Seed("lossless-pack", io.rec4j.codec.irec.IrecCodec.encode(model, images, names, true,
                        io.rec4j.codec.irec.LatentChannel.parse("irec", true, model),
                        io.rec4j.codec.irec.IrecCodec.Progress.NONE).file()),
                new Seed("lossy-single", io.rec4j.codec.irec.IrecCodec.encode(model, images.subList(0, 1), null,
                        false, io.rec4j.codec.irec.LatentChannel.parse("irec", false, model),
                        io.rec4j.codec.irec.IrecCodec.Progress.NONE).file()),
                new Seed("sp-pfr-pack", io.rec4j.codec.irec.IrecCodec.encode(model, images, names, true,
                        io.rec4j.codec.irec.LatentChannel.parse("sp-pfr", true, model),
                        io.rec4j.codec.irec.IrecCodec.Progress.NONE).file()));
        byte[] modelBytes = model.toBytes();
        // a pack decodes into a folder of PNGs, a single file into a PNG at the same path
        return new ByteTarget("decompress-irec", seeds, groups, (s, in) -> unpackCase(cases, in, modelBytes));
    }

    /** A tiny sliced OPT (width 64 → 32 per site, one layer, 40-token vocabulary) as float32 tensors. */
    private static List<io.rec4j.codec.safetensors.Safetensors.Tensor> tinySliced(long seed) {
        io.rec4j.codec.bitsback.TransformerConfig c;
        try {
            c = io.rec4j.codec.bitsback.TransformerConfig.of(TINY_OPT);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        io.rec4j.codec.bitsback.SliceGpt.Weights original = io.rec4j.codec.bitsback.SliceGpt.randomOriginal(c, seed);
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> calibration = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int[] t = new int[8];
            for (int j = 0; j < t.length; j++) {
                t[j] = r.nextInt(40);
            }
            calibration.add(t);
        }
        return io.rec4j.codec.bitsback.SliceGpt.tensors(io.rec4j.codec.bitsback.SliceGpt.slice(c, original,
                calibration, 0.5, 8));
    }

    private static final java.util.Map<String, Object> TINY_OPT = java.util.Map.of("model_type", "opt",
            "hidden_size", 64L, "num_hidden_layers", 1L, "num_attention_heads", 4L, "ffn_dim", 128L, "vocab_size", 40L,
            "max_position_embeddings", 8L);

    private static String tinyConfigJson() {
        return io.rec4j.codec.safetensors.Json.write(new java.util.TreeMap<>(TINY_OPT));
    }

    /**
     * {@code bitsback decode FILE DIR} on mutated bits-back files of a tiny sliced model (every site bits-back, raw
     * and exponent-coded weights). Raw mutations: exit 2 (CRC32C); behind a repaired CRC, another valid model (exit 0:
     * a mutated weight fraction or whitening salt still decodes) or bad data (exit 2: a header that no longer fits the
     * layout, a stream that does not end exactly empty).
     */
    private static FuzzTarget bitsBack(Cases cases, SplittableRandom rnd, List<Group> groups) {
        List<io.rec4j.codec.safetensors.Safetensors.Tensor> model = tinySliced(rnd.nextLong());
        List<Seed> seeds = new ArrayList<>();
        for (int w : new int[] {io.rec4j.codec.bitsback.BitsBackFormat.WEIGHTS_EXPONENT,
            io.rec4j.codec.bitsback.BitsBackFormat.WEIGHTS_RAW16}) {
            try {
                seeds.add(new Seed(w == 0 ? "raw" : "exponent", io.rec4j.codec.bitsback.BitsBackEncoder.encode(
                        tinyConfigJson(), model, new io.rec4j.codec.bitsback.BitsBackEncoder.Settings(true, 8, w, 5),
                        null).file()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new ByteTarget("decompress-bitsback", seeds, groups, (s, in) -> {
            Path file = cases.input(in, ".r4j");
            Path out = cases.work.resolve("bitsback-" + cases.counter.incrementAndGet());
            try {
                return cases.execute(new String[] {"bitsback", "decode", "-q", file.toString(), out.toString()});
            } finally {
                Files.deleteIfExists(file);
                deleteTree(out);
            }
        });
    }

    /**
     * {@code bitsback encode DIR OUT} on a model directory whose {@code model.safetensors} is mutated (the config
     * stays valid): another valid model (exit 0: changed weights, which may stop some sites from paying) or bad data
     * (exit 2: a header that is not safetensors, shapes that do not fit the layout, non-finite or float16-overflowing
     * weights). Never a crash or a hang.
     */
    private static FuzzTarget bitsBackModel(Cases cases, long seed) {
        byte[] weights = io.rec4j.codec.safetensors.Safetensors.toBytes(tinySliced(seed), java.util.Map.of());
        Set<Integer> allowed = Set.of(Main.EXIT_OK, Main.EXIT_BAD_DATA);
        return new ByteTarget("bitsback-model", List.of(new Seed("tiny", weights)), groups(seed, allowed, Set.of(), null),
                (s, in) -> {
                    Path dir = cases.work.resolve("model-" + cases.counter.incrementAndGet());
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve("config.json"), tinyConfigJson());
                    Files.write(dir.resolve("model.safetensors"), in);
                    try {
                        return cases.execute(new String[] {"bitsback", "encode", "-q", dir.toString(),
                            cases.output(".r4j")});
                    } finally {
                        deleteTree(dir);
                        cases.cleanOutputs();
                    }
                });
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /**
     * {@code miracle export FILE OUT.safetensors} on mutated MIRACLE files (random block indices of both networks).
     * Raw mutations: exit 2 (CRC32C); behind a repaired CRC, another valid file (exit 0: other indices, seed or
     * scales) or bad data (exit 2).
     */
    private static FuzzTarget miracleExport(Cases cases, SplittableRandom rnd, List<Group> groups) {
        List<Seed> seeds = List.of(
                new Seed("lenet300-c6", randomMiracleFile(new MiracleFile.Header(MiracleArchitecture.LENET_300_100,
                        MiracleFile.Parameterisation.MEAN_KL, 6, 2000, 42, new float[] {0.05f, 0.02f, 0.07f, 0.03f,
                            0.2f, 0.1f}), rnd)),
                new Seed("lenet5-c10", randomMiracleFile(new MiracleFile.Header(MiracleArchitecture.LENET_5,
                        MiracleFile.Parameterisation.MEAN_VAR, 10, 1000, 7, new float[] {0.3f, 0.1f, 0.05f, 0.1f,
                            0.02f, 0.1f, 0.1f, 0.1f}), rnd)));
        return new ByteTarget("miracle-export", seeds, groups,
                (s, in) -> cases.cli(in, ".r4j", f -> new String[] {"miracle", "export", f.toString(),
                        cases.output(".safetensors")}));
    }

    /** A MIRACLE file of random block indices. */
    static byte[] randomMiracleFile(MiracleFile.Header h, SplittableRandom rnd) {
        io.rec4j.core.coding.bits.BitWriter w = new io.rec4j.core.coding.bits.BitWriter();
        for (int b = 0; b < h.blockCount(); b++) {
            w.writeBits(rnd.nextLong() >>> (64 - h.blockBits()), h.blockBits());
        }
        return MiracleFile.write(h, w.toByteArray());
    }

    /**
     * {@code miracle train} and {@code bench miracle-curves} with hostile numbers for their numeric options, one at a
     * time, and a data folder that does not exist: every case is a usage error (an invalid value, or no data), never a crash or a training run.
     */
    private static FuzzTarget miracleTrainOptions(Cases cases, List<String> hostile) {
        Set<Integer> usage = Set.of(Main.EXIT_USAGE);
        String noData = cases.work.resolve("no-such-digits").toString();
        List<FuzzTarget.Stratum> strata = new ArrayList<>();
        for (String option : List.of("--block-bits", "--budget-kb", "--epochs", "--pretrain-epochs",
                "--retrain-rounds", "--retrain-steps", "--train-images", "--seed", "--lr", "--anneal-rate")) {
            strata.add(optionStratum(option, hostile, v -> new String[] {"miracle", "train", "-q", "--data", noData,
                option, v, "-o", cases.output(".r4j")}, cases, usage));
        }
        for (String option : List.of("--arch", "--param")) {
            strata.add(optionStratum(option, List.of("", "lenet", "LENET-5", "mean_kl", "\u0000", "-1"),
                    v -> new String[] {"miracle", "train", "-q", "--data", noData, option, v, "-o",
                        cases.output(".r4j")}, cases, usage));
        }
        String benchOut = cases.work.resolve("curves-out").toString();
        for (String option : List.of("--block-bits", "--budget-kb", "--seeds", "--validation", "--epochs", "--lr")) {
            strata.add(optionStratum("curves " + option, hostile, v -> new String[] {"bench", "miracle-curves",
                "--data", noData, option, v, "--out", benchOut}, cases, usage));
        }
        return target("miracle-train-options", strata);
    }

    /**
     * {@code decompress --model M FILE OUT.wav} on mutated RECOMBINER audio files of the tiny audio model (three
     * clips, the last one partly padding). Raw mutations: exit 2 (CRC32C); behind a repaired CRC, another valid file
     * (exit 0: other indices, or a sample count within the same clips) or bad data (exit 2: lengths, rates, ids).
     */
    private static FuzzTarget recombinerAudio(Cases cases, Path work, SplittableRandom rnd, List<Group> groups) {
        RecombinerModel model = tinyAudioModel(5);
        Path modelFile = work.resolve("tiny-audio.r4m");
        List<byte[]> clips = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            clips.add(RecombinerCodec.randomIndices(model, rnd));
        }
        byte[] seed = RecombinerAudioCodec.toFile(model, 8000, 150, clips);
        return new ByteTarget("decompress-recombiner-audio", List.of(new Seed("tiny-3-clips", seed)), groups,
                (s, in) -> {
                    if (!Files.exists(modelFile)) {
                        Files.createDirectories(work);
                        Files.write(modelFile, model.toBytes());
                    }
                    return cases.cli(in, ".r4j", f -> new String[] {"decompress", "-q", "--model",
                            modelFile.toString(), f.toString(), cases.output(".wav")});
                });
    }

    /**
     * {@code decompress --model M FILE OUT.png} with mutated RECOMBINER model files ({@link RecombinerModel}): behind
     * a repaired CRC, a model that still parses gets a file of its own id (the same indices), so that the mutated
     * model reaches the decoder. Raw mutations: exit 2 (CRC32C); otherwise a model that still decodes (exit 0, e.g.
     * other prior values) or bad data (exit 2: sizes, lengths, non-finite or oversized values).
     */
    private static FuzzTarget recombinerModel(Cases cases, SplittableRandom rnd, List<Group> groups) {
        RecombinerModel model = tinyRecombinerModel(9, 10);
        byte[] indices = RecombinerCodec.randomIndices(model, rnd);
        return new ByteTarget("decompress-recombiner-model", List.of(new Seed("tiny", model.toBytes())), groups,
                (s, in) -> {
                    byte[] file;
                    try {
                        RecombinerModel m = RecombinerModel.fromBytes(in);
                        file = RecombinerCodec.fromIndices(m, indices.length == RecombinerCodec.indexBytes(m)
                                ? indices : new byte[RecombinerCodec.indexBytes(m)]);
                    } catch (RuntimeException e) {
                        file = RecombinerCodec.fromIndices(model, indices); // the model is refused first
                    }
                    Path img = cases.input(file, ".r4j");
                    try {
                        return cases.cli(in, ".r4m", m -> new String[] {"decompress", "-q", "--model",
                                m.toString(), img.toString(), cases.output(".png")});
                    } finally {
                        Files.deleteIfExists(img);
                    }
                });
    }

    /**
     * {@code decompress --model M PACK DIR} on mutated packed files of the tiny model: one with a shared size and
     * numbered names, one with sizes and names per image, and a single image in the compact framing (format version
     * 2, as {@code rec4j compress} writes it; decoded to a PNG at the same path). Raw mutations: exit 2 (CRC32C);
     * behind a repaired CRC, another valid file (exit 0) or bad data (exit 2); names that would leave the output
     * folder never pass.
     */
    private static FuzzTarget packed(Cases cases, CombinerModel tiny, SplittableRandom rnd, List<Group> groups) {
        byte[] modelBytes = tiny.toBytes();
        List<Seed> seeds = List.of(
                new Seed("tiny-numbered", CombinerPack.pack(tiny, List.of(packImage(tiny, "img-08.png", 12, 10, rnd),
                        packImage(tiny, "img-09.png", 12, 10, rnd), packImage(tiny, "img-10.png", 12, 10, rnd)))),
                new Seed("tiny-listed", CombinerPack.pack(tiny, List.of(packImage(tiny, "cat.png", 5, 9, rnd),
                        packImage(tiny, "cow.png", 17, 3, rnd)))),
                new Seed("tiny-single-compact", CliFiles.compact(CombinerCodec.randomFile(tiny, 11, 9, rnd))));
        return new ByteTarget("decompress-packed", seeds, groups, (s, in) -> unpackCase(cases, in, modelBytes));
    }

    /**
     * {@code decompress --model M PACK DIR} on mutated packed RECOMBINER files ({@link RecombinerPack}) of a tiny
     * RECOMBINER model: three images with numbered names, two with listed names, and a single RECOMBINER file
     * (decoded to a PNG at the same path). Outcomes as for {@code decompress-packed}: raw mutations exit 2 (CRC32C);
     * behind a repaired CRC, another valid pack (exit 0, e.g. other block indices) or bad data (exit 2: a count the
     * payload cannot hold, names that would leave the output folder, the wrong length or padding for the model).
     */
    private static FuzzTarget recombinerPacked(Cases cases, SplittableRandom rnd, List<Group> groups) {
        RecombinerModel model = tinyRecombinerModel(9, 10);
        byte[] modelBytes = model.toBytes();
        List<Seed> seeds = List.of(
                new Seed("tiny-numbered", RecombinerPack.pack(model, List.of("img-08.png", "img-09.png",
                        "img-10.png"), recombinerIndices(model, 3, rnd))),
                new Seed("tiny-listed", RecombinerPack.pack(model, List.of("cat.png", "cow.png"),
                        recombinerIndices(model, 2, rnd))),
                new Seed("tiny-single", RecombinerCodec.fromIndices(model, recombinerIndices(model, 1, rnd).get(0))));
        return new ByteTarget("decompress-recombiner-packed", seeds, groups,
                (s, in) -> unpackCase(cases, in, modelBytes));
    }

    /**
     * One case of the packed targets: {@code decompress -q --model M PACK DIR}; whatever it wrote must be PNG files
     * directly in DIR (or, for a single file, a PNG at DIR), and is deleted.
     */
    private static FuzzCase.Result unpackCase(Cases cases, byte[] in, byte[] modelBytes) throws IOException {
        Path pack = cases.input(in, ".r4j");
        Path m = cases.input(modelBytes, ".r4m");
        Path dir = cases.work.resolve("unpacked-" + cases.counter.incrementAndGet());
        try {
            FuzzCase.Result r = cases.execute(new String[] {"decompress", "-q", "--model", m.toString(),
                    pack.toString(), dir.toString()});
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        if (!f.getParent().equals(dir) || !f.getFileName().toString().endsWith(".png")) {
                            throw new IllegalStateException("a packed file wrote " + f);
                        }
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
            Files.deleteIfExists(dir); // a single image decodes to a PNG file at that path
            return r;
        } finally {
            Files.deleteIfExists(pack);
            Files.deleteIfExists(m);
        }
    }

    /** Random block indices of {@code n} images of a RECOMBINER model, zero-padded as a single file holds them. */
    private static List<byte[]> recombinerIndices(RecombinerModel model, int n, SplittableRandom rnd) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(RecombinerCodec.randomIndices(model, rnd));
        }
        return out;
    }

    /**
     * A tiny unpatched RECOMBINER model (16×16 RGB images, random blocks of 40 latents, κ bits each, shared seed
     * {@code seed}) whose images decode in milliseconds.
     */
    static RecombinerModel tinyRecombinerModel(long seed, int kappa) {
        RecombinerArchitecture arch = new RecombinerArchitecture(2, 16, 16, 1, 1, 8, 4, 8, 2, 3, 6, 5, 1, 1, 1);
        SplittableRandom r = new SplittableRandom(1);
        float[] net = new float[(int) RecombinerNetwork.parameterCount(arch)];
        for (int i = 0; i < net.length; i++) {
            net[i] = (float) ((2 * r.nextDouble() - 1) * 0.1);
        }
        int p = RecombinerModel.latentCount(arch);
        double[] std = new double[p];
        Arrays.fill(std, 0.02);
        double[] rho = new double[p];
        Arrays.fill(rho, -4);
        return new RecombinerModel("tiny-recombiner", arch, net, DiagonalGaussian.of(new double[p], std), rho,
                new FixedSizePlanner(40).plan(p, 3), seed, kappa, 1e-6);
    }

    /**
     * A tiny audio model: 4 patches of 16 samples (64-sample clips), groups of 2, three levels, κ = 8 bits, a pinned
     * random network, sample rate 8000 Hz.
     */
    static RecombinerModel tinyAudioModel(long seed) {
        RecombinerArchitecture arch = new RecombinerArchitecture(1, 1, 16, 1, 4, 8, 4, 8, 2, 1, 3, 5, 2, 1, 2);
        SplittableRandom r = new SplittableRandom(2);
        float[] net = new float[(int) RecombinerNetwork.parameterCount(arch)];
        for (int i = 0; i < net.length; i++) {
            net[i] = (float) ((2 * r.nextDouble() - 1) * 0.1);
        }
        List<RecombinerModel.Level> levels = new ArrayList<>();
        for (int l = 0; l < arch.levels(); l++) {
            int d = RecombinerModel.levelDimension(arch, l);
            double[] std = new double[d];
            Arrays.fill(std, 0.02);
            double[] rho = new double[d];
            Arrays.fill(rho, -4);
            levels.add(new RecombinerModel.Level(DiagonalGaussian.of(new double[d], std), rho,
                    new FixedSizePlanner(64).plan(d, 3 + l)));
        }
        return new RecombinerModel("tiny-audio", arch, net, levels, seed, 8, 1e-6).withSampleRate(8000);
    }

    private static CombinerPack.Image packImage(CombinerModel model, String name, int w, int h,
                                                SplittableRandom rnd) {
        byte[] single = CombinerCodec.randomFile(model, w, h, rnd);
        return new CombinerPack.Image(name, w, h, CombinerPack.indicesOf(model, single));
    }

    /** The generic families (allowed {@code raw}), then the in-place ones behind {@code repair} (allowed {@code repaired}). */
    private static List<Group> groups(long seed, Set<Integer> raw, Set<Integer> repaired,
                                      java.util.function.UnaryOperator<Mutator> repair) {
        List<Group> g = new ArrayList<>();
        for (Mutator m : Mutators.generic(seed)) {
            g.add(new Group(m, raw, m.name().equals("random")));
        }
        if (repair != null) {
            for (Mutator m : Mutators.inPlace()) {
                g.add(new Group(repair.apply(m), repaired, false));
            }
        }
        return g;
    }

    /** Hostile values for numeric (and string) options. */
    static final List<String> HOSTILE = List.of("0", "-1", "NaN", "Infinity", "-Infinity", "1e-300", "1e300",
            "2147483647", "2147483648", "-2147483648", "9223372036854775807", "9223372036854775808", "1000000", "1e9",
            "0x10", "", "abc", " 1");

    /** Values of {@link #HOSTILE} that are valid for some options, only expensive (a million trials or dimensions). */
    static final Set<String> LARGE_VALID = Set.of("1000000");

    /** {@code rec roundtrip}: one option at a time, on top of a cheap valid command line for a method that uses it. */
    private static FuzzTarget recRoundtrip(Cases cases, List<String> hostile) {
        List<String[]> optionAndMethod = List.of(
                new String[] {"--dim", "orc"}, new String[] {"--target-mean", "orc"},
                new String[] {"--target-std", "orc"}, new String[] {"--trials", "orc"}, new String[] {"--seed", "orc"},
                new String[] {"--budget-bits", "orc"}, new String[] {"--budget-bits", "mrc"},
                new String[] {"--epsilon", "budgeted"}, new String[] {"--max-depth", "astar-dl"},
                new String[] {"--omega", "irec"}, new String[] {"--samples-factor", "irec"},
                new String[] {"--beams", "irec"}, new String[] {"--bin-bits", "sp-orc"},
                new String[] {"--bin-bits", "sp-pfr"}, new String[] {"--heuristic", "sp-orc"},
                new String[] {"--gprs-variant", "gprs"}, new String[] {"--selection", "irec"},
                new String[] {"--method", "orc"},
                new String[] {"--dim", "pfr"}, new String[] {"--target-std", "gprs"},
                new String[] {"--max-candidates", "orc"}, new String[] {"--max-candidates", "pfr"});
        List<FuzzTarget.Stratum> strata = new ArrayList<>();
        for (String[] om : optionAndMethod) {
            List<String> values = new ArrayList<>(hostile);
            if (om[0].equals("--heuristic")) {
                values.addAll(List.of("mix:NaN", "mix:-1", "mix:1e300", "mix:", "q-mass"));
            }
            if (om[0].equals("--max-candidates")) {
                values.addAll(List.of("2^0", "2^-1", "2^64", "2^", "^3", "2^1e3"));
            }
            strata.add(optionStratum(om[0] + "@" + om[1], values, v -> {
                List<String> a = new ArrayList<>(List.of("rec", "roundtrip", "--method", om[1], "--dim", "2",
                        "--target-mean", "0.5", "--target-std", "0.5", "--trials", "1"));
                int i = a.indexOf(om[0]);
                if (i >= 0) {
                    a.set(i + 1, v);
                } else {
                    a.add(om[0]);
                    a.add(v);
                }
                return a.toArray(String[]::new);
            }, cases, Set.of(Main.EXIT_OK, Main.EXIT_USAGE)));
        }
        // --target / --coding: the distribution grammar, with hostile texts and the generic hostile values
        List<String> dists = new ArrayList<>(hostile);
        dists.addAll(List.of("normal(0,1)", "normal(0,", "normal(0,1", "normal(0 1)", "normal(NaN,1)", "normal(0,-1)",
                "normal(0,0)", "normal(1e308,1e-308)", "laplace(0,0)", "uniform(1,0)", "uniform(0,0)",
                "triangular(0,2,1)", "triangular(0,0,0)", "mixture()", "mixture(0.5:normal(0,1))",
                "mixture(2:normal(0,1),-1:normal(0,1))", "mixture(0.5:normal(0,1),0.5:)", "mixture(1:normal(0,1)",
                "normal(0,1);normal(0,1);normal(0,1)", "normal(0,1);", ";", "gamma(1,1)", "NORMAL(0,1)",
                "mixture(0.5:normal(-2,0.5),0.5:normal(2,0.5));laplace(1,0.3)",
                "mixture(1:".repeat(12) + "normal(0,1)" + ")".repeat(12), "normal(0,1)".repeat(20_000),
                "uniform(-1e300,1e300)", "triangular(-1,0,1)"));
        for (String opt : List.of("--target", "--coding")) {
            for (String method : List.of("pfr", "orc", "gprs")) {
                strata.add(optionStratum(opt + "@" + method, dists, v -> {
                    List<String> a = new ArrayList<>(List.of("rec", "roundtrip", "--method", method, "--dim", "2",
                            "--trials", "1", "--target", "normal(0.3,0.5)", "--coding", "normal(0,1)"));
                    a.set(a.indexOf(opt) + 1, v);
                    return a.toArray(String[]::new);
                }, cases, Set.of(Main.EXIT_OK, Main.EXIT_USAGE)));
            }
        }
        return target("rec-roundtrip", strata);
    }

    /** {@code rec demo}: hostile {@code --seed} and {@code --trials}; hostile output paths for {@code --out}. */
    private static FuzzTarget recDemo(Cases cases, List<String> hostile) {
        Set<Integer> usage = Set.of(Main.EXIT_OK, Main.EXIT_USAGE);
        List<FuzzTarget.Stratum> strata = new ArrayList<>();
        strata.add(optionStratum("--seed", hostile, v -> new String[] {"rec", "demo", "--trials", "1", "--seed", v},
                cases, usage));
        strata.add(optionStratum("--trials", hostile, v -> new String[] {"rec", "demo", "--trials", v}, cases, usage));
        strata.add(optionStratum("--max-candidates", hostile,
                v -> new String[] {"rec", "demo", "--trials", "1", "--max-candidates", v}, cases, usage));
        // an output path that cannot be written is an I/O error (exit 2), which is an honest answer too
        strata.add(optionStratum("--out", List.of("", "\u0000", "/nonexistent-rec4j-dir/x.r4j", cases.work.toString()),
                v -> new String[] {"rec", "demo", "--trials", "1", "--out", v}, cases,
                Set.of(Main.EXIT_OK, Main.EXIT_USAGE, Main.EXIT_BAD_DATA)));
        return target("rec-demo", strata);
    }

    /**
     * {@code rng}: hostile {@code --seed}, {@code --count} (valid counts above a thousand are left out: they only ask
     * for more output) and {@code --generator}, each with and without {@code --digest}.
     */
    private static FuzzTarget rngOptions(Cases cases, List<String> hostile) {
        Set<Integer> usage = Set.of(Main.EXIT_OK, Main.EXIT_USAGE);
        List<String> counts = hostile.stream().filter(v -> {
            try {
                return Long.parseLong(v) <= 1000;
            } catch (NumberFormatException e) {
                return true; // not a long: a usage error
            }
        }).toList();
        List<String> generators = new ArrayList<>(hostile);
        generators.addAll(List.of("ZIGGURAT", "INVERSION", "ziggurat", "Ziggurat ", "ZIGGURAT,INVERSION"));
        List<FuzzTarget.Stratum> strata = new ArrayList<>();
        for (boolean digest : new boolean[] {false, true}) {
            String d = digest ? "+digest" : "";
            strata.add(optionStratum("--seed" + d, hostile,
                    v -> args(digest, "rng", "--count", "3", "--seed", v), cases, usage));
            strata.add(optionStratum("--count" + d, counts,
                    v -> args(digest, "rng", "--seed", "1", "--count", v), cases, usage));
            strata.add(optionStratum("--generator" + d, generators,
                    v -> args(digest, "rng", "--seed", "1", "--count", "3", "--generator", v), cases, usage));
        }
        return target("rng-options", strata);
    }

    private static String[] args(boolean digest, String... a) {
        List<String> l = new ArrayList<>(List.of(a));
        if (digest) {
            l.add("--digest");
        }
        return l.toArray(String[]::new);
    }

    /**
     * {@code compress --dry-run} on a small valid PNG with hostile numbers for its numeric options, one at a time
     * (with and without {@code --yes}): every case is a refusal or an estimate, never an encode.
     */
    private static FuzzTarget compressOptions(Cases cases, List<String> hostile) {
        Path seedPng = cases.work.resolve("compress-options-seed.png");
        try {
            Files.write(seedPng, pngSeed());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Set<Integer> usage = Set.of(Main.EXIT_OK, Main.EXIT_USAGE);
        List<FuzzTarget.Stratum> strata = new ArrayList<>();
        for (String option : List.of("--max-pixels", "--steps", "--quality", "--margin")) {
            for (boolean yes : new boolean[] {false, true}) {
                strata.add(optionStratum(option + (yes ? "+yes" : ""), hostile, v -> {
                    List<String> a = new ArrayList<>(List.of("compress", "--dry-run", "-q", option, v));
                    if (yes) {
                        a.add("--yes");
                    }
                    a.add(seedPng.toString());
                    a.add(cases.output(".r4j"));
                    return a.toArray(String[]::new);
                }, cases, usage));
            }
        }
        return target("compress-options", strata);
    }

    private static FuzzTarget.Stratum optionStratum(String name, List<String> values,
                                                    java.util.function.Function<String, String[]> args, Cases cases,
                                                    Set<Integer> allowed) {
        List<String> vs = List.copyOf(values);
        return new FuzzTarget.Stratum() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int count() {
                return vs.size();
            }

            @Override
            public FuzzCase caseAt(int index) {
                String v = vs.get(index);
                String[] a = args.apply(v);
                return new FuzzCase(name + "='" + v.replace("\u0000", "\\0") + "'", allowed, () -> cases.execute(a),
                        false);
            }
        };
    }

    private static FuzzTarget target(String name, List<FuzzTarget.Stratum> strata) {
        List<FuzzTarget.Stratum> s = List.copyOf(strata);
        return new FuzzTarget() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Stratum> strata() {
                return s;
            }
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // seed inputs

    /**
     * A tiny COMBINER model (35 parameters in 7 blocks of κ = 8 bits, 8×8 tiles) whose files decode in milliseconds,
     * so that mutated models that still parse reach the decoder cheaply.
     */
    static CombinerModel tinyModel() {
        SirenArchitecture arch = SirenArchitecture.of(2, 4, 4, 1, 3);
        int p = arch.parameterCount();
        int[][] blocks = new int[(p + 4) / 5][];
        for (int b = 0; b < blocks.length; b++) {
            int from = 5 * b;
            blocks[b] = java.util.stream.IntStream.range(from, Math.min(p, from + 5)).toArray();
        }
        double[] mean = new double[p];
        double[] std = new double[p];
        Arrays.fill(std, 0.1);
        return new CombinerModel(arch, DiagonalGaussian.of(mean, std), BlockPlan.of(p, blocks), 7, 8, 8, "fuzz-tiny");
    }

    /**
     * {@code file} with its model id replaced by the id of {@code modelBytes} (CRC repaired) if those bytes parse as a
     * model; {@code file} itself otherwise.
     */
    static byte[] withModelId(byte[] file, byte[] modelBytes) {
        CombinerModel m;
        try {
            m = CombinerModel.fromBytes(modelBytes);
        } catch (RuntimeException e) {
            return file;
        }
        byte[] out = file.clone();
        byte[] id = HexFormat.of().parseHex(m.id());
        // the payload starts after the empty header (2 bytes) and the payload length (8 bytes)
        System.arraycopy(id, 0, out, Container.OFFSET_HEADER + 2 + 8, id.length);
        Mutators.fixContainerCrc(out);
        return out;
    }

    static byte[] pngSeed() {
        return ImageIo.pngBytes(TestCard.generate(16, 16));
    }

    static byte[] jpegSeed() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(ImageIo.toBufferedImage(TestCard.generate(16, 16)), "jpg", b)) {
                throw new IllegalStateException("no JPEG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // running one case

    /** Runs cases through {@link Main#execute} on fresh files under a work folder. */
    static final class Cases {
        final Path work;
        final AtomicLong counter = new AtomicLong();

        Cases(Path work) {
            this.work = work;
        }

        /** Writes {@code bytes} to a fresh file. */
        Path input(byte[] bytes, String suffix) throws IOException {
            Path p = work.resolve("in-" + counter.incrementAndGet() + suffix);
            Files.write(p, bytes);
            return p;
        }

        /** A fresh output path (not created). */
        String output(String suffix) {
            return work.resolve("out-" + counter.incrementAndGet() + suffix).toString();
        }

        /** Writes {@code bytes} to a file, runs the command line {@code args(file)}, deletes what it wrote. */
        FuzzCase.Result cli(byte[] bytes, String suffix, java.util.function.Function<Path, String[]> args)
                throws IOException {
            Path in = input(bytes, suffix);
            try {
                return execute(args.apply(in));
            } finally {
                Files.deleteIfExists(in);
                cleanOutputs();
            }
        }

        /** Runs the command line in-process; standard output is discarded, the first line of stderr kept. */
        FuzzCase.Result execute(String[] args) {
            FirstLine err = new FirstLine();
            int code = Main.execute(args, new PrintWriter(Writer.nullWriter()), new PrintWriter(err));
            return new FuzzCase.Result(code, err.line());
        }

        /** The image target: {@code rec4j compress --dry-run IN OUT} (reads and checks the image, encodes nothing). */
        FuzzCase.Result image(byte[] bytes, String suffix) throws IOException {
            return cli(bytes, suffix, f -> new String[] {"compress", "--dry-run", "-q", f.toString(), output(".r4j")});
        }

        void cleanOutputs() throws IOException {
            try (Stream<Path> s = Files.list(work)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith("out-")).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Keeps the first line written to it (at most 1000 characters), discards the rest. */
    private static final class FirstLine extends Writer {
        private final StringBuilder b = new StringBuilder();
        private boolean done;

        @Override
        public void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len && !done; i++) {
                if (cbuf[i] == '\n' || cbuf[i] == '\r' || b.length() >= 1000) {
                    done = true;
                } else {
                    b.append(cbuf[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String line() {
            return b.toString();
        }
    }
}
