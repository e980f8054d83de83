package io.rec4j.pacbayes;

import java.util.SplittableRandom;

/**
 * The mean-field baseline: a factorised Gaussian posterior {@code q = N(μ, diag σ²)}, {@code σ = softplus(ρ)},
 * trained to minimise the PAC-Bayes-λ objective ("flamb" of Pérez-Ortiz et al., JMLR 22, 2021, eq. 6)
 * <pre>  E_q[L̂] / (1 − λ/2) + (KL(q‖P) + ln(2√n/δ)) / (n·λ·(1 − λ/2))</pre>
 * on the bounded cross-entropy, with one reparameterised draw {@code θ = μ + σ·ε} per minibatch and the KL to the
 * Gaussian prior in closed form; Adam (Kingma &amp; Ba 2015) in place of PBB's SGD with momentum, as fewer epochs reach
 * the optimum here. The prior, loss, data, λ and δ are those of the HMC route, so that the two certificates compare
 * the posteriors alone.
 */
public final class MeanFieldVi {
    private MeanFieldVi() {
    }

    /**
     * Training settings.
     *
     * @param epochs       passes over the data
     * @param batch        examples per step
     * @param learningRate Adam's step
     * @param lambda       λ of the objective, in (0, 2)
     * @param delta        δ of the objective's confidence term
     * @param seed         random seed (initial means, minibatch order, reparameterisation draws)
     */
    public record Settings(int epochs, int batch, double learningRate, double lambda, double delta, long seed) {
        public Settings {
            if (epochs < 1 || batch < 1 || !(learningRate > 0) || !(lambda > 0 && lambda < 2)
                    || !(delta > 0 && delta < 1)) {
                throw new IllegalArgumentException("need epochs ≥ 1, batch ≥ 1, a positive learning rate,"
                        + " λ in (0, 2) and δ in (0, 1)");
            }
        }
    }

    /** A factorised Gaussian posterior. */
    public record Posterior(double[] mean, double[] std) {
        /** {@code KL(q‖N(μ₀, diag σ₀²))} in nats. */
        public double kl(double[] priorMean, double[] priorStd) {
            double kl = 0;
            for (int i = 0; i < mean.length; i++) {
                double r = std[i] / priorStd[i];
                double z = (mean[i] - priorMean[i]) / priorStd[i];
                kl += 0.5 * (r * r + z * z - 1) - Math.log(r);
            }
            return kl;
        }

