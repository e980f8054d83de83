package io.rec4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.TestCard;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec commands against hostile files: damaged images, unbounded streams, and outputs that are devices,
 * links, directories or in missing directories. Every case ends with the documented exit code and one line.
 */
class HostileFilesTest {
    @TempDir
    Path dir;

    private Path golden() throws Exception {
        // a file coded with shipped model 1, kept with the decoder's golden tests
        Path src = Path.of("../rec4j-codecs/src/test/resources/io/rec4j/codec/combiner/golden-q1.r4j");
        assumeTrue(Files.isRegularFile(src), "golden-q1.r4j not found from " + Path.of("").toAbsolutePath());
        return Files.copy(src, dir.resolve("golden.r4j"));
    }

    private static void assertOneLine(CliTest.Result r, int code, String fragment) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(fragment), "'" + fragment + "' not in: " + r.err());
        assertFalse(r.err().contains(".part"), "temporary file named: " + r.err());
    }

    private void assertNoTemporaryFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".part")).count());
        }
    }

    @Test
    void damagedImagesAreRejectedBeforeEncoding() throws Exception {
        BufferedImage img = ImageIo.toBufferedImage(TestCard.generate(40, 30));
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "jpeg", jpg));
        byte[] j = jpg.toByteArray();
        Path whole = dir.resolve("whole.jpg");
        Files.write(whole, j);
        CliTest.Result ok = CliTest.run("compress", "--dry-run", whole.toString(), dir.resolve("a.r4j").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.err().contains("40x30 JPEG, 1 tile of 64x64"), ok.err());
        assertTrue(ok.err().contains("smaller than one tile"), ok.err());
        assertFalse(Files.exists(dir.resolve("a.r4j")), "--dry-run wrote its output");
        // javax.imageio decodes a JPEG cut short with only a warning
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(j, j.length * 85 / 100));
        assertOneLine(CliTest.run("compress", "-n", cut.toString(), dir.resolve("b.r4j").toString()),
                Main.EXIT_BAD_DATA, "cut.jpg: damaged JPEG");
        byte[] png = ImageIo.pngBytes(TestCard.generate(16, 16));
        png[png.length / 2] ^= 1;
        Path flipped = dir.resolve("flipped.png");
        Files.write(flipped, png);
        assertOneLine(CliTest.run("compress", "-n", flipped.toString(), dir.resolve("c.r4j").toString()),
                Main.EXIT_BAD_DATA, "flipped.png: damaged PNG (CRC mismatch");
        // a folder is an input (its PNGs, packed): a damaged PNG in it is refused before anything is encoded
        assertOneLine(CliTest.run("compress", "-n", dir.toString(), dir.resolve("d.r4j").toString()),
                Main.EXIT_BAD_DATA, "flipped.png: damaged PNG (CRC mismatch");
        assertOneLine(CliTest.run("compress", "-n", dir.resolve("absent.png").toString(), dir.resolve("e.r4j").toString()),
                Main.EXIT_BAD_DATA, "absent.png: no such file or directory");
    }

    @Test
    void imagesOverThePixelLimitNeedYes() throws Exception {
        Path big = dir.resolve("big.png");
        ImageIo.writePng(TestCard.generate(300, 200), big);
        CliTest.Result r = CliTest.run("compress", "--max-pixels", "50000", "-n", big.toString(),
                dir.resolve("big.r4j").toString());
        assertOneLine(r, Main.EXIT_USAGE, "pass --yes to go ahead or raise --max-pixels");
        assertTrue(r.err().contains("about"), r.err());
        CliTest.Result yes = CliTest.run("compress", "--max-pixels", "50000", "--yes", "-n", big.toString(),
                dir.resolve("big.r4j").toString());
        assertEquals(0, yes.code(), yes.err());
        assertTrue(yes.err().contains("300x200 PNG, 20 tiles of 64x64"), yes.err());
    }

    @Test
    void outputProblemsAreFoundBeforeTheEncodeStarts() {
        // a million fit steps would run for hours: the missing directory must be noticed first
        CliTest.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Path png = dir.resolve("small.png");
            ImageIo.writePng(TestCard.generate(8, 8), png);
            return CliTest.run("compress", "--steps", "1000000", "-q", png.toString(),
                    dir.resolve("missing/out.r4j").toString());
        });
        assertOneLine(r, Main.EXIT_BAD_DATA, "no such directory");
    }

    @Test
    void writesThroughCharacterDevicesAndNeverReplacesThem() throws Exception {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "no /dev/null device here");
        Path g = golden();
        CliTest.Result r = CliTest.run("decompress", "-q", "-f", g.toString(), "/dev/null");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.isRegularFile(devNull, LinkOption.NOFOLLOW_LINKS), "/dev/null was replaced by a file");
        assertOneLine(CliTest.run("decompress", "-q", "-f", g.toString(), dir.toString()), Main.EXIT_BAD_DATA,
                "is a directory");
    }

    @Test
    void symbolicLinksAreFollowedAndKept() throws Exception {
        Path g = golden();
        Path target = dir.resolve("target.png");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), target.getFileName());
        assertOneLine(CliTest.run("decompress", "-q", g.toString(), link.toString()), Main.EXIT_BAD_DATA,
                "link.png: exists (use --force to overwrite)");
        CliTest.Result r = CliTest.run("decompress", "-q", "-f", g.toString(), link.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link was replaced");
        assertEquals(ImageIo.probe(Files.readAllBytes(target), "target").width(), 64);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.png"), dir.resolve("nowhere.png"));
        assertOneLine(CliTest.run("decompress", "-q", "-f", g.toString(), dangling.toString()), Main.EXIT_BAD_DATA,
                "dangling.png: a symbolic link to a missing file");
        assertNoTemporaryFiles();
    }

    @Test
    void newFilesGetTheUmaskModeAndReplacedFilesKeepTheirs() throws Exception {
        Path g = golden();
        Path reference = Files.createFile(dir.resolve("reference")); // created the way a shell creates files
        Path fresh = dir.resolve("fresh.png");
        assertEquals(0, CliTest.run("decompress", "-q", g.toString(), fresh.toString()).code());
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(fresh));
        Path kept = dir.resolve("kept.png");
        Files.writeString(kept, "old");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, CliTest.run("decompress", "-q", "-f", g.toString(), kept.toString()).code());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertNoTemporaryFiles();
    }

    @Test
    void aNamedPipeIsWrittenThrough() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        Path g = golden();
        long[] read = new long[1];
        Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                read[0] = in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                read[0] = -1;
            }
        });
        reader.start();
        CliTest.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> CliTest.run("decompress", "-q", g.toString(), fifo.toString()));
        reader.join(30_000);
        assertEquals(0, r.code(), r.err());
        assertTrue(read[0] > 0, "nothing arrived through the pipe");
        assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void standardInputIsRejectedAsSoonAsItsHeaderIsWrong() {
        long[] served = new long[1];
        InputStream zeros = new InputStream() { // /dev/zero: endless
            @Override
            public int read() {
                served[0]++;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 0);
                served[0] += len;
                return len;
            }
        };
        InputStream saved = System.in;
        System.setIn(zeros);
        try {
            CliTest.Result r = CliTest.run("decompress", "-", dir.resolve("z.png").toString());
            assertOneLine(r, Main.EXIT_BAD_DATA, "standard input: not a rec4j container");
        } finally {
            System.setIn(saved);
        }
        assertTrue(served[0] <= 1 << 16, served[0] + " bytes read from an endless stream");
    }

    @Test
    void bytesAfterTheContainerAreAnError() throws Exception {
        Path g = golden();
        Path longer = dir.resolve("longer.r4j");
        byte[] b = Files.readAllBytes(g);
        Files.write(longer, Arrays.copyOf(b, b.length + 3));
        assertOneLine(CliTest.run("decompress", longer.toString(), dir.resolve("l.png").toString()),
                Main.EXIT_BAD_DATA, "3 unexpected bytes after the rec4j container");
        assertNoTemporaryFiles();
    }
}
