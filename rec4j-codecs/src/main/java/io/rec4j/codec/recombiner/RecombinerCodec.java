package io.rec4j.codec.recombiner;

import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.inr.SineFunction;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.plan.BlockCoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HexFormat;

/**
 * The RECOMBINER bitstream of one unpatched image (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182,
 * §3.4 and App. D; {@code docs/recombiner.md}, "Bitstream"): the row's latents {@code [h_w, h_z]} are coded block by
 * block with ordered random coding at κ bits per block against the model's prior ({@link BlockCoder}, blocks written
 * in plan order whatever order the encoder coded them in), and the decoder regenerates the chosen candidates, renders
 * the image with {@link RecombinerRenderer} (polynomial sine, {@link SineFunction#POLYNOMIAL}), clamps and rounds to
 * 8 bits. Decoding is pure Java and bit-exact across JVMs.
 *
 * <p>File: a compact rec4j container (format version 2) of method {@link MethodId#RECOMBINER} with no header
 * fields. Payload: the model id as 8 bytes (the 16 hex digits of {@link RecombinerModel#id()}), then the block
 * indices, {@code κ·K} bits MSB first, zero-padded to a byte. The image size is the model's (32×32 for CIFAR-10), so
 * it is not stored. Block {@code b} draws its candidates from
 * {@code SharedRandomness.fromSeed(model.seed(), ZIGGURAT).derive(b)}. The whole file is
 * {@code 13 + 8 + ⌈κK/8⌉} bytes: 59 bytes for the 19 blocks of the lowest CIFAR-10 rate.
 */
public final class RecombinerCodec {
    /** Bytes of the model id at the start of the payload. */
    public static final int MODEL_ID_BYTES = 8;
    /** Generator of the shared candidates. */
    public static final NormalGenerator GENERATOR = NormalGenerator.ZIGGURAT;
    /** Sine of the rendered INR. */
    public static final SineFunction SINE = SineFunction.POLYNOMIAL;

    private RecombinerCodec() {
    }

    /** The shared randomness of a model's blocks. */
    public static SharedRandomness shared(RecombinerModel model) {
        return SharedRandomness.fromSeed(model.seed(), GENERATOR);
    }

    /** The block coder of a model's level 1: ORC with κ-bit indices, blocks in descending current KL. */
    public static BlockCoder coder(RecombinerModel model) {
        return coder(model, 0);
    }

    /** The block coder of level {@code l} (0-based) of a model. */
    public static BlockCoder coder(RecombinerModel model, int l) {
        return BlockCoder.of(model.levels().get(l).plan(), OrderedRandomCoding.orc(model.kappa()));
    }

    /** Bytes of block indices in a file: {@code ⌈κK/8⌉}. */
    public static int indexBytes(RecombinerModel model) {
        return (int) ((model.indexBits() + 7) / 8);
    }

    /**
     * The file holding {@code indices} ({@link #indexBytes} bytes, as a {@link BlockCoder} wrote them, zero-padded).
     */
    public static byte[] fromIndices(RecombinerModel model, byte[] indices) {
        if (indices.length != indexBytes(model)) {
            throw new IllegalArgumentException("a " + model.name() + " file holds " + indexBytes(model)
                    + " bytes of indices, got " + indices.length);
        }
        ByteBuffer b = ByteBuffer.allocate(MODEL_ID_BYTES + indices.length);
        b.put(HexFormat.of().parseHex(model.id())).put(indices);
        return Container.compact(MethodId.RECOMBINER, ContainerHeader.empty(), b.array()).toBytes();
    }

    /**
     * Uniformly random block indices of one image, {@link #indexBytes} bytes with zero padding bits as the encoder
     * writes them (every index sequence decodes, at the same cost): inputs for fuzzing and tests.
     */
    public static byte[] randomIndices(RecombinerModel model, java.util.SplittableRandom rnd) {
        byte[] indices = new byte[indexBytes(model)];
        rnd.nextBytes(indices);
        long bits = model.indexBits();
        if (bits % 8 != 0) {
            indices[indices.length - 1] &= (byte) (0xFF << (8 - bits % 8));
        }
        return indices;
    }

    /** Whether a container holds a RECOMBINER file. */
    public static boolean isRecombiner(MethodId method) {
        return method.equals(MethodId.RECOMBINER);
    }

    /** The model id a file was coded with, read without decoding. */
    public static String modelId(byte[] file) {
        Container c = parse(file);
        ByteBuffer b = c.payloadBuffer();
        if (b.remaining() < MODEL_ID_BYTES) {
            throw new Rec4jDataException("RECOMBINER payload of " + b.remaining() + " bytes is too short for its"
                    + " model id");
        }
        byte[] id = new byte[MODEL_ID_BYTES];
        b.get(id);
        return HexFormat.of().formatHex(id);
    }

    private static Container parse(byte[] file) {
        Container c = Container.parse(file);
        if (!isRecombiner(c.methodId())) {
            throw new Rec4jDataException("not a RECOMBINER file: the container holds " + c.methodId());
        }
        return c;
    }

