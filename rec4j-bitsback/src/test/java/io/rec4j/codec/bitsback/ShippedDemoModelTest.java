package io.rec4j.codec.bitsback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.safetensors.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shipped d = 256 demo model: offered only for the settings and the text it was trained with, and trained (its
 * held-out loss on book1's last 10 % far below a uniform byte's ln 256 = 5.5 nats).
 */
class ShippedDemoModelTest {
    static final Path BOOK1 = Path.of(System.getProperty("rec4j.book1", "../../shared/data/text/book1"));

    @Test
    void offeredOnlyForItsOwnSettingsAndText() throws Exception {
        byte[] other = BitsBackDemo.syntheticText(50_000, 1);
        assertNull(BitsBackDemo.shipped(ByteTransformerTrainer.Settings.demo(256), other));
        assertNull(BitsBackDemo.shipped(ByteTransformerTrainer.Settings.demo(128), other));
    }

    @Test
    void shippedModelIsTheTrainedOneOnBook1() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(BOOK1), "book1 not found at " + BOOK1 + " (set -Drec4j.book1): skipped");
        byte[] text = Files.readAllBytes(BOOK1);
        assertNull(BitsBackDemo.shipped(ByteTransformerTrainer.Settings.demo(128), text));
        BitsBackDemo.Pretrained p = BitsBackDemo.shipped(ByteTransformerTrainer.Settings.demo(256), text);
        assertNotNull(p);
        TransformerConfig c = TransformerConfig.of(Json.parseObject(p.configJson()));
        assertEquals(256, c.hidden());
        assertEquals(2, c.layers());
        byte[] heldOut = java.util.Arrays.copyOfRange(text, (int) (text.length * 0.9), text.length);
        double nll = new DecoderForward(c, p.weights().values(), p.weights().shapes()).negativeLogLikelihood(heldOut, 4);
        System.out.printf("shipped d=256 model: %.4f nats/byte on 4 held-out windows%n", nll);
        assertTrue(nll < 2.0, "held-out loss " + nll);
    }
}
