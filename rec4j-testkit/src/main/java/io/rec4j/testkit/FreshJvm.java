package io.rec4j.testkit;

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

/**
 * Runs a main class of the test classpath in fresh JVMs for the cross-JVM determinism tests: the running JDK with
 * the JIT, with the interpreter only ({@code -Xint}) and with C1 only, plus every other JDK of version 17 or newer
 * installed under {@code /usr/lib/jvm} (where present).
 */
public final class FreshJvm {
    private FreshJvm() {
    }

    /** The java launchers (with options) to try. */
    public static List<List<String>> launchers() throws IOException {
        String self = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<List<String>> runs = new ArrayList<>();
        runs.add(List.of(self));
        runs.add(List.of(self, "-Xint"));
        runs.add(List.of(self, "-XX:TieredStopAtLevel=1"));
        for (Path jdk : otherJdks()) {
            runs.add(List.of(jdk.resolve("bin/java").toString()));
        }
        return runs;
    }

    /**
     * Runs {@code mainClass} with {@code args} under every launcher and asserts that each exits with 0 and prints
     * {@code expected} (trimmed, line endings normalised).
     */
    public static void assertAllPrint(String expected, Class<?> mainClass, String... args) throws Exception {
        for (List<String> prefix : launchers()) {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().replace("\r", "");
            assertEquals(0, p.exitValue(), out);
            assertEquals(expected, out, "output of " + prefix);
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

    /** JDKs (17+) under /usr/lib/jvm other than the running one, after resolving links. */
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
        return found;
    }
}
