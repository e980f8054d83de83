package io.rec4j.bench.bitsback;

import io.rec4j.bench.report.Table;
import io.rec4j.codec.bitsback.BitsBackDemo;
import io.rec4j.codec.bitsback.BitsBackEncoder;
import io.rec4j.codec.bitsback.RotationCoder;
import io.rec4j.core.coding.AnsStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code rec4j bench bitsback}: the bits-back rotation codec measured (docs/bitsback.md) — per-site savings and time
 * against the site width on random reference blocks, the demo models end to end (sizes against the plain coder,
 * perplexity and logit change), and an extrapolation of the time to the OPT sizes of the paper (He, Flamich &amp;
 * Hernández-Lobato, arXiv 2410.01309: 3–5 % of the model, about 15 bits per degree of freedom, 3.5–84 min to encode on
 * CPU).
 */
public final class BitsBackBenchmark {
    private BitsBackBenchmark() {
    }

    /**
     * One site of width {@code d}: bits per degree of freedom, corrections and times.
     *
     * @param yardstick the log-volume of O(d) at float16 resolution of Q's entries, per degree of freedom
     */
    public record Scaling(int d, int n, int gridBits, double bitsPerDof, double correctedShare,
            double correctionShare, double encodeSeconds, double decodeSeconds, double yardstick) {
    }

    /**
     * A random reference block of width {@code d} and {@code n = columns·d} columns, coded at grid bits {@code b}, or
     * with {@code b = 0} as the encoder codes a site by default (two trials, {@link BitsBackEncoder#bitsBackSite}):
     * the encode time is the whole site's, canonical form included.
     */
    public static Scaling site(int d, int columns, int b, long seed) {
        int n = columns * d;
        SplittableRandom r = new SplittableRandom(seed);
        double[] m = new double[d * n];
        for (int i = 0; i < d; i++) {
            double scale = 0.02 + 0.98 * i / (d - 1.0); // a spread spectrum, as trained weights have
            for (int c = 0; c < n; c++) {
                m[i * n + c] = scale * r.nextGaussian() / Math.sqrt(n);
            }
        }
        AnsStack stack = new AnsStack(1 << 16);
        long need = (long) (Math.max(b, BitsBackEncoder.SEARCH_MAX) + 1) * d * (d + 1) / 2 / 32 + 64;
        for (long i = 0; i < need; i++) {
            stack.pushRaw(r.nextInt(), 32);
        }
        long t0 = System.nanoTime();
        BitsBackEncoder.Chosen chosen = BitsBackEncoder.bitsBackSite(stack, m, d, n, b, seed);
        double enc = (System.nanoTime() - t0) / 1e9;
        if (chosen == null) {
            return new Scaling(d, n, b, 0, 0, 0, enc, 0, yardstick(d));
        }
        RotationCoder.Result res = chosen.result();
        long t1 = System.nanoTime();
        RotationCoder.decode(stack, res.stored(), d, n, res.code(), seed);
        double dec = (System.nanoTime() - t1) / 1e9;
        double dof = d * (d - 1) / 2.0;
        double corrections = res.pushedBits() - 32.0 * d;
        return new Scaling(d, n, chosen.gridBits(), res.netBits() / dof, res.corrected() / (d * (d + 1) / 2.0),
                corrections / res.netBits(), enc, dec, yardstick(d));
    }

    /**
     * {@code (log₂ Vol O(d) + k·log₂(1/ε)) / k} with {@code k = d(d−1)/2} and {@code ε = 2⁻¹¹/√d}: the bits a rotation
     * carries when recovered to float16 resolution of its entries ({@code Vol O(d) = ∏_{k=1..d} 2π^{k/2}/Γ(k/2)}).
     */
    public static double yardstick(int d) {
        double logVol = 0; // natural log
        for (int k = 1; k <= d; k++) {
            logVol += Math.log(2) + k / 2.0 * Math.log(Math.PI) - logGammaHalf(k);
        }
        double dof = d * (d - 1) / 2.0;
        double eps = Math.pow(2, -11) / Math.sqrt(d);
        return (logVol / Math.log(2) + dof * -Math.log(eps) / Math.log(2)) / dof;
    }

    /** ln Γ(k/2) for integer k ≥ 1, exactly by the recurrence from Γ(½) = √π and Γ(1) = 1. */
    static double logGammaHalf(int k) {
        double s = k % 2 == 1 ? 0.5 * Math.log(Math.PI) : 0;
        for (int j = k % 2 == 1 ? 1 : 2; j < k; j += 2) {
            s += Math.log(j / 2.0);
        }
        return s;
    }

