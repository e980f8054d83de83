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
 *
 * <p>Beside this quality ladder for photos (64×64 tiles) ship the CIFAR-10 models {@code combiner-cifar10-q<k>.r4m}
 * ({@link #cifar10()}): one 32×32 tile per image, at the COMBINER paper's CIFAR-10 rates (58 / 89 / 146 blocks of 16
 * bits, 0.906 / 1.391 / 2.281 bpp), trained on CIFAR-10 training images only.
 */
public final class ShippedModels {
    /** Resource folder of the shipped models. */
    static final String FOLDER = "models/";
    /** The quality {@code rec4j compress} uses when none is given. */
    public static final int DEFAULT_QUALITY = 2;

    /** The CIFAR-10 quality {@code rec4j compress} uses for a 32×32 image when none is given. */
    public static final int DEFAULT_CIFAR10_QUALITY = 2;

    /** The photo ladder, parsed on first use (initialisation-on-demand holder). */
    private static final class Photo {
        static final List<CombinerModel> MODELS = Collections.unmodifiableList(load("combiner-q"));
    }

    /** The CIFAR-10 models, parsed on first use. */
    private static final class Cifar10Models {
        static final List<CombinerModel> MODELS = Collections.unmodifiableList(load("combiner-cifar10-q"));
    }

    private ShippedModels() {
    }

    /** All shipped models, lowest quality first (empty if none were packaged). */
    public static List<CombinerModel> all() {
        return Photo.MODELS;
    }

    /** The CIFAR-10 models (32×32 images), lowest rate first (empty if none were packaged). */
    public static List<CombinerModel> cifar10() {
        return Cifar10Models.MODELS;
    }

    /**
     * The CIFAR-10 model of quality {@code q} (1-based).
     *
     * @throws IllegalArgumentException if there is no such level
     */
    public static CombinerModel forCifar10(int q) {
        List<CombinerModel> m = cifar10();
        if (q < 1 || q > m.size()) {
            throw new IllegalArgumentException(m.isEmpty() ? "no CIFAR-10 COMBINER models are packaged in this build"
                    : "quality must be 1.." + m.size() + " for 32x32 images, was " + q);
        }
        return m.get(q - 1);
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

    /** The shipped model (photo or CIFAR-10) with this {@link CombinerModel#id()}, if any. */
    public static Optional<CombinerModel> byId(String id) {
        Optional<CombinerModel> photo = all().stream().filter(m -> m.id().equals(id)).findFirst();
        return photo.isPresent() ? photo : cifar10().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The quality level (1-based) of a shipped model in its ladder (photo or CIFAR-10), or 0 if it is not shipped. */
    public static int qualityOf(CombinerModel model) {
        int q = all().indexOf(model) + 1;
        return q > 0 ? q : cifar10().indexOf(model) + 1;
    }

    private static List<CombinerModel> load(String prefix) {
        List<CombinerModel> out = new ArrayList<>();
        for (int k = 1; ; k++) {
            String name = FOLDER + prefix + k + ".r4m";
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
