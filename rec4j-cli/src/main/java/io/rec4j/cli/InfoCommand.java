package io.rec4j.cli;

import io.rec4j.core.container.Container;
import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.CombinerPack;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.codec.miracle.MiracleFile;
import io.rec4j.codec.recombiner.RecombinerAudioCodec;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.ShippedRecombinerModels;
import io.rec4j.codec.recombiner.RecombinerPack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import io.rec4j.core.random.NormalGenerator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rec4j info}: describe a rec4j container (validating its checksum). */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        description = {
            "Validate a rec4j file and describe it.",
            "",
            "Prints its format version, method, size and header fields (for COMBINER files also the image size, the"
                    + " model and the bpp; for MIRACLE networks the blocks and coding scales). For a COMBINER file coded with a shipped model (or the model given with"
                    + " --model) the payload is checked against the header: it must hold exactly the block indices the"
                    + " image size implies, or the file is rejected (exit 2). Without the model the payload cannot be"
                    + " checked, and the output says so."})
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A rec4j file, or - for standard input.")
    String file;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Model file of a COMBINER or iREC file not coded with a shipped model, or of a packed"
                    + " RECOMBINER file (to check its payload).")
    Path model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Container c = CliFiles.readContainer(file);
        long size = c.encodedLength();
        // a COMBINER file is checked against its model before anything is printed
        CombinerCodec.Info info = null;
        CombinerModel m = null;
        CombinerPack.Contents pack = null;
        RecombinerPack.Contents recombinerPack = null;
        RecombinerModel recombinerModel = null;
        RecombinerAudioCodec.Info audio = null;
        io.rec4j.codec.irec.IrecCodec.Info irec = null;
        io.rec4j.codec.irec.VaeModel irecModel = null;
        io.rec4j.codec.bitsback.BitsBackDecoder.Decoded bitsBack = null;
        if (CombinerPack.isPack(c.methodId())) {
            byte[] bytes = c.toBytes();
            pack = CliFiles.parsing(file, () -> CombinerPack.contents(bytes));
            m = model != null ? CliFiles.readModel(model) : ShippedModels.byId(pack.modelId()).orElse(null);
            if (m != null) {
                CombinerModel known = m;
                CliFiles.parsing(file, () -> CombinerPack.unpack(known, bytes));
            }
        } else if (CombinerCodec.isCombiner(c.methodId())) {
            byte[] bytes = c.toBytes();
            info = CliFiles.parsing(file, () -> CombinerCodec.info(bytes));
            m = model != null ? CliFiles.readModel(model) : ShippedModels.byId(info.modelId()).orElse(null);
            if (m != null) {
                CombinerModel known = m;
                CliFiles.parsing(file, () -> CombinerCodec.check(known, bytes));
            }
        } else if (RecombinerPack.isPack(c.methodId())) {
            byte[] bytes = c.toBytes();
            recombinerPack = CliFiles.parsing(file, () -> RecombinerPack.contents(bytes));
            String id = recombinerPack.modelId();
            RecombinerModel known = model != null ? RecombinerFiles.model(model, id)
                    : ShippedRecombinerModels.byId(id).orElse(null);
            if (known != null) {
                CliFiles.parsing(file, () -> RecombinerPack.unpack(known, bytes));
                recombinerModel = known;
            }
        } else if (RecombinerAudioCodec.isAudio(c.methodId())) {
            byte[] bytes = c.toBytes();
            audio = CliFiles.parsing(file, () -> RecombinerAudioCodec.info(bytes));
            String id = audio.modelId();
            RecombinerModel known = model != null ? RecombinerFiles.model(model, id)
                    : ShippedRecombinerModels.byId(id).orElse(null);
            if (known != null) {
                CliFiles.parsing(file, () -> RecombinerAudioCodec.decode(known, bytes));
                recombinerModel = known;
            }
        } else if (io.rec4j.codec.irec.IrecCodec.isIrec(c.methodId())) {
            byte[] bytes = c.toBytes();
            irec = CliFiles.parsing(file, () -> io.rec4j.codec.irec.IrecCodec.info(bytes));
            String id = irec.modelId();
            irecModel = model != null ? IrecCommand.loadModel(model.toString())
                    : io.rec4j.codec.irec.ShippedVaeModels.byId(id).orElse(null);
            if (irecModel != null) {
                io.rec4j.codec.irec.VaeModel known = irecModel;
                CliFiles.parsing(file, () -> io.rec4j.codec.irec.IrecCodec.decode(known, bytes,
                        io.rec4j.codec.irec.IrecCodec.Progress.NONE));
            }
        } else if (c.methodId().equals(io.rec4j.core.container.MethodId.BITSBACK_ROTATION)) {
            byte[] bytes = c.toBytes();
            bitsBack = CliFiles.parsing(file, () -> {
                try {
                    return io.rec4j.codec.bitsback.BitsBackDecoder.decode(bytes, null);
                } catch (java.io.IOException e) {
                    throw new io.rec4j.core.Rec4jDataException(e.getMessage(), e);
                }
            });
            if (model != null) {
                throw new Main.UsageException("--model does not apply to bits-back files (they carry their model)");
            }
        } else if (model != null) {
            throw new Main.UsageException("--model applies to COMBINER files, RECOMBINER packs, RECOMBINER audio"
                    + " files and iREC files only; this file holds " + c.methodId().name());
        }
        MiracleFile.Header miracle = null;
        if (MiracleFile.isMiracle(c)) {
            byte[] bytes = c.toBytes();
            miracle = CliFiles.parsing(file, () -> MiracleFile.parse(bytes)).header();
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "format version: %d%n", c.formatVersion());
        w.printf(Locale.ROOT, "method:         %s (id %d)%n", c.methodId().name(), c.methodId().id());
        w.printf(Locale.ROOT, "size:           %d bytes (payload %d bytes, %d bits)%n", size, c.payloadLength(),
                8L * c.payloadLength());
        ContainerHeader h = c.header();
        w.printf(Locale.ROOT, "header fields:  %d%n", h.size());
        for (String key : h.keys()) {
            Object v = h.getValue(key);
            String shown = v instanceof byte[] b ? b.length + " bytes " + HexFormat.of().formatHex(b, 0, Math.min(b.length, 16))
                    + (b.length > 16 ? "..." : "") : String.valueOf(v);
            w.printf(Locale.ROOT, "  %-20s %s%n", key, shown);
        }
        w.println("checksum:       ok (CRC32C)");
        if (bitsBack != null) {
            long weights = bitsBack.tensors().stream().mapToLong(t -> t.size()).sum();
            long coded = bitsBack.sites().stream().filter(b -> b).count();
            w.printf(Locale.ROOT, "model:          %s, %d layers, %d tensors, %,d float16 weights (%.3f bits each in"
                            + " this file)%n", bitsBack.model().family().name().toLowerCase(Locale.ROOT),
                    bitsBack.model().layers(), bitsBack.tensors().size(), weights, 8.0 * size / weights);
            w.printf(Locale.ROOT, "sites:          %d, %d coded bits-back; decoded to an empty stack%n",
                    bitsBack.layout().sites().size(), coded);
        }
        if (pack != null) {
            describePack(w, pack, m, size);
        }
        if (recombinerPack != null) {
            describePack(w, recombinerPack, recombinerModel, size);
        }
        if (audio != null) {
            double seconds = audio.samples() / (double) audio.sampleRate();
            w.printf(Locale.ROOT, "audio:          %d samples at %d Hz (%.3f s), mono 16-bit%n", audio.samples(),
                    audio.sampleRate(), seconds);
            w.printf(Locale.ROOT, "model:          %s%n", recombinerModel != null ? recombinerModel.name() + " (id "
                    + audio.modelId() + ")" : audio.modelId() + " (not a shipped model; pass it with --model to"
                    + " check the payload)");
            if (seconds > 0) {
                w.printf(Locale.ROOT, "kbps:           %.3f (every byte of the file)%n", 8.0 * size / seconds / 1000);
            }
        }
        if (miracle != null) {
            MiracleFile.Header mh = miracle;
            w.printf(Locale.ROOT, "network:        %s, %d parameters, %d coded variables after hashing%n",
                    mh.arch().name(), mh.arch().parameterCount(), mh.arch().variableCount());
            w.printf(Locale.ROOT, "trained as:     %s (MIRACLE, minimal random coding)%n", mh.param().cliName());
            w.printf(Locale.ROOT, "blocks:         %d of %d variables x %d bits = %d bits (%d bytes) of indices;"
                            + " %d bytes besides them%n", mh.blockCount(), mh.blockSize(), mh.blockBits(),
                    mh.indexBits(), (mh.indexBits() + 7) / 8, size - (mh.indexBits() + 7) / 8);
            StringBuilder scales = new StringBuilder();
            float[] sp = mh.priorScale();
            for (int t = 0; t < sp.length; t++) {
                scales.append(t == 0 ? "" : ", ").append(mh.arch().tensors().get(t).name()).append(' ')
                        .append(String.format(Locale.ROOT, "%.4g", sp[t]));
            }
            w.printf(Locale.ROOT, "coding scales:  %s%n", scales);
            w.printf(Locale.ROOT, "seed:           %d%n", mh.seed());
            w.printf(Locale.ROOT, "bits per weight: %.4f (every byte of the file over %d parameters)%n",
                    8.0 * size / mh.arch().parameterCount(), mh.arch().parameterCount());
        }
        if (irec != null) {
            w.printf(Locale.ROOT, "images:         %d, 28x28 grey, %s%s%n", irec.count(),
                    irec.lossless() ? "lossless (latent and pixels in one rANS stream)" : "lossy (latent only)",
                    irec.packed() ? " (packed, names kept)" : "");
            w.printf(Locale.ROOT, "model:          %s%n", irecModel != null ? irecModel.name() + " (id "
                    + irec.modelId() + ", " + irecModel.arch().describe() + ")" : irec.modelId()
                    + " (not a shipped model; pass it with --model to check the payload)");
            w.printf(Locale.ROOT, "latent coding:  %s%n", irecModel != null
                    ? io.rec4j.codec.irec.LatentChannel.of(irec.channel(), irecModel).describe()
                    : "method code " + irec.channel());
            w.printf(Locale.ROOT, "payload:        %s%n", irecModel != null ? "ok (decoded to its end)"
                    : "NOT CHECKED (the model is unknown)");
            w.printf(Locale.ROOT, "bits per dim:   %.4f (every byte of the file over %d pixels)%n",
                    8.0 * size / (784.0 * irec.count()), 784 * irec.count());
        }
        if (info != null) {
            String tiling = "";
            if (m != null) {
                tiling = ", " + tiles(new TileGrid(info.width(), info.height(), m.tile()).tileCount()) + " of "
                        + m.tile() + "x" + m.tile();
            }
            w.printf(Locale.ROOT, "image:          %dx%d%s%n", info.width(), info.height(), tiling);
            w.printf(Locale.ROOT, "revision:       %d (hidden layers: %s; candidates: %s)%n", info.revision(),
                    info.revision() == 1 ? "StrictMath.sin" : "rec4j polynomial sine",
                    info.generator() == NormalGenerator.ZIGGURAT ? "ziggurat normals" : "inversion normals");
            w.printf(Locale.ROOT, "model:          %s%n", m != null ? ShippedModels.describe(m)
                    : info.modelId() + " (not a shipped model)");
            if (m != null) {
                w.printf(Locale.ROOT, "payload:        ok (%d bytes of block indices, as the image size implies)%n",
                        CombinerCodec.indexBytes(m, info.width(), info.height()));
            } else {
                w.println("payload:        NOT CHECKED (the model is unknown; pass it with --model to check"
                        + " that the payload matches the header)");
            }
            w.printf(Locale.ROOT, "bpp:            %.4f (every byte of the file)%n",
                    8.0 * size / ((double) info.width() * info.height()));
        }
        return Main.EXIT_OK;
    }

    private static void describePack(PrintWriter w, CombinerPack.Contents p, CombinerModel m, long size) {
        List<CombinerPack.Entry> e = p.entries();
        long pixels = 0;
        for (CombinerPack.Entry x : e) {
            pixels += (long) x.width() * x.height();
        }
        boolean same = e.stream().allMatch(x -> x.width() == e.get(0).width() && x.height() == e.get(0).height());
        w.printf(Locale.ROOT, "images:         %d (%s), names %s to %s (%s)%n", e.size(),
                same ? "all " + e.get(0).width() + "x" + e.get(0).height() : "sizes differ", e.get(0).name(),
                e.get(e.size() - 1).name(), p.numbered() ? "numbered" : "listed");
        w.printf(Locale.ROOT, "revision:       %d%n", p.revision());
        w.printf(Locale.ROOT, "model:          %s%n", m != null ? ShippedModels.describe(m)
                : p.modelId() + " (not a shipped model)");
        if (m != null) {
            long bits = 0;
            for (CombinerPack.Entry x : e) {
                bits += CombinerPack.imageBits(m, x.width(), x.height());
            }
            w.printf(Locale.ROOT, "payload:        ok (%d bits of block indices; %d bytes besides them, %.2f per image)%n",
                    bits, size - (bits + 7) / 8, (size - (bits + 7) / 8) / (double) e.size());
        } else {
            w.println("payload:        NOT CHECKED (the model is unknown; pass it with --model)");
        }
        w.printf(Locale.ROOT, "bpp:            %.4f (every byte of the file, over all %d pixels)%n",
                8.0 * size / pixels, pixels);
    }

    /** A packed RECOMBINER file ({@code docs/container-format.md}, "Packed RECOMBINER files"). */
    private static void describePack(PrintWriter w, RecombinerPack.Contents p, RecombinerModel m, long size) {
        List<String> names = p.names();
        int n = names.size();
        w.printf(Locale.ROOT, "images:         %d%s, names %s to %s (%s)%n", n, m == null ? ""
                : " (all " + m.architecture().signalWidth() + "x" + m.architecture().signalHeight() + ")",
                names.get(0), names.get(n - 1), p.numbered() ? "numbered" : "listed");
        if (m != null) {
            long bits = n * m.indexBits();
            w.printf(Locale.ROOT, "model:          %s (id %s, RECOMBINER, %d blocks of %d bits per image)%n",
                    m.name(), m.id(), m.plan().blockCount(), m.kappa());
            w.printf(Locale.ROOT, "payload:        ok (%d bits of block indices; %d bytes besides them, %.2f per image)%n",
                    bits, size - (bits + 7) / 8, (size - (bits + 7) / 8) / (double) n);
            w.printf(Locale.ROOT, "bpp:            %.4f (every byte of the file, over all %d pixels)%n",
                    8.0 * size / ((double) n * m.samples()), (long) n * m.samples());
        } else {
            w.printf(Locale.ROOT, "model:          %s (RECOMBINER; no RECOMBINER model is shipped yet)%n",
                    p.modelId());
            w.println("payload:        NOT CHECKED (the model is unknown; pass it with --model)");
        }
    }

    private static String tiles(int n) {
        return n + (n == 1 ? " tile" : " tiles");
    }
}
