package io.rec4j.bench.combiner;

import ai.djl.engine.Engine;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.InrPosterior;
import io.rec4j.nn.SirenInit;
import io.rec4j.nn.djl.PosteriorTrainer;
import io.rec4j.nn.engine.TrainingEngine;
import io.rec4j.nn.fused.FusedKernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints milliseconds per β-ELBO Adam step on a 64×64 image (4 096 coordinates, all pixels per step) for a 6×48
 * (COMBINER Kodak) and a 4×32 variational SIREN, for every {@link TrainingEngine} in the same run, with the ratios
 * DJL/engine, the achieved GFLOP/s against PyTorch's float32 matmul rate measured at the start of the same run
 * ({@link GemmPeak}) and the resident set size (VmRSS) after blocks of steps. Run it with
 * {@code --add-modules jdk.incubator.vector} so that FUSED uses its Vector API kernels.
 *
 * <p>GFLOP/s counts 2 flops per multiply-add of the mean and variance matrix products: forward {@code a·M} and
 * {@code (a∘a)·S²}, backward the two weight gradients of every layer and the two input gradients of every layer but
 * the first ({@link #flopsPerStep}); elementwise work, noise and Adam are not counted.
 * Usage: {@code StepTiming [steps per block, default 1000] [blocks, default 2] [engines: all (default), DJL or
 * FUSED]}.
 */
public final class StepTiming {
    private StepTiming() {
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        TrainingEngine[] engines = args.length > 2 && !args[2].equalsIgnoreCase("all")
                ? new TrainingEngine[] {TrainingEngine.valueOf(args[2].toUpperCase(Locale.ROOT))}
                : TrainingEngine.values();
        final int size = 64;
        float[][][] img = new float[size][size][3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = (double) x / size, v = (double) y / size;
                img[y][x][0] = (float) (0.5 + 0.4 * Math.sin(6 * Math.PI * u * v));
                img[y][x][1] = (float) (0.5 + 0.4 * Math.cos(4 * Math.PI * (u - v)));
                img[y][x][2] = (float) (0.1 + 0.8 * u);
            }
        }
        System.out.printf("torch threads: intra-op default; engine %s; %d pixels; %d cores; Vector API kernels: %s%n",
                Engine.getInstance().getEngineName(), size * size, Runtime.getRuntime().availableProcessors(),
                FusedKernels.vectorAvailable() ? "available" : "absent (run with --add-modules jdk.incubator.vector)");
        GemmPeak peak = GemmPeak.measure();
        System.out.printf("float32 matmul in this run (PyTorch, all cores): 1024^3 %.1f GFLOP/s, 4096x48x48 %.1f GFLOP/s%n",
                peak.squareGflops(), peak.skinnyGflops());
        for (SirenArchitecture arch : new SirenArchitecture[] {SirenArchitecture.combinerKodak(),
                SirenArchitecture.of(2, 64, 32, 4 - 1, 3)}) {
            System.out.printf("%d linear layers × width %d (%d scalars)%n", arch.layerCount(), arch.hiddenWidth(),
                    arch.parameterCount());
            double flops = flopsPerStep(arch, size * size);
            double[] msPerStep = new double[TrainingEngine.values().length];
            for (TrainingEngine engine : engines) {
                double[] rho = new double[arch.parameterCount()];
                Arrays.fill(rho, SirenInit.COMBINER_INIT_RHO);
                DiagonalGaussian prior = SirenInit.combinerPrior(arch);
                double[] beta = new double[arch.parameterCount()];
                Arrays.fill(beta, 5e-7);
                try (InrPosterior q = engine.open(arch, img, prior, beta, PosteriorTrainer.COMBINER_LR,
                        SirenInit.initialMeans(arch, 22), rho, 22)) {
                    q.run(50); // warm-up (JIT)
                    double best = Double.POSITIVE_INFINITY;
                    for (int b = 0; b < blocks; b++) {
                        long t0 = System.nanoTime();
                        InrPosterior.StepStats s = q.run(steps);
                        double ms = (System.nanoTime() - t0) / 1e6 / steps;
                        best = Math.min(best, ms);
                        System.out.printf("  %-12s block %d: %7.2f ms/step, %6.2f GFLOP/s (%4.1f %% of the 1024^3 "
                                        + "matmul), RSS %d kB, mse %.3e%n", engine, b, ms, flops / ms / 1e6,
                                100 * flops / ms / 1e6 / peak.squareGflops(), rssKb(), s.mse());
                    }
                    msPerStep[engine.ordinal()] = best;
                }
            }
            if (engines.length > 1) {
                StringBuilder line = new StringBuilder("  best blocks:");
                for (TrainingEngine e : engines) {
                    line.append(String.format(Locale.ROOT, " %s %.2f ms", e, msPerStep[e.ordinal()]));
                }
                double djl = msPerStep[TrainingEngine.DJL.ordinal()];
                for (TrainingEngine e : engines) {
                    if (e != TrainingEngine.DJL && djl > 0) {
                        line.append(String.format(Locale.ROOT, "; DJL/%s %.2f", e, djl / msPerStep[e.ordinal()]));
                    }
                }
                System.out.println(line);
            }
        }
    }

    /**
     * Flops of one step's matrix products over {@code points} coordinates: per layer 2·d_in·d_out per point for each
     * of forward mean, forward variance, the two weight gradients and (layers after the first) the two input
     * gradients.
     */
    public static double flopsPerStep(SirenArchitecture arch, int points) {
        double macs = 0;
        for (int l = 0; l < arch.layerCount(); l++) {
            int products = l == 0 ? 4 : 6;
            macs += (double) products * arch.layerInputDim(l) * arch.layerOutputDim(l);
        }
        return 2 * macs * points;
    }

    /** VmRSS from /proc/self/status in kB, or −1 where unavailable. */
    static long rssKb() throws IOException {
        return statusKb("VmRSS:");
    }

    /** A kB field of /proc/self/status (e.g. {@code "VmRSS:"}, {@code "VmHWM:"}), or −1 where unavailable. */
    public static long statusKb(String field) throws IOException {
        Path p = Path.of("/proc/self/status");
        if (!Files.exists(p)) {
            return -1;
        }
        for (String line : Files.readAllLines(p)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
