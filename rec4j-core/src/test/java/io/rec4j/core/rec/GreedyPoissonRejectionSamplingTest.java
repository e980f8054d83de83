package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.coding.CorruptStreamException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.GreedyPoissonRejectionSampling.Variant;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.Normal;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import io.rec4j.core.rec.dist.Triangular;
import io.rec4j.core.rec.dist.Uniform;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Greedy Poisson rejection sampling (Flamich, NeurIPS 2023, arXiv 2305.15313; {@code docs/algorithms.md},
 * "Greedy Poisson rejection sampling (GPRS)"): exactness, runtime, codelength, bit IO.
 */
class GreedyPoissonRejectionSamplingTest {
    private static final double LN2 = Math.log(2);
    /** Draws per exactness check. */
    private static final int N = 2000;
    /** Two-sided z quantile at α = 0.001. */
    private static final double Z_001 = 3.2905;

    /** A 1-D problem Q = N(μ, s²) against P = N(0, 1) (fixtures of {@code docs/algorithms.md}). */
    static RecProblem gauss(double mu, double s) {
        return new RecProblem(ProductDistribution.of(new Normal(mu, s)), ProductDistribution.of(new Normal(0, 1)));
    }

    /** The triangular target on [0.3, 0.7] against Uniform[0, 1] (the GPRS authors' worked example; D∞ = ln 5). */
    static RecProblem triangular() {
        return new RecProblem(ProductDistribution.of(new Triangular(0.3, 0.5, 0.7)),
                ProductDistribution.of(new Uniform(0, 1)));
    }

    /** A 5-D diagonal Gaussian problem with the fixtures of {@code docs/algorithms.md} and a non-standard P. */
    static RecProblem gauss5() {
        double[] pm = {0, 0, 0, 1, -2};
        double[] ps = {1, 1, 1, 2, 0.5};
        double[] mu = {0, 0.5, 1, 1 + 2 * 2, -2 + 0.5 * -0.5};
        double[] s = {0.5, 0.5, 0.25, 0.3 * 2, 0.5 * 0.7};
        return new RecProblem(ProductDistribution.gaussian(mu, s), ProductDistribution.gaussian(pm, ps));
    }

    static GreedyPoissonRejectionSampling simulator(Variant v, RecProblem problem) {
        double lambda = problem.klBits() / problem.dimension() + 1;
        return v == Variant.GLOBAL ? GreedyPoissonRejectionSampling.global(problem.dimension(), lambda)
                : GreedyPoissonRejectionSampling.splitOnSample(problem.dimension(), lambda);
    }

    /** Encodes and decodes {@code n} draws with seeds {@code seed0 + i}; checks decode == encoder sample bit for bit. */
    record Run(double[][] samples, double meanExamined, double varExamined, double meanBits) {
    }

    static Run run(GreedyPoissonRejectionSampling gprs, RecProblem problem, int n, long seed0) {
        double[][] xs = new double[problem.dimension()][n];
        double sumE = 0;
        double sumE2 = 0;
        double sumBits = 0;
        for (int i = 0; i < n; i++) {
            SharedRandomness shared = SharedRandomness.fromSeed(seed0 + i);
            Encoding e = gprs.encode(problem, shared);
            double[] x = gprs.decode(problem.coding(), shared, e.codeword());
            assertArrayEquals(e.sample(), x, 0.0, "decode must reproduce the encoder's sample");
            for (int d = 0; d < x.length; d++) {
                xs[d][i] = x[d];
            }
            sumE += e.candidatesExamined();
            sumE2 += (double) e.candidatesExamined() * e.candidatesExamined();
            sumBits += e.actualBits();
        }
        double mean = sumE / n;
        return new Run(xs, mean, (sumE2 - n * mean * mean) / (n - 1), sumBits / n);
    }

    /** Kolmogorov–Smirnov statistic of {@code xs} against {@code f}. */
    static double ks(double[] xs, Distribution1D f) {
        double[] s = xs.clone();
        Arrays.sort(s);
        double d = 0;
        for (int i = 0; i < s.length; i++) {
            double c = f.cdf(s[i]);
            d = Math.max(d, Math.max(c - (double) i / s.length, (double) (i + 1) / s.length - c));
        }
        return d;
    }

