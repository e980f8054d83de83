package io.rec4j.codec.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.core.container.Container;
import java.io.File;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder-only example of {@code docs/architecture.md}, taken from the page itself, compiles and runs with the
 * REC library and the decoder module as its whole class path (no training engine, no DJL, no native library), and
 * decodes a committed COMBINER file to the pixels the encoder reconstructed.
 */
class DecoderOnlyExampleTest {
    @Test
    void documentedExampleDecodesWithTheTwoJarsOnly(@TempDir Path tmp) throws Exception {
        String source = exampleFromDocs();
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the example declares a public class");
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve(cls.group(1) + ".java"), source);

        String classPath = location(Container.class) + File.pathSeparator + location(CombinerCodec.class);
        assertEquals(2, classPath.split(File.pathSeparator).length);
        assertFalse(classPath.toLowerCase().contains("djl") || classPath.toLowerCase().contains("pytorch")
                || classPath.contains("rec4j-nn"), classPath);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("--release", "17", "-cp", classPath, "-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.resolve(cls.group(1) + ".java")))
                .call();
        assertTrue(compiled, diagnostics.toString());

        Path file = tmp.resolve("photo.r4j");
        try (InputStream in = getClass().getResourceAsStream("golden-q2.r4j")) {
            Files.write(file, in.readAllBytes());
        }
        Path png = tmp.resolve("photo.png");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + classPath, cls.group(1),
                file.toString(), png.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        // the pixels the encoder reconstructed when the golden file was made
        assertEquals(ShippedModelsTest.GOLDEN_SHA256[1], ImageIo.read(png).sha256());
    }

    /** The Java block after the marker comment in docs/architecture.md. */
    private static String exampleFromDocs() throws Exception {
        Path doc = Paths.get("..", "docs", "architecture.md");
        String md = Files.readString(doc);
        Matcher m = Pattern.compile("<!-- decoder-only example[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(md);
        assertTrue(m.find(), "docs/architecture.md has no marked decoder-only example");
        return m.group(1);
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
