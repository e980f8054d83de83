package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.coding.bits.BitWriter;
import io.rec4j.testkit.KolmogorovSmirnov;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.Distribution1D;
import io.rec4j.core.rec.dist.RecProblem;

/** Shared test harness for channel simulators: round trips through the real bitstream, and statistics. */
final class RecStats {
    private RecStats() {
    }

    /** Outcome of many independent round trips. */
    record Run(double[][] samples, double meanBits, double meanCandidates) {
        double[] dimension(int d) {
            double[] v = new double[samples.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = samples[i][d];
            }
            return v;
        }
    }

    /**
     * Encodes {@code trials} independent tasks (shared randomness {@code fromSeed(seed).derive(t)}), writes each
     * codeword to a bitstream, reads it back, decodes, and checks that the decoded sample is bit-identical to the
     * encoder's and that the bits written equal the bits charged.
     */
    static Run roundTrips(ChannelSimulator sim, RecProblem problem, int trials, long seed) {
        SharedRandomness master = SharedRandomness.fromSeed(seed);
        double[][] samples = new double[trials][];
        double bits = 0;
        double candidates = 0;
        for (int t = 0; t < trials; t++) {
            SharedRandomness shared = master.derive(t);
            Encoding e = sim.encode(problem, shared);
            BitWriter w = new BitWriter();
            sim.write(e.codeword(), problem.coding(), shared, w);
            assertEquals(e.codeword().bitLength(), w.bitLength(), "bits written vs charged");
            Codeword c = sim.read(problem.coding(), shared, new BitReader(w.toByteArray()));
            assertEquals(e.codeword(), c);
            double[] x = sim.decode(problem.coding(), shared, c);
            assertArrayEquals(e.sample(), x, "decoded sample must equal the encoder's bit for bit");
            samples[t] = x;
            bits += e.actualBits();
            candidates += e.candidatesExamined();
        }
        return new Run(samples, bits / trials, candidates / trials);
    }

    /** Kolmogorov–Smirnov statistic of {@code xs} against the CDF of {@code f}. */
    static double ks(double[] xs, Distribution1D f) {
        return KolmogorovSmirnov.statistic(xs, f::cdf);
    }

    /** Asymptotic KS critical value at level α (1.949/√n at α = 0.001). */
    static double ksCritical(int n, double alpha) {
        return KolmogorovSmirnov.criticalValue(n, alpha);
    }

    /** KL + log2(KL + 1) + 4, the codelength bound of the strong functional representation lemma. */
    static double sflBound(double klBits) {
        return klBits + Math.log(klBits + 1) / Math.log(2) + 4;
    }
}
