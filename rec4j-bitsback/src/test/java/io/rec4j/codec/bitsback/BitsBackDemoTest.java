package io.rec4j.codec.bitsback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.safetensors.Safetensors;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pipeline on a small model and a synthetic text (BitsBackDemo.syntheticText): the decoded model
 * computes the function of the sliced float16 model (the spec's T7 thresholds: largest logit change ≤ 1 % of the
 * largest logit, ≥ 99 % argmax agreement, held-out perplexity within 1 %), the bits-back file is smaller than the
 * plain one, and the sliced model written to a directory reads back.
 */
class BitsBackDemoTest {
    @TempDir
    Path dir;

    @Test
    void decodedModelComputesTheSlicedFunction() throws Exception {
        ByteTransformerTrainer.Settings s = new ByteTransformerTrainer.Settings(48, 2, 4, 24, 200, 16, 3e-3, 2);
        BitsBackDemo.Report r = BitsBackDemo.run(BitsBackDemo.syntheticText(30_000, 1), s, 0.8, 24, dir.resolve("sliced"),
                new BitsBackDemo.Listener() {
                    @Override
                    public void stage(String name, long total) {
                    }

                    @Override
                    public void step(long done) {
                    }
                });
        System.out.printf("nll original %.4f sliced %.4f fp16 %.4f decoded %.4f; max logit change %.3g of %.3g;"
                + " plain %d bytes, bits-back %d (%.2f %%)%n", r.nll()[0], r.nll()[1], r.nll()[2], r.nll()[3],
                r.maxLogitChange(), r.maxLogit(), r.plainBytes(), r.bitsBackBytes(), 100 * r.savingOfPlain());
        assertTrue(r.nll()[0] < 0.9 * Math.log(21), "the model learned something: " + r.nll()[0]);
        assertTrue(r.maxLogitChange() <= 1e-2 * r.maxLogit(), r.maxLogitChange() + " vs " + r.maxLogit());
        assertTrue(r.argmaxAgreement() >= 0.99, "argmax agreement " + r.argmaxAgreement());
        assertEquals(r.nll()[2], r.nll()[3], 0.01 * r.nll()[2], "held-out NLL, float16 vs decoded");
        assertTrue(r.bitsBackBytes() < r.plainBytes());
        ModelDirectory.Model m = ModelDirectory.read(dir.resolve("sliced"));
        assertEquals(2, m.config().layers());
        assertEquals(SiteLayout.of(m.config(), shapes(m)).sites().size(), 5);
    }

    static java.util.Map<String, long[]> shapes(ModelDirectory.Model m) {
        java.util.Map<String, long[]> s = new java.util.LinkedHashMap<>();
        for (Safetensors.Tensor t : m.weights().tensors()) {
            s.put(t.name(), t.shape());
        }
        return s;
    }
}
