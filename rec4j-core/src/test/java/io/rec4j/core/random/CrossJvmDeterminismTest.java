package io.rec4j.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rec4j.testkit.FreshJvm;
import org.junit.jupiter.api.Test;

/**
 * The shared-randomness contract across processes, compilers and JVMs: the digest of the first 200,000 normals of
 * seed 42 is pinned, and a fresh JVM computes the same value with the JIT on, with the interpreter only
 * ({@code -Xint}), with C1 only, and on every other JDK (version 17 or newer) installed under
 * {@code /usr/lib/jvm}; likewise for the ziggurat generator. The other JDKs are a bonus where present; the pinned value and the three compiler modes
 * always run.
 */
class CrossJvmDeterminismTest {
    static final long SEED = 42;
    static final long COUNT = 200_000;
    /** Pinned when the generator was written (Philox4x32-10 + AS 241 inversion); must never change. */
    static final String GOLDEN = "3fdc5c2e02e426f5fce70a5aca4c0827726198049a5cf0f66be53af35cd5c828";
    /**
     * The same for {@link NormalGenerator#ZIGGURAT} (COMBINER revision 3), pinned when that generator was written;
     * must never change. Its first values agree with an independent transcription ({@link ZigguratTest}).
     */
    static final String GOLDEN_ZIGGURAT = "583686d6c70b9bfcfef4402e6c75ddab0b73d32b7750cd116a94fd8609eaae84";

    @Test
    void inProcessDigestIsPinned() {
        assertEquals(GOLDEN, SharedRandomness.normalDigest(SEED, COUNT));
    }

    @Test
    void freshJvmsAgree() throws Exception {
        FreshJvm.assertAllPrint(GOLDEN, DigestProbe.class, Long.toString(SEED), Long.toString(COUNT));
    }

    @Test
    void inProcessZigguratDigestIsPinned() {
        assertEquals(GOLDEN_ZIGGURAT, SharedRandomness.normalDigest(SEED, COUNT, NormalGenerator.ZIGGURAT));
    }

    @Test
    void freshJvmsAgreeOnTheZiggurat() throws Exception {
        FreshJvm.assertAllPrint(GOLDEN_ZIGGURAT, DigestProbe.class, Long.toString(SEED), Long.toString(COUNT),
                NormalGenerator.ZIGGURAT.name());
    }
}
