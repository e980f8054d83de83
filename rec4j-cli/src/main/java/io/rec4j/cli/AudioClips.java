package io.rec4j.cli;

import io.rec4j.codec.audio.Resampler;
import io.rec4j.codec.audio.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Training and test clips cut from a folder of WAV files. */
final class AudioClips {
    private AudioClips() {
    }

    /** The WAV files of a folder, sorted by name. */
    static List<Path> wavs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")).sorted()
                    .toList();
        }
    }

    static boolean hasWav(Path dir) throws IOException {
        return !wavs(dir).isEmpty();
    }

    /**
     * Up to {@code max} whole clips of {@code length} samples in [0, 1] ({@link Wav#unitSamples}), from the WAV files
     * of {@code dir} in name order, each resampled to {@code rate}; a file's remainder shorter than a clip is dropped.
     */
    static List<float[]> load(Path dir, int rate, int length, int max) throws IOException {
        List<float[]> out = new ArrayList<>();
        for (Path p : wavs(dir)) {
            byte[] bytes = CliFiles.readInput(p.toString(), CliFiles.MAX_IMAGE_BYTES, "WAV file");
            Wav w = Resampler.resample(CliFiles.parsing(p.toString(), () -> Wav.read(bytes)), rate);
            float[] unit = w.unitSamples();
            for (int start = 0; start + length <= unit.length && out.size() < max; start += length) {
                float[] clip = new float[length];
                System.arraycopy(unit, start, clip, 0, length);
                out.add(clip);
            }
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }
}
