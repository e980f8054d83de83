package io.rec4j.nn.djl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * The engine's convolutions are right in the build's test JVMs (which set {@code ONEDNN_MAX_CPU_ISA=SSE41}); on a CPU
 * where they are not, this fails with the check's message instead of a trainer test failing obscurely.
 */
class ConvolutionCheckTest {
    @Test
    void engineConvolutionsAreRight() {
        assertDoesNotThrow(ConvolutionCheck::verify);
    }
}
