package io.rec4j.codec.irec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.rec.IrecCoder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The iREC codec: exact lossless round trips, the rate accounting of the one-stream layout, damaged files. */
class IrecCodecTest {
    /** A small VAE with random weights (8 latents, 24 hidden units): decoding does not care how it was trained. */
    static VaeModel model(long seed) {
        return model(VaeArchitecture.Kind.MLP, seed);
    }

    static VaeModel model(VaeArchitecture.Kind kind, long seed) {
        VaeArchitecture arch = new VaeArchitecture(kind, 8, 24);
        SplittableRandom r = new SplittableRandom(seed);
        List<VaeArchitecture.Tensor> t = arch.tensors();
        float[][] w = new float[t.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = new float[t.get(i).size()];
            double a = Math.sqrt(6.0 / (t.get(i).rows() + t.get(i).cols()));
            for (int j = 0; j < w[i].length; j++) {
                // the posterior's layer scaled down: means within about ±1.5, as a trained VAE's
                boolean posterior = t.get(i).name().equals(kind == VaeArchitecture.Kind.CONV ? "enc.out.w" : "enc3.w");
                w[i][j] = (float) ((2 * r.nextDouble() - 1) * a * (posterior ? 0.5 : 2));
            }
        }
        double[] kl = new double[arch.latents()];
        for (int d = 0; d < kl.length; d++) {
            kl[d] = 0.5 + d;
        }
        return new VaeModel("test-vae", arch, w, seed, 1.0, kl, 1.5, 1.6);
    }

