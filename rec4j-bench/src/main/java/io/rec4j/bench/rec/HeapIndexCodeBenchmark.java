package io.rec4j.bench.rec;

import io.rec4j.bench.report.ProgressSink;
import io.rec4j.bench.report.Table;
import io.rec4j.core.coding.bits.EliasDelta;
import io.rec4j.core.coding.bits.ZipfCode;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.AStarCoding;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.Encoding;
import io.rec4j.core.rec.GreedyPoissonRejectionSampling;
import io.rec4j.core.rec.RecMethod;
import io.rec4j.core.rec.RoundTrip;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Codelength of the heap indices of exact A* coding (AS*; Flamich, Markou, Hernández-Lobato, ICML 2022, arXiv
 * 2201.12857) and split-on-sample GPRS (Flamich, NeurIPS 2023, arXiv 2305.15313, Alg. 5) under several index codes
 * ({@code docs/algorithms.md}, "Index codes"): the heap path code ({@code HeapPathCode}, the default, measured through
 * the real bitstream), the Zipf code on h with λ = per-dimension KL + 1 (the previous default), Elias δ on h (which
 * is Elias γ on the depth + 1 followed by the raw path bits), and a Zipf code of parameter ln(λ + 1) on the depth + 1
 * followed by the raw path bits; against PFR's Zipf-coded index (per dimension) and the design
 * target KL + log2(KL + 1) + 4 per dimension. The other codes are evaluated on the same heap indices (the search does
 * not depend on the code). Fixtures: targets on P's mode, off it, and the Gaussian channel of the GPRS paper's
 * Figure 2 (Q = N(x, s²), x ~ N(0, 1 − s²), s = 2^{−I}: the average over x is the channel-simulation cost of I bits).
 * Times: encode, and write + read + decode, per encoding, for the heap path code and the Zipf code on h, interleaved
 * in the same run (the path code replays the path to compute its length, and its reader replays it again).
 */
final class HeapIndexCodeBenchmark {
    private static final double LN2 = Math.log(2);

    private HeapIndexCodeBenchmark() {
    }

    /** One fixture: a per-dimension target against N(0, 1), or a channel draw of the target per trial. */
    private record Fixture(String name, double mu, double s, int dim, double channelBits) {
        boolean channel() {
            return channelBits > 0;
        }

        RecProblem problem(SplittableRandom rnd) {
            double m = mu;
            double sd = s;
            if (channel()) {
                sd = Math.pow(2, -channelBits);
                m = Math.sqrt(1 - sd * sd) * rnd.nextGaussian();
            }
            return new RecProblem(ProductDistribution.iid(new Normal(m, sd), dim), ProductDistribution.standardNormal(dim));
        }
    }

    /** Adds the section to {@code md} and writes {@code rec-heap-index-codes.csv} into {@code out}. */
    static void section(StringBuilder md, Path out, boolean quick, long seed, ProgressSink progress)
            throws IOException {
        int trials = quick ? 200 : 1000;
        Fixture[] fixtures = {
            new Fixture("N(0, 0.001²)", 0, 0.001, 1, 0), new Fixture("N(0, 0.1²)", 0, 0.1, 1, 0),
            new Fixture("N(2, 0.3²)", 2, 0.3, 1, 0), new Fixture("N(0.5, 0.05²)", 0.5, 0.05, 1, 0),
            new Fixture("N(0, 0.001²)", 0, 0.001, 5, 0), new Fixture("N(0, 0.1²)", 0, 0.1, 5, 0),
            new Fixture("N(2, 0.3²)", 2, 0.3, 5, 0), new Fixture("N(0.5, 0.05²)", 0.5, 0.05, 5, 0),
            new Fixture("channel I = 2.65", 0, 0, 1, 2.65), new Fixture("channel I = 9.45", 0, 0, 1, 9.45)};
        Table table = new Table("fixture", "D", "KL_bits", "method", "mean_depth", "path_code_bits", "path_code_se",
                "zipf_on_h_bits", "delta_on_h_bits", "zipf_depth_raw_path_bits", "pfr_bits", "bound_bits",
                "encode_us_path", "encode_us_zipf", "write_read_decode_us_path", "write_read_decode_us_zipf");
        Runnable step = progress.phase("heap index codes", 2L * fixtures.length);
        measure(fixtures[0], true, 100, seed - 1); // warm-up of both codes, discarded
        measure(fixtures[0], false, 100, seed - 2);
        for (int f = 0; f < fixtures.length; f++) {
            Fixture fx = fixtures[f];
            for (int method = 0; method < 2; method++) {
                double[] r = measure(fx, method == 0, trials, seed + 1000L * f + method);
                table.row(fx.name(), fx.dim(), fmt(r[0]), method == 0 ? "AS*" : "GPRS split", fmt(r[1]), fmt(r[2]),
                        fmt(r[3]), fmt(r[4]), fmt(r[5]), fmt(r[6]), fmt(r[7]), fmt(r[8]), fmt(r[9]), fmt(r[10]),
                        fmt(r[11]), fmt(r[12]));
                step.run();
            }
        }
        table.writeCsv(out, "rec-heap-index-codes");
        md.append("\n## Heap index codes of AS* and split-on-sample GPRS\n\n")
                .append("Mean bits per encoding (D dimensions together) of the selected heap indices, ").append(trials)
                .append(" encodings per row, P = N(0, 1) per dimension. `path_code` is the heap path code (the default; ")
                .append("real bitstream, `path_code_se` its standard error); `zipf_on_h` the previous default (Zipf, ")
                .append("λ = KL/D + 1); `delta_on_h` Elias δ on h, which is Elias γ on depth + 1 followed by the path ")
                .append("in raw bits; `zipf_depth_raw_path` depth + 1 in a Zipf code of parameter ln(λ + 1) (the ")
                .append("parameter that minimises a Zipf code's length near depth λ), then the raw path; `pfr` PFR's ")
                .append("Zipf-coded index, one PFR per dimension; `bound` the ")
                .append("design target Σ_d KL_d + log2(KL_d + 1) + 4. Channel rows: Q = N(x, s²) with x ~ N(0, 1 − s²), ")
                .append("s = 2^-I, a new x per encoding (mean KL = I). Times: microseconds per encoding (all D ")
                .append("dimensions) to encode, and to write, read and decode, with the heap path code and with the ")
                .append("Zipf code on h, interleaved in the same run (noisy on a shared machine; compare within a row).\n\n")
                .append(table.toMarkdown());
    }

