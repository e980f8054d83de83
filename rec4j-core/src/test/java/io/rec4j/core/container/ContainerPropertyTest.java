package io.rec4j.core.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of random containers (jqwik). */
class ContainerPropertyTest {

    /** A field as generated: key, type index, raw material for the value. */
    private static final class FieldSpec {
        final String key;
        final int type;
        final long number;
        final String text;
        final byte[] bytes;

        FieldSpec(String key, int type, long number, String text, byte[] bytes) {
            this.key = key;
            this.type = type;
            this.number = number;
            this.text = text;
            this.bytes = bytes;
        }
    }

    @Provide
    Arbitrary<Container> containers() {
        Arbitrary<FieldSpec> field = Combinators.combine(
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20),
                Arbitraries.integers().between(0, 4),
                Arbitraries.longs(),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                .as(FieldSpec::new);
        Arbitrary<List<FieldSpec>> fields = field.list().ofMaxSize(12).uniqueElements(f -> f.key);
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Integer> method = Arbitraries.integers().between(0, 0xFFFF);
        return Combinators.combine(fields, payload, method).as((fs, p, m) -> {
            ContainerHeader.Builder b = ContainerHeader.builder();
            for (FieldSpec f : fs) {
                switch (f.type) {
                    case 0:
                        b.putLong(f.key, f.number);
                        break;
                    case 1:
                        b.putInt(f.key, (int) f.number);
                        break;
                    case 2:
                        b.putDouble(f.key, Double.longBitsToDouble(f.number));
                        break;
                    case 3:
                        b.putString(f.key, f.text.codePoints().filter(c -> c < 0xD800 || c > 0xDFFF)
                                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                                .toString());
                        break;
                    default:
                        b.putBytes(f.key, f.bytes);
                }
            }
            return new Container(MethodId.of(m), b.build(), p);
        });
    }

    @Property(tries = 300)
    void roundTrip(@ForAll("containers") Container c) {
        byte[] bytes = c.toBytes();
        Container parsed = Container.parse(bytes);
        assertEquals(c, parsed);
        assertArrayEquals(bytes, parsed.toBytes());
        for (String key : c.header().keys()) {
            FieldType t = c.header().typeOf(key).orElseThrow();
            if (t == FieldType.DOUBLE) {
                assertEquals(Double.doubleToRawLongBits(c.header().getDouble(key)),
                        Double.doubleToRawLongBits(parsed.header().getDouble(key)));
            } else if (t == FieldType.BYTES) {
                assertArrayEquals(c.header().getBytes(key), parsed.header().getBytes(key));
            } else {
                assertEquals(c.header().getValue(key), parsed.header().getValue(key));
            }
        }
    }
}
