package io.rec4j.core.coding;

import java.util.SplittableRandom;

/** Random models for property tests (test randomness only; never used by the library). */
final class Models {
    private Models() {
    }

    /** A random categorical model: sizes, skew and precision drawn from {@code rnd}. */
    static CategoricalModel randomCategorical(SplittableRandom rnd, int maxSize, int precision) {
        int n = 1 + rnd.nextInt(Math.min(maxSize, 1 << precision));
        double[] p = new double[n];
        int shape = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            switch (shape) {
                case 0 -> p[i] = 1.0;
                case 1 -> p[i] = rnd.nextDouble();
                case 2 -> p[i] = StrictMath.pow(0.7, i);
                default -> p[i] = rnd.nextInt(10) == 0 ? rnd.nextDouble() * 1e6 : rnd.nextDouble() * 1e-6;
            }
        }
        return CategoricalModel.fromProbabilities(p, precision, rnd.nextInt(-5, 5));
    }

    /** Draws a symbol from the model's own quantised distribution. */
    static int sample(SplittableRandom rnd, EntropyModel m) {
        return m.symbol(rnd.nextInt(1 << m.precision()));
    }
}
