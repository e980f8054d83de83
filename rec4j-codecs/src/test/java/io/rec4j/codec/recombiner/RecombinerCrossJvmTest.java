package io.rec4j.codec.recombiner;

import io.rec4j.testkit.FreshJvm;
import org.junit.jupiter.api.Test;

/**
 * The RECOMBINER forward pass and the decoding of patched files across processes, compilers and JVMs: a fresh JVM prints the pinned digests with the
 * JIT on, interpreter only, C1 only and on every other installed JDK (17 or newer).
 */
class RecombinerCrossJvmTest {
    @Test
    void freshJvmsAgree() throws Exception {
        FreshJvm.assertAllPrint(RecombinerRendererTest.GOLDEN_STRICT + "\n" + RecombinerRendererTest.GOLDEN_POLY
                + "\n" + RecombinerRendererTest.GOLDEN_AUDIO + "\n" + RecombinerPatchedCodecTest.GOLDEN_IMAGE + "\n"
                + RecombinerPatchedCodecTest.GOLDEN_AUDIO, RecombinerFixtures.class);
    }
}
