package io.rec4j.codec.inr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Parameter counting and the flat layout. */
class SirenArchitectureTest {
    @Test
    void combinerKodakHas12675Parameters() {
        SirenArchitecture a = SirenArchitecture.combinerKodak();
        // COMBINER's Kodak network (docs/combiner.md, "Network"): (64+1)·48 + 4·(48+1)·48 + (48+1)·3
        assertEquals(65 * 48 + 4 * 49 * 48 + 49 * 3, a.parameterCount());
        assertEquals(12_675, a.parameterCount());
        assertEquals(6, a.layerCount());
        assertEquals(30.0, a.w0());
        assertEquals(64, a.layerInputDim(0));
        assertEquals(48, a.layerOutputDim(4));
        assertEquals(3, a.layerOutputDim(5));
    }

    @Test
    void layoutIsWeightsRowMajorThenBiasPerLayer() {
        SirenArchitecture a = SirenArchitecture.combinerKodak();
        assertEquals(0, a.weightIndex(0, 0, 0));
        assertEquals(1, a.weightIndex(0, 0, 1)); // row-major: next output of the same input
        assertEquals(48, a.weightIndex(0, 1, 0));
        assertEquals(64 * 48, a.biasIndex(0, 0)); // the (d_in+1)-th row of the reference's matrix
        assertEquals(65 * 48, a.layerOffset(1));
        assertEquals(65 * 48, a.weightIndex(1, 0, 0));
        assertEquals(65 * 48 + 49 * 48, a.layerOffset(2));
        int last = 65 * 48 + 4 * 49 * 48;
        assertEquals(last, a.layerOffset(5));
        assertEquals(last + 47 * 3 + 2, a.weightIndex(5, 47, 2));
        assertEquals(last + 48 * 3 + 2, a.biasIndex(5, 2));
        assertEquals(a.parameterCount() - 1, a.biasIndex(5, 2));
        assertEquals(a.parameterCount(), a.layerOffset(6));
    }

    @Test
    void noHiddenLayerIsAffine() {
        SirenArchitecture a = SirenArchitecture.of(1, 2, 5, 0, 1);
        assertEquals(3, a.parameterCount());
        assertEquals(2, a.layerInputDim(0));
        assertEquals(1, a.layerOutputDim(0));
    }

    @Test
    void rejectsInvalidShapes() {
        assertThrows(IllegalArgumentException.class, () -> SirenArchitecture.of(2, 6, 8, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> SirenArchitecture.of(2, 8, 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> SirenArchitecture.of(2, 8, 4, -1, 3));
        assertThrows(IllegalArgumentException.class, () -> SirenArchitecture.of(2, 8, 4, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SirenArchitecture(2, 8, 4, 1, 3, Double.NaN));
        SirenArchitecture a = SirenArchitecture.of(2, 8, 4, 1, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> a.weightIndex(0, 8, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.biasIndex(1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> a.layerInputDim(2));
    }
}
