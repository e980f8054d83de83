package io.rec4j.codec.combiner;

import java.io.InputStream;

/**
 * Run in a fresh JVM by {@link ShippedModelsTest}: decodes the committed golden file of quality {@code args[0]}
 * with the shipped model and prints the decoded image's SHA-256.
 */
public final class ShippedDecodeProbe {
    private ShippedDecodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        int q = Integer.parseInt(args[0]);
        try (InputStream in = ShippedDecodeProbe.class.getResourceAsStream("golden-q" + q + ".r4j")) {
            System.out.println(CombinerCodec.decode(ShippedModels.forQuality(q), in.readAllBytes()).sha256());
        }
    }
}
