package io.rec4j.codec.irec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shipped model: listed, parsed, named, and coding synthetic digits (strokes drawn here, not data) to pinned bytes
 * that decode exactly, in this JVM and fresh ones.
 */
class ShippedVaeModelsTest {
    static List<int[]> strokes() {
        SplittableRandom r = new SplittableRandom(2026);
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            int[] im = new int[784];
            int x0 = 8 + r.nextInt(8);
            for (int y = 5; y < 23; y++) {
                int x = x0 + (y * k) / 9;
                im[y * 28 + x] = 255;
                im[y * 28 + x + 1] = 200;
                im[y * 28 + x - 1] = 90;
            }
            out.add(im);
        }
        return out;
    }

    static String digest(String name) throws Exception {
        VaeModel m = ShippedVaeModels.byName(name).orElseThrow();
        byte[] f = IrecCodec.encode(m, strokes(), List.of("a.png", "b.png", "c.png"), true,
                LatentChannel.parse("irec", true, m), IrecCodec.Progress.NONE).file();
        List<int[]> back = IrecCodec.decode(m, f, IrecCodec.Progress.NONE);
        for (int i = 0; i < back.size(); i++) {
            if (!java.util.Arrays.equals(back.get(i), strokes().get(i))) {
                return "image " + i + " decoded wrongly";
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(f), 0, 8) + " " + f.length;
    }

    @Test
    void theShippedModelIsListedAndCodesToPinnedBytesOnEveryJvm() throws Exception {
        List<VaeModel> all = ShippedVaeModels.all();
        assertEquals(List.of("irec-mnist-50", "irec-mnist-conv-50"), all.stream().map(VaeModel::name).toList());
        for (VaeModel m : all) {
            assertEquals(50, m.arch().latents());
            assertTrue(m.testBpd() > 1 && m.testBpd() < 2, "test -ELBO " + m.testBpd());
            assertEquals(m, ShippedVaeModels.byId(m.id()).orElseThrow());
        }
        assertEquals(VaeArchitecture.Kind.CONV, all.get(1).arch().kind());
        String d = digest("irec-mnist-50");
        assertEquals("ca83491a2d396489 232", d);
        io.rec4j.testkit.FreshJvm.assertAllPrint(d, Main.class, "irec-mnist-50");
    }

    /** The convolutional model's pure-Java encoder and decoder are pinned too (the lossless path depends on both). */
    @Test
    void theConvolutionalModelCodesToPinnedBytesOnEveryJvm() throws Exception {
        String d = digest("irec-mnist-conv-50");
        assertEquals("ce11e6ffbf678cdf 244", d);
        io.rec4j.testkit.FreshJvm.assertAllPrint(d, Main.class, "irec-mnist-conv-50");
    }

    /** Prints {@link #digest(String)} of the model named by the argument. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            System.out.println(digest(args[0]));
        }
    }
}
