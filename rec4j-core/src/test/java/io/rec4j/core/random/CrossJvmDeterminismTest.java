package io.rec4j.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shared-randomness contract across processes, compilers and JVMs: the digest of the first 200,000 normals of
 * seed 42 is pinned, and a fresh JVM computes the same value with the JIT on, with the interpreter only
 * ({@code -Xint}), with C1 only, and on every other JDK (version 17 or newer) installed under
 * {@code /usr/lib/jvm}. The other JDKs are a bonus where present; the pinned value and the three compiler modes
 * always run.
 */
class CrossJvmDeterminismTest {
    static final long SEED = 42;
    static final long COUNT = 200_000;
    /** Pinned when the generator was written (Philox4x32-10 + AS 241 inversion); must never change. */
    static final String GOLDEN = "3fdc5c2e02e426f5fce70a5aca4c0827726198049a5cf0f66be53af35cd5c828";

    @Test
    void inProcessDigestIsPinned() {
        assertEquals(GOLDEN, SharedRandomness.normalDigest(SEED, COUNT));
    }

    @Test
    void freshJvmsAgree() throws Exception {
        String self = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<List<String>> runs = new ArrayList<>();
        runs.add(List.of(self));
        runs.add(List.of(self, "-Xint"));
        runs.add(List.of(self, "-XX:TieredStopAtLevel=1"));
        for (Path jdk : otherJdks()) {
            runs.add(List.of(jdk.resolve("bin/java").toString()));
        }
        for (List<String> prefix : runs) {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DigestProbe.class.getName(),
                    Long.toString(SEED), Long.toString(COUNT)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, p.exitValue(), out);
            assertEquals(GOLDEN, out, "digest from " + prefix);
        }
    }

    /** Feature version from a JDK's {@code release} file, or 0 if unknown. */
    private static int majorVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** JDKs under /usr/lib/jvm other than the running one (resolving symlinks), if any. */
    private static List<Path> otherJdks() throws IOException {
        Path root = Paths.get("/usr/lib/jvm");
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        Path self = Paths.get(System.getProperty("java.home")).toRealPath();
        List<Path> seen = new ArrayList<>();
        seen.add(self);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                Path java = d.resolve("bin/java");
                if (!Files.isExecutable(java) || majorVersion(d) < 17) {
                    continue;
                }
                Path real = d.toRealPath();
                if (seen.contains(real)) {
                    continue;
                }
                seen.add(real);
                found.add(real);
            }
        }
        if (!found.isEmpty()) {
            System.out.println("CrossJvmDeterminismTest: also checking " + found);
        }
        return found;
    }
}
