package io.rec4j.codec.combiner;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a fresh JVM by {@link CombinerCodecTest}: decodes FILE with MODEL and prints the image's SHA-256. */
public final class CombinerDecodeProbe {
    private CombinerDecodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        CombinerModel model = CombinerModel.fromBytes(Files.readAllBytes(Path.of(args[0])));
        System.out.println(CombinerCodec.decode(model, Files.readAllBytes(Path.of(args[1]))).sha256());
    }
}
