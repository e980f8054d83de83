package io.rec4j.pacbayes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paper's comparison on one data set (Ujváry et al., arXiv 2310.20053; docs/pacbayes.md, "Experiment"): for each
 * λ of a grid, the Gibbs posterior at {@code β = λ·n} (the minimiser of the λ objective) sampled by HMC with its KL
 * estimated by thermodynamic integration, and the mean-field posterior trained on the same objective; both certified
 * with the kl bound on the 0-1 loss. The network is an {@link MlpClassifier}, the prior {@code N(μ₀, σ₀²I)} with
 * {@code μ₀} a seeded random network drawn without the data.
 *
 * <p>Certificates, each with its assumptions:
 * <ul>
 *   <li><b>plug-in</b> (the paper's first kind): the TI point estimate taken as the KL, the HMC draws of the last rung
 *       as independent draws of {@code Q_β} (the Monte-Carlo correction with {@code m} = their number); confidence
 *       {@code 1 − δ − δ′} only if those held;</li>
 *   <li><b>Hoeffding</b>: draws at each rung taken as {@code ESS} independent ones; the bounded loss gives
 *       {@code f_j ≤ f̂_j + √(ln(2(M+1)/δ_TI)/(2·ESS_j))} and {@code f_M ≥ f̂_M − …}, so by monotonicity the left sum
 *       with the upper values minus {@code β·f_M}'s lower value bounds the KL; the 0-1 risk is corrected with
 *       {@code m = ESS}; confidence {@code 1 − δ − δ′ − δ_TI};</li>
 *   <li><b>surrogate</b> (no assumption on the sampler): the diagonal Gaussian with the last rung's means and
 *       variances is certified in place of {@code Q_β}, its KL in closed form and its risk from exact draws;
 *       confidence {@code 1 − δ − δ′};</li>
 *   <li><b>mean-field</b>: KL in closed form, risk from {@code m} exact draws of {@code q}; confidence
 *       {@code 1 − δ − δ′}.</li>
 * </ul>
 */
public final class PacBayesExperiment {
    private PacBayesExperiment() {
    }

    /**
     * Settings.
     *
     * @param hidden       the MLP's hidden width
     * @param pMin         the bounded cross-entropy's floor
     * @param priorStd     σ₀
     * @param lambdas      the λ grid, each in (0, 2)
     * @param rungs        TI rungs per λ
     * @param power        the ladder's power
     * @param chains       HMC chains
     * @param hmc          HMC settings per rung
     * @param finalDraws   kept draws per chain at the last rung (for {@code f_M} and the certificate's risk)
     * @param viEpochs     MFVI epochs
     * @param viLearningRate MFVI's Adam step
     * @param viSamples    draws of {@code q} for its risk
     * @param delta        δ of the kl bound
     * @param deltaPrime   δ′ of the Monte-Carlo risk correction
     * @param deltaTi      δ_TI of the Hoeffding KL bound
     * @param seed         seed (prior mean, chains, VI)
     */
    public record Settings(int hidden, double pMin, double priorStd, double[] lambdas, int rungs, double power,
            int chains, Hmc.Settings hmc, int finalDraws, int viEpochs, double viLearningRate, int viSamples, double delta,
            double deltaPrime, double deltaTi, long seed) {
        public Settings {
            for (double l : lambdas) {
                if (!(l > 0 && l < 2)) {
                    throw new IllegalArgumentException("every λ must be in (0, 2), got " + l);
                }
            }
            if (lambdas.length == 0 || hidden < 1 || rungs < 1 || chains < 1 || finalDraws < 4 || viEpochs < 1
                    || viSamples < 1
                    || !(delta > 0) || !(deltaPrime > 0) || !(deltaTi > 0) || delta + deltaPrime + deltaTi >= 1) {
                throw new IllegalArgumentException("need a λ grid, hidden, rungs, chains, epochs and samples ≥ 1 and"
                        + " δ, δ′, δ_TI > 0 summing below 1");
            }
            lambdas = lambdas.clone();
        }
    }

    /** One λ's results. */
    public record Result(double lambda, double beta, ThermodynamicIntegration.Run ti, double hmcRisk, double hmcEss,
            double klUpperHoeffding, double certificatePlugIn, double certificatePlugInUpper,
            double certificateHoeffding, double surrogateKl, double surrogateRisk, double certificateSurrogate,
            double viKl, double viRisk, double viCertificate, double hmcSeconds, double viSeconds) {
    }

    /** Told as work progresses. */
    public interface Listener {
        void stage(String name, long total);

        void step(long done);
    }

    /** Runs the comparison on {@code n} examples ({@code features} {@code n·inputs}, labels in [0, classes)). */
    public static List<Result> run(float[] features, byte[] labels, int inputs, int classes, Settings s,
            Listener listener) {
        int n = labels.length;
        double[] priorMean = MlpClassifier.initialise(inputs, s.hidden(), classes, new SplittableRandom(s.seed()));
        MlpClassifier problem = new MlpClassifier(features, labels, inputs, s.hidden(), classes, s.pMin(), priorMean,
                s.priorStd());
        List<Result> out = new ArrayList<>();
        for (double lambda : s.lambdas()) {
            double beta = lambda * n;
            double[] ladder = ThermodynamicIntegration.powerLadder(beta, s.rungs(), s.power());
            if (listener != null) {
                listener.stage(String.format(java.util.Locale.ROOT, "HMC, λ = %.3g", lambda), ladder.length);
            }
            long t0 = System.nanoTime();
            int d = problem.dimension();
            double[][] sums = new double[s.chains()][d];
            double[][] sumSquares = new double[s.chains()][d];
            ThermodynamicIntegration.Run ti = ThermodynamicIntegration.runPerChain(problem, ladder, s.chains(), s.hmc(),
                    s.finalDraws(), s.seed() + Double.doubleToLongBits(lambda), (done, total, rung) -> {
                        if (listener != null) {
                            listener.step(done);
                        }
                    }, c -> theta -> {
                        double[] sum = sums[c];
                        double[] squares = sumSquares[c];
                        for (int i = 0; i < theta.length; i++) {
                            sum[i] += theta[i];
                            squares[i] += theta[i] * theta[i];
                        }
                        return problem.error(theta);
                    });
            double hmcSeconds = (System.nanoTime() - t0) / 1e9;
            Diagnostics.Summary risk = Diagnostics.summarise(ti.endStatistic());
            long draws = (long) s.chains() * s.finalDraws();
            double klPlugIn = Math.max(0, ti.estimate().estimate());
            double plugIn = PacBayesBounds.certificate(clamp(risk.mean()), draws, s.deltaPrime(), klPlugIn, n,
                    s.delta());
            // the same with the bracket's upper end (the left sum) as the KL: what the TI discretisation can cost
            double plugInUpper = PacBayesBounds.certificate(clamp(risk.mean()), draws, s.deltaPrime(),
                    Math.max(0, ti.estimate().upper()), n, s.delta());
            double klUpper = hoeffdingUpper(ti, s.deltaTi());
            long essRisk = Math.max(1, (long) Math.floor(risk.ess()));
            double hoeffding = PacBayesBounds.certificate(clamp(risk.mean()), essRisk, s.deltaPrime(), klUpper, n,
                    s.delta());
            // the surrogate: the diagonal Gaussian with the last rung's means and variances, certified by exact draws
            double[] mean = new double[d];
            double[] std = new double[d];
            double count = (double) s.chains() * s.finalDraws();
            for (int i = 0; i < d; i++) {
                double m1 = 0;
                double m2 = 0;
                for (int c = 0; c < s.chains(); c++) {
                    m1 += sums[c][i];
                    m2 += sumSquares[c][i];
                }
                m1 /= count;
                std[i] = Math.sqrt(Math.max(m2 / count - m1 * m1, 1e-12 * s.priorStd() * s.priorStd()));
                mean[i] = m1;
            }
            MeanFieldVi.Posterior surrogate = new MeanFieldVi.Posterior(mean, std);
            double surrogateKl = surrogate.kl(problem.priorMean(), problem.priorStd());
            SplittableRandom sr = new SplittableRandom(s.seed() + 3);
            double surrogateRisk = 0;
            for (int k = 0; k < s.viSamples(); k++) {
                surrogateRisk += problem.error(surrogate.sample(sr)) / s.viSamples();
            }
            double surrogateCert = PacBayesBounds.certificate(clamp(surrogateRisk), s.viSamples(), s.deltaPrime(),
                    surrogateKl, n, s.delta());
            if (listener != null) {
                listener.stage(String.format(java.util.Locale.ROOT, "mean-field VI, λ = %.3g", lambda), s.viEpochs());
            }
            long t1 = System.nanoTime();
            MeanFieldVi.Posterior q = MeanFieldVi.train(features, labels, inputs, s.hidden(), classes, s.pMin(),
                    priorMean, s.priorStd(), new MeanFieldVi.Settings(s.viEpochs(), 100, s.viLearningRate(), lambda, s.delta(),
                            s.seed() + 1), (done, total, objective) -> {
                                if (listener != null) {
                                    listener.step(done);
                                }
                            });
            SplittableRandom r = new SplittableRandom(s.seed() + 2);
            double viRisk = 0;
            for (int k = 0; k < s.viSamples(); k++) {
                viRisk += problem.error(q.sample(r)) / s.viSamples();
            }
            double viKl = q.kl(problem.priorMean(), problem.priorStd());
            double viCert = PacBayesBounds.certificate(clamp(viRisk), s.viSamples(), s.deltaPrime(), viKl, n, s.delta());
            double viSeconds = (System.nanoTime() - t1) / 1e9;
            out.add(new Result(lambda, beta, ti, risk.mean(), risk.ess(), klUpper, plugIn, plugInUpper, hoeffding,
                    surrogateKl, surrogateRisk, surrogateCert, viKl, viRisk, viCert, hmcSeconds, viSeconds));
        }
        return out;
    }

    /**
     * The Hoeffding upper bound on {@code KL(Q_β‖P)}: per rung {@code f̂_j ± √(ln(2(M+1)/δ_TI)/(2·ESS_j))} (a union over
     * the {@code M+1} rungs, two-sided), clipped to [0, 1], the left sum of the upper values minus {@code β} times the
     * last rung's lower value. Assumes the loss in [0, 1] and {@code ESS_j} independent draws per rung.
     */
    public static double hoeffdingUpper(ThermodynamicIntegration.Run ti, double deltaTi) {
        double[] t = ti.ladder();
        int last = t.length - 1;
        double kl = 0;
        for (int j = 0; j < last; j++) {
            kl += (t[j + 1] - t[j]) * Math.min(1, ti.rungs().get(j).summary().mean() + radius(ti, j, deltaTi));
        }
        double fEnd = Math.max(0, ti.rungs().get(last).summary().mean() - radius(ti, last, deltaTi));
        return Math.max(0, kl - t[last] * fEnd);
    }

    private static double radius(ThermodynamicIntegration.Run ti, int j, double deltaTi) {
        double ess = Math.max(1, ti.rungs().get(j).summary().ess());
        return Math.sqrt(Math.log(2.0 * ti.ladder().length / deltaTi) / (2 * ess));
    }

    private static double clamp(double risk) {
        return Math.min(1, Math.max(0, risk));
    }
}
