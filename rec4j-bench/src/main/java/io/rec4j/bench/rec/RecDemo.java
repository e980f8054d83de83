package io.rec4j.bench.rec;

import io.rec4j.core.rec.GaussianRecCodec;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import io.rec4j.testkit.KolmogorovSmirnov;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The REC demo behind {@code rec4j rec demo}: relative entropy coding of an embedded 4-D Gaussian target with the
 * Poisson functional representation through a real container, decoded from the bytes alone, then the rate and the
 * exactness (Kolmogorov–Smirnov per dimension) over many seeds.
 */
public final class RecDemo {
    /** The embedded default target. */
    static final double[] TARGET_MEAN = {0.9, -0.6, 0.4, 1.2};
    static final double[] TARGET_STD = {0.45, 0.5, 0.6, 0.4};

    private RecDemo() {
    }

    /** The embedded problem: Q = N(TARGET_MEAN, diag(TARGET_STD²)) against P = N(0, I), for cost checks. */
    public static RecProblem problem() {
        ProductDistribution q = ProductDistribution.gaussian(TARGET_MEAN, TARGET_STD);
        return new RecProblem(q, ProductDistribution.standardNormal(q.dimension()));
    }

    /**
     * Runs the demo, printing to {@code w}.
     *
     * @param seed   shared seed of the first encoding; the summary uses seed, seed + 1, ...
     * @param trials encodings in the rate and exactness summary (at least 1)
     * @param out    where to write the first encoded file, or null
     * @throws IllegalStateException if a decoded sample differs from the encoder's
     */
    public static void run(PrintWriter w, long seed, int trials, Path out) throws IOException {
        if (trials < 1) {
            throw new IllegalArgumentException("the number of trials must be at least 1, was " + trials);
        }
        ProductDistribution q = ProductDistribution.gaussian(TARGET_MEAN, TARGET_STD);
        ProductDistribution p = ProductDistribution.standardNormal(q.dimension());
        RecProblem problem = new RecProblem(q, p);
        double kl = problem.klBits();
        double dinf = problem.maxLogRatioBits();
        w.println("rec4j demo: relative entropy coding of a Gaussian target through a real bitstream");
        w.printf(Locale.ROOT, "  coding distribution P = N(0, I_%d), shared by encoder and decoder%n", p.dimension());
        w.printf(Locale.ROOT, "  target Q = N(mu, diag(sigma^2)), mu = %s, sigma = %s%n", fmt(TARGET_MEAN), fmt(TARGET_STD));
        w.printf(Locale.ROOT, "  KL[Q||P] = %.3f bits, D_inf[Q||P] = %.3f bits%n", kl, dinf);

        long t0 = System.nanoTime();
        GaussianRecCodec.Encoded enc = GaussianRecCodec.encode(q, p, seed, GaussianRecCodec.DEFAULT_MAX_CANDIDATES);
        long t1 = System.nanoTime();
        GaussianRecCodec.Decoded dec = GaussianRecCodec.decode(enc.file());
        long t2 = System.nanoTime();
        boolean exact = Arrays.equals(enc.sample(), dec.sample());
        w.println();
        w.printf(Locale.ROOT, "  encode (seed %d): PFR examined %d candidates, selected index %d%n", seed,
                enc.candidatesExamined(), enc.index());
        w.printf(Locale.ROOT, "    index code (Zipf, lambda = KL + 1): %d bits; whole file: %d bytes (header carries P and the seed)%n",
                enc.indexBits(), enc.file().length);
        w.printf(Locale.ROOT, "  decode from the bytes alone: x = %s%n", fmt(dec.sample()));
        w.printf(Locale.ROOT, "    bit-identical to the encoder's sample: %s   (encode %.2f ms, decode %.2f ms)%n",
                exact ? "yes" : "NO", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        if (out != null) {
            Files.write(out, enc.file());
            w.printf(Locale.ROOT, "    wrote %s%n", out);
        }
        if (!exact) {
            throw new IllegalStateException("decoded sample differs from the encoded one");
        }

        // rate and exactness over many seeds
        double[][] samples = new double[q.dimension()][trials];
        double bits = 0;
        double candidates = 0;
        for (int t = 0; t < trials; t++) {
            GaussianRecCodec.Encoded e = GaussianRecCodec.encode(q, p, seed + t, GaussianRecCodec.DEFAULT_MAX_CANDIDATES);
            double[] x = GaussianRecCodec.decode(e.file()).sample();
            for (int d = 0; d < x.length; d++) {
                samples[d][t] = x[d];
            }
            bits += e.indexBits();
            candidates += e.candidatesExamined();
        }
        w.println();
        w.printf(Locale.ROOT, "  over %d seeds: mean index bits %.2f vs KL %.2f (Li-El Gamal bound KL + log2(KL+1) + 4 = %.2f)%n",
                trials, bits / trials, kl, kl + StrictMath.log(kl + 1) / StrictMath.log(2) + 4);
        w.printf(Locale.ROOT, "    mean candidates examined %.1f (2^D_inf = %.1f)%n", candidates / trials, StrictMath.pow(2, dinf));
        double critical = KolmogorovSmirnov.criticalValue(trials, 0.001);
        for (int d = 0; d < q.dimension(); d++) {
            double ks = KolmogorovSmirnov.statistic(samples[d], q.marginal(d)::cdf);
            w.printf(Locale.ROOT, "    dim %d: decoded mean %+.3f (target %+.3f), KS statistic %.4f vs critical %.4f at alpha 0.001: %s%n",
                    d, Arrays.stream(samples[d]).average().orElse(Double.NaN), TARGET_MEAN[d], ks, critical,
                    ks < critical ? "consistent with Q" : "REJECTED");
        }
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v[i]));
        }
        return b.append(')').toString();
    }
}
