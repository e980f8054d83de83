package io.rec4j.core.rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The greedy coder of the iREC paper (Flamich, Havasi, Hernández-Lobato, NeurIPS 2020, arXiv 2010.01185)
 * updates the target and the coding distribution after every step: having fixed the increment {@code a} of variance
 * {@code v}, the coder becomes {@code N(μ_c + a, σ_c² − v)} and the target the Gaussian posterior {@code Q(x | A = a)},
 * and the next increment is scored against the auxiliary target of that conditional pair. {@link IrecCoder} instead
 * scores the partial sum against its unconditional auxiliary target; its class comment shows the two weights differ
 * by a factor that is constant over one step's candidates.
 *
 * <p>This test implements the conditional coder literally (standardised coordinates, the same candidates, the same
 * schedule and the same selection noise) and checks that it picks the same index at every step as {@link IrecCoder}
 * with one path, for both selections, on random problems. Identical index paths mean identical codewords, bits and
 * decoded samples, so "with and without the conditional update" measure the same.
 */
class IrecGreedyEquivalenceTest {

    /** The index path of the conditional (greedy) coder. */
    static long[] conditionalPath(IrecCoder coder, RecProblem problem, SharedRandomness shared) {
        double[][] ms = IrecScheduleTest.standardised(problem);
        int dim = problem.dimension();
        int steps = (int) coder.stepsFor(problem.klNats());
        int shape = coder.split() == IrecCoder.Split.ADAPTIVE
                ? IrecSchedule.bestShape(steps, ms[0], ms[1]) : IrecSchedule.PAPER_SHAPE;
        IrecSchedule schedule = IrecSchedule.of(steps, shape);
        int m = coder.candidatesPerStep();
        double[] tMean = ms[0].clone(); // target Q(x | a_<j), standardised
        double[] tVar = ms[1].clone();
        double[] cMean = new double[dim]; // coder P(x | a_<j) = N(partial sum, remaining variance)
        double cVar = 1.0;
        SharedRandomness key = shared.derive(IrecCoder.ROOT_LABEL);
        SharedRandomness noise = shared.derive(IrecCoder.GUMBEL_LABEL);
        double[] z = new double[dim * m];
        double[] u = new double[m];
        long[] path = new long[steps];
        for (int j = 0; j < steps; j++) {
            double v = schedule.increment(j);
            double sd = schedule.incrementStd(j);
            for (int d = 0; d < dim; d++) {
                key.fillNormal(d, 0, z, d * m, m);
            }
            noise.fillUniform(j, 0, u, 0, m);
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int n = 0; n < m; n++) {
                double score = coder.selection() == IrecCoder.Selection.SAMPLE ? -Math.log(-Math.log(u[n])) : 0;
                for (int d = 0; d < dim; d++) {
                    double a = sd * z[d * m + n];
                    // auxiliary target of the increment under the current (target, coder) pair
                    double auxMean = (tMean[d] - cMean[d]) * v / cVar;
                    double auxVar = tVar[d] * v * v / (cVar * cVar) + v * (cVar - v) / cVar;
                    double e = a - auxMean;
                    score += -0.5 * Math.log(auxVar) - e * e / (2 * auxVar) + 0.5 * Math.log(v) + a * a / (2 * v);
                }
                if (best < 0 || score > bestScore) {
                    best = n;
                    bestScore = score;
                }
            }
            path[j] = best;
            double rest = schedule.remaining(j);
            for (int d = 0; d < dim; d++) {
                double a = sd * z[d * m + best];
                double denom = tVar[d] * v + cVar * rest;
                double newMean = cMean[d] + (a * tVar[d] * cVar + (tMean[d] - cMean[d]) * rest * cVar) / denom;
                tVar[d] = tVar[d] * cVar * rest / denom;
                tMean[d] = newMean;
                cMean[d] += a;
            }
            cVar = rest;
            key = key.derive(best);
        }
        return path;
    }

    @Test
    void conditionalUpdatesPickTheSameIndices() {
        SplittableRandom rng = new SplittableRandom(2020);
        IrecCoder[] coders = {
            IrecCoder.defaults(),
            new IrecCoder(3, 1.2, 1, IrecCoder.Selection.ARGMAX),
            new IrecCoder(2, 1.5, 1, IrecCoder.Selection.SAMPLE, IrecCoder.Split.POWER_LAW)
        };
        int compared = 0;
        for (IrecCoder coder : coders) {
            for (int t = 0; t < 60; t++) {
                RecProblem problem = IrecCoderTest.randomProblem(rng, 1 + rng.nextInt(8));
                SharedRandomness shared = SharedRandomness.fromSeed(rng.nextLong());
                long[] values = coder.encode(problem, shared).codeword().values();
                long[] marginalPath = Arrays.copyOfRange(values, 2, values.length);
                long[] conditional = conditionalPath(coder, problem, shared);
                assertEquals(values[0], conditional.length);
                assertArrayEquals(marginalPath, conditional, coder + " trial " + t);
                compared += conditional.length;
            }
        }
        assertTrue(compared > 500, "steps compared: " + compared);
    }
}
