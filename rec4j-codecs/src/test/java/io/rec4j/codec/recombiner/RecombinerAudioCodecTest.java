package io.rec4j.codec.recombiner;

import io.rec4j.codec.audio.Wav;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import io.rec4j.core.container.ContainerHeader;
import io.rec4j.core.container.MethodId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RECOMBINER audio files: clips, the sample count and rate, exact decoding, damaged files refused. */
class RecombinerAudioCodecTest {
    static final RecombinerModel MODEL = RecombinerFixtures.patchedModel(RecombinerFixtures.TINY_AUDIO, 3)
            .withSampleRate(16000);

    static byte[] file(int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> clips = new ArrayList<>();
        for (int c = 0; c < RecombinerAudioCodec.clipCount(MODEL, samples); c++) {
            clips.add(RecombinerCodec.randomIndices(MODEL, r));
        }
        return RecombinerAudioCodec.toFile(MODEL, 16000, samples, clips);
    }

    @Test
    void clipsAreDecodedOneAfterAnotherAndTrimmed() {
        int clip = RecombinerAudioCodec.clipSamples(MODEL);
        assertEquals(48, clip);
        assertEquals(16000, RecombinerModel.fromBytes(MODEL.toBytes()).sampleRate());
        int samples = 2 * clip + 5; // three clips, the last one mostly padding
        SplittableRandom r = new SplittableRandom(4);
        List<byte[]> clips = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            clips.add(RecombinerCodec.randomIndices(MODEL, r));
        }
        byte[] f = RecombinerAudioCodec.toFile(MODEL, 16000, samples, clips);
        Wav w = RecombinerAudioCodec.decode(MODEL, f);
        assertEquals(16000, w.sampleRate());
        assertEquals(samples, w.length());
        for (int c = 0; c < 3; c++) {
            double[] v = RecombinerCodec.render(MODEL, RecombinerCodec.latents(MODEL, clips.get(c)));
            for (int i = 0; i < clip && c * clip + i < samples; i++) {
                assertEquals(Wav.toPcm(v[i]), w.samples()[c * clip + i], "clip " + c + " sample " + i);
            }
        }
        RecombinerAudioCodec.Info info = RecombinerAudioCodec.info(f);
        assertEquals(MODEL.id(), info.modelId());
        assertEquals((3 * MODEL.indexBits() + 7) / 8, info.indexBytes());
    }

    @Test
    void theUnitScaleRoundTripsEverySixteenBitValue() {
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) (i - 32768);
        }
        float[] unit = new Wav(8000, all).unitSamples();
        for (int i = 0; i < all.length; i++) {
            assertEquals(all[i], Wav.toPcm(unit[i]), "sample " + all[i]);
        }
        assertEquals(-32768, Wav.toPcm(Double.NaN));
        assertEquals(32767, Wav.toPcm(7));
    }

    @Test
    void damagedTruncatedOrForeignFilesAreRefused() {
        byte[] f = file(100, 5);
        for (int n = 0; n < f.length; n++) {
            byte[] cut = Arrays.copyOf(f, n);
            assertThrows(Rec4jDataException.class, () -> RecombinerAudioCodec.decode(MODEL, cut), "length " + n);
        }
        for (int i = 0; i < f.length; i++) {
            byte[] flipped = f.clone();
            flipped[i] ^= 0x04;
            assertThrows(Rec4jDataException.class, () -> RecombinerAudioCodec.decode(MODEL, flipped), "byte " + i);
        }
        RecombinerModel other = RecombinerFixtures.patchedModel(RecombinerFixtures.TINY_AUDIO, 4);
        assertThrows(Rec4jDataException.class, () -> RecombinerAudioCodec.decode(other, f));
        // a valid checksum over a sample count the indices cannot hold: refused before anything is allocated
        ByteBuffer p = ByteBuffer.wrap(Container.parse(f).payload());
        p.putInt(RecombinerCodec.MODEL_ID_BYTES + 4, Integer.MAX_VALUE);
        byte[] huge = Container.compact(MethodId.RECOMBINER_AUDIO, ContainerHeader.empty(), p.array()).toBytes();
        assertThrows(Rec4jDataException.class, () -> RecombinerAudioCodec.decode(MODEL, huge));
        assertArrayEquals(f, file(100, 5));
    }
}
