package io.rec4j.codec.irec;

import io.rec4j.codec.image.ImagePacks;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.AnsStack;
import io.rec4j.core.coding.CategoricalModel;
import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * iREC image codec (Flamich, Havasi, Hernández-Lobato, NeurIPS 2020, arXiv 2010.01185): the file format of one or
 * many 28×28 grey images coded with a {@link VaeModel}, its encoder and its pure-Java decoder
 * ({@code docs/irec.md}).
 *
 * <h2>Coding</h2>
 * Each image's latent is sent by relative entropy coding ({@link LatentChannel}): one sample {@code z} of the
 * posterior q(z|x) against the prior N(0, I), under the shared randomness {@code root.derive(i)} of image {@code i}
 * ({@code root} = {@code SharedRandomness.fromSeed(model.seed, ZIGGURAT).derive(}{@value #LATENT_LABEL}{@code )}).
 * <b>Lossy</b>: that is all; the reconstruction is the decoder's mean. <b>Lossless</b>: then the 784 pixels are
 * coded with rANS under the decoder's discretised logistics p(x_i | z) ({@link VaeNetwork.Pixels#model}), so
 * the rate is the latent's codeword plus {@code −log₂ p(x|z)}.
 *
 * <h2>One stream (lossless)</h2>
 * The REC codewords and the pixels share one rANS stack ({@link AnsStack}), with no padding between them: images
 * are pushed last to first; for each, its pixels (784 down to 1), then its codeword's bits, last bit first, as raw
 * one-bit symbols. The decoder pops image 1's codeword bit by bit, regenerates its latent, pops its pixels, and so
 * on; the stack must then be exactly empty. The decoder cannot know a codeword's length before parsing it, so it pops
 * a few hundred bits ahead, parses, and pushes the unread ones back: a raw pop and push are exact inverses of each
 * other, so this restores the stack bit for bit.
 *
 * <h2>File format</h2>
 * A compact container (format version 2) with method {@link MethodId#IREC} (one image) or
 * {@link MethodId#IREC_PACK} (several) and an empty header, whose payload is:
 * <pre>
 *   u8     revision       1
 *   u8     mode           0 = lossy, 1 = lossless
 *   8 B    model id       the first 8 bytes of the SHA-256 of the model file
 *   u8     channel        {@link LatentChannel#code()}
 *   [pack only]  varint image count, then the names ({@link ImagePacks#writeNames})
 *   stream lossless: the rANS stack ({@link AnsStack#toBytes()}); lossy: the codewords back to back, most
 *          significant bit first, zero-padded to a byte
 * </pre>
 */
public final class IrecCodec {
    /** The payload revision written. */
    public static final int REVISION = 1;
    /** Label of the latents' shared randomness under the model's seed. */
    public static final long LATENT_LABEL = 0x4C41_54L;
    /** Bits the decoder pops ahead of a codeword before parsing it (grown ×4 while too short). */
    static final int LOOKAHEAD_BITS = 512;
    private static final int HEADER_BYTES = 11;

    private IrecCodec() {
    }

    /** Whether the container is an iREC file (single or packed). */
    public static boolean isIrec(MethodId id) {
        return id.equals(MethodId.IREC) || id.equals(MethodId.IREC_PACK);
    }

    /**
     * What a file says before its stream.
     *
     * @param packed   several images (with names) or one
     * @param lossless whether the pixels are coded
     * @param modelId  the model's id (hex)
     * @param channel  the latent channel's code
     * @param names    the images' names (one null entry for a single file)
     * @param streamAt where the stream starts in the payload
     */
    public record Info(boolean packed, boolean lossless, String modelId, int channel, List<String> names,
                       int streamAt, int payloadBytes) {
        public int count() {
            return names.size();
        }
    }

    /** Statistics of one coded image. */
    public record ImageStats(double latentBits, double klBits, double pixelBits) {
    }

    /** A coded file and the statistics of its images. */
    public record Encoded(byte[] file, List<ImageStats> images) {
        /** Rate of the whole file, bits per pixel. */
        public double bitsPerPixel() {
            return 8.0 * file.length / (images.size() * (double) VaeArchitecture.PIXELS);
        }

        /** The per-image means of the statistics. */
        public ImageStats mean() {
            double lat = 0;
            double kl = 0;
            double px = 0;
            for (ImageStats s : images) {
                lat += s.latentBits();
                kl += s.klBits();
                px += s.pixelBits();
            }
            int n = images.size();
            return new ImageStats(lat / n, kl / n, px / n);
        }
    }

    /** Reports progress: {@code done} of {@code total} images. */
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void advanced(int done, int total);
    }

    /**
     * Codes {@code images} (784 values 0..255 each) with {@code model}. One image without a name gives a single
     * file; otherwise {@code names} (one per image) make a packed file.
     */
    public static Encoded encode(VaeModel model, List<int[]> images, List<String> names, boolean lossless,
                                 LatentChannel channel, Progress progress) {
        int n = images.size();
        if (n == 0) {
            throw new IllegalArgumentException("no images to code");
        }
        if (names != null && names.size() != n) {
            throw new IllegalArgumentException(n + " images but " + names.size() + " names");
        }
        boolean packed = names != null;
        if (!packed && n != 1) {
            throw new IllegalArgumentException("several images need names (a packed file)");
        }
        for (int[] im : images) {
            checkPixels(im);
        }
        VaeNetwork net = new VaeNetwork(model);
        SharedRandomness root = root(model);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(REVISION);
        out.write(lossless ? 1 : 0);
        out.writeBytes(model.idBytes());
        out.write(channel.code());
        if (packed) {
            out.writeBytes(io.rec4j.core.coding.bits.Varint.encode(n));
            ImagePacks.writeNames(out, names);
        }
        ImageStats[] stats = new ImageStats[n];
        if (lossless) {
            AnsStack stack = new AnsStack(n * 64);
            for (int i = n - 1; i >= 0; i--) {
                int[] px = images.get(i);
                BitWriter w = new BitWriter();
                LatentChannel.Coded c = channel.encode(net.encode(px), root.derive(i), w);
                VaeNetwork.Pixels p = net.decode(c.sample());
                double pixelBits = 0;
                for (int j = VaeArchitecture.PIXELS - 1; j >= 0; j--) {
                    CategoricalModel m = p.model(j);
                    stack.push(px[j], m);
                    pixelBits += m.informationBits(px[j]);
                }
                byte[] bits = w.toByteArray();
                for (long b = c.bits() - 1; b >= 0; b--) {
                    stack.pushRaw((bits[(int) (b >>> 3)] >>> (7 - (int) (b & 7))) & 1, 1);
                }
                stats[i] = new ImageStats(c.bits(), c.klBits(), pixelBits);
                progress.advanced(n - i, n);
            }
            out.writeBytes(stack.toBytes());
        } else {
            BitWriter w = new BitWriter();
            for (int i = 0; i < n; i++) {
                LatentChannel.Coded c = channel.encode(net.encode(images.get(i)), root.derive(i), w);
                stats[i] = new ImageStats(c.bits(), c.klBits(), 0);
                progress.advanced(i + 1, n);
            }
            out.writeBytes(w.toByteArray());
        }
        MethodId method = packed ? MethodId.IREC_PACK : MethodId.IREC;
        byte[] file = Container.compact(method, ContainerHeader.empty(), out.toByteArray()).toBytes();
        return new Encoded(file, List.of(stats));
    }

    /** The shared randomness of the latents of every file coded with {@code model}. */
    static SharedRandomness root(VaeModel model) {
        return SharedRandomness.fromSeed(model.seed(), NormalGenerator.ZIGGURAT).derive(LATENT_LABEL);
    }

    static void checkPixels(int[] im) {
        if (im.length != VaeArchitecture.PIXELS) {
            throw new IllegalArgumentException("an image has " + im.length + " pixels; iREC models code 28x28 = "
                    + VaeArchitecture.PIXELS);
        }
        for (int v : im) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("pixel value " + v + " outside 0..255");
            }
        }
    }

    /**
     * Parses a file's header.
     *
     * @throws io.rec4j.core.container.ContainerFormatException if the bytes are not an intact container
     * @throws Rec4jDataException if the container is not a valid iREC file
     */
    public static Info info(byte[] file) {
        Container c = Container.parse(file);
        if (!isIrec(c.methodId())) {
            throw new Rec4jDataException("not an iREC file: the container holds " + c.methodId());
        }
        boolean packed = c.methodId().equals(MethodId.IREC_PACK);
        byte[] p = c.payload();
        String kind = packed ? "packed iREC" : "iREC";
        ImagePacks.Reader r = new ImagePacks.Reader(p, kind);
        int revision = r.u8();
        if (revision != REVISION) {
            throw new Rec4jDataException(kind + " payload revision " + revision + " is not supported (this rec4j reads "
                    + REVISION + ")" + (revision > REVISION ? "; it was written by a newer rec4j" : ""));
        }
        int mode = r.u8();
        if (mode > 1) {
            throw new Rec4jDataException("unknown " + kind + " mode " + mode + " (0 = lossy, 1 = lossless)");
        }
        String modelId = HexFormat.of().formatHex(r.bytes(8));
        int channel = r.u8();
        List<String> names;
        if (packed) {
            // every image costs at least one bit of codeword
            int count = r.count(1);
            names = r.names(count).names();
        } else {
            names = new ArrayList<>();
            names.add(null);
        }
        return new Info(packed, mode == 1, modelId, channel, names, r.position(), p.length);
    }

    /**
     * Decodes every image of a file: 784 values 0..255 each, in the file's order (the exact input for a lossless
     * file, the decoder's mean for a lossy one).
     *
     * @throws Rec4jDataException if the file is damaged, or was not coded with {@code model}
     */
    public static List<int[]> decode(VaeModel model, byte[] file, Progress progress) {
        List<int[]> out = new ArrayList<>();
        decode(model, file, progress, (i, image) -> out.add(image));
        return out;
    }

    /** Receives decoded images in file order. */
    @FunctionalInterface
    public interface ImageSink {
        void accept(int index, int[] levels);
    }

    /**
     * Decodes every image of a file into {@code sink}, in the file's order, holding one image at a time. A damaged
     * lossless stream may only be detected after the last image (the stack must end empty): callers that must not
     * act on a damaged file decode it once into a sink that keeps nothing, then again.
     *
     * @throws Rec4jDataException if the file is damaged, or was not coded with {@code model}
     */
    public static void decode(VaeModel model, byte[] file, Progress progress, ImageSink sink) {
        Info info = info(file);
        if (!info.modelId().equals(model.id())) {
            throw new Rec4jDataException("this file was coded with model " + info.modelId() + ", not with "
                    + model.name() + " (" + model.id() + ")");
        }
        LatentChannel channel = LatentChannel.of(info.channel(), model);
        byte[] p = Container.parse(file).payload();
        VaeNetwork net = new VaeNetwork(model);
        SharedRandomness root = root(model);
        int l = model.arch().latents();
        int n = info.count();
        try {
            if (info.lossless()) {
                int len = p.length - info.streamAt();
                AnsStack stack = AnsStack.fromBytes(p, info.streamAt(), len);
                for (int i = 0; i < n; i++) {
                    double[] z = popLatent(stack, channel, l, root.derive(i));
                    VaeNetwork.Pixels px = net.decode(z);
                    int[] im = new int[VaeArchitecture.PIXELS];
                    for (int j = 0; j < im.length; j++) {
                        im[j] = stack.pop(px.model(j));
                    }
                    sink.accept(i, im);
                    progress.advanced(i + 1, n);
                }
                if (!stack.isEmpty()) {
                    throw new Rec4jDataException("damaged " + (info.packed() ? "packed " : "") + "iREC file: "
                            + String.format(java.util.Locale.ROOT, "%.0f", stack.informationBits())
                            + " bits left over after the last image");
                }
            } else {
                BitReader r = new BitReader(p, info.streamAt(), p.length - info.streamAt());
                for (int i = 0; i < n; i++) {
                    VaeNetwork.Pixels px = net.decode(channel.decode(l, root.derive(i), r));
                    int[] im = new int[VaeArchitecture.PIXELS];
                    for (int j = 0; j < im.length; j++) {
                        im[j] = px.meanPixel(j);
                    }
                    sink.accept(i, im);
                    progress.advanced(i + 1, n);
                }
                long left = r.bitsRemaining();
                if (left >= 8) {
                    throw new Rec4jDataException("damaged iREC file: " + left + " bits left over after the last image");
                }
                if (left > 0 && r.readBits((int) left) != 0) {
                    throw new Rec4jDataException("damaged iREC file: the padding after the last codeword is not zero");
                }
            }
        } catch (CorruptStreamException e) {
            throw new Rec4jDataException("damaged iREC file: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // only a model whose weights overflow to non-finite pixel distributions gets here
            throw new Rec4jDataException("model " + model.name() + " cannot decode this file: " + e.getMessage(), e);
        }
    }

    /** Pops one codeword from the stack (looking ahead and pushing the unread bits back) and regenerates its latent. */
    static double[] popLatent(AnsStack stack, LatentChannel channel, int latents, SharedRandomness shared) {
        long want = LOOKAHEAD_BITS;
        while (true) {
            long available = (long) Math.floor(stack.informationBits()) - 1;
            long n = Math.min(want, available) & ~7L;
            if (n <= 0) {
                throw new CorruptStreamException("the stream ends before a latent's codeword");
            }
            byte[] buf = new byte[(int) (n >>> 3)];
            for (int b = 0; b < n; b++) {
                buf[b >>> 3] |= (byte) (stack.popRaw(1) << (7 - (b & 7)));
            }
            BitReader r = new BitReader(buf);
            double[] z = null;
            CorruptStreamException failure = null;
            try {
                z = channel.decode(latents, shared, r);
            } catch (CorruptStreamException e) {
                failure = e;
            }
            long used = z == null ? 0 : r.bitsRead();
            for (long b = n - 1; b >= used; b--) {
                stack.pushRaw((buf[(int) (b >>> 3)] >>> (7 - (int) (b & 7))) & 1, 1);
            }
            if (z != null) {
                return z;
            }
            if (n < want || want >= (1L << 26)) {
                throw failure;
            }
            want *= 4;
        }
    }

    /** Per-pixel ideal cost {@code −log₂ p(x|z)} under the continuous discretised logistics, bits. */
    public static double pixelInformationBits(VaeNetwork.Pixels p, int[] px) {
        double s = 0;
        for (int j = 0; j < px.length; j++) {
            s -= p.logProbability(j, px[j]);
        }
        return s / StrictMath.log(2);
    }
}
