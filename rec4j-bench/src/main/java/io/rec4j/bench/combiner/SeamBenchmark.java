package io.rec4j.bench.combiner;

import io.rec4j.bench.report.Table;
import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerEncoder;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.FitSettings;
import io.rec4j.codec.combiner.ProgressiveRefinement;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.Psnr;
import io.rec4j.codec.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Seams of tiled COMBINER, before and after overlapping tiles ({@code docs/combiner.md}, "Overlapping tiles"): each
 * image crop is coded with independent tiles (bitstream revision 3) and with tiles overlapping by a margin (revision
 * 4), with the same model and the same fit schedule, and for each the rate, the PSNR of the whole image, the PSNR of
 * the 4-pixel bands along the inner tile borders (2 pixels on each side of every border between tiles) and of the
 * rest (the tile interiors), and the mean absolute step between neighbouring pixels across a border and inside tiles.
 *
 * <p>Usage: {@code SeamBenchmark [DATA_DIR [QUALITY [STEPS [MARGIN [CROP [OUT_DIR [IMAGE...]]]]]]]}; defaults
 * {@code /work/shared/data/kodak 1 300 4 256 target/seams kodim23.png kodim05.png kodim15.png}. Writes
 * {@code seams.csv} and {@code seams.md} and the decoded PNGs to {@code OUT_DIR}.
 */
public final class SeamBenchmark {
    private SeamBenchmark() {
    }

    /** Squared errors and pixel steps, split into border bands and tile interiors. */
    record Seams(double bandPsnr, double interiorPsnr, double borderStep, double interiorStep) {
        static Seams of(RgbImage ref, RgbImage img, int tile) {
            double[] se = new double[2];
            long[] n = new long[2];
            double[] step = new double[2];
            long[] sn = new long[2];
            for (int y = 0; y < ref.height(); y++) {
                for (int x = 0; x < ref.width(); x++) {
                    boolean band = inBand(x, ref.width(), tile) || inBand(y, ref.height(), tile);
                    for (int c = 0; c < 3; c++) {
                        double d = ref.get(x, y, c) - img.get(x, y, c);
                        se[band ? 0 : 1] += d * d;
                        n[band ? 0 : 1]++;
                        if (x + 1 < ref.width()) { // horizontal step: across a border when x+1 starts a tile
                            int k = (x + 1) % tile == 0 ? 0 : 1;
                            step[k] += Math.abs(img.get(x + 1, y, c) - img.get(x, y, c));
                            sn[k]++;
                        }
                        if (y + 1 < ref.height()) {
                            int k = (y + 1) % tile == 0 ? 0 : 1;
                            step[k] += Math.abs(img.get(x, y + 1, c) - img.get(x, y, c));
                            sn[k]++;
                        }
                    }
                }
            }
            return new Seams(psnr(se[0], n[0]), psnr(se[1], n[1]), step[0] / Math.max(1, sn[0]),
                    step[1] / Math.max(1, sn[1]));
        }

        /** Within 2 pixels of an inner tile border (the 4-pixel band across it). */
        private static boolean inBand(int x, int size, int tile) {
            int r = x % tile;
            int border = r < 2 ? x - r : r >= tile - 2 ? x - r + tile : -1;
            return border > 0 && border < size;
        }

        private static double psnr(double se, long n) {
            return n == 0 ? Double.NaN : 10 * Math.log10(255.0 * 255.0 / (se / n));
        }
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "/work/shared/data/kodak");
        int quality = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int margin = args.length > 3 ? Integer.parseInt(args[3]) : CombinerCodec.DEFAULT_MARGIN;
        int crop = args.length > 4 ? Integer.parseInt(args[4]) : 256;
        Path out = Path.of(args.length > 5 ? args[5] : "target/seams");
        String[] names = args.length > 6 ? java.util.Arrays.copyOfRange(args, 6, args.length)
                : new String[] {"kodim23.png", "kodim05.png", "kodim15.png"};
        Files.createDirectories(out);
        CombinerModel model = ShippedModels.forQuality(quality);
        FitSettings fit = FitSettings.defaults().withSteps(steps);
        System.out.printf(Locale.ROOT, "seams: %s, %d fit steps per tile, margin %d, %dx%d centre crops%n",
                ShippedModels.describe(model), steps, margin, crop, crop);
        Table t = new Table("image", "revision", "margin", "bpp", "psnr_db", "band_psnr_db", "interior_psnr_db",
                "band_minus_interior_db", "border_step", "interior_step", "encode_s");
        double[][] sums = new double[2][6];
        for (String name : names) {
            RgbImage full = ImageIo.read(data.resolve(name));
            int c = Math.min(crop, Math.min(full.width(), full.height()));
            RgbImage img = full.crop((full.width() - c) / 2, (full.height() - c) / 2, c, c);
            ImageIo.writePng(img, out.resolve(name.replace(".png", "-crop.png")));
            for (int v = 0; v < 2; v++) {
                int m = v == 0 ? 0 : margin;
                long t0 = System.nanoTime();
                CombinerEncoder.Encoded e = new CombinerEncoder(model, fit, ProgressiveRefinement.Schedule.defaults())
                        .withMargin(m).encode(img);
                double secs = (System.nanoTime() - t0) / 1e9;
                RgbImage dec = CombinerCodec.decode(model, e.file());
                if (!dec.equals(e.reconstruction())) {
                    throw new IllegalStateException(name + ": the decoder's image differs from the encoder's");
                }
                int rev = CombinerCodec.info(e.file()).revision();
                Seams s = Seams.of(img, dec, model.tile());
                double psnr = Psnr.psnr(img, dec);
                ImageIo.writePng(dec, out.resolve(name.replace(".png", "-r" + rev + ".png")));
                t.row(name, rev, m, f(e.bpp()), f(psnr), f(s.bandPsnr()), f(s.interiorPsnr()),
                        f(s.bandPsnr() - s.interiorPsnr()), f(s.borderStep()), f(s.interiorStep()), f(secs));
                double[] a = sums[v];
                a[0] += e.bpp();
                a[1] += psnr;
                a[2] += s.bandPsnr() - s.interiorPsnr();
                a[3] += s.borderStep();
                a[4] += s.interiorStep();
                a[5] += secs;
                System.out.printf(Locale.ROOT, "  %s r%d: %.4f bpp, %.2f dB (band %.2f, interior %.2f), "
                                + "|step| border %.2f interior %.2f, %.1f s%n", name, rev, e.bpp(), psnr,
                        s.bandPsnr(), s.interiorPsnr(), s.borderStep(), s.interiorStep(), secs);
            }
        }
        int k = names.length;
        for (int v = 0; v < 2; v++) {
            double[] a = sums[v];
            t.row("mean", v == 0 ? 3 : 4, v == 0 ? 0 : margin, f(a[0] / k), f(a[1] / k), "", "", f(a[2] / k),
                    f(a[3] / k), f(a[4] / k), f(a[5] / k));
        }
        Files.writeString(out.resolve("seams.csv"), t.toCsv());
        Files.writeString(out.resolve("seams.md"), t.toMarkdown());
        System.out.println(t.toMarkdown());
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
