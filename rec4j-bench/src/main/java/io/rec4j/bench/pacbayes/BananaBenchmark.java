package io.rec4j.bench.pacbayes;

import io.rec4j.bench.report.Table;
import io.rec4j.pacbayes.BananaToy;
import io.rec4j.pacbayes.Hmc;
import io.rec4j.pacbayes.MeanFieldVi;
import io.rec4j.pacbayes.ThermodynamicIntegration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The banana toy at several β (docs/pacbayes.md): KL of the Gibbs posterior by quadrature, by thermodynamic integration
 * with quadrature-exact {@code f} and with HMC; the objective {@code J = E[L̂] + KL/β} of the Gibbs posterior and of the
 * best mean-field Gaussian.
 */
public final class BananaBenchmark {
    private BananaBenchmark() {
    }

    /** One β's row. */
    public record Row(double beta, double klQuadrature, double klExactF, double lowerExactF, double upperExactF,
            double klHmc, double seHmc, double maxRHat, double minEss, double jGibbs, double jMeanField,
            double jMeanFieldSe, double klMeanField, double seconds) {
    }

    /** Runs one β: {@code rungs} power-4 rungs, {@code chains} chains of {@code settings}. */
    public static Row run(double beta, int rungs, int chains, Hmc.Settings settings, long seed) {
        long t0 = System.nanoTime();
        BananaToy toy = new BananaToy();
        BananaToy.Quadrature q = BananaToy.quadrature(beta, 800);
        double[] ladder = ThermodynamicIntegration.powerLadder(beta, rungs, 4);
        double[] f = new double[ladder.length];
        for (int j = 0; j < ladder.length; j++) {
            f[j] = BananaToy.quadrature(ladder[j], 400).expectedLoss();
        }
        ThermodynamicIntegration.Estimate exact = ThermodynamicIntegration.integrate(ladder, f);
        ThermodynamicIntegration.Run hmc = ThermodynamicIntegration.run(toy, ladder, chains, settings, seed, null);
        MeanFieldVi.Posterior mf = MeanFieldVi.fitGibbs(toy, beta, 3000, 16, 0.01, seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        int m = 20_000;
        double sum = 0;
        double sum2 = 0;
        for (int k = 0; k < m; k++) {
            double l = toy.loss(mf.sample(r));
            sum += l;
            sum2 += l * l;
        }
        double mean = sum / m;
        double klMf = mf.kl(toy.priorMean(), toy.priorStd());
        return new Row(beta, q.kl(), exact.estimate(), exact.lower(), exact.upper(), hmc.estimate().estimate(),
                hmc.standardError(), hmc.maxRHat(), hmc.minEss(), -q.logZ() / beta, mean + klMf / beta,
                Math.sqrt((sum2 / m - mean * mean) / m), klMf, (System.nanoTime() - t0) / 1e9);
    }

    /** The rows as a table. */
    public static Table table(java.util.List<Row> rows) {
        Table t = new Table("beta", "KL quadrature", "KL by TI, exact f", "bracket", "KL by HMC-TI", "± s.e.",
                "max split-R̂", "min ESS", "J Gibbs (−ln Z/β)", "J mean-field", "± s.e.", "KL mean-field", "s");
        for (Row x : rows) {
            t.row(f(x.beta()), f(x.klQuadrature()), f(x.klExactF()), "[" + f(x.lowerExactF()) + ", "
                    + f(x.upperExactF()) + "]", f(x.klHmc()), f(x.seHmc()), f(x.maxRHat()), f(x.minEss()),
                    f(x.jGibbs()), f(x.jMeanField()), f(x.jMeanFieldSe()), f(x.klMeanField()), f(x.seconds()));
        }
        return t;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
