package io.rec4j.bench.irec;

import io.rec4j.bench.combiner.ImageBaselines;
import io.rec4j.bench.report.LinePlot;
import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Table;
import io.rec4j.codec.irec.GreyImages;
import io.rec4j.codec.irec.IrecCodec;
import io.rec4j.codec.irec.LatentChannel;
import io.rec4j.codec.irec.VaeArchitecture;
import io.rec4j.codec.irec.VaeEvaluation;
import io.rec4j.codec.irec.VaeModel;
import io.rec4j.codec.irec.VaeNetwork;
import io.rec4j.core.rec.RecCostException;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code rec4j bench irec}: lossless and lossy iREC on 28×28 grey digits ({@code docs/irec.md}, "Benchmarks").
 * Lossless: bits per dimension of a packed file per latent coding method, beside the model's negative ELBO (the rate
 * of an ideal REC code plus an ideal entropy coder), per-file rates, PNG and WebP-lossless of the same digits, and
 * the papers' MNIST figures. Lossy: PSNR against bits per dimension for models trained with several β, beside JPEG
 * and WebP sweeps of the same digits.
 */
public final class IrecBenchmark {
    /** The papers' MNIST lossless figures, bits/dim: latents, method, −ELBO, rate (A* coding, ICML 2022; GRC, NeurIPS 2023). */
    static final Object[][] PAPERS = {
        {20, "A* coding (Flamich et al. 2022)", 1.43, 1.53},
        {50, "A* coding (Flamich et al. 2022)", 1.40, 1.66},
        {20, "GRC (Flamich et al. 2023)", 1.391, 1.472},
        {50, "GRC (Flamich et al. 2023)", 1.357, 1.511},
        {100, "GRC (Flamich et al. 2023)", 1.362, 1.523},
    };
    private static final double PIXELS = VaeArchitecture.PIXELS;

    private IrecBenchmark() {
    }

    /**
     * One lossless measurement.
     *
     * @param packedBpd   every byte of the packed file over all pixels
     * @param singleBpd   mean size of one-image files (over the first {@code singleCount} images)
     * @param latentBits  mean codeword length per image
     * @param klBits      mean KL of the posterior per image
     * @param pixelBits   mean −log₂ p(x|z) under the quantised models, per image
     * @param failures    images the method refused (their latent would need too many candidates)
     */
    public record Lossless(String model, int latents, String method, double packedBpd, double singleBpd,
                           double latentBits, double klBits, double pixelBits, double encodeMs, double decodeMs,
                           int images, int failures, boolean exact, double boundBits) {
    }

    /** One lossy point: a model (its β) and the mean PSNR of the decoded means. */
    public record Lossy(String name, double beta, double bpd, double psnr) {
    }

    /** Lossless results of {@code model} on {@code images} for each method. */
    public static List<Lossless> lossless(VaeModel model, int[][] images, List<String> methods, int singleCount,
                                          ProgressSink progress) {
        List<Lossless> out = new ArrayList<>();
        for (String method : methods) {
            LatentChannel ch = LatentChannel.parse(method, true, model);
            Runnable step = progress.phase("lossless " + model.name() + " " + method, images.length);
            // images the method refuses are left out of its pack (and counted)
            List<int[]> ok = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int failures = 0;
            double singleBytes = 0;
            int singles = 0;
            for (int i = 0; i < images.length; i++) {
                try {
                    byte[] f = IrecCodec.encode(model, List.of(images[i]), null, true, ch,
                            IrecCodec.Progress.NONE).file();
                    if (singles < singleCount) {
                        singleBytes += f.length;
                        singles++;
                    }
                    ok.add(images[i]);
                    // named by position in the pack, so that a refused image leaves no gap in the numbering (a gap
                    // would turn the names into a list and add its bytes to every image's rate)
                    names.add(String.format(Locale.ROOT, "d%05d.png", names.size()));
                } catch (RecCostException e) {
                    failures++;
                }
                step.run();
            }
            // in a pack an image draws other shared randomness than alone (its position seeds it), so an exact method
            // can refuse one that coded alone: it is then left out of the pack too and counted
            IrecCodec.Encoded e = null;
            long t0 = 0;
            long t1 = 0;
            while (e == null) {
                int[] done = {0};
                t0 = System.nanoTime();
                try {
                    e = IrecCodec.encode(model, ok, names, true, ch, (d, total) -> done[0] = d);
                    t1 = System.nanoTime();
                } catch (RecCostException refused) {
                    int at = ok.size() - 1 - done[0]; // lossless packs are coded last image first
                    ok.remove(at);
                    names.remove(names.size() - 1);
                    failures++;
                }
            }
            List<int[]> back = IrecCodec.decode(model, e.file(), IrecCodec.Progress.NONE);
            long t2 = System.nanoTime();
            for (int i = 0; i < ok.size(); i++) {
                if (!Arrays.equals(ok.get(i), back.get(i))) {
                    throw new IllegalStateException(method + ": image " + i + " did not decode exactly");
                }
            }
            IrecCodec.ImageStats mean = e.mean();
            int n = ok.size();
            double bound = 0;
            for (IrecCodec.ImageStats st : e.images()) {
                bound += ch.codewordBound(st.klBits());
            }
            out.add(new Lossless(model.name(), model.arch().latents(), ch.cliName(), 8.0 * e.file().length / (n * PIXELS),
                    8.0 * singleBytes / (singles * PIXELS), mean.latentBits(), mean.klBits(), mean.pixelBits(),
                    (t1 - t0) / 1e6 / n,
                    (t2 - t1) / 1e6 / n, n, failures, ch.isExact(), bound / n));
        }
        return out;
    }

