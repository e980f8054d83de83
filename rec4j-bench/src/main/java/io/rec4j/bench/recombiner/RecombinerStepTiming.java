package io.rec4j.bench.recombiner;

import ai.djl.engine.Engine;
import io.rec4j.codec.recombiner.RecombinerArchitecture;
import io.rec4j.codec.recombiner.RecombinerModel;
import io.rec4j.codec.recombiner.ShippedRecombinerModels;
import io.rec4j.nn.djl.RecombinerTrainer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Benchmark (not a unit test; run its {@code main}): milliseconds per Adam step of RECOMBINER's prior learning at the
 * authors' CIFAR-10 sizes ({@link RecombinerTrainer}, DJL's PyTorch engine): a batch of {@code images} 32×32
 * signals, every posterior, A and φ trained, one sample per image per step, loss Σ (MSE + β·KL). The network and
 * prior are the shipped {@code recombiner-cifar10-q1}'s; the signals are uniform noise (the time does not depend on
 * the values). The same sizes in the authors' PyTorch code are timed by a Python script run beside it (see
 * BENCHMARKS.md, "RECOMBINER training step"). Also times encoding's step (network frozen, the same batch).
 *
 * <p>Arguments: {@code [images [steps [warm-up steps]]]} (defaults 64, 50, 10). Prints median and best ms per step.
 */
public final class RecombinerStepTiming {
    private RecombinerStepTiming() {
    }

    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        RecombinerModel model = ShippedRecombinerModels.forImage(32, 32, 1).orElseThrow();
        RecombinerArchitecture arch = model.architecture();
        SplittableRandom rnd = new SplittableRandom(5);
        int values = arch.signalHeight() * arch.signalWidth() * arch.outputChannels();
        float[][] signals = new float[images][values];
        for (float[] s : signals) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) rnd.nextDouble();
            }
        }
        double[] mean = model.levels().get(0).prior().means();
        double[] std = model.levels().get(0).prior().stds();
        double[] rho = model.levels().get(0).initRho();
        System.out.printf("engine %s %s, %d cores, %d images of 32x32, %d latents each, network %d values%n",
                Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(),
                Runtime.getRuntime().availableProcessors(), images, mean.length, model.networkParameters().length);
        for (boolean trainNetwork : new boolean[] {true, false}) {
            double[][] means = new double[images][];
            double[][] rhos = new double[images][];
            double[][] beta = new double[images][mean.length];
            for (int r = 0; r < images; r++) {
                means[r] = mean.clone();
                rhos[r] = rho.clone();
                Arrays.fill(beta[r], model.beta());
            }
            try (RecombinerTrainer t = new RecombinerTrainer(arch, model.networkParameters(), trainNetwork, signals,
                    means, rhos, mean, std, beta, 2e-4, 9)) {
                t.run(warm);
                double[] ms = new double[steps];
                for (int i = 0; i < steps; i++) {
                    long t0 = System.nanoTime();
                    t.step();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf("%s: median %.2f ms per step, best %.2f ms (%d steps after %d warm-up)%n",
                        trainNetwork ? "prior learning (posteriors, A and phi trained)"
                                : "encoding (posteriors only)", ms[steps / 2], ms[0], steps, warm);
            }
        }
    }
}
