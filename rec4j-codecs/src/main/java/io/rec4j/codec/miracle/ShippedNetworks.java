package io.rec4j.codec.miracle;

import io.rec4j.core.Rec4jDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MIRACLE-compressed networks that ship inside rec4j-codecs, named {@code miracle-lenet300-<size>kb} and
 * {@code miracle-lenet5-<size>kb}: points of the benchmark's Pareto front ({@code BENCHMARKS.md}, "MIRACLE"), listed
 * in {@code networks/INDEX} next to them, one name per line. {@code networks/README.md} records how each was made.
 * Parsed once, on first use.
 */
public final class ShippedNetworks {
    static final String FOLDER = "networks/";

    /**
     * One shipped network.
     *
     * @param name  its name, e.g. {@code miracle-lenet300-4kb}
     * @param bytes the file
     */
    public record Entry(String name, byte[] bytes) {
        /** The file's header. */
        public MiracleFile.Header header() {
            return MiracleFile.header(bytes);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    private static volatile List<Entry> cache;

    private ShippedNetworks() {
    }

    /** Every shipped network, in the index's order. */
    public static List<Entry> all() {
        List<Entry> e = cache;
        if (e == null) {
            e = List.copyOf(load());
            cache = e;
        }
        return e;
    }

    /** The shipped network called {@code name}. */
    public static Optional<Entry> byName(String name) {
        return all().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    private static List<Entry> load() {
        List<Entry> out = new ArrayList<>();
        String index;
        try (InputStream in = ShippedNetworks.class.getResourceAsStream(FOLDER + "INDEX")) {
            if (in == null) {
                return out;
            }
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged network index", e);
        }
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            try (InputStream in = ShippedNetworks.class.getResourceAsStream(FOLDER + name + ".r4j")) {
                if (in == null) {
                    throw new IllegalStateException("the packaged network " + name + " is listed but missing");
                }
                byte[] bytes = in.readAllBytes();
                MiracleFile.parse(bytes);
                out.add(new Entry(name, bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the packaged network " + name, e);
            } catch (Rec4jDataException e) {
                throw new IllegalStateException("the packaged network " + name + " is damaged: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
