package io.rec4j.bench.recombiner;

import io.rec4j.bench.combiner.ImageBaselines;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MP3 baseline of the audio benchmark: its size is in bits, so a constant bitrate reads back as itself. */
class RecombinerAudioBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void aConstantBitrateMp3ReadsBackAtItsBitrate() throws Exception {
        Assumptions.assumeTrue(ImageBaselines.onPath("lame"), "lame is not installed: MP3 baseline not tested");
        int rate = 16000;
        float[] clip = new float[rate]; // one second: a chirp with a little noise, on the [0, 1] scale
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < clip.length; i++) {
            double t = i / (double) rate;
            clip[i] = (float) (0.5 + 0.3 * StrictMath.sin(2 * StrictMath.PI * (200 + 900 * t) * t)
                    + 0.01 * (rnd.nextDouble() - 0.5));
        }
        double[] p = RecombinerAudioBenchmark.mp3(clip, rate, 32, tmp);
        double kbps = p[0] / 1000; // one second
        // CBR 32 kbit/s: the frames are 32 kbit/s; lame's header, padding and the last partial frame add a few kbit
        assertTrue(kbps >= 30 && kbps <= 40, "kbps " + kbps);
        assertTrue(p[1] > 20, "psnr " + p[1]);
    }
}
