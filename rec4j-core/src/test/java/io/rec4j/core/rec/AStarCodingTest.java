package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.coding.bits.EliasDelta;
import io.rec4j.core.coding.bits.ZipfCode;
import io.rec4j.core.math.SpecialFunctions;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.Laplace;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import io.rec4j.core.rec.dist.Triangular;
import io.rec4j.core.rec.dist.Uniform;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A* coding (Flamich, Markou, Hernández-Lobato, ICML 2022, arXiv 2201.12857; {@code docs/algorithms.md}, "A* coding"):
 * exactness, runtime, codelength, heap-index decoding, bit IO, depth-limit bias.
 */
class AStarCodingTest {
    private static final double LN2 = Math.log(2);
    /** Asymptotic Kolmogorov–Smirnov critical value at α = 0.001: sqrt(−ln(α/2)/2). */
    private static final double KS_001 = 1.949;
    /** The same at α = 0.001/5 (Bonferroni over the five dimensions): sqrt(−ln(0.0001)/2). */
    private static final double KS_001_BONF5 = 2.146;
    private static final int N = 2000;

    // ---------------------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------------------

    /** One-sample KS statistic of {@code xs} against {@code cdf}. */
    static double ks(double[] xs, DoubleUnaryOperator cdf) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (i + 1.0) / n - f));
        }
        return d;
    }

    static RecProblem problem1(Distribution1D q, Distribution1D p) {
        return new RecProblem(ProductDistribution.of(q), ProductDistribution.of(p));
    }

    /** Mean values over {@code n} encodings with seeds 1..n; every codeword is decoded and checked bit for bit. */
    record Run(double[][] samples, double meanExpansions, double meanBits, double meanDeltaBits) {
        double[] dim(int d) {
            double[] x = new double[samples.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = samples[i][d];
            }
            return x;
        }
    }

    static Run run(AStarCoding coder, RecProblem problem, int n, long seedBase) {
        double[][] xs = new double[n][];
        double exp = 0;
        double bits = 0;
        double delta = 0;
        for (int i = 0; i < n; i++) {
            SharedRandomness shared = SharedRandomness.fromSeed(seedBase + i);
            Encoding e = coder.encode(problem, shared);
            double[] decoded = coder.decode(problem.coding(), shared, e.codeword());
            for (int d = 0; d < decoded.length; d++) {
                assertEquals(Double.doubleToRawLongBits(e.sample()[d]), Double.doubleToRawLongBits(decoded[d]),
                        "decoder disagrees with encoder, seed " + (seedBase + i));
            }
            xs[i] = decoded;
            exp += e.candidatesExamined();
            bits += e.actualBits();
            for (int d = 0; d < decoded.length; d++) {
                delta += EliasDelta.INSTANCE.length(e.codeword().value(d));
            }
        }
        return new Run(xs, exp / n, bits / n, delta / n);
    }

    static double boundBits(double klBits) {
        return klBits + Math.log(klBits + 1) / LN2 + 4;
    }

    // ---------------------------------------------------------------------------------------------------------
    // exactness
    // ---------------------------------------------------------------------------------------------------------

    /** The fixtures of {@code docs/algorithms.md} (P = N(0,1)); AS* (the default) and AD*. */
    @ParameterizedTest
    @CsvSource({"1, 0.25, SAMPLE", "2, 0.3, SAMPLE", "3, 0.1, SAMPLE", "2, 0.3, MEDIAN"})
    void exactOnGaussianFixtures(double mu, double s, AStarCoding.Split split) {
        Normal q = new Normal(mu, s);
        RecProblem problem = problem1(q, new Normal(0, 1));
        AStarCoding coder = new AStarCoding(1, new ZipfCode(problem.klBits() + 1), 0, split);
        assertTrue(coder.isExact());
        double stat = ks(run(coder, problem, N, 1).dim(0), q::cdf);
        assertTrue(stat < KS_001 / Math.sqrt(N), "KS " + stat);
    }

    @Test
    void exactOnFiveDimensionalGaussian() {
        double[] mq = {1.0, -0.5, 2.0, 0.0, 3.0};
        double[] sq = {0.25, 0.5, 0.3, 0.9, 0.2};
        double[] mp = {0.0, 0.5, 1.0, -1.0, 2.0};
        double[] sp = {1.0, 2.0, 0.8, 1.5, 1.0};
        RecProblem problem = new RecProblem(ProductDistribution.gaussian(mq, sq), ProductDistribution.gaussian(mp, sp));
        Run r = run(AStarCoding.exact(5, problem.klBits() / 5 + 1), problem, N, 10_000);
        for (int d = 0; d < 5; d++) {
            Distribution1D q = problem.target().marginal(d);
            double stat = ks(r.dim(d), q::cdf);
            assertTrue(stat < KS_001_BONF5 / Math.sqrt(N), "dimension " + d + ": KS " + stat);
        }
        // dimensions use independent keys: the decoded coordinates are uncorrelated (|z| < 3.29, α = 0.001)
        double corr = correlation(r.dim(0), r.dim(2));
        assertTrue(Math.abs(corr) * Math.sqrt(N) < 3.29, "correlation " + corr);
    }

    static double correlation(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void exactOnTriangularVersusUniform() {
        Triangular q = new Triangular(0.3, 0.5, 0.7);
        RecProblem problem = problem1(q, new Uniform(0, 1));
        double stat = ks(run(AStarCoding.exact(1, problem.klBits() + 1), problem, N, 20_000).dim(0), q::cdf);
        assertTrue(stat < KS_001 / Math.sqrt(N), "KS " + stat);
    }

    @Test
    void exactOnLaplaceVersusWiderLaplace() {
        Laplace q = new Laplace(2, 0.1);
        RecProblem problem = problem1(q, new Laplace(0, 1));
        double stat = ks(run(AStarCoding.exact(1, problem.klBits() + 1), problem, N, 30_000).dim(0), q::cdf);
        assertTrue(stat < KS_001 / Math.sqrt(N), "KS " + stat);
    }

    // ---------------------------------------------------------------------------------------------------------
    // runtime and codelength
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Mean expansions of exact AS* stay below {@code c·(D∞ + 1)} with c = 1 expansion per bit of D∞ (plus the root): an
     * independent simulation sits at 3.18/3.77 = 0.84 and 4.42/5.91 = 0.75 of it. PFR (global bound) needs at least
     * {@code 2^{D∞}} candidates on average (lower bound for A*-like samplers, Goc and Flamich, ISIT 2024), which is 942
     * for the third fixture, so exponential growth would fail this by two orders of magnitude. PFR itself is run on the
     * two smaller fixtures for comparison.
     */
    @Test
    void expansionsGrowLinearlyInMaxLogRatio() {
        double[][] fixtures = {{1, 0.25}, {2, 0.3}, {3, 0.1}};
        double[] means = new double[fixtures.length];
        double[] dinf = new double[fixtures.length];
        for (int i = 0; i < fixtures.length; i++) {
            RecProblem problem = problem1(new Normal(fixtures[i][0], fixtures[i][1]), new Normal(0, 1));
            dinf[i] = problem.maxLogRatioBits();
            means[i] = run(AStarCoding.exact(1, problem.klBits() + 1), problem, N, 40_000).meanExpansions();
            assertTrue(means[i] <= 1.0 * (dinf[i] + 1), "D∞ " + dinf[i] + " bits: mean expansions " + means[i]);
            assertTrue(means[i] >= 1, "at least the root is expanded");
            if (i < 2) {
                PoissonFunctionalRepresentation pfr = PoissonFunctionalRepresentation.withZipf(problem.klBits());
                double pfrMean = 0;
                for (int k = 0; k < N; k++) {
                    pfrMean += pfr.encode(problem, SharedRandomness.fromSeed(40_000 + k)).candidatesExamined();
                }
                pfrMean /= N;
                assertTrue(pfrMean >= 0.9 * Math.pow(2, dinf[i]), "PFR mean " + pfrMean); // 10%: sampling error
                assertTrue(means[i] < pfrMean, "AS* " + means[i] + " vs PFR " + pfrMean);
            }
        }
        // growth from D∞ = 2.77 to 9.88 bits: linear slope well below one expansion per bit
        double slope = (means[2] - means[0]) / (dinf[2] - dinf[0]);
        assertTrue(slope > 0 && slope < 1, "slope " + slope);
    }

    /**
     * Design target (the paper states A* coding's codelength only as O(KL), without a constant): mean bits ≤ KL +
     * log2(KL + 1) + 4 per dimension, for the default heap path code with λ = KL + 1 and for Elias-δ on h.
     */
    @ParameterizedTest
    @CsvSource({"0.5, 0.5", "1, 0.25", "2, 0.3", "3, 0.1"})
    void codelengthWithinBound(double mu, double s) {
        RecProblem problem = problem1(new Normal(mu, s), new Normal(0, 1));
        double kl = problem.klBits();
        Run r = run(AStarCoding.exact(1, kl + 1), problem, N, 50_000);
        assertTrue(r.meanBits() <= boundBits(kl), "Zipf: " + r.meanBits() + " > " + boundBits(kl));
        assertTrue(r.meanDeltaBits() <= boundBits(kl), "δ: " + r.meanDeltaBits() + " > " + boundBits(kl));
    }

    @Test
    void multiDimensionalCodelengthIsSumOfPerDimensionBounds() {
        double[] mq = {1, 2, 3, 0.5};
        double[] sq = {0.25, 0.3, 0.1, 0.5};
        RecProblem problem = new RecProblem(ProductDistribution.gaussian(mq, sq), ProductDistribution.standardNormal(4));
        double bound = 0;
        for (int d = 0; d < 4; d++) {
            bound += boundBits(problem.ratio(d).klNats() / LN2);
        }
        Run r = run(new AStarCoding(4, EliasDelta.INSTANCE, 0, AStarCoding.Split.SAMPLE), problem, N, 60_000);
        assertTrue(r.meanBits() <= bound, r.meanBits() + " > " + bound);
        Encoding e = AStarCoding.exact(4, 4).encode(problem, SharedRandomness.fromSeed(1));
        assertEquals(bound, e.predictedBits(), 1e-9);
    }

    // ---------------------------------------------------------------------------------------------------------
    // depth limit
    // ---------------------------------------------------------------------------------------------------------

    /** KS distance to Q falls strictly as the depth limit grows and is undetectable without a limit. */
    @Test
    void biasDecreasesWithDepth() {
        Normal q = new Normal(2, 0.3);
        RecProblem problem = problem1(q, new Normal(0, 1));
        int[] depths = {1, 2, 3, 4, 6};
        double prev = Double.POSITIVE_INFINITY;
        for (int depth : depths) {
            AStarCoding coder = AStarCoding.depthLimited(1, problem.klBits() + 1, depth);
            assertFalse(coder.isExact());
            Run r = run(coder, problem, N, 70_000);
            double stat = ks(r.dim(0), q::cdf);
            assertTrue(stat < prev, "depth " + depth + ": KS " + stat + " not below " + prev);
            prev = stat;
        }
        double crit = KS_001 / Math.sqrt(N);
        AStarCoding shallow = AStarCoding.depthLimited(1, problem.klBits() + 1, 2);
        assertTrue(ks(run(shallow, problem, N, 70_000).dim(0), q::cdf) > crit, "depth 2 must be visibly biased");
        AStarCoding deflt = AStarCoding.depthLimited(1, problem.klBits() + 1);
        assertEquals(AStarCoding.DEFAULT_MAX_DEPTH, deflt.maxDepth());
        assertTrue(ks(run(deflt, problem, N, 70_000).dim(0), q::cdf) < crit);
    }

    @Test
    void unboundedRatioNeedsDepthLimit() {
        RecProblem problem = problem1(new Normal(0.5, 1.5), new Normal(0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AStarCoding.exact(1, 2).encode(problem, SharedRandomness.fromSeed(3)));
        assertTrue(e.getMessage().contains("orc") && e.getMessage().contains("budgeted"), e.getMessage());
        // with a depth limit the search is finite: the infinite-bound nodes form two chains of D_max nodes
        int depth = 12;
        Run r = run(AStarCoding.depthLimited(1, 2, depth), problem, 200, 80_000);
        assertTrue(r.meanExpansions() <= 2 * depth + 20, "expansions " + r.meanExpansions());
    }

    // ---------------------------------------------------------------------------------------------------------
    // heap-index decoding, bit IO, corruption
    // ---------------------------------------------------------------------------------------------------------

    /**
     * For depth-60 paths (all-left, all-right and random), the decoder's {@code nodeSample(h)} equals the sample of
     * the same node built top-down the way the encoder builds children, for every prefix; intervals stay nested;
     * paths that run into an interval of zero width (below one ulp) are rejected as corrupt.
     */
    @Test
    void heapIndexDecodeIdentityToDepth60() {
        Distribution1D[] codings = {new Normal(0, 1), new Normal(-3, 0.01), new Laplace(1, 2), new Uniform(-1, 1),
                new Triangular(-1, 0, 2)};
        SplittableRandom rng = new SplittableRandom(7);
        for (Distribution1D p : codings) {
            RestrictedSampler sampler = RestrictedSampler.of(p);
            SharedRandomness cand = SharedRandomness.fromSeed(11).derive(AStarCoding.CANDIDATES, 0);
            for (AStarCoding.Split split : AStarCoding.Split.values()) {
                int tailDepthReached = Integer.MAX_VALUE;
                for (int path = 0; path < 12; path++) {
                    long bits = path == 0 ? 0 : path == 1 ? (1L << 60) - 1 : rng.nextLong() & ((1L << 60) - 1);
                    int reached = walk(sampler, p, cand, bits, split);
                    if (path < 2) {
                        tailDepthReached = Math.min(tailDepthReached, reached);
                    }
                }
                if (!(p instanceof Uniform) && !(p instanceof Triangular)) {
                    assertEquals(60, tailDepthReached, p + " " + split + ": tails must reach depth 60");
                }
            }
        }
    }

    /** Walks path {@code bits} (60 levels, MSB first) top-down; returns the depth reached with non-empty intervals. */
    private static int walk(RestrictedSampler sampler, Distribution1D p, SharedRandomness cand, long bits,
                            AStarCoding.Split split) {
        double a = p.supportMin();
        double b = p.supportMax();
        long h = 1;
        for (int depth = 0; depth <= 60; depth++) {
            double x = sampler.sample(a, b, cand, h);
            assertTrue(x >= a && x <= b && !Double.isNaN(x), "sample outside its node");
            assertEquals(Double.doubleToRawLongBits(x),
                    Double.doubleToRawLongBits(AStarCoding.nodeSample(sampler, p.supportMin(), p.supportMax(), cand, h,
                            split)), "decoder disagrees at heap index " + h);
            if (depth == 60) {
                return 60;
            }
            double cut = split == AStarCoding.Split.SAMPLE ? x : sampler.median(a, b);
            assertTrue(cut >= a && cut <= b);
            boolean right = ((bits >>> (59 - depth)) & 1) != 0;
            if (right) {
                a = cut;
            } else {
                b = cut;
            }
            h = 2 * h + (right ? 1 : 0);
            if (!(a < b)) {
                long child = h;
                assertThrows(CorruptStreamException.class,
                        () -> AStarCoding.nodeSample(sampler, p.supportMin(), p.supportMax(), cand, child, split));
                return depth + 1;
            }
        }
        throw new AssertionError();
    }

    /** P restricted to far-tail and very narrow intervals is still sampled exactly (the tail-safe paths). */
    @ParameterizedTest
    @CsvSource({"-38, -36", "30, 30.5", "-3, -2.9999999", "-1e-9, 1e-9", "2, 3", "-1, 5", "8, Infinity"})
    void restrictedNormalIsExactInTails(double a, double b) {
        RestrictedSampler s = RestrictedSampler.of(new Normal(0, 1));
        double[] xs = new double[N];
        for (int i = 0; i < N; i++) {
            xs[i] = s.sample(a, b, SharedRandomness.fromSeed(5), i);
            assertTrue(xs[i] >= a && xs[i] <= b);
        }
        // truncated CDF on the lower-leaning side, in log space: (Φ(x) − Φ(a)) / (Φ(b) − Φ(a))
        boolean flip = a + b > 0;
        double za = flip ? -b : a;
        double zb = flip ? -a : b;
        double la = SpecialFunctions.logNormalCdf(za);
        double lb = SpecialFunctions.logNormalCdf(zb);
        DoubleUnaryOperator lower = z -> {
            double lz = SpecialFunctions.logNormalCdf(z);
            return Math.exp(lz - lb) * -Math.expm1(la - lz) / -Math.expm1(la - lb);
        };
        DoubleUnaryOperator cdf = narrowCdf(a, b, flip ? x -> 1 - lower.applyAsDouble(-x) : lower);
        double stat = ks(xs, cdf);
        assertTrue(stat < KS_001 / Math.sqrt(N), "[" + a + ", " + b + "]: KS " + stat);
        double m = s.logMass(a, b);
        assertTrue(Math.abs(m - (lb + SpecialFunctions.log1mexp(lb - la))) <= 1e-6 * Math.max(1, Math.abs(m))
                || b - a < 1e-6, "log mass " + m);
    }

    /** For intervals too narrow for the log-CDF difference, compare with the (then linear) relative position. */
    private static DoubleUnaryOperator narrowCdf(double a, double b, DoubleUnaryOperator exact) {
        if (b - a < 1e-6 && Math.abs(a) < 1) {
            return x -> (x - a) / (b - a);
        }
        return exact;
    }

    @ParameterizedTest
    @CsvSource({"-30, -29", "1, 1.0000000001", "-2, 3", "0.5, 40"})
    void restrictedLaplaceIsExact(double a, double b) {
        Laplace p = new Laplace(0, 1);
        RestrictedSampler s = RestrictedSampler.of(p);
        double[] xs = new double[N];
        for (int i = 0; i < N; i++) {
            xs[i] = s.sample(a, b, SharedRandomness.fromSeed(6), i);
            assertTrue(xs[i] >= a && xs[i] <= b);
        }
        DoubleUnaryOperator cdf;
        if (b <= 0) {
            cdf = x -> -Math.expm1(x - a) / -Math.expm1(b - a); // ∝ e^x: (e^x − e^a)/(e^b − e^a)
        } else if (a >= 0) {
            cdf = x -> Math.expm1(-(x - a)) / Math.expm1(-(b - a)); // ∝ e^-x
        } else {
            cdf = x -> (p.cdf(x) - p.cdf(a)) / (p.cdf(b) - p.cdf(a));
        }
        double stat = ks(xs, cdf);
        assertTrue(stat < KS_001 / Math.sqrt(N), "[" + a + ", " + b + "]: KS " + stat);
    }

    /**
     * Codewords of the heap path code (AS*, and AD* with a depth limit) and of a plain integer code on h, written back
     * to back into one stream and read back in order with the overloads that take the coding distribution and the
     * shared randomness.
     */
    @Test
    void bitStreamRoundTrip() {
        double[] mq = {1, -2, 0.3};
        double[] sq = {0.25, 0.1, 0.7};
        RecProblem problem = new RecProblem(ProductDistribution.gaussian(mq, sq), ProductDistribution.standardNormal(3));
        for (AStarCoding coder : new AStarCoding[] {AStarCoding.exact(3, 4),
                new AStarCoding(3, new HeapPathCode(4), 10, AStarCoding.Split.MEDIAN),
                new AStarCoding(3, EliasDelta.INSTANCE, 10, AStarCoding.Split.MEDIAN)}) {
            BitWriter w = new BitWriter();
            Encoding[] encodings = new Encoding[50];
            long total = 0;
            for (int i = 0; i < encodings.length; i++) {
                SharedRandomness shared = SharedRandomness.fromSeed(90_000 + i);
                encodings[i] = coder.encode(problem, shared);
                coder.write(encodings[i].codeword(), problem.coding(), shared, w);
                total += encodings[i].actualBits();
                assertEquals(total, w.bitLength(), "write must emit exactly bitLength bits");
            }
            BitReader r = new BitReader(w.toByteArray());
            for (int i = 0; i < encodings.length; i++) {
                SharedRandomness shared = SharedRandomness.fromSeed(90_000 + i);
                Codeword c = coder.read(problem.coding(), shared, r);
                assertEquals(encodings[i].codeword(), c);
                assertArrayEquals(encodings[i].sample(), coder.decode(problem.coding(), shared, c));
            }
            assertTrue(r.bitsRemaining() < 8, "only the padding of the last byte is left");
        }
    }

    /** The plain write/read work for an integer code on h and refuse, with a pointer, for the heap path code. */
    @Test
    void plainWriteAndReadNeedAnIntegerCode() {
        RecProblem problem = problem1(new Normal(1, 0.25), new Normal(0, 1));
        SharedRandomness shared = SharedRandomness.fromSeed(4);
        AStarCoding zipf = new AStarCoding(1, new ZipfCode(3), 0, AStarCoding.Split.SAMPLE);
        Encoding e = zipf.encode(problem, shared);
        BitWriter w = new BitWriter();
        zipf.write(e.codeword(), w);
        assertEquals(e.actualBits(), w.bitLength());
        assertEquals(e.codeword(), zipf.read(new BitReader(w.toByteArray())));
        AStarCoding path = AStarCoding.exact(1, 3);
        Encoding f = path.encode(problem, shared);
        UnsupportedOperationException ex = assertThrows(UnsupportedOperationException.class,
                () -> path.write(f.codeword(), new BitWriter()));
        assertTrue(ex.getMessage().contains("write(codeword, coding, shared, out)"), ex.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> path.read(new BitReader(new byte[8])));
        assertEquals(f.actualBits(), RoundTrip.of(path, problem.coding(), shared, f).bits());
    }

    @Test
    void corruptAndTruncatedCodewordsAreRejected() {
        AStarCoding coder = new AStarCoding(2, new ZipfCode(3), 0, AStarCoding.Split.SAMPLE);
        ProductDistribution p = ProductDistribution.standardNormal(2);
        SharedRandomness shared = SharedRandomness.fromSeed(1);
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, shared, new Codeword(new long[] {0, 1}, 2)));
        assertThrows(CorruptStreamException.class, () -> coder.decode(p, shared, new Codeword(new long[] {1, -5}, 2)));
        // truncated: the first of two indices is cut off mid-codeword (a cut inside the zero padding of the last
        // byte could still decode, so the cut is made well inside a long codeword)
        BitWriter w = new BitWriter();
        new ZipfCode(3).write(w, 1L << 40);
        new ZipfCode(3).write(w, 1000);
        byte[] cut = java.util.Arrays.copyOf(w.toByteArray(), 2);
        assertThrows(CorruptStreamException.class, () -> coder.read(new BitReader(cut)));
        assertThrows(CorruptStreamException.class, () -> coder.read(new BitReader(new byte[0])));
        // an index deeper than a depth-limited reader allows
        AStarCoding limited = new AStarCoding(1, new ZipfCode(3), 8, AStarCoding.Split.SAMPLE);
        BitWriter deep = new BitWriter();
        new ZipfCode(3).write(deep, 1L << 20);
        assertThrows(CorruptStreamException.class, () -> limited.read(new BitReader(deep.toByteArray())));
        assertThrows(CorruptStreamException.class, () -> limited.decode(ProductDistribution.standardNormal(1), shared,
                new Codeword(new long[] {1L << 20}, 1)));
        // a path into a null interval: Uniform P split at its median repeatedly collapses before depth 62
        AStarCoding median = new AStarCoding(1, EliasDelta.INSTANCE, 0, AStarCoding.Split.MEDIAN);
        assertThrows(CorruptStreamException.class, () -> median.decode(ProductDistribution.of(new Uniform(0, 1)),
                shared, new Codeword(new long[] {Long.MAX_VALUE}, 1)));
        // the heap path code: every proper byte-aligned truncation of a two-dimensional codeword is refused
        AStarCoding path = AStarCoding.exact(2, 3);
        RecProblem problem = new RecProblem(ProductDistribution.gaussian(new double[] {0, 1}, new double[] {0.01, 0.2}),
                p);
        Encoding e = path.encode(problem, shared);
        BitWriter full = new BitWriter();
        path.write(e.codeword(), p, shared, full);
        byte[] bytes = full.toByteArray();
        for (int keep = 0; 8L * keep < full.bitLength(); keep++) {
            byte[] t = java.util.Arrays.copyOf(bytes, keep);
            assertThrows(CorruptStreamException.class, () -> path.read(p, shared, new BitReader(t)),
                    "truncated to " + keep + " bytes");
        }
    }

    @Test
    void configurationIsValidated() {
        assertEquals("astar-dl", AStarCoding.exact(1, 2).name());
        assertThrows(IllegalArgumentException.class, () -> new AStarCoding(0, EliasDelta.INSTANCE, 0,
                AStarCoding.Split.SAMPLE));
        assertThrows(IllegalArgumentException.class, () -> new AStarCoding(1, EliasDelta.INSTANCE, 63,
                AStarCoding.Split.SAMPLE));
        assertThrows(IllegalArgumentException.class, () -> AStarCoding.exact(2, 2).encode(
                problem1(new Normal(0, 0.5), new Normal(0, 1)), SharedRandomness.fromSeed(1)));
    }
}