    /** Mean negative ELBO of {@code images}, bits/dim, with {@code samples} posterior samples per image. */
    public static double negativeElbo(VaeModel model, int[][] images, int samples) {
        return VaeEvaluation.negativeElboBpd(new VaeNetwork(model), images, samples, 99);
    }

    /** PNG (javax.imageio, 8-bit grey) of each image: mean bits/dim. */
    public static double pngBpd(int[][] images) {
        long bytes = 0;
        for (int[] im : images) {
            bytes += GreyImages.png(im).length;
        }
        return 8.0 * bytes / (images.length * PIXELS);
    }

    /** WebP lossless ({@code cwebp -lossless -z 9}) of each image: mean bits/dim; NaN without cwebp. */
    public static double webpLosslessBpd(int[][] images, Path tmp) throws IOException {
        if (!ImageBaselines.hasWebp()) {
            return Double.NaN;
        }
        Files.createDirectories(tmp);
        long bytes = 0;
        Path png = tmp.resolve("in.png");
        Path webp = tmp.resolve("out.webp");
        for (int[] im : images) {
            Files.write(png, GreyImages.png(im));
            ImageBaselines.run("cwebp", "-quiet", "-lossless", "-z", "9", png.toString(), "-o", webp.toString());
            bytes += Files.size(webp);
        }
        return 8.0 * bytes / (images.length * PIXELS);
    }

