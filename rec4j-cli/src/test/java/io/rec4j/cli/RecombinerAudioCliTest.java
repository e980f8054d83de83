package io.rec4j.cli;

import io.rec4j.codec.audio.Wav;
import io.rec4j.codec.recombiner.RecombinerAudioCodec;
import io.rec4j.codec.recombiner.RecombinerModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rec4j compress} of WAV files with a RECOMBINER audio model, {@code rec4j decompress} back to WAV. */
class RecombinerAudioCliTest {
    @TempDir
    static Path dir;
    static RecombinerModel model;
    static Path modelFile;

    static Wav tone(int rate, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(8000 * StrictMath.sin(2 * Math.PI * 440 * i / rate));
        }
        return new Wav(rate, s);
    }

    @BeforeAll
    static void setUp() throws Exception {
        model = FuzzTargets.tinyAudioModel(5);
        modelFile = dir.resolve("audio.r4m");
        Files.write(modelFile, model.toBytes());
    }

    @Test
    void theAudioBenchmarkShowsStepProgressAndWritesItsReport() throws Exception {
        Path wavs = Files.createDirectories(dir.resolve("bench-wavs"));
        Files.write(wavs.resolve("tone.wav"), tone(8000, 200).toBytes());
        Path out = dir.resolve("bench-out");
        CliTest.Result b = CliTest.run("bench", "recombiner-audio", "--model", modelFile.toString(), "--data",
                wavs.toString(), "--clips", "2", "--steps", "3", "-o", out.toString());
        assertEquals(0, b.code(), b.err());
        assertTrue(b.err().contains("training steps"), b.err()); // a bar over the steps, not only per batch of clips
        assertTrue(Files.exists(out.resolve("recombiner-audio.md")));
    }

    @Test
    void aRecordingRoundTripsThroughTheCommandLine() throws Exception {
        Path wav = dir.resolve("tone.wav");
        Files.write(wav, tone(8000, 150).toBytes()); // three clips of 64, the last one partly padding
        Path file = dir.resolve("tone.r4j");
        CliTest.Result c = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "3", "-f",
                wav.toString(), file.toString());
        assertEquals(0, c.code(), c.err());
        byte[] bytes = Files.readAllBytes(file);
        RecombinerAudioCodec.Info info = RecombinerAudioCodec.info(bytes);
        assertEquals(8000, info.sampleRate());
        assertEquals(150, info.samples());
        assertEquals((3 * model.indexBits() + 7) / 8, info.indexBytes());
        Path back = dir.resolve("back.wav");
        CliTest.Result d = CliTest.run("decompress", "--model", modelFile.toString(), "-f", file.toString(),
                back.toString());
        assertEquals(0, d.code(), d.err());
        Wav out = Wav.read(Files.readAllBytes(back));
        assertEquals(150, out.length());
        assertArrayEquals(RecombinerAudioCodec.decode(model, bytes).samples(), out.samples());
        CliTest.Result i = CliTest.run("info", file.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("RECOMBINER_AUDIO"), i.out());
    }

    @Test
    void anotherRateIsResampledToTheModels() throws Exception {
        Path wav = dir.resolve("tone16k.wav");
        Files.write(wav, tone(16000, 200).toBytes());
        Path file = dir.resolve("tone16k.r4j");
        CliTest.Result c = CliTest.run("compress", "--model", modelFile.toString(), "--steps", "3", "-f",
                wav.toString(), file.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("resampling 16000 Hz"), c.err());
        assertEquals(100, RecombinerAudioCodec.info(Files.readAllBytes(file)).samples());
    }

    @Test
    void badAudioInputsAreRefused() throws Exception {
        Path wav = dir.resolve("t.wav");
        Files.write(wav, tone(8000, 64).toBytes());
        // a WAV file with an image model, or at a quality no speech model has: usage errors that say what to do
        CliTest.Result image = CliTest.run("compress", "--model", "combiner-q1", "-f", wav.toString(),
                dir.resolve("x.r4j").toString());
        assertEquals(Main.EXIT_USAGE, image.code());
        assertTrue(image.err().contains("audio"), image.err());
        CliTest.Result none = CliTest.run("compress", "--quality", "7", "-f", wav.toString(),
                dir.resolve("x.r4j").toString());
        assertNotEquals(0, none.code());
        assertTrue(none.err().contains("speech model"), none.err());
        // a damaged WAV and a damaged file: exit code 2
        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(wav), 50);
        Path bad = dir.resolve("bad.wav");
        Files.write(bad, cut);
        CliTest.Result b = CliTest.run("compress", "--model", modelFile.toString(), "-f", bad.toString(),
                dir.resolve("y.r4j").toString());
        assertEquals(2, b.code(), b.err());
        Path file = dir.resolve("t.r4j");
        assertEquals(0, CliTest.run("compress", "--model", modelFile.toString(), "--steps", "2", "-f",
                wav.toString(), file.toString()).code());
        byte[] f = Files.readAllBytes(file);
        f[f.length - 1] ^= 1;
        Path damaged = dir.resolve("damaged.r4j");
        Files.write(damaged, f);
        CliTest.Result dd = CliTest.run("decompress", "--model", modelFile.toString(), "-f", damaged.toString(),
                dir.resolve("z.wav").toString());
        assertEquals(2, dd.code(), dd.err());
        // the wrong model: exit code 2
        Path other = dir.resolve("other.r4m");
        Files.write(other, FuzzTargets.tinyAudioModel(6).toBytes());
        CliTest.Result wrong = CliTest.run("decompress", "--model", other.toString(), "-f", file.toString(),
                dir.resolve("w.wav").toString());
        assertEquals(2, wrong.code(), wrong.err());
    }
}
