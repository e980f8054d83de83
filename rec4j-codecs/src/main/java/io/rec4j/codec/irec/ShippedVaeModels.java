package io.rec4j.codec.irec;

import io.rec4j.core.Rec4jDataException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The iREC models that ship inside rec4j-codecs ({@code irec-mnist-50}, ...), listed in {@code models/INDEX} next to
 * them, one name per line; {@code models/README.md} records how each was trained. Parsed once, on first use.
 */
public final class ShippedVaeModels {
    static final String FOLDER = "models/";
    private static volatile List<VaeModel> cache;

    private ShippedVaeModels() {
    }

    /** Every shipped model, in the index's order. */
    public static List<VaeModel> all() {
        List<VaeModel> m = cache;
        if (m == null) {
            m = List.copyOf(load());
            cache = m;
        }
        return m;
    }

    /** The shipped model called {@code name}. */
    public static Optional<VaeModel> byName(String name) {
        return all().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The shipped model with id {@code id}. */
    public static Optional<VaeModel> byId(String id) {
        return all().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    private static List<VaeModel> load() {
        List<VaeModel> out = new ArrayList<>();
        String index;
        try (InputStream in = ShippedVaeModels.class.getResourceAsStream(FOLDER + "INDEX")) {
            if (in == null) {
                return out;
            }
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged iREC model index", e);
        }
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            try (InputStream in = ShippedVaeModels.class.getResourceAsStream(FOLDER + name + ".r4m")) {
                if (in == null) {
                    throw new IllegalStateException("the packaged iREC model " + name + " is listed but missing");
                }
                VaeModel m = VaeModel.fromBytes(in.readAllBytes());
                if (!m.name().equals(name)) {
                    throw new IllegalStateException("the packaged iREC model " + name + " is named " + m.name());
                }
                out.add(m);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the packaged iREC model " + name, e);
            } catch (Rec4jDataException e) {
                throw new IllegalStateException("the packaged iREC model " + name + " is damaged: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
