package io.rec4j.bench.rec;

import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.Encoding;
import io.rec4j.core.rec.RoundTrip;
import io.rec4j.core.rec.dist.RecProblem;

/**
 * What the REC benchmark sections measure over {@code trials} encodings, each taken through the real bitstream
 * ({@link RoundTrip}) with shared randomness {@code fromSeed(seed).derive(t)}.
 *
 * @param meanBits       mean codeword bits
 * @param seBits         standard error of the mean bits
 * @param meanCandidates mean candidates (or search steps) examined
 * @param msPerEncode    mean wall time of one encoding, milliseconds
 * @param firstCoordinate the decoded samples' first coordinates, in trial order
 */
record RoundTripStats(double meanBits, double seBits, double meanCandidates, double msPerEncode,
                      double[] firstCoordinate) {

    static RoundTripStats of(ChannelSimulator sim, RecProblem problem, int trials, long seed) {
        SharedRandomness master = SharedRandomness.fromSeed(seed);
        double sum = 0;
        double sum2 = 0;
        double cand = 0;
        long nanos = 0;
        double[] first = new double[trials];
        for (int t = 0; t < trials; t++) {
            SharedRandomness shared = master.derive(t);
            long t0 = System.nanoTime();
            Encoding e = sim.encode(problem, shared);
            nanos += System.nanoTime() - t0;
            RoundTrip rt = RoundTrip.of(sim, problem.coding(), shared, e);
            sum += rt.bits();
            sum2 += (double) rt.bits() * rt.bits();
            cand += e.candidatesExamined();
            first[t] = rt.decoded()[0];
        }
        double mean = sum / trials;
        double var = Math.max(sum2 / trials - mean * mean, 0) * trials / Math.max(trials - 1, 1);
        return new RoundTripStats(mean, Math.sqrt(var / trials), cand / trials, nanos / 1e6 / trials, first);
    }
}
