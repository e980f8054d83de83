package io.rec4j.codec.combiner;

import io.rec4j.core.Rec4jDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The COMBINER models that ship inside rec4j-codecs, one per quality level (1 = smallest files … {@link #count()} =
 * best quality). They are trained on patches of the project's training photographs (never on the evaluation set)
 * by {@code rec4j combiner train-prior}; {@code models/README.md} next to them records how.
 *
 * <p>Resources: {@code io/rec4j/codec/combiner/models/combiner-q<k>.r4m} for k = 1, 2, …; the list ends at the first
 * missing k. Models are parsed once, on first use.
 */
public final class ShippedModels {
    /** Resource folder of the shipped models. */
    static final String FOLDER = "models/";
    /** The quality {@code rec4j compress} uses when none is given. */
    public static final int DEFAULT_QUALITY = 2;

    private static volatile List<CombinerModel> cache;

    private ShippedModels() {
    }

    /** All shipped models, lowest quality first (empty if none were packaged). */
    public static List<CombinerModel> all() {
        List<CombinerModel> m = cache;
        if (m == null) {
            m = Collections.unmodifiableList(load());
            cache = m;
        }
        return m;
    }

    /** Number of quality levels. */
    public static int count() {
        return all().size();
    }

    /**
     * The model of quality {@code q} (1-based).
     *
     * @throws IllegalArgumentException if there is no such level
     */
    public static CombinerModel forQuality(int q) {
        List<CombinerModel> m = all();
        if (q < 1 || q > m.size()) {
            throw new IllegalArgumentException(m.isEmpty() ? "no COMBINER models are packaged in this build"
                    : "quality must be 1.." + m.size() + ", was " + q);
        }
        return m.get(q - 1);
    }

    /** The shipped model with this {@link CombinerModel#id()}, if any. */
    public static Optional<CombinerModel> byId(String id) {
        return all().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The quality level (1-based) of a shipped model, or 0 if the model is not shipped. */
    public static int qualityOf(CombinerModel model) {
        return all().indexOf(model) + 1;
    }

    private static List<CombinerModel> load() {
        List<CombinerModel> out = new ArrayList<>();
        for (int k = 1; ; k++) {
            String name = FOLDER + "combiner-q" + k + ".r4m";
            try (InputStream in = ShippedModels.class.getResourceAsStream(name)) {
                if (in == null) {
                    return out;
                }
                out.add(CombinerModel.fromBytes(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the packaged model " + name, e);
            } catch (Rec4jDataException e) {
                throw new IllegalStateException("the packaged model " + name + " is damaged: " + e.getMessage(), e);
            }
        }
    }

    /**
     * One line describing a model: name, id, shipped quality if it is a shipped model, blocks per tile.
     * Example: {@code combiner-q2 (id 7e77475e22ccea4f, shipped quality 2, 148 blocks of 16 bits per 64x64 tile)}.
     */
    public static String describe(CombinerModel m) {
        int q = qualityOf(m);
        return String.format(Locale.ROOT, "%s (id %s%s, %d blocks of %d bits per %dx%d tile)", m.name(), m.id(),
                q > 0 ? ", shipped quality " + q : "", m.plan().blockCount(), m.kappa(), m.tile(), m.tile());
    }
}
