package io.rec4j.codec.combiner;

import io.rec4j.codec.image.PngStreamWriter;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Run in a fresh JVM with a small heap by {@link StreamingDecodeTest}: streams FILE, decoded with MODEL, into the
 * PNG file OUT and prints the JVM's maximum heap in bytes and the SHA-256 of the decoded samples (as
 * {@link io.rec4j.codec.image.RgbImage#sha256()} would compute it, but row by row).
 */
public final class StreamDecodeProbe {
    private StreamDecodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        CombinerModel model = CombinerModel.fromBytes(Files.readAllBytes(Path.of(args[0])));
        byte[] file = Files.readAllBytes(Path.of(args[1]));
        CombinerCodec.Info info = CombinerCodec.info(file);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[2])), 1 << 16);
             PngStreamWriter png = new PngStreamWriter(out, info.width(), info.height())) {
            CombinerCodec.decode(model, file, (y, rgb) -> {
                sha.update(rgb);
                png.row(y, rgb);
            }, CombinerCodec.Progress.NONE);
            png.finish();
        }
        System.out.println(Runtime.getRuntime().maxMemory());
        System.out.println(HexFormat.of().formatHex(sha.digest()));
    }
}
