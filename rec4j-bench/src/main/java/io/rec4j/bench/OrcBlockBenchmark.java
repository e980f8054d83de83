package io.rec4j.bench;

import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.Encoding;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.dist.ProductDistribution;
import io.rec4j.core.rec.dist.RecProblem;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One COMBINER-sized ORC/MRC block: 2^16 candidates × 25 dimensions, a Gaussian posterior of about 16 bits of KL
 * against a Gaussian prior. {@code cachedTable}: blocks share the seed, so the candidate table is generated once and
 * reused; {@code freshTable}: every block has its own derived seed (COMBINER's layout) and pays for generating its
 * 1.6 M shared normals; {@code generateOnly}: just those normals, 25 columns of 2^16 filled on the calling thread
 * (no scoring, no cache). {@code generator}: {@code INVERSION} (COMBINER revisions 1 and 2, the in-run baseline) or
 * {@code ZIGGURAT} (revision 3). Time per block in milliseconds. For one core run the JMH JVM with
 * {@code -jvmArgsAppend -XX:ActiveProcessorCount=1} (the encoder otherwise fills large tables on the common pool).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OrcBlockBenchmark {
    @Param({"orc", "mrc"})
    public String method;

    @Param({"INVERSION", "ZIGGURAT"})
    public NormalGenerator generator;

    RecProblem problem;
    OrderedRandomCoding coder;
    SharedRandomness shared;
    long block;
    double[] column;

    private static final int COUNT = 1 << 16;
    private static final int DIM = 25;

    @Setup
    public void setup() {
        problem = block25();
        coder = method.equals("orc") ? OrderedRandomCoding.orc(16) : OrderedRandomCoding.mrc(16);
        shared = SharedRandomness.fromSeed(22, generator);
        column = new double[COUNT * DIM];
    }

    @Benchmark
    public Encoding cachedTable() {
        return coder.encode(problem, shared);
    }

    @Benchmark
    public Encoding freshTable() {
        return coder.encode(problem, shared.derive(block++));
    }

    @Benchmark
    public double[] generateOnly() {
        SharedRandomness s = shared.derive(block++);
        for (int d = 0; d < DIM; d++) {
            s.fillNormal(d, 0, column, d * COUNT, COUNT);
        }
        return column;
    }

    /**
     * One COMBINER-sized block: 25 Gaussian dimensions of about 0.64 bits each (16 bits in all), prior scales in
     * [0.05, 0.15), posterior scales 0.55 of the prior's; fixed by seed 1. Shared with {@code rec4j bench rec}.
     */
    public static RecProblem block25() {
        double[][] p = block25Parameters();
        return new RecProblem(ProductDistribution.gaussian(p[0], p[1]), ProductDistribution.gaussian(p[2], p[3]));
    }

    /** {@link #block25()}'s target means and scales, then its coding distribution's: {@code {qm, qs, pm, ps}}. */
    static double[][] block25Parameters() {
        int dim = 25;
        SplittableRandom rnd = new SplittableRandom(1);
        double[] pm = new double[dim];
        double[] ps = new double[dim];
        double[] qm = new double[dim];
        double[] qs = new double[dim];
        for (int d = 0; d < dim; d++) {
            ps[d] = 0.05 + 0.1 * rnd.nextDouble();
            pm[d] = 0.02 * rnd.nextGaussian();
            qs[d] = ps[d] * 0.55;
            qm[d] = pm[d] + ps[d] * 0.55 * rnd.nextGaussian();
        }
        return new double[][] {qm, qs, pm, ps};
    }
}