    /**
     * {KL, mean depth, path-code bits, its SE, Zipf on h, δ on h, Zipf on depth + 1 + raw path, PFR, bound, and the
     * microseconds per encoding: encode (path code, Zipf on h), write + read + decode (path code, Zipf on h)}.
     */
    private static double[] measure(Fixture fx, boolean astar, int trials, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        SharedRandomness master = SharedRandomness.fromSeed(seed);
        RecMethod.Settings exact = new RecMethod.Settings(null, null, 0, null, null, null, null, null, null, null,
                null);
        double kl = 0;
        double depth = 0;
        double bits = 0;
        double bits2 = 0;
        double zipf = 0;
        double delta = 0;
        double zipfDepth = 0;
        double pfr = 0;
        double bound = 0;
        long encodeNew = 0;
        long encodeOld = 0;
        long readNew = 0;
        long readOld = 0;
        for (int t = 0; t < trials; t++) {
            RecProblem problem = fx.problem(rnd);
            double lambda = problem.klBits() / fx.dim() + 1;
            ChannelSimulator sim = astar ? RecMethod.ASTAR_DL.create(problem, exact)
                    : RecMethod.GPRS.create(problem, RecMethod.Settings.defaults());
            ZipfCode zipfCode = new ZipfCode(lambda);
            ZipfCode depthCode = new ZipfCode(Math.log(lambda + 1));
            ChannelSimulator old = astar ? new AStarCoding(fx.dim(), zipfCode, 0, AStarCoding.Split.SAMPLE)
                    : new GreedyPoissonRejectionSampling(GreedyPoissonRejectionSampling.Variant.SPLIT_ON_SAMPLE,
                    zipfCode, fx.dim(), GreedyPoissonRejectionSampling.DEFAULT_MAX_CANDIDATES);
            SharedRandomness shared = master.derive(t);
            long t0 = System.nanoTime();
            Encoding e = sim.encode(problem, shared);
            long t1 = System.nanoTime();
            RoundTrip rt = RoundTrip.of(sim, problem.coding(), shared, e);
            long t2 = System.nanoTime();
            Encoding eOld = old.encode(problem, shared);
            long t3 = System.nanoTime();
            RoundTrip.of(old, problem.coding(), shared, eOld);
            long t4 = System.nanoTime();
            encodeNew += t1 - t0;
            readNew += t2 - t1;
            encodeOld += t3 - t2;
            readOld += t4 - t3;
            kl += problem.klBits();
            bits += rt.bits();
            bits2 += (double) rt.bits() * rt.bits();
            for (int d = 0; d < fx.dim(); d++) {
                long h = e.codeword().value(d);
                int k = 63 - Long.numberOfLeadingZeros(h);
                depth += k;
                zipf += zipfCode.length(h);
                delta += EliasDelta.INSTANCE.length(h);
                zipfDepth += depthCode.length(k + 1L) + k;
                RecProblem marginal = new RecProblem(ProductDistribution.of(problem.target().marginal(d)),
                        ProductDistribution.of(problem.coding().marginal(d)));
                ChannelSimulator p = RecMethod.PFR.create(marginal, RecMethod.Settings.defaults());
                SharedRandomness key = shared.derive(d);
                pfr += RoundTrip.of(p, marginal.coding(), key, p.encode(marginal, key)).bits();
                double kld = problem.ratio(d).klNats() / LN2;
                bound += kld + Math.log(kld + 1) / LN2 + 4;
            }
            if (!java.util.Arrays.equals(eOld.codeword().values(), e.codeword().values())) {
                throw new IllegalStateException("the search must select the same heap indices whatever the code");
            }
        }
        double n = trials;
        double mean = bits / n;
        double se = Math.sqrt(Math.max(0, (bits2 - n * mean * mean) / (n - 1)) / n);
        return new double[] {kl / n, depth / (n * fx.dim()), mean, se, zipf / n, delta / n, zipfDepth / n, pfr / n,
            bound / n, encodeNew / n / 1e3, encodeOld / n / 1e3, readNew / n / 1e3, readOld / n / 1e3};
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Runs the section alone: {@code [out dir] [--quick]}. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "bench-results");
        boolean quick = args.length > 1 && args[1].equals("--quick");
        java.nio.file.Files.createDirectories(out);
        StringBuilder md = new StringBuilder();
        section(md, out, quick, 20_240_601L, ProgressSink.NONE);
        java.nio.file.Files.writeString(out.resolve("rec-heap-index-codes.md"), md.toString());
        System.out.println(md);
    }
}
