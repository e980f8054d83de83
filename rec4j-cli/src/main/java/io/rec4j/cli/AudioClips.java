package io.rec4j.cli;

import io.rec4j.codec.audio.Clips;
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

    /** The recordings of a folder's WAV files, in name order (damaged files are exit code 2). */
    static List<Wav> read(Path dir) throws IOException {
        List<Wav> out = new ArrayList<>();
        for (Path p : wavs(dir)) {
            byte[] bytes = CliFiles.readInput(p.toString(), CliFiles.MAX_IMAGE_BYTES, "WAV file");
            out.add(CliFiles.parsing(p.toString(), () -> Wav.read(bytes)));
        }
        return out;
    }

    /** {@link Clips#roundRobin} over the WAV files of {@code dir}. */
    static List<float[]> load(Path dir, int rate, int length, int max) throws IOException {
        return Clips.roundRobin(read(dir), rate, length, max);
    }
}
