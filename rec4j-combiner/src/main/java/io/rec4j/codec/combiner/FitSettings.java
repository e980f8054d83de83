package io.rec4j.codec.combiner;

import io.rec4j.nn.engine.TrainingEngine;
import java.util.Objects;

/**
 * Schedule of the test-time posterior fit ({@code docs/combiner.md}, "Per-block β control"), scaled down for a CPU.
 *
 * <p>The reference runs 25 000 Adam steps at lr 1e−4 with the lr halved at 80 %, per-scalar β initialised to 5e−7
 * and a β controller that, from 10 % of the steps on and every 100 steps, multiplies the β of every scalar of a block
 * by 1.1 when the block's KL exceeds κ + 0.2 bits and divides it by 1.1 when the KL is below κ − 0.2 bits. Those
 * step counts cost hours per Kodak image on a CPU, so here every count is a parameter. {@link #defaults()} is sized
 * for a 64×64 tile on one CPU core (a few seconds per tile for small networks): 1 500 steps at lr 1e−3 (ten times the
 * reference's rate, because there are about 16 times fewer steps), controller every 25 steps after a 10 % warm-up,
 * lr halved at 80 %, as in the reference.
 *
 * @param steps           Adam steps (&ge; 1)
 * @param learningRate    initial Adam learning rate
 * @param lrDropFraction  fraction of the steps after which the lr is halved (reference: 0.8)
 * @param initialBeta     initial per-scalar β (reference: 5e−7)
 * @param warmupFraction  fraction of the steps before the β controller starts (reference: 0.1)
 * @param controlInterval steps between β-controller rounds (reference: 100)
 * @param bandBits        half width of the KL band around κ, in bits (reference: 0.2)
 * @param betaFactor      multiplicative β step (reference: 1.1)
 * @param seed            seed of the posterior initialisation and of the training noise (tile {@code t} uses
 *                        {@code seed + t})
 * @param initStdFraction  if &gt; 0, posteriors start with σq = initStdFraction·σp instead of the reference's
 *                        ρ = −10 (σq = 4.5e−5): with only ~10³ Adam steps (each moves ρ by about lr) ρ cannot climb
 *                        from −10 to the prior's scale, so every scalar would keep a KL of several bits; 0 = reference
 * @param engine          the training engine ({@link #DEFAULT_ENGINE} by default)
 */
public record FitSettings(int steps, double learningRate, double lrDropFraction, double initialBeta,
                          double warmupFraction, int controlInterval, double bandBits, double betaFactor, long seed, double initStdFraction,
                          TrainingEngine engine) {

    /** The β band half width of the COMBINER authors' code. */
    public static final double REFERENCE_BAND_BITS = 0.2;
    /** The β step of the COMBINER authors' code. */
    public static final double REFERENCE_BETA_FACTOR = 1.1;
    /** COMBINER's β in the authors' Kodak configuration. */
    public static final double REFERENCE_BETA = 5e-7;
    /** The seed of the COMBINER authors' code. */
    public static final long REFERENCE_SEED = 22;

    /** Default σq/σp at initialisation (see {@link #initStdFraction()}). */
    public static final double DEFAULT_INIT_STD_FRACTION = 0.5;

    /** The engine {@link #defaults()} trains with. */
    public static final TrainingEngine DEFAULT_ENGINE = TrainingEngine.FUSED;

    public FitSettings {
        Objects.requireNonNull(engine, "engine");
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, was " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, was " + learningRate);
        }
        if (!(lrDropFraction >= 0 && lrDropFraction <= 1) || !(warmupFraction >= 0 && warmupFraction <= 1)) {
            throw new IllegalArgumentException("fractions must lie in [0, 1]: " + lrDropFraction + ", " + warmupFraction);
        }
        if (!(initialBeta >= 0) || Double.isInfinite(initialBeta)) {
            throw new IllegalArgumentException("β must be finite and >= 0, was " + initialBeta);
        }
        if (controlInterval < 1) {
            throw new IllegalArgumentException("control interval must be positive, was " + controlInterval);
        }
        if (!(bandBits >= 0) || Double.isInfinite(bandBits)) {
            throw new IllegalArgumentException("band must be finite and >= 0, was " + bandBits);
        }
        if (!(betaFactor > 1) || Double.isInfinite(betaFactor)) {
            throw new IllegalArgumentException("β factor must be > 1, was " + betaFactor);
        }
    }

    /** Defaults for 64×64 tiles on a CPU (see the class comment). */
    public static FitSettings defaults() {
        return new FitSettings(1500, 1e-3, 0.8, REFERENCE_BETA, 0.1, 25, REFERENCE_BAND_BITS, REFERENCE_BETA_FACTOR,
                REFERENCE_SEED, DEFAULT_INIT_STD_FRACTION, DEFAULT_ENGINE);
    }

    public FitSettings withSteps(int n) {
        return new FitSettings(n, learningRate, lrDropFraction, initialBeta, warmupFraction, controlInterval, bandBits,
                betaFactor, seed, initStdFraction, engine);
    }

    public FitSettings withControlInterval(int n) {
        return new FitSettings(steps, learningRate, lrDropFraction, initialBeta, warmupFraction, n, bandBits,
                betaFactor, seed, initStdFraction, engine);
    }

    public FitSettings withLearningRate(double lr) {
        return new FitSettings(steps, lr, lrDropFraction, initialBeta, warmupFraction, controlInterval, bandBits,
                betaFactor, seed, initStdFraction, engine);
    }

    public FitSettings withInitialBeta(double beta) {
        return new FitSettings(steps, learningRate, lrDropFraction, beta, warmupFraction, controlInterval, bandBits,
                betaFactor, seed, initStdFraction, engine);
    }

    public FitSettings withSeed(long s) {
        return new FitSettings(steps, learningRate, lrDropFraction, initialBeta, warmupFraction, controlInterval,
                bandBits, betaFactor, s, initStdFraction, engine);
    }

    public FitSettings withInitStdFraction(double f) {
        return new FitSettings(steps, learningRate, lrDropFraction, initialBeta, warmupFraction, controlInterval,
                bandBits, betaFactor, seed, f, engine);
    }

    public FitSettings withEngine(TrainingEngine e) {
        return new FitSettings(steps, learningRate, lrDropFraction, initialBeta, warmupFraction, controlInterval,
                bandBits, betaFactor, seed, initStdFraction, e);
    }

    /** The step at which the lr is halved. */
    int lrDropStep() {
        return (int) Math.round(lrDropFraction * steps);
    }

    /** The first step at which the β controller runs. */
    int warmupSteps() {
        return (int) Math.round(warmupFraction * steps);
    }
}