    /** Random images: blobs of ink on a black background, as digits are, plus all-black and all-white. */
    static List<int[]> images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        out.add(new int[784]);
        int[] white = new int[784];
        java.util.Arrays.fill(white, 255);
        out.add(white);
        for (int k = 2; k < n; k++) {
            int[] im = new int[784];
            for (int i = 0; i < im.length; i++) {
                double u = r.nextDouble();
                im[i] = u < 0.7 ? 0 : u < 0.85 ? 255 : r.nextInt(256);
            }
            out.add(im);
        }
        return out;
    }

    static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(String.format("d%03d.png", i));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"irec", "irec-sampled", "pfr", "astar", "gprs", "grc", "grcd", "sp-pfr"})
    void losslessPackRoundTripsExactly(String method) {
        VaeModel m = model(7);
        List<int[]> ims = images(12, 3);
        LatentChannel ch = LatentChannel.parse(method, true, m);
        IrecCodec.Encoded e = IrecCodec.encode(m, ims, names(ims.size()), true, ch, IrecCodec.Progress.NONE);
        List<int[]> back = IrecCodec.decode(m, e.file(), IrecCodec.Progress.NONE);
        assertEquals(ims.size(), back.size());
        for (int i = 0; i < ims.size(); i++) {
            assertArrayEquals(ims.get(i), back.get(i), method + ": image " + i);
        }
        IrecCodec.Info info = IrecCodec.info(e.file());
        assertEquals(names(ims.size()), info.names());
        assertTrue(info.lossless());
    }

    @Test
    void convolutionalModelsRoundTripToo() {
        VaeModel m = model(VaeArchitecture.Kind.CONV, 43);
        assertEquals(m, VaeModel.fromBytes(m.toBytes()));
        List<int[]> ims = images(6, 47);
        for (String method : List.of("irec", "grc")) {
            IrecCodec.Encoded e = IrecCodec.encode(m, ims, names(6), true, LatentChannel.parse(method, true, m),
                    IrecCodec.Progress.NONE);
            List<int[]> back = IrecCodec.decode(m, e.file(), IrecCodec.Progress.NONE);
            for (int i = 0; i < ims.size(); i++) {
                assertArrayEquals(ims.get(i), back.get(i), method + ": image " + i);
            }
        }
    }

    @Test
    void singleFilesRoundTripEveryImage() {
        VaeModel m = model(11);
        LatentChannel ch = LatentChannel.parse("irec", true, m);
        for (int[] im : images(6, 5)) {
            byte[] f = IrecCodec.encode(m, List.of(im), null, true, ch, IrecCodec.Progress.NONE).file();
            assertEquals(MethodId.IREC, Container.parse(f).methodId());
            assertArrayEquals(im, IrecCodec.decode(m, f, IrecCodec.Progress.NONE).get(0));
        }
    }

    /**
     * The one stream wastes nothing between codewords and pixels: its bits are the codewords' bits plus the pixels'
     * information under the quantised models, plus at most the 64 bits of the rANS head and one word of rounding.
     */
    @Test
    void losslessStreamCostsCodewordsPlusPixelInformation() {
        VaeModel m = model(13);
        List<int[]> ims = images(20, 9);
        IrecCodec.Encoded e = IrecCodec.encode(m, ims, names(ims.size()), true,
                LatentChannel.parse("irec", true, m), IrecCodec.Progress.NONE);
        IrecCodec.Info info = IrecCodec.info(e.file());
        long streamBits = 8L * (info.payloadBytes() - info.streamAt());
        double ideal = 0;
        for (IrecCodec.ImageStats s : e.images()) {
            ideal += s.latentBits() + s.pixelBits();
        }
        assertTrue(streamBits >= ideal, streamBits + " < " + ideal);
        assertTrue(streamBits <= ideal + 64 + 32 + ims.size() * 0.01, streamBits + " vs " + ideal);
    }

    /**
     * The iREC codeword's length is bounded by its KL (docs/irec.md): K = max(1, ⌈KL/Ω⌉) steps of log₂M bits, packed
     * in chunks of at most 128 indices, after K in Elias γ of 1 + zigzag(K − K̄), K̄ the steps of the model's mean KL.
     */
    @Test
    void irecCodewordLengthWithinItsBound() {
        VaeModel m = model(17);
        IrecCoder c = IrecCoder.lossless();
        double log2m = Math.log(c.candidatesPerStep()) / Math.log(2);
        for (int[] im : images(30, 21)) {
            IrecCodec.ImageStats s = IrecCodec.encode(m, List.of(im), null, false,
                    LatentChannel.parse("irec", true, m), IrecCodec.Progress.NONE).images().get(0);
            long k = c.stepsFor(s.klBits() * Math.log(2));
            long d = k - c.stepsFor(m.totalKlBits() * Math.log(2));
            long zigzag = d >= 0 ? 2 * d : -2 * d - 1;
            double bound = 2 * Math.floor(Math.log(1 + zigzag) / Math.log(2)) + 1 + k * log2m + Math.ceil(k / 128.0);
            assertTrue(s.latentBits() <= bound, s.latentBits() + " > " + bound);
            assertTrue(s.latentBits() >= k * log2m, s.latentBits() + " < " + k * log2m);
        }
    }

    @Test
    void lossyFilesDecodeToTheMeanOfTheCodedLatent() {
        VaeModel m = model(19);
        List<int[]> ims = images(5, 1);
        IrecCodec.Encoded e = IrecCodec.encode(m, ims, names(5), false, LatentChannel.parse("irec", false, m),
                IrecCodec.Progress.NONE);
        List<int[]> a = IrecCodec.decode(m, e.file(), IrecCodec.Progress.NONE);
        List<int[]> b = IrecCodec.decode(m, e.file(), IrecCodec.Progress.NONE);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        // the latent alone: fewer bits than the lossless file by the pixels' information
        assertTrue(e.file().length * 8 < 5 * 300);
    }

    /** File digest and decoded digest of the golden case, as {@link GoldenMain} prints them. */
    static String goldenDigests() throws Exception {
        VaeModel m = model(23);
        List<int[]> ims = images(4, 29);
        byte[] f = IrecCodec.encode(m, ims, names(4), true, LatentChannel.parse("irec", true, m),
                IrecCodec.Progress.NONE).file();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        String fileDigest = HexFormat.of().formatHex(md.digest(f), 0, 8);
        md.reset();
        byte[] lossy = IrecCodec.encode(m, ims, names(4), false, LatentChannel.parse("irec", false, m),
                IrecCodec.Progress.NONE).file();
        for (int[] im : IrecCodec.decode(m, lossy, IrecCodec.Progress.NONE)) {
            for (int v : im) {
                md.update((byte) v);
            }
        }
        return fileDigest + " " + HexFormat.of().formatHex(md.digest(), 0, 8);
    }

    static final String GOLDEN = "4704dc48ef862722 47aaa0203359bb94";

    /**
     * Golden vectors: the bytes of a lossless file and the SHA-256 of a lossy file's decoding, pinned, and reproduced
     * by fresh JVMs (JIT, interpreter, C1, every other JDK 17+ installed). Encoding and decoding use only integer
     * arithmetic, IEEE doubles in a fixed order and StrictMath, so every JVM and CPU must print the same.
     */
    @Test
    void goldenFileAndDecodingOnEveryJvm() throws Exception {
        assertEquals(GOLDEN, goldenDigests());
        io.rec4j.testkit.FreshJvm.assertAllPrint(GOLDEN, GoldenMain.class);
    }

    /** Prints {@link #goldenDigests()}. */
    public static final class GoldenMain {
        public static void main(String[] args) throws Exception {
            System.out.println(goldenDigests());
        }
    }

    @Test
    void damagedOrForeignFilesAreRejected() {
        VaeModel m = model(31);
        byte[] f = IrecCodec.encode(m, images(3, 2), names(3), true, LatentChannel.parse("irec", true, m),
                IrecCodec.Progress.NONE).file();
        byte[] flipped = f.clone();
        flipped[f.length / 2] ^= 0x10;
        assertThrows(Rec4jDataException.class, () -> IrecCodec.decode(m, flipped, IrecCodec.Progress.NONE));
        byte[] cut = java.util.Arrays.copyOf(f, f.length - 3);
        assertThrows(Rec4jDataException.class, () -> IrecCodec.decode(m, cut, IrecCodec.Progress.NONE));
        Rec4jDataException wrong = assertThrows(Rec4jDataException.class,
                () -> IrecCodec.decode(model(32), f, IrecCodec.Progress.NONE));
        assertTrue(wrong.getMessage().contains("coded with model"), wrong.getMessage());
        // an intact container whose stream was altered before the checksum: caught by the stream itself
        Container c = Container.parse(f);
        byte[] p = c.payload();
        p[p.length - 5] ^= 0x01;
        byte[] resealed = Container.compact(c.methodId(), ContainerHeader.empty(), p).toBytes();
        Rec4jDataException e = assertThrows(Rec4jDataException.class,
                () -> IrecCodec.decode(m, resealed, IrecCodec.Progress.NONE));
        assertTrue(e.getMessage().contains("iREC"), e.getMessage());
    }

    @Test
    void modelFileRoundTrip() {
        VaeModel m = model(37);
        VaeModel back = VaeModel.fromBytes(m.toBytes());
        assertEquals(m, back);
        assertEquals(m.id(), back.id());
        assertArrayEquals(m.klBits(), back.klBits());
        byte[] b = m.toBytes();
        b[b.length - 10] ^= 1;
        assertThrows(Rec4jDataException.class, () -> VaeModel.fromBytes(b));
    }

    @Test
    void greyPngsRoundTripLevelForLevel() {
        for (int[] im : images(4, 41)) {
            assertArrayEquals(im, GreyImages.read(GreyImages.png(im), "x.png"));
        }
    }
}
