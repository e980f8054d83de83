package io.rec4j.codec.combiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.Varint;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Packed COMBINER files: exact round trips, the byte budget per image, and damaged or hostile packs. */
class CombinerPackTest {
    static final CombinerModel MODEL = CombinerCodecTest.model(5);

    /** n images of one size from random single files; returns the singles too. */
    static List<CombinerPack.Image> images(int n, int w, int h, String pattern, List<byte[]> singles) {
        SplittableRandom rnd = new SplittableRandom(n * 31L + w);
        List<CombinerPack.Image> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] single = CombinerCodec.randomFile(MODEL, w, h, rnd);
            singles.add(single);
            out.add(new CombinerPack.Image(String.format(pattern, i), w, h, CombinerPack.indicesOf(MODEL, single)));
        }
        return out;
    }

    @Test
    void roundTripGivesTheSingleFilesBack() {
        List<byte[]> singles = new ArrayList<>();
        List<CombinerPack.Image> in = images(5, 12, 9, "img-%03d.png", singles);
        byte[] pack = CombinerPack.pack(MODEL, in);
        assertEquals(2, Container.parse(pack).formatVersion());
        CombinerPack.Contents c = CombinerPack.contents(pack);
        assertTrue(c.numbered());
        assertEquals(MODEL.id(), c.modelId());
        List<CombinerPack.Image> out = CombinerPack.unpack(MODEL, pack);
        assertEquals(5, out.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(in.get(i).name(), out.get(i).name());
            assertEquals("img-00" + i + ".png", c.entries().get(i).name());
            assertArrayEquals(singles.get(i), CombinerPack.single(MODEL, c.revision(), out.get(i)));
        }
    }

    @Test
    void mixedSizesAndListedNames() {
        List<byte[]> singles = new ArrayList<>();
        List<CombinerPack.Image> in = new ArrayList<>();
        in.addAll(images(1, 8, 8, "beach-%d.png", singles));
        in.addAll(images(1, 17, 3, "cat %d.PNG", singles));
        in.addAll(images(1, 1, 1, "zebra-é%d.png", singles));
        byte[] pack = CombinerPack.pack(MODEL, in);
        assertTrue(!CombinerPack.contents(pack).numbered());
        List<CombinerPack.Image> out = CombinerPack.unpack(MODEL, pack);
        for (int i = 0; i < in.size(); i++) {
            assertEquals(in.get(i).name(), out.get(i).name());
            assertArrayEquals(singles.get(i), CombinerPack.single(MODEL, 3, out.get(i)));
        }
    }

    /** The budget: beyond the block bits, one header and at most one byte per image. */
    @Test
    void atMostOneBytePerImageBeyondTheBlockBits() {
        long header = -1;
        int payloadVarint1 = 0;
        for (int n : new int[] {1, 2, 7, 100, 300, 2000}) {
            byte[] pack = CombinerPack.pack(MODEL, images(n, 8, 8, "%04d.png", new ArrayList<>()));
            long bits = n * CombinerPack.imageBits(MODEL, 8, 8);
            long overhead = pack.length - (bits + 7) / 8;
            int payloadVarint = Varint.encode(Container.parse(pack).payloadLength()).length;
            if (header < 0) {
                header = overhead; // one image: the header
                payloadVarint1 = payloadVarint;
            }
            // only the image count and the payload length (varints) grow with n, and by less than a byte per image
            long expected = header + Varint.encode(n).length - 1 + payloadVarint - payloadVarint1;
            assertEquals(expected, overhead, n + " images");
            assertTrue(overhead <= header + n - 1, n + " images: " + overhead + " bytes beyond the block bits");
        }
        // listed names cost their distinct suffixes, still one header
        byte[] listed = CombinerPack.pack(MODEL, images(3, 8, 8, "a%d0.png", new ArrayList<>()));
        assertTrue(!CombinerPack.contents(listed).numbered());
    }

    @Test
    void wrongModelAndDamage() {
        byte[] pack = CombinerPack.pack(MODEL, images(3, 8, 8, "%d.png", new ArrayList<>()));
        Rec4jDataException e = assertThrows(Rec4jDataException.class,
                () -> CombinerPack.unpack(CombinerCodecTest.model(6), pack));
        assertTrue(e.getMessage().contains("coded with model"), e.getMessage());
        for (int len = 0; len < pack.length; len++) {
            byte[] cut = Arrays.copyOf(pack, len);
            assertThrows(Rec4jDataException.class, () -> CombinerPack.unpack(MODEL, cut), "length " + len);
        }
        // every single-bit change of the payload, behind a valid container: decodes or a typed error, never else
        byte[] payload = Container.parse(pack).payload();
        for (int i = 0; i < payload.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] p = payload.clone();
                p[i] ^= (byte) (1 << bit);
                byte[] f = Container.compact(MethodId.COMBINER_PACK, ContainerHeader.empty(), p).toBytes();
                try {
                    CombinerPack.unpack(MODEL, f);
                } catch (Rec4jDataException ok) {
                    // expected for most
                }
            }
        }
        // an extra byte in the index part
        byte[] longer = Arrays.copyOf(payload, payload.length + 1);
        assertThrows(Rec4jDataException.class, () -> CombinerPack.unpack(MODEL,
                Container.compact(MethodId.COMBINER_PACK, ContainerHeader.empty(), longer).toBytes()));
    }

    @Test
    void hostileNamesAreRefused() {
        for (String bad : new String[] {"a/b.png", "a\\b.png", ".x.png", "a\nb.png", "a.jpg", ""}) {
            assertThrows(IllegalArgumentException.class, () -> CombinerPack.pack(MODEL,
                    List.of(new CombinerPack.Image(bad, 8, 8, new byte[(int) CombinerCodec.indexBytes(MODEL, 8, 8)]))));
        }
        // the same names written into a pack by hand: refused when read
        byte[] ok = CombinerPack.pack(MODEL, List.of(new CombinerPack.Image("aQb.png", 8, 8,
                new byte[(int) CombinerCodec.indexBytes(MODEL, 8, 8)])));
        byte[] payload = Container.parse(ok).payload();
        int at = indexOf(payload, "aQb".getBytes(StandardCharsets.US_ASCII)) + 1;
        for (byte b : new byte[] {'/', '\\', 0, 10}) {
            byte[] p = payload.clone();
            p[at] = b;
            byte[] f = Container.compact(MethodId.COMBINER_PACK, ContainerHeader.empty(), p).toBytes();
            Rec4jDataException e = assertThrows(Rec4jDataException.class, () -> CombinerPack.contents(f));
            assertTrue(e.getMessage().contains("name"), e.getMessage());
        }
        // a pack of another method's container
        byte[] single = CombinerCodec.randomFile(MODEL, 8, 8, new SplittableRandom(1));
        assertThrows(Rec4jDataException.class, () -> CombinerPack.contents(single));
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
