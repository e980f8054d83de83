package io.rec4j.core.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContainerRoundTripTest {

    private static Container roundTrip(Container c) throws IOException {
        byte[] bytes = c.toBytes();
        assertEquals(c.encodedLength(), bytes.length);
        Container parsed = Container.parse(bytes);
        assertEquals(c, parsed);
        assertEquals(c.hashCode(), parsed.hashCode());
        assertArrayEquals(bytes, parsed.toBytes(), "re-encoding must be byte-identical");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(out);
        assertArrayEquals(bytes, out.toByteArray(), "writeTo and toBytes must agree");

        Container read = Container.read(new ByteArrayInputStream(bytes), bytes.length);
        assertEquals(c, read);
        return parsed;
    }

    @Test
    void emptyHeaderAndPayload() throws IOException {
        Container c = roundTrip(ContainerTestData.empty());
        assertEquals(Container.MIN_CONTAINER_BYTES, c.encodedLength());
        assertEquals(0, c.payloadLength());
        assertTrue(c.header().isEmpty());
        assertEquals(1, c.formatVersion());
        assertEquals(MethodId.RAW_TEST, c.methodId());
    }

    @Test
    void emptyPayloadWithHeader() throws IOException {
        ContainerHeader h = ContainerHeader.builder().putInt("x", 7).build();
        Container c = roundTrip(new Container(MethodId.IREC, h, new byte[0]));
        assertEquals(7, c.header().getInt("x"));
    }

    @Test
    void emptyHeaderWithPayload() throws IOException {
        roundTrip(new Container(MethodId.COMBINER, ContainerHeader.empty(), new byte[] {9, 8, 7}));
    }

    @Test
    void largePayload() throws IOException {
        byte[] payload = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(payload);
        Container c = roundTrip(new Container(MethodId.RECOMBINER, ContainerHeader.empty(), payload));
        assertArrayEquals(payload, c.payload());
        assertEquals(payload.length, c.payloadBuffer().remaining());
        // a small read limit rejects it from the length field
        byte[] bytes = c.toBytes();
        assertThrows(ContainerTooLargeException.class,
                () -> Container.read(new ByteArrayInputStream(bytes), bytes.length - 1));
    }

    @Test
    void allFieldTypesAndExactValues() throws IOException {
        double nan = Double.longBitsToDouble(0x7FF8_0000_DEAD_BEEFL);
        ContainerHeader h = ContainerHeader.builder()
                .putLong("min", Long.MIN_VALUE)
                .putLong("max", Long.MAX_VALUE)
                .putInt("imin", Integer.MIN_VALUE)
                .putDouble("nan", nan)
                .putDouble("negzero", -0.0)
                .putDouble("tiny", Double.MIN_VALUE)
                .putDouble("inf", Double.NEGATIVE_INFINITY)
                .putString("unicode", "\u00e9\u65e5\u672c\uD83D\uDE00 \u0000 end")
                .putString("empty", "")
                .putBytes("raw", new byte[] {0, -1, 127, -128})
                .putBytes("none", new byte[0])
                .build();
        Container c = roundTrip(new Container(MethodId.BITSBACK_ROTATION, h, new byte[] {1}));
        ContainerHeader p = c.header();
        assertEquals(Long.MIN_VALUE, p.getLong("min"));
        assertEquals(Long.MAX_VALUE, p.getLong("max"));
        assertEquals(Integer.MIN_VALUE, p.getInt("imin"));
        assertEquals(0x7FF8_0000_DEAD_BEEFL, Double.doubleToRawLongBits(p.getDouble("nan")));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(p.getDouble("negzero")));
        assertEquals(Double.MIN_VALUE, p.getDouble("tiny"));
        assertEquals(Double.NEGATIVE_INFINITY, p.getDouble("inf"));
        assertEquals("\u00e9\u65e5\u672c\uD83D\uDE00 \u0000 end", p.getString("unicode"));
        assertEquals("", p.getString("empty"));
        assertArrayEquals(new byte[] {0, -1, 127, -128}, p.getBytes("raw"));
        assertArrayEquals(new byte[0], p.getBytes("none"));
        assertEquals(List.of("min", "max", "imin", "nan", "negzero", "tiny", "inf", "unicode", "empty", "raw", "none"),
                p.keys(), "field order is preserved");
        assertEquals(Optional.of(FieldType.DOUBLE), p.typeOf("nan"));
        assertEquals(Optional.empty(), p.typeOf("absent"));
        assertEquals(Long.MIN_VALUE, p.getValue("min"));
        assertEquals("", p.getValue("empty"));
    }

    @Test
    void sampleContainers() throws IOException {
        for (Container c : ContainerTestData.samples()) {
            roundTrip(c);
        }
    }

    @Test
    void unknownMethodIdParsesAndKeepsRawValue() throws IOException {
        Container c = roundTrip(new Container(MethodId.of(4711), ContainerHeader.empty(), new byte[0]));
        assertFalse(c.methodId().isKnown());
        assertEquals(4711, c.methodId().id());
        assertEquals("UNKNOWN(4711)", c.methodId().toString());
        roundTrip(new Container(MethodId.of(0xFFFF), ContainerHeader.empty(), new byte[0]));
    }

    @Test
    void methodIds() {
        assertEquals(MethodId.REC_GAUSSIAN, MethodId.of(1));
        assertTrue(MethodId.of(1) == MethodId.REC_GAUSSIAN);
        assertEquals(MethodId.MODEL_FILE, MethodId.byName("MODEL_FILE").orElseThrow());
        assertEquals(100, MethodId.MODEL_FILE.id());
        assertEquals(MethodId.RECOMBINER_PACK, MethodId.of(11));
        assertEquals("REC_GAUSSIAN(1)", MethodId.REC_GAUSSIAN.toString());
        assertEquals(MethodId.of(999), MethodId.of(999));
        assertEquals(MethodId.RECOMBINER_AUDIO, MethodId.of(12));
        assertEquals(MethodId.IREC_PACK, MethodId.of(13));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 100),
                MethodId.knownValues().stream().map(MethodId::id).collect(java.util.stream.Collectors.toList()));
        assertThrows(IllegalArgumentException.class, () -> MethodId.of(-1));
        assertThrows(IllegalArgumentException.class, () -> MethodId.of(0x10000));
    }

    @Test
    void immutability() {
        byte[] payload = {1, 2, 3};
        byte[] value = {4, 5};
        ContainerHeader h = ContainerHeader.builder().putBytes("v", value).build();
        Container c = new Container(MethodId.RAW_TEST, h, payload);
        payload[0] = 99;
        value[0] = 99;
        c.payload()[1] = 99;
        h.getBytes("v")[1] = 99;
        assertArrayEquals(new byte[] {1, 2, 3}, c.payload());
        assertArrayEquals(new byte[] {4, 5}, c.header().getBytes("v"));
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> c.payloadBuffer().put(0, (byte) 1));
    }

    @Test
    void typedGettersRejectMissingAndWrongType() {
        ContainerHeader h = ContainerHeader.builder().putLong("n", 1).putString("s", "x").build();
        MalformedContainerException e = assertThrows(MalformedContainerException.class, () -> h.getLong("m"));
        assertTrue(e.getMessage().contains("'m' is missing"), e.getMessage());
        e = assertThrows(MalformedContainerException.class, () -> h.getInt("n"));
        assertTrue(e.getMessage().contains("has type LONG, expected INT"), e.getMessage());
        assertThrows(MalformedContainerException.class, () -> h.getDouble("s"));
        assertThrows(MalformedContainerException.class, () -> h.getBytes("s"));
        assertThrows(MalformedContainerException.class, () -> h.getString("n"));
        assertThrows(MalformedContainerException.class, () -> h.getValue("zz"));
    }

    @Test
    void builderRejectsProgrammingErrors() {
        ContainerHeader.Builder b = ContainerHeader.builder().putLong("a", 1);
        assertThrows(IllegalArgumentException.class, () -> b.putInt("a", 2), "duplicate key");
        assertThrows(IllegalArgumentException.class, () -> b.putInt("", 2), "empty key");
        assertThrows(IllegalArgumentException.class, () -> b.putInt("has space", 2));
        assertThrows(IllegalArgumentException.class, () -> b.putInt("caf\u00e9", 2), "non-ASCII key");
        assertThrows(IllegalArgumentException.class, () -> b.putInt("k".repeat(256), 2));
        assertThrows(IllegalArgumentException.class, () -> b.putString("s", "bad \uD800 surrogate"));
        b.putInt("k".repeat(255), 2); // longest key is fine
        assertEquals(2, b.build().size());
    }

    @Test
    void headerToBuilderAndEquality() {
        ContainerHeader h = ContainerHeader.builder().putLong("a", 1).putInt("b", 2).build();
        ContainerHeader h2 = h.toBuilder().putString("c", "x").build();
        assertEquals(List.of("a", "b", "c"), h2.keys());
        assertEquals(h2, h2.toBuilder().build());
        assertEquals(h2.hashCode(), h2.toBuilder().build().hashCode());
        ContainerHeader swapped = ContainerHeader.builder().putInt("b", 2).putLong("a", 1).build();
        assertFalse(h.equals(swapped), "order is part of the header");
        assertEquals("{a: LONG=1, b: INT=2, c: STRING=\"x\"}", h2.toString());
    }

    @Test
    void readLeavesStreamAfterContainer() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Container a = ContainerTestData.golden();
        Container b = ContainerTestData.empty();
        a.writeTo(out);
        b.writeTo(out);
        out.write(0x77);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(a, Container.read(in, 1 << 20));
        assertEquals(b, Container.read(in, 1 << 20));
        assertEquals(0x77, in.read());
        assertEquals(-1, in.read());
    }
}