    /**
     * Checks that {@code file} is a RECOMBINER file of {@code model} with exactly the model's index bytes, and returns
     * the indices.
     *
     * @throws Rec4jDataException for a damaged file, another kind of file, another model or a wrong length
     */
    public static byte[] indices(RecombinerModel model, byte[] file) {
        Container c = parse(file);
        String id = modelId(file);
        if (!id.equals(model.id())) {
            throw new Rec4jDataException("this file was coded with model " + id + ", but the model given is "
                    + model.id() + " (" + model.name() + ")");
        }
        byte[] payload = c.payload();
        int expected = indexBytes(model);
        if (payload.length - MODEL_ID_BYTES != expected) {
            throw new Rec4jDataException("model " + model.name() + " codes " + model.indexBits() / model.kappa()
                    + " blocks of " + model.kappa() + " bits in " + expected + " bytes, but the file holds "
                    + (payload.length - MODEL_ID_BYTES));
        }
        return Arrays.copyOfRange(payload, MODEL_ID_BYTES, payload.length);
    }

    /**
     * The signal's flat latent vector ({@link RecombinerLayout}) coded in {@code indices}: every coded row, in file
     * order, decoded against its level's prior and scattered to its places; {@code [h_w, h_z]} without patches.
     */
    public static double[] latents(RecombinerModel model, byte[] indices) {
        return latents(model, new BitReader(indices));
    }

    /** {@link #latents(RecombinerModel, byte[])} reading one signal's {@link RecombinerModel#indexBits()} from {@code in}. */
    public static double[] latents(RecombinerModel model, BitReader in) {
        RecombinerLayout layout = model.layout();
        double[] flat = new double[Math.toIntExact(model.architecture().signalLatentCount())];
        BlockCoder[] coders = new BlockCoder[model.levels().size()];
        for (RecombinerLayout.Row row : layout.rows()) {
            int l = row.level();
            if (coders[l] == null) {
                coders[l] = coder(model, l);
            }
            double[] v = coders[l].decode(model.levels().get(l).prior(), RecombinerLayout.shared(model, row), in);
            int[] at = row.at();
            for (int j = 0; j < at.length; j++) {
                flat[at[j]] = v[j];
            }
        }
        return flat;
    }

    /** Renders a signal's flat latent vector to [0, 1]-scaled samples (unclamped), sample-major. */
    public static double[] render(RecombinerModel model, double[] latents) {
        return render(model, latents, Runtime.getRuntime().availableProcessors() > 1);
    }

    /** {@link #render(RecombinerModel, double[])}, φ overlapped with {@code h·A} or not (the same bits). */
    private static double[] render(RecombinerModel model, double[] latents, boolean overlap) {
        double[][][] parts = RecombinerLayout.split(model.architecture(), latents);
        return model.renderer().render(parts[0], parts[1], overlap);
    }

    /** The image of rendered samples: clamped to [0, 1] and rounded to 8 bits. */
    public static RgbImage toImage(RecombinerModel model, double[] samples) {
        RecombinerArchitecture a = model.architecture();
        if (a.outputChannels() != RgbImage.CHANNELS || a.inputDim() != 2) {
            throw new IllegalArgumentException("model " + model.name() + " does not code RGB images");
        }
        return RgbImage.fromUnit(a.signalWidth(), a.signalHeight(), samples);
    }

    /**
     * Decodes an image file.
     *
     * @throws Rec4jDataException for a damaged file, another kind of file or another model
     */
    public static RgbImage decode(RecombinerModel model, byte[] file) {
        return decodeIndices(model, indices(model, file));
    }

    /** Decodes the image whose block indices are {@code indices} (as {@link #indices} returns them). */
    public static RgbImage decodeIndices(RecombinerModel model, byte[] indices) {
        return toImage(model, render(model, latents(model, indices)));
    }

    /** {@link #decodeIndices} on one thread: for callers that keep every core busy themselves. */
    private static RgbImage decodeIndicesHere(RecombinerModel model, byte[] indices) {
        return toImage(model, render(model, latents(model, indices), false));
    }

    /**
     * Decodes many images' block indices (as {@link #indices} returns them) on up to {@code threads} threads: the
     * same images, bit for bit, as {@link #decodeIndices} on each, whatever the thread count (each image is decoded
     * whole by one thread, in the same order of operations; the threads only share out the images).
     *
     * @param threads worker threads, at least 1 (1 decodes on the calling thread)
     */
    public static List<RgbImage> decodeAllIndices(RecombinerModel model, List<byte[]> indices, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        int n = indices.size();
        RgbImage[] out = new RgbImage[n];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        int workers = Math.min(threads, n);
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                out[i] = workers > 1 ? decodeIndicesHere(model, indices.get(i)) : decodeIndices(model, indices.get(i));
            }
        };
        if (workers <= 1) {
            work.run();
            return List.of(out);
        }
        List<Thread> pool = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < workers; t++) {
            Thread th = new Thread(work, "rec4j-recombiner-decode-" + t);
            th.setDaemon(true);
            th.setUncaughtExceptionHandler((x, e) -> {
                synchronized (failure) {
                    if (failure[0] == null) {
                        failure[0] = e;
                    }
                }
            });
            pool.add(th);
            th.start();
        }
        try {
            for (Thread th : pool) {
                th.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        }
        if (failure[0] instanceof RuntimeException re) {
            throw re;
        } else if (failure[0] instanceof Error err) {
            throw err;
        }
        return List.of(out);
    }
}
