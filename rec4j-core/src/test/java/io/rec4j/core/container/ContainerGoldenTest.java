package io.rec4j.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Fixed bytes: if one of these fails, the file format changed (bump the format version instead). */
class ContainerGoldenTest {

    @Test
    void goldenContainerEncoding() {
        assertEquals(ContainerTestData.GOLDEN_HEX, ContainerTestData.hex(ContainerTestData.golden().toBytes()));
    }

    @Test
    void goldenContainerDecoding() {
        Container c = Container.parse(ContainerTestData.hex(ContainerTestData.GOLDEN_HEX));
        assertEquals(ContainerTestData.golden(), c);
        assertEquals(MethodId.REC_GAUSSIAN, c.methodId());
        assertEquals(3L, c.header().getLong("n"));
        assertEquals(-2, c.header().getInt("k"));
        assertEquals(0.5, c.header().getDouble("sigma"));
        assertEquals("h\u00e9", c.header().getString("name"));
        assertEquals(96, c.encodedLength());
    }

    @Test
    void emptyContainerEncoding() {
        assertEquals(ContainerTestData.EMPTY_HEX, ContainerTestData.hex(ContainerTestData.empty().toBytes()));
        assertEquals(ContainerTestData.empty(), Container.parse(ContainerTestData.hex(ContainerTestData.EMPTY_HEX)));
    }
}
