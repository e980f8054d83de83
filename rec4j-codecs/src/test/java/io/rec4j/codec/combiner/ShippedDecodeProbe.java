package io.rec4j.codec.combiner;

import java.io.InputStream;

/**
 * Run in a fresh JVM by {@link ShippedModelsTest}: decodes the committed golden file of quality {@code args[0]}
 * with the shipped model (as a revision-2 file with {@code args[1] = "r2"}) and prints the decoded image's SHA-256.
 */
public final class ShippedDecodeProbe {
    private ShippedDecodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        int q = Integer.parseInt(args[0]);
        try (InputStream in = ShippedDecodeProbe.class.getResourceAsStream("golden-q" + q + ".r4j")) {
            byte[] file = in.readAllBytes();
            if (args.length > 1 && args[1].equals("r2")) {
                file = ShippedModelsTest.asRevision2(file);
            }
            System.out.println(CombinerCodec.decode(ShippedModels.forQuality(q), file).sha256());
        }
    }
}
