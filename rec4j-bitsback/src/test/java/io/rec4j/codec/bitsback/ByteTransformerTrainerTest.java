package io.rec4j.codec.bitsback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.safetensors.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The trainer's model is the model {@link DecoderForward} evaluates: same logits (float32 engine against double Java, to
 * float32 rounding), and training lowers the loss on a repetitive text.
 */
class ByteTransformerTrainerTest {
    @Test
    void trainerAndJavaForwardAgree() throws Exception {
        byte[] text = "the quick brown fox jumps over the lazy dog. ".repeat(40).getBytes(StandardCharsets.US_ASCII);
        ByteTransformerTrainer.Settings s = new ByteTransformerTrainer.Settings(16, 2, 2, 12, 60, 8, 1e-2, 3);
        try (ByteTransformerTrainer t = new ByteTransformerTrainer(s)) {
            double first = t.step(text, 1e-2);
            double[] last = new double[1];
            t.train(text, (loss, step) -> last[0] = loss);
            assertTrue(last[0] < 0.6 * first, "loss " + first + " -> " + last[0]);
            SliceGpt.Weights w = t.weights();
            TransformerConfig c = TransformerConfig.of(Json.parseObject(t.configJson()));
            DecoderForward f = new DecoderForward(c, w.values(), w.shapes());
            int[] tokens = new int[12];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = text[5 + i] & 0xFF;
            }
            float[] djl = t.logits(tokens);
            double[][] java = f.run(tokens, null);
            for (int i = 0; i < 12; i++) {
                for (int v = 0; v < 256; v++) {
                    assertEquals(java[i][v], djl[i * 256 + v], 1e-3 * Math.max(1, Math.abs(java[i][v])), i + "," + v);
                }
            }
        }
    }
}
