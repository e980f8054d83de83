package io.rec4j.nn.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The PyTorch engine loads from the Maven native jar alone (no download at run time) and computes. */
class EngineSmokeTest {
    @Test
    void pytorchEngineLoadsOfflineAndComputes() {
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3});
            assertEquals(12f, x.mul(2).sum().getFloat());
        }
    }
}
