package io.rec4j.nn.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import io.rec4j.core.inr.SirenArchitecture;
import io.rec4j.nn.BetaElbo;
import io.rec4j.nn.GaussianPrior;
import io.rec4j.nn.PosteriorTrainer;
import io.rec4j.nn.VariationalSiren;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints milliseconds per β-ELBO Adam step on a 64×64 image (4 096 coordinates, all pixels per step) for a 6×48
 * (COMBINER Kodak) and a 4×32 variational SIREN, and the resident set size (VmRSS) before and after blocks of steps.
 * Usage: {@code StepTiming [steps per block, default 1000] [blocks, default 2]}.
 */
public final class StepTiming {
    private StepTiming() {
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 2;
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
        System.out.printf("torch threads: intra-op default; engine %s; %d pixels%n",
                Engine.getInstance().getEngineName(), size * size);
        for (SirenArchitecture arch : new SirenArchitecture[] {SirenArchitecture.combinerKodak(),
                SirenArchitecture.of(2, 64, 32, 4 - 1, 3)}) {
            System.out.printf("%d linear layers × width %d (%d scalars)%n", arch.layerCount(), arch.hiddenWidth(),
                    arch.parameterCount());
            try (VariationalSiren q = VariationalSiren.create(arch, DataType.FLOAT32, 22);
                 PosteriorTrainer tr = new PosteriorTrainer(q, img,
                         BetaElbo.uniform(GaussianPrior.combinerDefault(arch), 5e-7), PosteriorTrainer.COMBINER_LR)) {
                Engine.getInstance().setRandomSeed(22);
                tr.run(20); // warm-up
                System.out.printf("  RSS before: %d kB%n", rssKb());
                for (int b = 0; b < blocks; b++) {
                    long t0 = System.nanoTime();
                    PosteriorTrainer.StepStats s = tr.run(steps);
                    double ms = (System.nanoTime() - t0) / 1e6 / steps;
                    System.out.printf("  block %d: %.2f ms/step, RSS after %d steps: %d kB, mse %.3e%n", b, ms,
                            (b + 1) * steps, rssKb(), s.mse());
                }
            }
        }
    }

    /** VmRSS from /proc/self/status in kB, or −1 where unavailable. */
    static long rssKb() throws IOException {
        Path p = Path.of("/proc/self/status");
        if (!Files.exists(p)) {
            return -1;
        }
        for (String line : Files.readAllLines(p)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