    /** Lossy iREC with {@code model}: packed bits/dim and mean PSNR of the decoded means. */
    public static Lossy lossy(VaeModel model, int[][] images) {
        List<int[]> list = Arrays.asList(images);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            names.add(String.format(Locale.ROOT, "d%05d.png", i));
        }
        IrecCodec.Encoded e = IrecCodec.encode(model, list, names, false, LatentChannel.parse("irec", false, model),
                IrecCodec.Progress.NONE);
        List<int[]> back = IrecCodec.decode(model, e.file(), IrecCodec.Progress.NONE);
        double psnr = 0;
        for (int i = 0; i < images.length; i++) {
            psnr += psnr(images[i], back.get(i));
        }
        return new Lossy(model.name(), model.beta(), e.bitsPerPixel(), psnr / images.length);
    }

    /** PSNR of two 8-bit images, dB (capped at 100 for identical images). */
    static double psnr(int[] a, int[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            se += d * d;
        }
        return se == 0 ? 100 : 10 * Math.log10(255.0 * 255.0 / (se / a.length));
    }

    /** JPEG (javax.imageio, grey) at qualities 5..95: mean bits/dim and PSNR per quality. */
    public static List<Lossy> jpegSweep(int[][] images) throws IOException {
        List<Lossy> out = new ArrayList<>();
        for (int q = 5; q <= 95; q += 15) {
            long bytes = 0;
            double psnr = 0;
            for (int[] im : images) {
                byte[] jpg = jpeg(im, q / 100f);
                bytes += jpg.length;
                BufferedImage d = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpg));
                int[] back = new int[im.length];
                d.getRaster().getSamples(0, 0, 28, 28, 0, back);
                psnr += psnr(im, back);
            }
            out.add(new Lossy("JPEG q" + q, Double.NaN, 8.0 * bytes / (images.length * PIXELS), psnr / images.length));
        }
        return out;
    }

    private static byte[] jpeg(int[] levels, float quality) throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, 28, 28, 0, levels);
        javax.imageio.ImageWriter w = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream o = javax.imageio.ImageIO.createImageOutputStream(bo)) {
            w.setOutput(o);
            javax.imageio.ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            w.write(null, new javax.imageio.IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return bo.toByteArray();
    }

    /** WebP (lossy, cwebp) at qualities 0..100: mean bits/dim and PSNR; empty without cwebp. */
    public static List<Lossy> webpSweep(int[][] images, Path tmp) throws IOException {
        List<Lossy> out = new ArrayList<>();
        if (!ImageBaselines.hasWebp()) {
            return out;
        }
        Files.createDirectories(tmp);
        Path png = tmp.resolve("in.png");
        Path webp = tmp.resolve("out.webp");
        Path back = tmp.resolve("back.png");
        for (int q = 0; q <= 100; q += 20) {
            long bytes = 0;
            double psnr = 0;
            for (int[] im : images) {
                Files.write(png, GreyImages.png(im));
                ImageBaselines.run("cwebp", "-quiet", "-q", String.valueOf(q), png.toString(), "-o", webp.toString());
                ImageBaselines.run("dwebp", "-quiet", webp.toString(), "-o", back.toString());
                bytes += Files.size(webp);
                BufferedImage d = javax.imageio.ImageIO.read(back.toFile());
                int[] rgb = d.getRGB(0, 0, 28, 28, null, 0, 28);
                int[] g = new int[rgb.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (((rgb[i] >>> 16) & 0xFF) + ((rgb[i] >>> 8) & 0xFF) + (rgb[i] & 0xFF) + 1) / 3;
                }
                psnr += psnr(im, g);
            }
            out.add(new Lossy("WebP q" + q, Double.NaN, 8.0 * bytes / (images.length * PIXELS), psnr / images.length));
        }
        return out;
    }

    /** Writes {@code irec.md}, the CSV files and the rate–distortion plot. */
    public static void write(String title, List<Lossless> lossless, List<Object[]> references, List<Lossy> lossy,
                             List<Lossy> jpeg, List<Lossy> webp, Path dir) throws IOException {
        Files.createDirectories(dir);
        Table t = new Table("model", "latents", "method", "exact", "bits/dim (packed)", "vs -ELBO", "bits/dim (one file each)",
                "latent bits", "KL bits", "latent - KL", "bound - KL", "pixel bits", "encode ms/image", "decode ms/image", "images",
                "refused");
        for (Lossless r : lossless) {
            double elbo = Double.NaN;
            for (Object[] ref : references) {
                if (ref[0].equals(r.model()) && ref[1].equals("-ELBO")) {
                    elbo = (Double) ref[2];
                }
            }
            t.row(r.model(), r.latents(), r.method(), r.exact() ? "yes" : "no", f4(r.packedBpd()),
                    String.format(Locale.ROOT, "%+.1f %%", 100 * (r.packedBpd() / elbo - 1)), f4(r.singleBpd()),
                    f1(r.latentBits()), f1(r.klBits()), f1(r.latentBits() - r.klBits()),
                    Double.isNaN(r.boundBits()) ? "-" : f1(r.boundBits() - r.klBits()), f1(r.pixelBits()),
                    f1(r.encodeMs()), f1(r.decodeMs()), r.images(), r.failures());
        }
        Table refs = new Table("model / source", "what", "bits/dim");
        for (Object[] ref : references) {
            refs.row(ref[0], ref[1], f4((Double) ref[2]));
        }
        for (Object[] p : PAPERS) {
            refs.row(p[1] + ", " + p[0] + " latents", "-ELBO / rate", p[2] + " / " + p[3]);
        }
        Table rd = new Table("codec", "beta", "bits/dim", "PSNR dB");
        List<Lossy> all = new ArrayList<>(lossy);
        all.addAll(jpeg);
        all.addAll(webp);
        for (Lossy l : all) {
            rd.row(l.name(), Double.isNaN(l.beta()) ? "" : l.beta(), f4(l.bpd()), String.format(Locale.ROOT, "%.2f", l.psnr()));
        }
        t.writeCsv(dir, "irec-lossless");
        rd.writeCsv(dir, "irec-lossy");
        StringBuilder md = new StringBuilder("# iREC: " + title + "\n\n## Lossless\n\n").append(t.toMarkdown())
                .append("\n\n## Baselines and papers\n\n").append(refs.toMarkdown());
        if (!all.isEmpty()) {
            md.append("\n\n## Lossy (decoder mean of the coded latent)\n\n").append(rd.toMarkdown());
            LinePlot plot = new LinePlot("Lossy iREC (beta sweep) vs JPEG and WebP, " + lossy.size() + " models",
                    "bits per dimension", "PSNR (dB)");
            addCurve(plot, "iREC (beta sweep)", lossy);
            addCurve(plot, "JPEG", jpeg);
            addCurve(plot, "WebP", webp);
            plot.write(dir.resolve("irec-lossy.png"));
        }
        Files.writeString(dir.resolve("irec.md"), md.append('\n').toString());
    }

    private static void addCurve(LinePlot plot, String name, List<Lossy> pts) {
        if (pts.isEmpty()) {
            return;
        }
        List<Lossy> s = new ArrayList<>(pts);
        s.sort((a, b) -> Double.compare(a.bpd(), b.bpd()));
        double[] x = new double[s.size()];
        double[] y = new double[s.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = s.get(i).bpd();
            y[i] = s.get(i).psnr();
        }
        plot.add(name, x, y);
    }

    private static String f4(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
