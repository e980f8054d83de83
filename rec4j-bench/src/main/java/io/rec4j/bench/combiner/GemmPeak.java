package io.rec4j.bench.combiner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's float32 matrix-multiply rate, measured in the run that uses it: PyTorch's CPU {@code matmul} (through
 * DJL, with PyTorch's default thread count, so every core) on a square 1024³ product and on the training step's
 * skinny shape 4096×48·48×48. The best of several timed repetitions after a warm-up; 2·m·n·k flops per product.
 *
 * @param squareGflops GFLOP/s of the 1024×1024·1024×1024 product (the peak the targets refer to)
 * @param skinnyGflops GFLOP/s of the 4096×48·48×48 product (a layer of the 6×48 network on a 64×64 tile)
 */
public record GemmPeak(double squareGflops, double skinnyGflops) {

    /** Measures both rates (a few seconds). */
    public static GemmPeak measure() {
        try (NDManager m = NDManager.newBaseManager()) {
            return new GemmPeak(rate(m, 1024, 1024, 1024, 20), rate(m, 4096, 48, 48, 2000));
        }
    }

    private static double rate(NDManager m, int rows, int inner, int cols, int reps) {
        NDArray a = m.randomUniform(-1, 1, new Shape(rows, inner));
        NDArray b = m.randomUniform(-1, 1, new Shape(inner, cols));
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                try (NDArray c = a.matMul(b)) {
                    if (r == reps - 1) {
                        c.getFloat(0, 0); // the product is computed eagerly; read one element to be sure
                    }
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (round > 0) { // round 0 warms up
                best = Math.min(best, s);
            }
        }
        return 2.0 * rows * inner * cols * reps / best / 1e9;
    }
}
