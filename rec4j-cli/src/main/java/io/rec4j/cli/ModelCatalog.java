package io.rec4j.cli;

import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.codec.recombiner.RecombinerArchitecture;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.ShippedRecombinerModels;
import io.rec4j.codec.miracle.MiracleArchitecture;
import io.rec4j.codec.miracle.ShippedNetworks;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.MethodId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The models rec4j ships, as {@code rec4j models} lists them and {@code rec4j compress --model NAME} finds them by
 * name: the COMBINER models of {@link ShippedModels} ({@code docs/combiner.md}, "Shipped models") and the RECOMBINER
 * models of {@link ShippedRecombinerModels} ({@code docs/recombiner.md}, "Shipped models").
 */
final class ModelCatalog {
    private ModelCatalog() {
    }

    /**
     * One listed model: what the table shows, and the model itself (exactly one of {@code combiner},
     * {@code recombiner} and {@code miracle} is set).
     *
     * @param method        {@code COMBINER} or {@code RECOMBINER}
     * @param dataKind      what the model codes ({@code image} or {@code audio})
     * @param inputSize     the item the bits pay for: a COMBINER tile or a RECOMBINER signal, e.g. {@code 64x64 tile}
     * @param bitsPerItem   block bits per item: blocks × κ
     * @param pixelsPerItem pixels (samples) per item
     */
    record Listed(String name, String id, MethodId method, String dataKind, String inputSize, long bitsPerItem,
                  long pixelsPerItem, CombinerModel combiner, RecombinerModel recombiner,
                  ShippedNetworks.Entry miracle, io.rec4j.codec.irec.VaeModel irec) {
        /** Bits per pixel of the block bits alone: {@code bitsPerItem / pixelsPerItem}. */
        double bpp() {
            return bitsPerItem / (double) pixelsPerItem;
        }

        /**
         * The rate column of {@code rec4j models}: bits per pixel for images, kilobits per second of audio for
         * audio models (block bits per clip over the clip's seconds).
         */
        String rate() {
            if (miracle != null) {
                return String.format(Locale.ROOT, "%.3f kB", bitsPerItem / 8000.0);
            }
            if (irec != null) {
                return Double.isNaN(irec.testBpd()) ? "-" : String.format(Locale.ROOT, "%.4f bpd (-ELBO)",
                        irec.testBpd());
            }
            if (recombiner != null && recombiner.architecture().inputDim() == 1 && recombiner.sampleRate() > 0) {
                return String.format(Locale.ROOT, "%.2f kbps",
                        bitsPerItem / (pixelsPerItem / (double) recombiner.sampleRate()) / 1000);
            }
            return String.format(Locale.ROOT, "%.4f bpp", bpp());
        }

        /** A COMBINER model: the item is one tile; every tile costs its blocks × κ bits. */
        static Listed of(CombinerModel m) {
            return new Listed(m.name(), m.id(), MethodId.COMBINER, "image", m.tile() + "x" + m.tile() + " tile",
                    (long) m.plan().blockCount() * m.kappa(), (long) m.tile() * m.tile(), m, null, null, null);
        }

        /** A RECOMBINER model: the item is one signal of the model's size, {@link RecombinerModel#indexBits()}. */
        static Listed of(RecombinerModel m) {
            RecombinerArchitecture a = m.architecture();
            boolean image = a.inputDim() == 2;
            String size = image ? a.signalWidth() + "x" + a.signalHeight() + " image"
                    : a.signalWidth() + " samples";
            return new Listed(m.name(), m.id(), MethodId.RECOMBINER, image ? "image" : "audio", size,
                    m.indexBits(), m.samples(), null, m, null, null);
        }

        /** A compressed MIRACLE network: the item is the whole network, its bits every bit of the file. */
        static Listed of(ShippedNetworks.Entry e) {
            MiracleArchitecture a = e.header().arch();
            return new Listed(e.name(), Container.contentId(e.bytes()), MethodId.MIRACLE, "network",
                    a.name(), 8L * e.bytes().length, a.parameterCount(), null, null, e, null);
        }
    }

    /**
     * An iREC VAE: the item is one 28x28 image; its bits vary per image, so the column shows the mean KL of the
     * latent over the training images (the latent's share) and the rate column the negative ELBO on test images.
     */
    static Listed of(io.rec4j.codec.irec.VaeModel m) {
        return new Listed(m.name(), m.id(), MethodId.IREC, "image", "28x28 grey", Math.round(m.totalKlBits()),
                784, null, null, null, m);
    }

    /**
     * Every shipped model: the COMBINER photo models by quality, the COMBINER CIFAR-10 models by rate, the
     * RECOMBINER models by rate, then the MIRACLE networks.
     */
    static List<Listed> all() {
        List<Listed> out = new ArrayList<>();
        for (CombinerModel m : ShippedModels.all()) {
            out.add(Listed.of(m));
        }
        for (CombinerModel m : ShippedModels.cifar10()) {
            out.add(Listed.of(m));
        }
        for (RecombinerModel m : ShippedRecombinerModels.all()) {
            out.add(Listed.of(m));
        }
        for (ShippedNetworks.Entry e : ShippedNetworks.all()) {
            out.add(Listed.of(e));
        }
        for (io.rec4j.codec.irec.VaeModel m : io.rec4j.codec.irec.ShippedVaeModels.all()) {
            out.add(of(m));
        }
        return List.copyOf(out);
    }

    /** The shipped model called {@code name}, if any. */
    static Optional<Listed> byName(String name) {
        return all().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The names of the shipped models, comma-separated. */
    static String names() {
        return all().stream().map(Listed::name).collect(Collectors.joining(", "));
    }
}
