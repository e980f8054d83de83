package io.rec4j.codec.recombiner;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The RECOMBINER model file: exact round trip, and every damaged or hostile file refused with a typed error. */
class RecombinerModelTest {
    static final RecombinerModel MODEL = RecombinerPackTest.MODEL;

    /** {@code h} with field {@code key} replaced by {@code value} (same type), the other fields as they were. */
    static ContainerHeader with(ContainerHeader h, String key, Object value) {
        ContainerHeader.Builder b = ContainerHeader.builder();
        for (String k : h.keys()) {
            Object v = k.equals(key) ? value : h.getValue(k);
            if (v instanceof Integer i) {
                b.putInt(k, i);
            } else if (v instanceof Long l) {
                b.putLong(k, l);
            } else if (v instanceof Double d) {
                b.putDouble(k, d);
            } else {
                b.putString(k, (String) v);
            }
        }
        return b.build();
    }

    @Test
    void roundTripIsExact() {
        byte[] bytes = MODEL.toBytes();
        RecombinerModel back = RecombinerModel.fromBytes(bytes);
        assertEquals(MODEL, back);
        assertEquals(MODEL.id(), back.id());
        assertEquals(Container.contentId(bytes), MODEL.id());
    }

    @Test
    void aModelSharingItsNetworkRoundTripsWithTheModelThatHoldsIt() {
        RecombinerModel other = RecombinerPackTest.model(2); // same network, other seed
        assertEquals(MODEL.networkId(), other.networkId());
        byte[] shared = other.toBytesSharingNetwork();
        byte[] full = other.toBytes();
        assertEquals(Container.parse(full).payloadLength() - 4L * RecombinerNetwork.parameterCount(MODEL.architecture()),
                Container.parse(shared).payloadLength(), "the sharing file's payload leaves out exactly the network");
        RecombinerModel back = RecombinerModel.fromBytes(shared, MODEL);
        assertEquals(other, back);
        assertEquals(other.id(), back.id(), "the id is that of the full file");
        assertEquals(Container.contentId(full), back.id());
        // a full file ignores the network source
        assertEquals(other, RecombinerModel.fromBytes(full, MODEL));
    }

    @Test
    void aModelSharingANetworkIsRefusedWithoutItOrWithAnother() {
        byte[] shared = RecombinerPackTest.model(2).toBytesSharingNetwork();
        Rec4jDataException none = assertThrows(Rec4jDataException.class, () -> RecombinerModel.fromBytes(shared));
        assertTrue(none.getMessage().contains("shares with another model"), none.getMessage());
        float[] net = MODEL.networkFloats();
        net[0] = Math.nextUp(net[0]); // one ulp off
        RecombinerModel wrong = new RecombinerModel("other-net", MODEL.architecture(), net, MODEL.prior(),
                MODEL.initRho(), MODEL.plan(), 1, MODEL.kappa(), MODEL.beta());
        assertNotEquals(MODEL.networkId(), wrong.networkId());
        Rec4jDataException mismatch = assertThrows(Rec4jDataException.class,
                () -> RecombinerModel.fromBytes(shared, wrong));
        assertTrue(mismatch.getMessage().contains(MODEL.networkId()), mismatch.getMessage());
        for (int n = 0; n < shared.length; n += Math.max(1, shared.length / 41)) {
            byte[] cut = Arrays.copyOf(shared, n);
            assertThrows(Rec4jDataException.class, () -> RecombinerModel.fromBytes(cut, MODEL), "length " + n);
        }
    }

    @Test
    void truncatedAndFlippedFilesAreRefused() {
        byte[] bytes = MODEL.toBytes();
        for (int n = 0; n < bytes.length; n += Math.max(1, bytes.length / 97)) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThrows(Rec4jDataException.class, () -> RecombinerModel.fromBytes(cut), "length " + n);
        }
        for (int i = 0; i < bytes.length; i += Math.max(1, bytes.length / 89)) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= 0x10;
            assertThrows(Rec4jDataException.class, () -> RecombinerModel.fromBytes(flipped), "byte " + i);
        }
    }

    @Test
    void hostileHeadersBehindValidChecksumsAreRefused() {
        Container c = Container.parse(MODEL.toBytes());
        String[][] edits = {{"arch.latentChannels", "2147483647"}, {"arch.hiddenWidth", "1000000"},
                {"arch.firstUpsample", "1073741824"}, {"arch.patchWidth", "-16"}, {"arch.patchRows", "2"},
                {"kappa", "99"}, {"arch.outputChannels", "0"}};
        for (String[] e : edits) {
            byte[] file = Container.of(MethodId.MODEL_FILE, with(c.header(), e[0], Integer.parseInt(e[1])),
                    c.payload()).toBytes();
            assertThrows(Rec4jDataException.class, () -> RecombinerModel.fromBytes(file), e[0] + " = " + e[1]);
        }
        byte[] otherKind = Container.of(MethodId.MODEL_FILE, with(c.header(), "model.kind", "combiner"),
                c.payload()).toBytes();
        assertThrows(Rec4jDataException.class, () -> RecombinerModel.fromBytes(otherKind));
        byte[] beta = Container.of(MethodId.MODEL_FILE, with(c.header(), "beta", Double.NaN), c.payload())
                .toBytes();
        assertThrows(Rec4jDataException.class, () -> RecombinerModel.fromBytes(beta));
    }
}