        /** A draw. */
        public double[] sample(SplittableRandom random) {
            double[] theta = new double[mean.length];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = mean[i] + std[i] * random.nextGaussian();
            }
            return theta;
        }
    }

    /** Told after each epoch with the objective's running mean. */
    public interface Listener {
        void epoch(int done, int total, double objective);
    }

    /**
     * Trains {@code q} on the data: it starts at the prior ({@code μ = μ₀}, {@code σ = σ₀}).
     *
     * @param features  {@code n·inputs} features, row-major (minibatches are cut from them)
     * @param labels    the labels
     * @param priorMean {@code μ₀} (null for 0)
     */
    public static Posterior train(float[] features, byte[] labels, int inputs, int hidden, int classes, double pMin,
            double[] priorMean, double priorStd, Settings s, Listener listener) {
        int n = labels.length;
        SplittableRandom random = new SplittableRandom(s.seed());
        MlpClassifier full = new MlpClassifier(features, labels, inputs, hidden, classes, pMin, priorMean, priorStd);
        int d = full.dimension();
        double[] m0 = full.priorMean();
        double[] s0 = full.priorStd();
        Optimizer q = new Optimizer(m0, s0, s.learningRate());
        double h = 1 - s.lambda() / 2;
        double lossWeight = 1 / h;
        double klWeight = 1 / (n * s.lambda() * h);
        double[] eps = new double[d];
        double[] theta = new double[d];
        double[] grad = new double[d];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            double objectiveSum = 0;
            int steps = 0;
            for (int from = 0; from < n; from += s.batch()) {
                int to = Math.min(n, from + s.batch());
                float[] bx = new float[(to - from) * inputs];
                byte[] by = new byte[to - from];
                for (int k = from; k < to; k++) {
                    System.arraycopy(features, order[k] * inputs, bx, (k - from) * inputs, inputs);
                    by[k - from] = labels[order[k]];
                }
                MlpClassifier batch = new MlpClassifier(bx, by, inputs, hidden, classes, pMin, priorMean, priorStd);
                q.draw(random, eps, theta);
                double loss = batch.lossAndGradient(theta, grad);
                objectiveSum += lossWeight * loss + klWeight * (q.posterior().kl(m0, s0)
                        + PacBayesBounds.confidenceTerm(n, s.delta()));
                steps++;
                double[] gSigma = new double[d];
                for (int i = 0; i < d; i++) {
                    gSigma[i] = grad[i] * eps[i];
                }
                q.step(grad, gSigma, lossWeight, klWeight);
            }
            if (listener != null) {
                listener.epoch(epoch + 1, s.epochs(), objectiveSum / steps);
            }
        }
        return q.posterior();
    }

    /**
     * The mean-field Gaussian closest to the Gibbs posterior {@code Q_β} of any {@link GibbsProblem}: minimises
     * {@code J(q) = E_q[L̂] + KL(q‖P)/β} (whose minimum over all distributions is {@code J(Q_β) = −ln Z_β/β}) by
     * full-batch Adam on {@code draws} reparameterised draws per step, starting at the prior.
     */
    public static Posterior fitGibbs(GibbsProblem problem, double beta, int steps, int draws, double learningRate,
            long seed) {
        if (!(beta > 0) || steps < 1 || draws < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("need β > 0, steps ≥ 1, draws ≥ 1 and a positive learning rate");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int d = problem.dimension();
        Optimizer q = new Optimizer(problem.priorMean(), problem.priorStd(), learningRate);
        double[] theta = new double[d];
        double[] eps = new double[d];
        double[] grad = new double[d];
        for (long t = 1; t <= steps; t++) {
            double[] gMu = new double[d];
            double[] gSigma = new double[d];
            for (int k = 0; k < draws; k++) {
                q.draw(random, eps, theta);
                problem.lossAndGradient(theta, grad);
                for (int i = 0; i < d; i++) {
                    gMu[i] += grad[i] / draws;
                    gSigma[i] += grad[i] * eps[i] / draws;
                }
            }
            q.step(gMu, gSigma, 1, 1 / beta);
        }
        return q.posterior();
    }

    /**
     * {@code q}'s parameters {@code (μ, ρ)}, starting at the prior, and Adam's moments: one step of an objective
     * {@code a·E_q[L̂] + b·KL(q‖P)} from the loss term's reparameterised gradients with respect to {@code μ} and
     * {@code σ} (the KL's are exact).
     */
    private static final class Optimizer {
        private final double[] m0;
        private final double[] s0;
        private final double rate;
        private final double[] mu;
        private final double[] rho;
        private final double[][] moments;
        private long t;

        Optimizer(double[] priorMean, double[] priorStd, double rate) {
            this.m0 = priorMean;
            this.s0 = priorStd;
            this.rate = rate;
            this.mu = priorMean.clone();
            this.rho = new double[mu.length];
            for (int i = 0; i < rho.length; i++) {
                rho[i] = Math.log(Math.expm1(priorStd[i])); // softplus⁻¹(σ₀)
            }
            this.moments = new double[4][mu.length];
        }

        /** {@code θ = μ + σ·ε} with fresh {@code ε}. */
        void draw(SplittableRandom random, double[] eps, double[] theta) {
            for (int i = 0; i < mu.length; i++) {
                eps[i] = random.nextGaussian();
                theta[i] = mu[i] + softplus(rho[i]) * eps[i];
            }
        }

        void step(double[] lossGradMu, double[] lossGradSigma, double a, double b) {
            t++;
            for (int i = 0; i < mu.length; i++) {
                double sigma = softplus(rho[i]);
                double v = s0[i] * s0[i];
                double gMu = a * lossGradMu[i] + b * (mu[i] - m0[i]) / v;
                double gSigma = a * lossGradSigma[i] + b * (sigma / v - 1 / sigma);
                mu[i] -= adam(gMu, moments[0], moments[1], i, t, rate);
                rho[i] -= adam(gSigma * sigmoid(rho[i]), moments[2], moments[3], i, t, rate);
            }
        }

        Posterior posterior() {
            double[] sigma = new double[mu.length];
            for (int i = 0; i < sigma.length; i++) {
                sigma[i] = softplus(rho[i]);
            }
            return new Posterior(mu.clone(), sigma);
        }
    }

    private static double adam(double g, double[] m, double[] v, int i, long t, double lr) {
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        double mHat = m[i] / (1 - Math.pow(0.9, t));
        double vHat = v[i] / (1 - Math.pow(0.999, t));
        return lr * mHat / (Math.sqrt(vHat) + 1e-8);
    }

    static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
