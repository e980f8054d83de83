package io.rec4j.core.inr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rec4j.core.image.TestCardTest;
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
 * The decoder contract across processes, compilers and JVMs: a fresh JVM renders the pinned SIREN output and the
 * pinned test card with the same bits, with the JIT on, interpreter only ({@code -Xint}), C1 only, and on every
 * other JDK (17 or newer) under {@code /usr/lib/jvm}.
 */
class InrCrossJvmTest {
    @Test
    void freshJvmsAgree() throws Exception {
        String expected = SirenNetworkTest.GOLDEN_RENDER + "\n" + TestCardTest.GOLDEN_64X48;
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
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), InrProbe.class.getName()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, p.exitValue(), out);
            assertEquals(expected, out.replace("\r", ""), "digests from " + prefix);
        }
    }

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

    /** JDKs (version 17+) under /usr/lib/jvm other than the running one, after resolving links. */
    private static List<Path> otherJdks() throws IOException {
        Path root = Paths.get("/usr/lib/jvm");
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        List<Path> seen = new ArrayList<>();
        seen.add(Paths.get(System.getProperty("java.home")).toRealPath());
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (!Files.isExecutable(d.resolve("bin/java")) || majorVersion(d) < 17) {
                    continue;
                }
                Path real = d.toRealPath();
                if (!seen.contains(real)) {
                    seen.add(real);
                    found.add(real);
                }
            }
        }
        if (!found.isEmpty()) {
            System.out.println("InrCrossJvmTest: also checking " + found);
        }
        return found;
    }
}
