package io.rec4j.codec.recombiner;

import io.rec4j.codec.audio.Wav;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * RECOMBINER audio files (He, Flamich, Guo, Hernández-Lobato, ICLR 2024, arXiv 2309.17182, §4 audio;
 * {@code docs/recombiner.md}, "Audio"): a mono recording is cut into clips of the model's length
 * ({@code patchCols × patchWidth} samples, patches of 800 in the paper), the last clip padded with silence; each clip
 * is one RECOMBINER signal (patches, three-level hierarchy), its samples the waveform mapped from [−1, 1] to [0, 1]
 * by {@code (a + 1)/2}. The decoder renders each clip ({@link RecombinerCodec#render}), maps back to 16-bit PCM
 * ({@link Wav#toPcm}) and trims the padding.
 *
 * <p>File: a compact rec4j container (format version 2) of method {@link MethodId#RECOMBINER_AUDIO}. Payload,
 * big-endian: the model id (8 bytes), the sample rate ({@code u32}), the sample count ({@code u32}), then every
 * clip's {@link RecombinerModel#indexBits()} back to back, MSB first, zero-padded to a byte once at the end. The clip
 * count is {@code ⌈samples / clip length⌉}.
 */
public final class RecombinerAudioCodec {
    /** Bytes before the indices: model id, rate, count. */
    public static final int HEADER_BYTES = RecombinerCodec.MODEL_ID_BYTES + 8;

    private RecombinerAudioCodec() {
    }

    /** What a file holds, read without decoding. */
    public record Info(String modelId, int sampleRate, int samples, long indexBytes) {
    }

    /** Samples per clip of an audio model. */
    public static int clipSamples(RecombinerModel model) {
        RecombinerArchitecture a = model.architecture();
        if (a.inputDim() != 1 || a.outputChannels() != 1) {
            throw new IllegalArgumentException("model " + model.name() + " does not code mono audio");
        }
        return a.signalWidth();
    }

    /** Clips of {@code samples} samples: {@code ⌈samples / clip length⌉}. */
    public static int clipCount(RecombinerModel model, long samples) {
        return Math.toIntExact((samples + clipSamples(model) - 1) / clipSamples(model));
    }

    /** The recording cut into the model's clips in [0, 1], the last one padded with silence (0.5). */
    public static List<float[]> clips(RecombinerModel model, Wav wav) {
        int n = clipSamples(model);
        float[] unit = wav.unitSamples();
        List<float[]> out = new ArrayList<>();
        for (int start = 0; start < unit.length; start += n) {
            float[] clip = new float[n];
            java.util.Arrays.fill(clip, 0.5f);
            System.arraycopy(unit, start, clip, 0, Math.min(n, unit.length - start));
            out.add(clip);
        }
        return out;
    }

    /**
     * The file of a recording of {@code samples} samples at {@code rate} whose clips were coded with
     * {@code clipIndices} (each as {@link RecombinerCodec#indices} returns it: {@code indexBits}, zero-padded).
     */
    public static byte[] toFile(RecombinerModel model, int rate, int samples, List<byte[]> clipIndices) {
        if (clipIndices.size() != clipCount(model, samples)) {
            throw new IllegalArgumentException(samples + " samples make " + clipCount(model, samples)
                    + " clips, got " + clipIndices.size());
        }
        BitWriter w = new BitWriter();
        long bits = model.indexBits();
        for (byte[] clip : clipIndices) {
            BitReader in = new BitReader(clip);
            for (long left = bits; left > 0; ) {
                int k = (int) Math.min(56, left);
                w.writeBits(in.readBits(k), k);
                left -= k;
            }
        }
        byte[] indices = w.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + indices.length);
        b.put(HexFormat.of().parseHex(model.id())).putInt(rate).putInt(samples).put(indices);
        return Container.compact(MethodId.RECOMBINER_AUDIO, ContainerHeader.empty(), b.array()).toBytes();
    }

    /** Whether a container holds a RECOMBINER audio file. */
    public static boolean isAudio(MethodId method) {
        return method.equals(MethodId.RECOMBINER_AUDIO);
    }

    /**
     * Reads the file's model id, rate and length.
     *
     * @throws Rec4jDataException for a damaged file or another kind of file
     */
    public static Info info(byte[] file) {
        Container c = Container.parse(file);
        if (!isAudio(c.methodId())) {
            throw new Rec4jDataException("not a RECOMBINER audio file: the container holds " + c.methodId());
        }
        ByteBuffer b = c.payloadBuffer();
        if (b.remaining() < HEADER_BYTES) {
            throw new Rec4jDataException("RECOMBINER audio payload of " + b.remaining() + " bytes is shorter than"
                    + " its " + HEADER_BYTES + "-byte header");
        }
        byte[] id = new byte[RecombinerCodec.MODEL_ID_BYTES];
        b.get(id);
        int rate = b.getInt();
        int samples = b.getInt();
        if (rate < 1 || rate > Wav.MAX_RATE) {
            throw new Rec4jDataException("sample rate " + Integer.toUnsignedString(rate) + " outside 1.."
                    + Wav.MAX_RATE);
        }
        if (samples < 0) {
            throw new Rec4jDataException("sample count " + Integer.toUnsignedString(samples) + " is too large");
        }
        return new Info(HexFormat.of().formatHex(id), rate, samples, b.remaining());
    }

    /**
     * Decodes an audio file.
     *
     * @throws Rec4jDataException for a damaged file, another kind of file, another model or a wrong length
     */
    public static Wav decode(RecombinerModel model, byte[] file) {
        Info info = info(file);
        if (!info.modelId().equals(model.id())) {
            throw new Rec4jDataException("this file was coded with model " + info.modelId() + ", but the model given"
                    + " is " + model.id() + " (" + model.name() + ")");
        }
        int clips = clipCount(model, info.samples());
        long expected = (clips * model.indexBits() + 7) / 8;
        if (info.indexBytes() != expected) {
            throw new Rec4jDataException(info.samples() + " samples make " + clips + " clips of "
                    + model.indexBits() + " bits = " + expected + " bytes, but the file holds " + info.indexBytes());
        }
        byte[] payload = Container.parse(file).payload();
        BitReader in = new BitReader(payload, HEADER_BYTES, payload.length - HEADER_BYTES);
        int n = clipSamples(model);
        short[] out = new short[info.samples()];
        for (int c = 0; c < clips; c++) {
            double[] v = RecombinerCodec.render(model, RecombinerCodec.latents(model, in));
            for (int i = 0; i < n && c * n + i < out.length; i++) {
                out[c * n + i] = Wav.toPcm(v[i]);
            }
        }
        return new Wav(info.sampleRate(), out);
    }
}
