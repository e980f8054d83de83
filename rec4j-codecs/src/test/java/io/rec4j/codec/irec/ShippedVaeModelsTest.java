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

    static String digest() throws Exception {
        VaeModel m = ShippedVaeModels.byName("irec-mnist-50").orElseThrow();
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
        assertEquals(List.of("irec-mnist-50"), all.stream().map(VaeModel::name).toList());
        VaeModel m = all.get(0);
        assertEquals(50, m.arch().latents());
        assertTrue(m.testBpd() > 1 && m.testBpd() < 2, "test -ELBO " + m.testBpd());
        assertEquals(m, ShippedVaeModels.byId(m.id()).orElseThrow());
        String d = digest();
        assertEquals("ca83491a2d396489 232", d);
        io.rec4j.testkit.FreshJvm.assertAllPrint(d, Main.class);
    }

    /** Prints {@link #digest()}. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            System.out.println(digest());
        }
    }
}
