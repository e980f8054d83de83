package io.rec4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The external baseline of the rANS throughput report: htscodecs' {@code rans4x16} order-0 coder (J. K. Bonfield,
 * the CRAM 3.1 codecs), timed by a small C driver ({@code htscodecs_rans.c}, a resource of this module) that is
 * compiled here, at run time, against the system's {@code libhtscodecs} (Debian: {@code libhtscodecs-dev}). Only
 * the measurement uses that library. Where the header, the library or a C compiler is missing, the baseline is
 * skipped with a message.
 */
public final class HtscodecsBaseline {
    /** Where Debian's {@code libhtscodecs-dev} puts the header the driver includes. */
    static final Path HEADER = Path.of("/usr/include/htscodecs/rANS_static4x16.h");

    /**
     * One variant's figures.
     *
     * @param variant         {@code rans4x16-scalar} (4-way interleaved, no SIMD) or {@code rans32x16-simd}
     * @param encodeMBps      10^6 input bytes per second
     * @param decodeMBps      10^6 output bytes per second
     * @param compressedBytes the size of its stream
     */
    public record Result(String variant, double encodeMBps, double decodeMBps, long compressedBytes) {
    }

    private HtscodecsBaseline() {
    }

    /**
     * Builds the driver in a temporary directory and times both variants on {@code input}, {@code seconds} each
     * way; empty (after saying why on {@code log}) where it cannot be built or run.
     */
    public static Optional<List<Result>> measure(Path input, double seconds, PrintStream log) {
        Optional<Driver> driver = Driver.build(log);
        if (driver.isEmpty()) {
            return Optional.empty();
        }
        try (Driver d = driver.get()) {
            return d.time(input, seconds, log);
        }
    }

    /** The compiled driver, for repeated timings; {@link #close()} deletes it. */
    public static final class Driver implements AutoCloseable {
        private final Path dir;
        private final Path exe;

        private Driver(Path dir, Path exe) {
            this.dir = dir;
            this.exe = exe;
        }

        /** Builds the driver; empty (after saying why on {@code log}) where the header, library or compiler is missing. */
        public static Optional<Driver> build(PrintStream log) {
            if (!Files.isRegularFile(HEADER)) {
                log.println("htscodecs baseline skipped: " + HEADER + " not found (apt-get install libhtscodecs-dev)");
                return Optional.empty();
            }
            Path dir = null;
            try {
                dir = Files.createTempDirectory("rec4j-htscodecs");
                Path source = dir.resolve("htscodecs_rans.c");
                try (InputStream in = HtscodecsBaseline.class.getResourceAsStream("htscodecs_rans.c")) {
                    Files.write(source, in.readAllBytes());
                }
                Path exe = dir.resolve("htscodecs-rans");
                String built = run(List.of("cc", "-O2", "-o", exe.toString(), source.toString(), "-lhtscodecs"));
                if (!Files.isExecutable(exe)) {
                    log.println("htscodecs baseline skipped: the driver did not build: " + built.strip());
                    deleteQuietly(dir);
                    return Optional.empty();
                }
                return Optional.of(new Driver(dir, exe));
            } catch (IOException | RuntimeException e) {
                log.println("htscodecs baseline skipped: " + e.getMessage());
                deleteQuietly(dir);
                return Optional.empty();
            }
        }

        /** Times both variants on {@code input}, {@code seconds} each way; empty (saying why) on failure. */
        public Optional<List<Result>> time(Path input, double seconds, PrintStream log) {
            try {
                String out = run(List.of(exe.toString(), input.toString(), String.format(Locale.ROOT, "%.3f", seconds)));
                List<Result> results = new ArrayList<>();
                for (String line : out.strip().split("\n")) {
                    String[] f = line.trim().split(" ");
                    if (f.length != 4) {
                        log.println("htscodecs baseline skipped: unexpected driver output: " + out.strip());
                        return Optional.empty();
                    }
                    results.add(new Result(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3])));
                }
                return Optional.of(results);
            } catch (IOException | RuntimeException e) {
                log.println("htscodecs baseline skipped: " + e.getMessage());
                return Optional.empty();
            }
        }

        @Override
        public void close() {
            deleteQuietly(dir);
        }
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
