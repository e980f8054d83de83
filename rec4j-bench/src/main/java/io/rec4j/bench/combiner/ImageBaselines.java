package io.rec4j.bench.combiner;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.Psnr;
import io.rec4j.codec.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Classical codecs for the rate–distortion comparison: JPEG through the JDK's ImageIO (baseline, standard tables,
 * 4:2:0), and when installed the Debian tools {@code cwebp}/{@code dwebp} (WebP) and
 * {@code opj_compress}/{@code opj_decompress} (JPEG 2000, raw .j2k codestream). Every operating point is a real
 * file whose every byte is counted.
 */
public final class ImageBaselines {
    /** One coded version of an image. */
    public record Point(String codec, double setting, double bpp, double psnr) {
    }

    private ImageBaselines() {
    }

    /** JPEG at ImageIO quality {@code q} in (0, 1]. */
    public static Point jpeg(RgbImage img, double q) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality((float) q);
                writer.write(null, new IIOImage(ImageIo.toBufferedImage(img), null, null), p);
            } finally {
                writer.dispose();
            }
            byte[] b = bytes.toByteArray();
            return new Point("JPEG (ImageIO)", q, 8.0 * b.length / ((double) img.width() * img.height()), Psnr.psnr(img, ImageIo.read(b)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JPEG over a sweep of qualities 0.02, 0.04, …, 1. */
    public static List<Point> jpegSweep(RgbImage img) {
        List<Point> out = new ArrayList<>();
        for (int q = 2; q <= 100; q += 2) {
            out.add(jpeg(img, q / 100.0));
        }
        return out;
    }

    public static boolean hasWebp() {
        return onPath("cwebp") && onPath("dwebp");
    }

    public static boolean hasJpeg2000() {
        return onPath("opj_compress") && onPath("opj_decompress");
    }

    /** WebP (lossy) at cwebp qualities 0, 5, …, 100. */
    public static List<Point> webpSweep(RgbImage img, Path tmp) throws IOException {
        Path png = tmp.resolve("in.png");
        ImageIo.writePng(img, png);
        List<Point> out = new ArrayList<>();
        for (int q = 0; q <= 100; q += 5) {
            Path coded = tmp.resolve("q" + q + ".webp");
            Path back = tmp.resolve("q" + q + ".png");
            run("cwebp", "-quiet", "-q", String.valueOf(q), png.toString(), "-o", coded.toString());
            run("dwebp", "-quiet", coded.toString(), "-o", back.toString());
            out.add(new Point("WebP (cwebp)", q, 8.0 * Files.size(coded) / ((double) img.width() * img.height()),
                    Psnr.psnr(img, ImageIo.read(back))));
        }
        return out;
    }

    /** JPEG 2000 at target rates {@code bpp} (opj_compress -r 24/bpp). */
    public static List<Point> jpeg2000(RgbImage img, Path tmp, double[] bpps) throws IOException {
        Path png = tmp.resolve("in.png");
        ImageIo.writePng(img, png);
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < bpps.length; i++) {
            Path coded = tmp.resolve("r" + i + ".j2k");
            Path back = tmp.resolve("r" + i + ".png");
            double ratio = 24.0 / bpps[i];
            run("opj_compress", "-i", png.toString(), "-o", coded.toString(), "-r", String.format(java.util.Locale.ROOT, "%.4f", ratio));
            run("opj_decompress", "-i", coded.toString(), "-o", back.toString());
            out.add(new Point("JPEG 2000 (OpenJPEG)", bpps[i], 8.0 * Files.size(coded) / ((double) img.width() * img.height()),
                    Psnr.psnr(img, ImageIo.read(back))));
        }
        return out;
    }

    /** The point of a sweep whose bpp is closest to {@code bpp}. */
    public static Point closest(List<Point> sweep, double bpp) {
        return sweep.stream().min(Comparator.comparingDouble(p -> Math.abs(p.bpp() - bpp))).orElseThrow();
    }

    /** Whether {@code tool} is an executable on the PATH. */
    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs an external tool, failing with its output when it exits non-zero or takes over 60 s. */
    public static void run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] log = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(cmd[0] + " failed: " + new String(log, java.nio.charset.StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(cmd[0] + " interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }
}