    /** Asymptotic KS critical value at level α: sqrt(−ln(α/2)/2)/√n. */
    static double ksCritical(double alpha, int n) {
        return Math.sqrt(-0.5 * Math.log(alpha / 2)) / Math.sqrt(n);
    }

    static void assertExact(Run r, RecProblem problem, double alpha, String what) {
        int dims = problem.dimension();
        for (int d = 0; d < dims; d++) {
            double stat = ks(r.samples()[d], problem.target().marginal(d));
            double crit = ksCritical(alpha / dims, r.samples()[d].length);
            System.out.printf("%s dim %d: KS %.4f (critical %.4f)%n", what, d, stat, crit);
            assertTrue(stat < crit, what + " dim " + d + ": KS " + stat + " >= " + crit);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void exactOnOneDimensionalFixtures(Variant v) {
        RecProblem[] problems = {gauss(1, 0.25), gauss(2, 0.3), triangular()};
        String[] names = {"N(1,0.25^2)", "N(2,0.3^2)", "triangular"};
        for (int k = 0; k < problems.length; k++) {
            Run r = run(simulator(v, problems[k]), problems[k], N, 1000L * (k + 1) + v.ordinal() * 100_000L);
            assertExact(r, problems[k], 0.001, v + " " + names[k]);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void exactOnFiveDimensionalGaussian(Variant v) {
        RecProblem p = gauss5();
        Run r = run(simulator(v, p), p, N, 77_000 + v.ordinal());
        assertExact(r, p, 0.001, v + " 5-D");
    }

    @Test
    void globalMeanCandidateCountIsTwoToTheMaxDivergence() {
        RecProblem[] problems = {triangular(), gauss(1, 0.25), gauss(2, 0.3)};
        for (int k = 0; k < problems.length; k++) {
            RecProblem p = problems[k];
            Run r = run(simulator(Variant.GLOBAL, p), p, N, 500_000L + 10_000L * k);
            double expected = Math.exp(p.maxLogRatioNats());
            double z = (r.meanExamined() - expected) / Math.sqrt(r.varExamined() / N);
            System.out.printf("global GPRS: 2^D∞ = %.3f, mean N = %.3f (z = %.2f)%n", expected, r.meanExamined(), z);
            assertTrue(Math.abs(z) < Z_001, "mean N " + r.meanExamined() + " vs 2^D∞ " + expected + ", z = " + z);
        }
        assertEquals(5.0, Math.exp(triangular().maxLogRatioNats()), 1e-6);
    }

    @Test
    void splitOnSampleStepsAndCodelengthWithinBounds() {
        RecProblem[] problems = {gauss(0, 0.5), gauss(1, 0.25), gauss(2, 0.3), gauss(3, 0.1), triangular()};
        for (int k = 0; k < problems.length; k++) {
            RecProblem p = problems[k];
            Run r = run(simulator(Variant.SPLIT_ON_SAMPLE, p), p, N, 900_000L + 10_000L * k);
            double kl = p.klBits();
            double stepBound = 2.26 * kl + 9.66;
            double bitBound = kl + Math.log(kl + 1) / LN2 + 4;
            System.out.printf("split GPRS: KL %.3f bits, mean steps %.3f (bound %.2f), mean bits %.3f (bound %.3f)%n",
                    kl, r.meanExamined(), stepBound, r.meanBits(), bitBound);
            assertTrue(r.meanExamined() < stepBound, "mean steps " + r.meanExamined() + " >= " + stepBound);
            assertTrue(r.meanBits() <= bitBound, "mean bits " + r.meanBits() + " > " + bitBound);
        }
    }

    @Test
    void globalCodelengthWithinBound() {
        RecProblem[] problems = {gauss(0, 0.5), gauss(1, 0.25), gauss(2, 0.3), triangular()};
        for (int k = 0; k < problems.length; k++) {
            RecProblem p = problems[k];
            Run r = run(simulator(Variant.GLOBAL, p), p, N, 300_000L + 10_000L * k);
            double kl = p.klBits();
            double bitBound = kl + Math.log(kl + 1) / LN2 + 4;
            System.out.printf("global GPRS: KL %.3f bits, mean bits %.3f (bound %.3f; thesis I + lb(I+2) + 3 = %.3f)%n",
                    kl, r.meanBits(), bitBound, kl + Math.log(kl + 2) / LN2 + 3);
            assertTrue(r.meanBits() <= bitBound, "mean bits " + r.meanBits() + " > " + bitBound);
        }
        RecProblem p5 = gauss5();
        Run r = run(simulator(Variant.GLOBAL, p5), p5, 500, 400_000L);
        double bound = GreedyPoissonRejectionSampling.predictedBits(p5);
        assertTrue(r.meanBits() <= bound, "5-D mean bits " + r.meanBits() + " > " + bound);
    }

    @Test
    void stretchTableMatchesTriangularClosedForm() {
        StretchFunction sf = StretchFunction.of(triangular().ratio(0));
        assertEquals(1.0, sf.totalMass(), 1e-6, "W(0) = E_P[r] = 1");
        double width = 0.4;
        // node values are good to a few 1e-6 (log-spacing 0.04, fourth-order rule); Hermite interpolation adds far less
        for (double h = 0.01; h < 4.999; h += 0.01) {
            double exact = Math.log(2 * h / (2 - width * h)); // closed form σ(h) = 2h/(2 − ℓh)
            assertEquals(exact, sf.logSigma(Math.log(h)), 5e-6, "ln σ(" + h + ")");
            double t = 2 * h / (2 - width * h);
            assertEquals(Math.log(h), sf.logInverse(Math.log(t)), 5e-6, "ln σ⁻¹(" + t + ")");
        }
    }

    @Test
    void stableDenominatorAgreesWithDirectFormulaAndTotalMassIsOne() {
        RecProblem p = gauss(2, 0.3);
        StretchFunction sf = StretchFunction.of(p.ratio(0));
        assertEquals(1.0, sf.totalMass(), 1e-7);
        Normal q = (Normal) p.target().marginal(0);
        double rmax = Math.exp(p.maxLogRatioNats());
        for (double frac : new double[] {0.01, 0.1, 0.3, 0.6, 0.9}) {
            double h = frac * rmax;
            double[] set = p.ratio(0).levelSet(Math.log(h));
            double wq = q.cdf(set[1]) - q.cdf(set[0]);
            double wp = StretchFunction.mass(p.coding().marginal(0), set[0], set[1]);
            // W at the nearest node at or above h: allow the node spacing (≤ e^0.04 − 1 = 4.1 % of h) times w_P
            double w = sf.tailIntegral(Math.log(h));
            assertEquals(wq - h * wp, w, 0.05 * h * wp + 1e-9, "W(" + h + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void roundTripThroughBitstreamBitForBit(Variant v) {
        SplittableRandom rnd = new SplittableRandom(42 + v.ordinal());
        for (int i = 0; i < 100; i++) {
            int dims = 1 + rnd.nextInt(3);
            double[] pm = new double[dims];
            double[] ps = new double[dims];
            double[] mu = new double[dims];
            double[] s = new double[dims];
            for (int d = 0; d < dims; d++) {
                pm[d] = rnd.nextDouble(-3, 3);
                ps[d] = rnd.nextDouble(0.2, 5);
                // global: D∞ below ~ 12 bits; split: modes up to 30 standard deviations of P out, KL up to ~ 20 bits
                double z;
                double sd;
                do {
                    z = v == Variant.GLOBAL ? rnd.nextDouble(-2, 2) : rnd.nextDouble(-5, 5);
                    sd = v == Variant.GLOBAL ? rnd.nextDouble(0.2, 0.95) : rnd.nextDouble(0.02, 0.99);
                } while (v == Variant.GLOBAL ? z * z / (2 * (1 - sd * sd)) - Math.log(sd) > 8
                        : Math.abs(z) / (1 - sd * sd) > 30);
                mu[d] = pm[d] + ps[d] * z;
                s[d] = ps[d] * sd;
            }
            RecProblem p = new RecProblem(ProductDistribution.gaussian(mu, s), ProductDistribution.gaussian(pm, ps));
            // split-on-sample: Elias-δ on h and the heap path code, alternately
            GreedyPoissonRejectionSampling g = v == Variant.GLOBAL
                    ? GreedyPoissonRejectionSampling.global(dims, 3.5)
                    : i % 2 == 0 ? GreedyPoissonRejectionSampling.eliasDelta(v, dims)
                    : GreedyPoissonRejectionSampling.splitOnSample(dims, 3.5);
            SharedRandomness shared = SharedRandomness.fromSeed(rnd.nextLong());
            Encoding e = g.encode(p, shared);
            BitWriter w = new BitWriter();
            w.writeBits(0b101, 3); // unrelated prefix
            g.write(e.codeword(), p.coding(), shared, w);
            w.writeBits(0b11, 2); // and suffix
            assertEquals(5 + e.actualBits(), w.bitLength(), "charged bits == written bits");
            BitReader r = new BitReader(w.toByteArray());
            r.readBits(3);
            Codeword c = g.read(p.coding(), shared, r);
            assertEquals(0b11, r.readBits(2), "the reader stops exactly at the end of the codeword");
            assertEquals(e.codeword(), c);
            double[] x = g.decode(p.coding(), shared, c);
            for (int d = 0; d < dims; d++) {
                assertEquals(Double.doubleToRawLongBits(e.sample()[d]), Double.doubleToRawLongBits(x[d]));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void truncatedOrInvalidStreamsAreRejected(Variant v) {
        RecProblem p = gauss5();
        GreedyPoissonRejectionSampling g = simulator(v, p);
        SharedRandomness shared = SharedRandomness.fromSeed(5);
        Encoding e = g.encode(p, shared);
        BitWriter w = new BitWriter();
        g.write(e.codeword(), p.coding(), shared, w);
        long total = w.bitLength();
        for (long keep = 0; keep < total; keep++) {
            BitWriter t = new BitWriter();
            BitReader full = new BitReader(w.toByteArray());
            for (long k = 0; k < keep; k++) {
                t.writeBit(full.readBit());
            }
            // the reader sees exactly `keep` bits only at a byte boundary (toByteArray pads with zeros)
            BitReader r = new BitReader(t.toByteArray());
            if (keep % 8 == 0) {
                assertThrows(CorruptStreamException.class, () -> g.read(p.coding(), shared, r),
                        "truncated to " + keep + " bits");
            }
        }
        assertThrows(CorruptStreamException.class, () -> g.read(p.coding(), shared, new BitReader(new byte[0])));
        assertThrows(CorruptStreamException.class,
                () -> g.decode(p.coding(), SharedRandomness.fromSeed(5), new Codeword(new long[] {1, 1, 0, 1, 1}, 9)));
        assertThrows(CorruptStreamException.class,
                () -> g.decode(p.coding(), SharedRandomness.fromSeed(5), new Codeword(new long[] {1, 1}, 2)));
    }

    /** The plain write/read work for an integer code and refuse, with a pointer, for the heap path code. */
    @Test
    void plainWriteAndReadNeedAnIntegerCode() {
        RecProblem p = gauss(1, 0.25);
        SharedRandomness shared = SharedRandomness.fromSeed(8);
        GreedyPoissonRejectionSampling delta = GreedyPoissonRejectionSampling.eliasDelta(Variant.SPLIT_ON_SAMPLE, 1);
        Encoding e = delta.encode(p, shared);
        BitWriter w = new BitWriter();
        delta.write(e.codeword(), w);
        assertEquals(e.codeword(), delta.read(new BitReader(w.toByteArray())));
        GreedyPoissonRejectionSampling path = GreedyPoissonRejectionSampling.splitOnSample(1, p.klBits() + 1);
        Encoding f = path.encode(p, shared);
        assertEquals(e.codeword().value(0), f.codeword().value(0), "the code does not change the search");
        UnsupportedOperationException ex = assertThrows(UnsupportedOperationException.class,
                () -> path.write(f.codeword(), new BitWriter()));
        assertTrue(ex.getMessage().contains("write(codeword, coding, shared, out)"), ex.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> path.read(new BitReader(new byte[8])));
        assertEquals(f.actualBits(), RoundTrip.of(path, p.coding(), shared, f).bits());
    }

    @Test
    void unboundedRatiosAreRefusedWithAPointerToApproximateMethods() {
        RecProblem wide = gauss(0, 1.5);
        for (Variant v : Variant.values()) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> simulator(v, wide).encode(wide, SharedRandomness.fromSeed(1)));
            assertTrue(ex.getMessage().contains("orc") && ex.getMessage().contains("budgeted"), ex.getMessage());
        }
    }

    @Test
    void equalTargetAndCodingAcceptsTheFirstCandidate() {
        RecProblem same = gauss(0, 1);
        for (Variant v : Variant.values()) {
            Encoding e = simulator(v, same).encode(same, SharedRandomness.fromSeed(3));
            assertEquals(1, e.codeword().value(0));
            assertEquals(1, e.candidatesExamined());
        }
    }

    /**
     * Split-on-sample GPRS on the Gaussian channel Y = X + W, X ~ N(0, 1 − s²), W ~ N(0, s²), s = 2^{−I}: the marginal
     * P = P_Y = N(0, 1), the target Q = N(x, s²), and I[X; Y] = −lb s = I bits. Compares with the published
     * {@code sac_gprs} runtime curve (the paper's Figure 2 data, {@code data/figure2} in the author's repository) by
     * trend: the mean grows with MI, roughly linearly (a least-squares slope between 0.5 and 2.26 steps per bit), stays
     * under the thesis bound, and the mean codelength is at least I (the converse for channel simulation, H[index |
     * shared] ≥ I[X; Y]).
     */
    @Test
    void splitOnSampleRuntimeGrowsLinearlyWithMutualInformation() {
        double[] mi = {0.10, 2.65, 6.05, 9.45, 12.00};
        double[] published = {1.229, 3.687, 7.929, 12.585, 16.130};
        int trials = 300;
        double[] steps = new double[mi.length];
        SplittableRandom rnd = new SplittableRandom(2023);
        for (int k = 0; k < mi.length; k++) {
            double s = Math.pow(2, -mi[k]);
            double sx = Math.sqrt(1 - s * s);
            GreedyPoissonRejectionSampling g = GreedyPoissonRejectionSampling.splitOnSample(1, mi[k] + 1);
            double sum = 0;
            double bits = 0;
            for (int i = 0; i < trials; i++) {
                double x = sx * gaussian(rnd);
                RecProblem p = gauss(x, s);
                Encoding e = g.encode(p, SharedRandomness.fromSeed(rnd.nextLong()));
                sum += e.candidatesExamined();
                bits += e.actualBits();
            }
            steps[k] = sum / trials;
            System.out.printf("MI %.2f: mean steps %.3f (published %.3f), mean bits %.3f%n", mi[k], steps[k],
                    published[k], bits / trials);
            assertTrue(steps[k] < 2.26 * mi[k] + 9.66);
            assertTrue(bits / trials >= mi[k], "codelength below the mutual information");
            if (k > 0) {
                assertTrue(steps[k] > steps[k - 1], "runtime must grow with MI");
            }
        }
        double mx = Arrays.stream(mi).average().orElseThrow();
        double my = Arrays.stream(steps).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (int k = 0; k < mi.length; k++) {
            sxy += (mi[k] - mx) * (steps[k] - my);
            sxx += (mi[k] - mx) * (mi[k] - mx);
        }
        double slope = sxy / sxx;
        System.out.printf("slope %.3f steps/bit (published curve: %.3f)%n", slope, (16.130 - 1.229) / (12.0 - 0.1));
        assertTrue(slope > 0.5 && slope < 2.26, "slope " + slope);
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box–Muller (test-side randomness only)
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
