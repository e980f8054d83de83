package io.rec4j.bench;

import io.rec4j.core.random.NormalGenerator;
import io.rec4j.core.random.SharedRandomness;
import io.rec4j.core.rec.OrderedRandomCoding;
import io.rec4j.core.rec.dist.RecProblem;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * One 2^16 × 25 ORC/MRC block ({@link OrcBlockBenchmark#block25()}) encoded by another build of rec4j-core and by
 * this one, in the same JVM, block by block in turn, so that the earlier build is an in-run baseline under the same
 * machine load. The other build is loaded from its class directory or jar in its own class loader and driven by
 * reflection (the API used is {@code SharedRandomness.fromSeed(long)}, {@code derive(long)},
 * {@code OrderedRandomCoding.orc/mrc(int)}, {@code encode}, {@code ProductDistribution.gaussian} and
 * {@code RecProblem(target, coding)}, unchanged since issue 3).
 *
 * <pre>
 * git archive &lt;commit&gt; | tar -x -C /tmp/base &amp;&amp; (cd /tmp/base &amp;&amp; ./mvnw -o -q -pl rec4j-core -am compile)
 * taskset -c 1 java -cp rec4j-bench/target/rec4j-benchmarks.jar io.rec4j.bench.BlockVsBuild \
 *     /tmp/base/rec4j-core/target/classes [blocks]
 * </pre>
 * Prints, per method and table kind, the median and minimum milliseconds per block of the other build
 * ("baseline"), of this build with {@link NormalGenerator#INVERSION} and with {@link NormalGenerator#ZIGGURAT}, and
 * the speed-ups over the baseline.
 */
public final class BlockVsBuild {
    private BlockVsBuild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: BlockVsBuild <classes dir or jar of the baseline rec4j-core> [blocks]");
            System.exit(1);
        }
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        URLClassLoader old = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()}, null);
        Class<?> sr = old.loadClass("io.rec4j.core.random.SharedRandomness");
        Class<?> orcClass = old.loadClass("io.rec4j.core.rec.OrderedRandomCoding");
        Class<?> pd = old.loadClass("io.rec4j.core.rec.dist.ProductDistribution");
        Class<?> rp = old.loadClass("io.rec4j.core.rec.dist.RecProblem");
        Method fromSeed = sr.getMethod("fromSeed", long.class);
        Method derive = sr.getMethod("derive", long.class);
        Method gaussian = pd.getMethod("gaussian", double[].class, double[].class);
        Constructor<?> problemOf = rp.getConstructor(pd, pd);
        Method encode = orcClass.getMethod("encode", rp, sr);
        Object oldProblem = oldBlock25(gaussian, problemOf);
        RecProblem problem = OrcBlockBenchmark.block25();
        System.out.printf(Locale.ROOT, "baseline: %s; %d processors; %s %s%n", args[0],
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.println("| method | table | build | ms_median | ms_min | speed-up (median) | speed-up (min) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String m : new String[] {"orc", "mrc"}) {
            Object oldSim = orcClass.getMethod(m, int.class).invoke(null, 16);
            OrderedRandomCoding sim = m.equals("orc") ? OrderedRandomCoding.orc(16) : OrderedRandomCoding.mrc(16);
            for (boolean cached : new boolean[] {true, false}) {
                Object oldShared = fromSeed.invoke(null, 22L);
                SharedRandomness inv = SharedRandomness.fromSeed(22, NormalGenerator.INVERSION);
                SharedRandomness zig = SharedRandomness.fromSeed(22, NormalGenerator.ZIGGURAT);
                double[][] ms = new double[3][reps];
                for (int i = -5; i < reps; i++) {
                    long label = i + 5;
                    long t0 = System.nanoTime();
                    encode.invoke(oldSim, oldProblem, cached ? oldShared : derive.invoke(oldShared, label));
                    long t1 = System.nanoTime();
                    sim.encode(problem, cached ? inv : inv.derive(label));
                    long t2 = System.nanoTime();
                    sim.encode(problem, cached ? zig : zig.derive(label));
                    long t3 = System.nanoTime();
                    if (i >= 0) {
                        ms[0][i] = (t1 - t0) / 1e6;
                        ms[1][i] = (t2 - t1) / 1e6;
                        ms[2][i] = (t3 - t2) / 1e6;
                    }
                }
                String[] builds = {"baseline (other build)", "this build, INVERSION", "this build, ZIGGURAT"};
                double[] med = new double[3];
                double[] min = new double[3];
                for (int b = 0; b < 3; b++) {
                    Arrays.sort(ms[b]);
                    med[b] = ms[b][reps / 2];
                    min[b] = ms[b][0];
                }
                for (int b = 0; b < 3; b++) {
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.2f | %.2f |%n", m,
                            cached ? "cached" : "fresh", builds[b], med[b], min[b], med[0] / med[b], min[0] / min[b]);
                }
            }
        }
    }

    /** {@link OrcBlockBenchmark#block25()} built from the other build's classes (same numbers). */
    private static Object oldBlock25(Method gaussian, Constructor<?> problemOf) throws Exception {
        double[][] p = OrcBlockBenchmark.block25Parameters();
        return problemOf.newInstance(gaussian.invoke(null, p[0], p[1]), gaussian.invoke(null, p[2], p[3]));
    }
}
