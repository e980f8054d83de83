package io.rec4j.codec.audio;

import io.rec4j.core.Rec4jDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** WAV reading and writing, hostile files, and the resampler. */
class WavTest {
    static short[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) r.nextInt(-32768, 32768);
        }
        return s;
    }

    /** A WAV with {@code channels} × {@code bits} PCM and an extra chunk before the data. */
    static byte[] wav(int rate, int channels, int bits, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + 24 + 14 + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("LIST".getBytes()).putInt(5).put(new byte[] {1, 2, 3, 4, 5}).put((byte) 0); // odd size, padded
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }

    @Test
    void sixteenBitMonoRoundTripsExactly() {
        Wav w = new Wav(16000, noise(1001, 1));
        Wav back = Wav.read(w.toBytes());
        assertEquals(16000, back.sampleRate());
        assertArrayEquals(w.samples(), back.samples());
        assertEquals(44 + 2002, w.toBytes().length);
    }

    @Test
    void otherLayoutsAreReadAsMonoSixteenBit() {
        // stereo 16-bit: channels averaged
        ByteBuffer st = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        st.putShort((short) 1000).putShort((short) 3000).putShort((short) -5).putShort((short) -6);
        Wav stereo = Wav.read(wav(8000, 2, 16, st.array()));
        assertArrayEquals(new short[] {2000, -5}, stereo.samples()); // Math.round(−5.5) = −5
        // 8-bit unsigned: 128 is silence
        Wav eight = Wav.read(wav(8000, 1, 8, new byte[] {(byte) 128, (byte) 255, 0}));
        assertArrayEquals(new short[] {0, 127 << 8, -128 << 8}, eight.samples());
        // 24-bit: the top 16 bits, rounded
        Wav t24 = Wav.read(wav(8000, 1, 24, new byte[] {(byte) 0x80, 0x34, 0x12, 0, 0, (byte) 0x80}));
        assertArrayEquals(new short[] {0x1235, -32768}, t24.samples());
    }

    @Test
    void damagedFilesAreRefusedWithTypedErrors() {
        byte[] good = new Wav(22050, noise(300, 2)).toBytes();
        for (int n = 0; n < good.length; n += 7) {
            byte[] cut = Arrays.copyOf(good, n);
            if (n < 44) {
                assertThrows(Rec4jDataException.class, () -> Wav.read(cut), "length " + n);
            }
        }
        byte[] notPcm = good.clone();
        notPcm[20] = 3; // IEEE float
        Rec4jDataException e = assertThrows(Rec4jDataException.class, () -> Wav.read(notPcm));
        assertTrue(e.getMessage().contains("not PCM"), e.getMessage());
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 2000; k++) {
            byte[] bad = good.clone();
            for (int f = 0; f < 3; f++) {
                bad[r.nextInt(60)] ^= (byte) (1 << r.nextInt(8));
            }
            try {
                Wav.read(bad);
            } catch (Rec4jDataException expected) {
                // fine
            } catch (RuntimeException other) {
                fail("untyped failure on a damaged header: " + other);
            }
        }
    }

    @Test
    void resamplingKeepsAToneAndItsLevel() {
        int from = 48000;
        int to = 16000;
        short[] tone = new short[4800];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) Math.round(10000 * StrictMath.sin(2 * Math.PI * 1000 * i / from));
        }
        Wav out = Resampler.resample(new Wav(from, tone), to);
        assertEquals(1600, out.length());
        double err = 0;
        double energy = 0;
        for (int i = 100; i < 1500; i++) { // away from the edges
            double want = 10000 * StrictMath.sin(2 * Math.PI * 1000 * i / (double) to);
            err += (out.samples()[i] - want) * (out.samples()[i] - want);
            energy += want * want;
        }
        // a 1 kHz tone is far inside the pass band: the resampled tone is the tone to within 1 % of its energy
        assertTrue(err < 0.01 * energy, "relative error energy " + err / energy);
    }
}
