package io.rec4j.codec.recombiner;

import io.rec4j.core.Rec4jDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The RECOMBINER models that ship inside rec4j-codecs, in two families, k = 1 (fewest bits) upwards:
 * <ul>
 *   <li>{@code recombiner-cifar10-q<k>} for 32×32 images, trained on CIFAR-10 training images only;</li>
 *   <li>{@code recombiner-speech-q<k>} for 16 kHz mono speech in one-second clips, trained on synthetic speech
 *       (espeak-ng).</li>
 * </ul>
 * {@code models/README.md} next to them records the commands. The models of a family share one network: one file
 * holds A and φ, the others are stored without them ({@link RecombinerModel#toBytesSharingNetwork()}) and take
 * its, so several rates cost one network (about 14 MB) instead of several ({@code docs/recombiner.md}, "Shipped
 * models").
 *
 * <p>Resources: {@code io/rec4j/codec/recombiner/models/<family><k>.r4m}; a family's list ends at the first missing
 * k. Models are parsed once, on first use.
 */
public final class ShippedRecombinerModels {
    /** Resource folder of the shipped models. */
    static final String FOLDER = "models/";
    /** Name stem of the CIFAR-10 models. */
    public static final String CIFAR10 = "recombiner-cifar10-q";
    /** Name stem of the speech models. */
    public static final String SPEECH = "recombiner-speech-q";
    /** The CIFAR-10 rate {@code --method recombiner} uses when no model is named. */
    public static final int DEFAULT_QUALITY = 2;
    /** The speech rate used for a WAV input when no model is named. */
    public static final int DEFAULT_AUDIO_QUALITY = 2;

    private static volatile List<RecombinerModel> cache;

    private ShippedRecombinerModels() {
    }

    /** All shipped RECOMBINER models: the CIFAR-10 family, then speech, each fewest bits first (empty if none). */
    public static List<RecombinerModel> all() {
        List<RecombinerModel> m = cache;
        if (m == null) {
            m = List.copyOf(load());
            cache = m;
        }
        return m;
    }

    /** The shipped model with this {@link RecombinerModel#id()}, if any. */
    public static Optional<RecombinerModel> byId(String id) {
        return all().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * The shipped model for signals of {@code width × height} at quality {@code q} (1-based), if one is shipped:
     * today only 32×32 images have shipped models.
     */
    public static Optional<RecombinerModel> forImage(int width, int height, int q) {
        List<RecombinerModel> fit = all().stream().filter(m -> m.architecture().inputDim() == 2
                && m.architecture().signalWidth() == width && m.architecture().signalHeight() == height).toList();
        return q >= 1 && q <= fit.size() ? Optional.of(fit.get(q - 1)) : Optional.empty();
    }

    /**
     * The shipped speech model at quality {@code q} (1-based), if one is shipped: 16-bit mono audio, cut into the
     * model's one-second clips (other sample rates are resampled to the model's).
     */
    public static Optional<RecombinerModel> forAudio(int q) {
        List<RecombinerModel> fit = all().stream().filter(m -> m.architecture().inputDim() == 1).toList();
        return q >= 1 && q <= fit.size() ? Optional.of(fit.get(q - 1)) : Optional.empty();
    }

    private static List<RecombinerModel> load() {
        List<RecombinerModel> out = new ArrayList<>(family(CIFAR10));
        out.addAll(family(SPEECH));
        return out;
    }

    /**
     * The models {@code stem1}, {@code stem2}, … of one family: the files that hold their network are read first,
     * then those that share it take the network of the model it names.
     */
    private static List<RecombinerModel> family(String stem) {
        List<byte[]> files = new ArrayList<>();
        for (int k = 1; ; k++) {
            String name = FOLDER + stem + k + ".r4m";
            try (InputStream in = ShippedRecombinerModels.class.getResourceAsStream(name)) {
                if (in == null) {
                    break;
                }
                files.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the packaged model " + name, e);
            }
        }
        RecombinerModel[] models = new RecombinerModel[files.size()];
        List<RecombinerModel> holders = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < files.size(); k++) {
                if (models[k] != null) {
                    continue;
                }
                String name = stem + (k + 1);
                try {
                    String shared = RecombinerModel.sharedNetworkId(files.get(k));
                    if (shared == null) {
                        models[k] = RecombinerModel.fromBytes(files.get(k));
                        holders.add(models[k]);
                    } else if (pass == 1) {
                        RecombinerModel source = holders.stream().filter(h -> h.networkId().equals(shared))
                                .findFirst().orElseThrow(() -> new IllegalStateException("the packaged model "
                                        + name + " shares network " + shared + ", which no model of its family holds"));
                        models[k] = RecombinerModel.fromBytes(files.get(k), source);
                    }
                } catch (Rec4jDataException e) {
                    throw new IllegalStateException("the packaged model " + name + " is damaged: " + e.getMessage(),
                            e);
                }
            }
        }
        return List.of(models);
    }
}
