package io.rec4j.bench.rec;

import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.BinHeuristic;
import io.rec4j.core.rec.ChannelSimulator;
import io.rec4j.core.rec.Partition;
import io.rec4j.core.rec.PoissonFunctionalRepresentation;
import io.rec4j.core.rec.SpacePartitionedRec;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;

/**
 * Benchmark (not a unit test; run its {@code main}): the largest KL that plain PFR and sp-pfr encode within a
 * fixed mean budget of candidates on 5-D Gaussians (the paper's abstract: about 3× larger KL). Family: P = N(0, I₅),
 * Q = N(t·1, e^{−2t} I₅) with t swept upwards from 0.05 (KL and D∞ grow together); sp-pfr uses the sup-r heuristic and
 * {@code log2 J = floor(KL)} bits allocated by per-axis KL. PFR's mean step count is measured too (it tracks
 * 2^{D∞} + 1); a setting "fits" while the mean over the runs is at most the budget.
 */
public final class SpacePartitionedRecCapacity {
    private SpacePartitionedRecCapacity() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        for (long budget : new long[] {1L << 8, 1L << 12, 1L << 16}) {
            double bestPfr = 0;
            double bestSp = 0;
            for (double t = 0.05; t <= 6.0001; t += 0.05) {
                double[] mean = new double[5];
                double[] std = new double[5];
                java.util.Arrays.fill(mean, t);
                java.util.Arrays.fill(std, StrictMath.exp(-t));
                RecProblem problem = new RecProblem(ProductDistribution.gaussian(mean, std),
                        ProductDistribution.standardNormal(5));
                double kl = problem.klBits();
                double[] mi = new double[5];
                java.util.Arrays.fill(mi, kl / 5);
                boolean pfrFits = StrictMath.pow(2, problem.maxLogRatioBits()) < 4.0 * budget
                        && meanSteps(PoissonFunctionalRepresentation.withZipf(kl), problem, runs, budget) <= budget;
                SpacePartitionedRec sp = SpacePartitionedRec.exact(mi, Partition.suggestedTotalBits(mi),
                        BinHeuristic.SUP_RATIO).withMaxCandidates(64 * budget);
                double spSteps = meanSteps(sp, problem, runs, budget);
                if (pfrFits) {
                    bestPfr = Math.max(bestPfr, kl);
                }
                if (spSteps <= budget) {
                    bestSp = Math.max(bestSp, kl);
                }
                if (!pfrFits && spSteps > budget) {
                    break;
                }
            }
            System.out.printf("budget %d candidates: largest KL PFR %.1f bits, sp-pfr %.1f bits (ratio %.2f)%n", budget,
                    bestPfr, bestSp, bestSp / bestPfr);
        }
    }

    private static double meanSteps(ChannelSimulator sim, RecProblem problem, int runs, long budget) {
        double s = 0;
        for (int i = 0; i < runs; i++) {
            try {
                s += sim.encode(problem, SharedRandomness.fromSeed(i)).candidatesExamined();
            } catch (IllegalStateException e) {
                return Double.POSITIVE_INFINITY; // hit the cap: far beyond the budget
            }
        }
        return s / runs;
    }
}
