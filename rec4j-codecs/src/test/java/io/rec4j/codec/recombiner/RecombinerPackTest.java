package io.rec4j.codec.recombiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.Varint;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.FixedSizePlanner;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Packed RECOMBINER files: exact round trips, the byte budget, and damaged, truncated or hostile packs. */
class RecombinerPackTest {
    static final RecombinerArchitecture ARCH = new RecombinerArchitecture(2, 8, 8, 1, 1, 8, 4, 8, 2, 3, 3, 5, 1, 1, 1);

    /** A tiny unpatched model; κ = 5 bits, so an image's index bits are not a whole number of bytes. */
    static RecombinerModel model(long seed) {
        float[] net = new float[(int) RecombinerNetwork.parameterCount(ARCH)];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < net.length; i++) {
            net[i] = (float) ((2 * r.nextDouble() - 1) * 0.1);
        }
        int p = RecombinerModel.latentCount(ARCH);
        double[] std = new double[p];
        Arrays.fill(std, 0.05);
        double[] rho = new double[p];
        Arrays.fill(rho, -4);
        return new RecombinerModel("pack-tiny", ARCH, net, DiagonalGaussian.of(new double[p], std), rho,
                new FixedSizePlanner(10).plan(p, 3), seed, 5, 1e-6);
    }

    static final RecombinerModel MODEL = model(1);

    static List<byte[]> indices(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(RecombinerCodec.randomIndices(MODEL, rnd));
        }
        return out;
    }

    @Test
    void roundTripDecodesAsTheSingleFiles() {
        assertTrue(MODEL.indexBits() % 8 != 0, "the test needs padding inside the index part");
        List<byte[]> in = indices(5, 1);
        List<String> names = List.of("img-007.png", "img-008.png", "img-009.png", "img-010.png", "img-011.png");
        byte[] pack = RecombinerPack.pack(MODEL, names, in);
        Container c = Container.parse(pack);
        assertEquals(MethodId.RECOMBINER_PACK, c.methodId());
        assertEquals(2, c.formatVersion());
        RecombinerPack.Contents contents = RecombinerPack.contents(pack);
        assertEquals(MODEL.id(), contents.modelId());
        assertEquals(names, contents.names());
        assertTrue(contents.numbered());
        List<RecombinerPack.Image> out = RecombinerPack.unpack(MODEL, pack);
        for (int i = 0; i < in.size(); i++) {
            assertEquals(names.get(i), out.get(i).name());
            assertArrayEquals(in.get(i), out.get(i).indices());
            assertEquals(RecombinerCodec.decode(MODEL, RecombinerCodec.fromIndices(MODEL, in.get(i))),
                    RecombinerPack.decode(MODEL, out.get(i)));
        }
        // listed names keep their order and shared prefixes
        List<String> listed = List.of("cat.png", "cow.png", "zebra-é.png");
        byte[] l = RecombinerPack.pack(MODEL, listed, indices(3, 2));
        assertFalse(RecombinerPack.contents(l).numbered());
        assertEquals(listed, RecombinerPack.contents(l).names());
    }

    /** n numbered images cost their block bits, padded once, and one header: nothing per image. */
    @Test
    void decodingManyImagesOnSeveralThreadsGivesEachImagesDecode() {
        List<byte[]> in = indices(19, 4);
        List<io.rec4j.codec.image.RgbImage> one = new ArrayList<>();
        for (byte[] idx : in) {
            one.add(RecombinerCodec.decodeIndices(MODEL, idx));
        }
        for (int threads : new int[] {1, 2, 5}) {
            assertEquals(one, RecombinerCodec.decodeAllIndices(MODEL, in, threads), "threads " + threads);
        }
        byte[] pack = RecombinerPack.pack(MODEL, List.of("a.png", "b.png", "c.png"), in.subList(0, 3));
        assertEquals(one.subList(0, 3), RecombinerPack.decodeAll(MODEL, RecombinerPack.unpack(MODEL, pack), 2));
        assertEquals(List.of(), RecombinerCodec.decodeAllIndices(MODEL, List.of(), 2));
        assertThrows(IllegalArgumentException.class, () -> RecombinerCodec.decodeAllIndices(MODEL, in, 0));
    }

    @Test
    void byteBudgetIsTheBlockBitsAndOneHeader() {
        for (int n : new int[] {1, 3, 100}) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add(String.format("cifar-%04d.png", i));
            }
            byte[] pack = RecombinerPack.pack(MODEL, names, indices(n, n));
            long indexBytes = (n * MODEL.indexBits() + 7) / 8;
            int payload = Container.parse(pack).payloadLength() > 127 ? 1 : 0;
            // framing 13 (+1 from 128 payload bytes), model id 8, count, names 1 + "cifar-" 7 + first 1 + digits 1
            // + ".png" 5
            long header = Container.COMPACT_MIN_OVERHEAD + payload + 8 + Varint.encode(n).length + 1 + 7 + 1 + 1 + 5;
            assertEquals(header + indexBytes, pack.length, n + " images");
            assertTrue(pack.length - n * MODEL.indexBits() / 8.0 <= header + 1);
        }
    }

    @Test
    void invalidInputsToPackAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RecombinerPack.pack(MODEL, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> RecombinerPack.pack(MODEL, List.of("a.png"),
                indices(2, 1)));
        assertThrows(IllegalArgumentException.class, () -> RecombinerPack.pack(MODEL, List.of("../a.png"),
                indices(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> RecombinerPack.pack(MODEL, List.of("b.png", "a.png"),
                indices(2, 1)));
        assertThrows(IllegalArgumentException.class, () -> RecombinerPack.pack(MODEL, List.of("a.png"),
                List.of(new byte[1])));
    }

    /** Every truncation and every flipped bit: a typed data error (or, behind a valid CRC, another valid pack). */
    @Test
    void damagedPacksAreDataErrors() {
        byte[] good = RecombinerPack.pack(MODEL, List.of("a.png", "b.png"), indices(2, 3));
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThrows(Rec4jDataException.class, () -> RecombinerPack.unpack(MODEL, cut), "length " + len);
        }
        for (int bit = 0; bit < 8 * good.length; bit++) {
            byte[] b = good.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(Rec4jDataException.class, () -> RecombinerPack.unpack(MODEL, b), "bit " + bit);
        }
        // behind a valid CRC: every truncation of the payload is refused as data, never another exception
        byte[] payload = Container.parse(good).payload();
        for (int len = 0; len < payload.length; len++) {
            byte[] p = Arrays.copyOf(payload, len);
            assertThrows(Rec4jDataException.class, () -> RecombinerPack.unpack(MODEL, repack(p)), "payload " + len);
        }
        // one byte too many, non-zero padding
        byte[] longer = Arrays.copyOf(payload, payload.length + 1);
        assertThrows(Rec4jDataException.class, () -> RecombinerPack.unpack(MODEL, repack(longer)));
        byte[] padded = payload.clone();
        padded[padded.length - 1] |= 1;
        assertTrue((2 * MODEL.indexBits()) % 8 != 0);
        Rec4jDataException e = assertThrows(Rec4jDataException.class, () -> RecombinerPack.unpack(MODEL,
                repack(padded)));
        assertTrue(e.getMessage().contains("padding"), e.getMessage());
    }

    @Test
    void anotherModelOrAnotherKindOfFileIsRefused() {
        byte[] pack = RecombinerPack.pack(MODEL, List.of("a.png"), indices(1, 4));
        Rec4jDataException e = assertThrows(Rec4jDataException.class, () -> RecombinerPack.unpack(model(2), pack));
        assertTrue(e.getMessage().contains("coded with model"), e.getMessage());
        byte[] single = RecombinerCodec.fromIndices(MODEL, indices(1, 4).get(0));
        assertThrows(Rec4jDataException.class, () -> RecombinerPack.contents(single));
        byte[] header = Container.compact(MethodId.RECOMBINER_PACK, ContainerHeader.builder().putInt("x", 1).build(),
                Container.parse(pack).payload()).toBytes();
        assertThrows(Rec4jDataException.class, () -> RecombinerPack.contents(header));
    }

    /** Counts that the payload cannot hold are refused before anything is allocated for them. */
    @Test
    void hostileCountsAndNamesAreRefusedUpFront() {
        byte[] id = HexFormat.of().parseHex(MODEL.id());
        for (int n : new int[] {0, -1, 1 << 20, (1 << 20) + 1, Integer.MAX_VALUE, 80}) {
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            p.writeBytes(id);
            p.writeBytes(n < 0 ? new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}
                    : Varint.encode(n));
            p.write(0); // numbered: "" + i + ".png"
            p.writeBytes(new byte[] {0, 0, 0, 4, '.', 'p', 'n', 'g'});
            p.writeBytes(new byte[9]);
            byte[] file = repack(p.toByteArray());
            // 80 images fit 80 bits, so only the model's exact length refuses them; the others are refused unread
            if (n != 80) {
                assertThrows(Rec4jDataException.class, () -> RecombinerPack.contents(file), "count " + n);
            }
            assertThrows(Rec4jDataException.class, () -> RecombinerPack.unpack(MODEL, file), "count " + n);
        }
        // listed names that would leave the output folder or repeat
        for (String bad : new String[] {"../x.png", "x.txt", ".png", "a\u0000.png"}) {
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            p.writeBytes(id);
            p.writeBytes(Varint.encode(1));
            p.write(1);
            byte[] name = bad.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            p.write(0);
            p.writeBytes(Varint.encode(name.length));
            p.writeBytes(name);
            p.writeBytes(new byte[RecombinerCodec.indexBytes(MODEL)]);
            assertThrows(Rec4jDataException.class, () -> RecombinerPack.unpack(MODEL, repack(p.toByteArray())), bad);
        }
    }

    private static byte[] repack(byte[] payload) {
        return Container.compact(MethodId.RECOMBINER_PACK, ContainerHeader.empty(), payload).toBytes();
    }
}