    /** OPT sizes of the paper's table: name, sliced width at 20 %, sites (2L+1), the paper's CPU encode / decode minutes. */
    static final Object[][] OPT = {
        {"OPT-1.3B", 1632, 49, 3.9, 1.5}, {"OPT-2.7B", 2048, 65, 8.0, 3.5}, {"OPT-6.7B", 3272, 65, 30.0, 12.0},
        {"OPT-13B", 4096, 81, 84.0, 30.0}};

    /** Writes bitsback.md and CSVs. */
    public static void write(List<Scaling> scaling, List<BitsBackDemo.Report> demos, String text, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Table s = new Table("d", "n", "b", "net bits / degree of freedom", "float16 log-volume yardstick",
                "entries corrected", "corrections / net", "encode s", "decode s");
        for (Scaling x : scaling) {
            s.row(x.d(), x.n(), x.gridBits(), f2(x.bitsPerDof()), f2(x.yardstick()), pct(x.correctedShare()),
                    pct(x.correctionShare()), f3(x.encodeSeconds()), f3(x.decodeSeconds()));
        }
        s.writeCsv(dir, "bitsback-scaling");
        StringBuilder md = new StringBuilder("# Bits-back rotations\n\n## One site against its width (random blocks)\n\n")
                .append(s.toMarkdown()).append("\n\nThe paper's figure: about 15 bits per degree of freedom at LLM widths"
                        + " (derived from its table; docs/bitsback.md).\n");
        if (!scaling.isEmpty()) {
            Scaling big = scaling.get(scaling.size() - 1);
            Table e = new Table("model", "d′", "sites", "ours: encode min (extrapolated, d³)", "ours: decode min",
                    "paper CPU encode min", "paper CPU decode min");
            for (Object[] o : OPT) {
                double f = Math.pow((int) o[1] / (double) big.d(), 3) * (int) o[2] / 60.0;
                e.row(o[0], o[1], o[2], f1(big.encodeSeconds() * f), f1(big.decodeSeconds() * f), o[3], o[4]);
            }
            e.writeCsv(dir, "bitsback-extrapolation");
            md.append("\n## Time extrapolated to the paper's models\n\nFrom the largest width measured (d = ")
                    .append(big.d()).append("), scaled by d³ and the number of sites; rotation coding only (not the"
                            + " float16 weights themselves), each site as the encoder codes it by the settings of the"
                            + " rows above.\n\n").append(e.toMarkdown()).append('\n');
        }
        if (!demos.isEmpty()) {
            Table d = new Table("model", "weights", "float16 bytes", "plain file", "bits-back file", "saving vs plain",
                    "saving vs float16 array", "ppl original", "ppl sliced", "ppl float16", "ppl bits-back",
                    "largest logit change", "argmax agreement", "train s", "encode s", "decode s");
            Table sites = new Table("model", "site", "d", "n", "b", "popped", "pushed", "corrected", "net bits/dof",
                    "s");
            for (BitsBackDemo.Report r : demos) {
                String name = "d=" + r.settings().hidden() + ", L=" + r.settings().layers() + ", keep "
                        + r.keep();
                double[] n = r.nll();
                d.row(name, r.weights(), r.rawBytes(), r.plainBytes(), r.bitsBackBytes(), pct(r.savingOfPlain()),
                        pct(1 - (double) r.bitsBackBytes() / r.rawBytes()), f4(Math.exp(n[0])), f4(Math.exp(n[1])),
                        f4(Math.exp(n[2])), f4(Math.exp(n[3])), String.format(Locale.ROOT, "%.3g", r.maxLogitChange()),
                        pct(r.argmaxAgreement()), f1(r.trainSeconds()), f2(r.encodeSeconds()), f2(r.decodeSeconds()));
                for (BitsBackEncoder.SiteReport x : r.sites()) {
                    sites.row(name, x.name(), x.width(), x.columns(), x.gridBits(), x.poppedBits(),
                            String.format(Locale.ROOT, "%.0f", x.pushedBits()), x.corrected(),
                            x.bitsBack() ? f2(x.bitsPerDegreeOfFreedom()) : "plain", f3(x.seconds()));
                }
            }
            d.writeCsv(dir, "bitsback-models");
            sites.writeCsv(dir, "bitsback-sites");
            md.append("\n## Demo models (trained on ").append(text).append(", sliced, coded, decoded)\n\n")
                    .append(d.toMarkdown()).append("\n\nPer site:\n\n").append(sites.toMarkdown()).append('\n');
        }
        Files.writeString(dir.resolve("bitsback.md"), md.toString());
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }
}
