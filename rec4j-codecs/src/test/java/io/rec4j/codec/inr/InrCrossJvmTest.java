package io.rec4j.codec.inr;

import io.rec4j.testkit.FreshJvm;
import io.rec4j.codec.image.TestCardTest;
import org.junit.jupiter.api.Test;

/**
 * The decoder contract across processes, compilers and JVMs: a fresh JVM renders the pinned SIREN output and the
 * pinned test card with the same bits, with the JIT on, interpreter only ({@code -Xint}), C1 only, and on every
 * other JDK (17 or newer) under {@code /usr/lib/jvm}.
 */
class InrCrossJvmTest {
    @Test
    void freshJvmsAgree() throws Exception {
        FreshJvm.assertAllPrint(SirenNetworkTest.GOLDEN_RENDER + "\n" + TestCardTest.GOLDEN_64X48, InrProbe.class);
    }
}
