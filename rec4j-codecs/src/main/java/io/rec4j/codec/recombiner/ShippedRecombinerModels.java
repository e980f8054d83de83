package io.rec4j.codec.recombiner;

import io.rec4j.core.Rec4jDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The RECOMBINER models that ship inside rec4j-codecs: {@code recombiner-cifar10-q<k>} for 32×32 images, k = 1
 * (fewest bits) upwards. They are trained on CIFAR-10 training images only ({@code models/README.md} next to them
 * records the commands) and share one network: q1 holds A and φ, the others are stored without them
 * ({@link RecombinerModel#toBytesSharingNetwork()}) and take q1's, so four rates cost one 14 MB network instead of
 * four ({@code docs/recombiner.md}, "Shipped models").
 *
 * <p>Resources: {@code io/rec4j/codec/recombiner/models/recombiner-cifar10-q<k>.r4m}; the list ends at the first
 * missing k. Models are parsed once, on first use.
 */
public final class ShippedRecombinerModels {
    /** Resource folder of the shipped models. */
    static final String FOLDER = "models/";
    /** Name stem of the CIFAR-10 models. */
    public static final String CIFAR10 = "recombiner-cifar10-q";
    /** The CIFAR-10 rate {@code --method recombiner} uses when no model is named. */
    public static final int DEFAULT_QUALITY = 2;

    private static volatile List<RecombinerModel> cache;

    private ShippedRecombinerModels() {
    }

    /** All shipped RECOMBINER models, fewest bits first (empty if none were packaged). */
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

    private static List<RecombinerModel> load() {
        List<RecombinerModel> out = new ArrayList<>();
        for (int k = 1; ; k++) {
            String name = FOLDER + CIFAR10 + k + ".r4m";
            try (InputStream in = ShippedRecombinerModels.class.getResourceAsStream(name)) {
                if (in == null) {
                    return out;
                }
                // q1 holds the network the others share
                out.add(RecombinerModel.fromBytes(in.readAllBytes(), out.isEmpty() ? null : out.get(0)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the packaged model " + name, e);
            } catch (Rec4jDataException e) {
                throw new IllegalStateException("the packaged model " + name + " is damaged: " + e.getMessage(), e);
            }
        }
    }
}
