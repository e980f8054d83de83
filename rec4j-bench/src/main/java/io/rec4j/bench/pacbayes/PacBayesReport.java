package io.rec4j.bench.pacbayes;

import io.rec4j.bench.report.LinePlot;
import io.rec4j.bench.report.Table;
import io.rec4j.pacbayes.PacBayesExperiment;
import io.rec4j.pacbayes.ThermodynamicIntegration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The report of a {@link PacBayesExperiment}: a table per λ (Markdown and CSV) and PNG plots: the certificates against
 * λ for HMC and mean-field VI, the thermodynamic-integration curves {@code f̂(t)}, and the trace of the loss at the
 * last rung of every chain.
 */
public final class PacBayesReport {
    private PacBayesReport() {
    }

    /** Writes {@code <name>.csv} and the plots to {@code dir}; returns the Markdown (also written as {@code <name>.md}). */
    public static String write(List<PacBayesExperiment.Result> results, String description, Path dir, String name)
            throws IOException {
        Files.createDirectories(dir);
        Table t = new Table("lambda", "beta", "KL (TI)", "KL lower", "KL upper", "TI s.e.", "KL Hoeffding upper",
                "HMC 0-1 risk", "certificate plug-in", "plug-in at KL upper", "certificate Hoeffding", "surrogate KL", "surrogate 0-1 risk",
                "certificate surrogate", "max split-R̂", "min ESS",
                "MFVI KL", "MFVI 0-1 risk", "MFVI certificate", "MFVI − HMC (plug-in)", "HMC s", "MFVI s");
        int m = results.size();
        double[] lambda = new double[m];
        double[][] cert = new double[4][m];
        LinePlot curves = new LinePlot("Thermodynamic integration: f(t) = E[bounded CE] under Q_t", "t / beta",
                "f(t)");
        for (int i = 0; i < m; i++) {
            PacBayesExperiment.Result r = results.get(i);
            t.row(f(r.lambda()), f(r.beta()), f(r.ti().estimate().estimate()), f(r.ti().estimate().lower()),
                    f(r.ti().estimate().upper()), f(r.ti().standardError()), f(r.klUpperHoeffding()), f(r.hmcRisk()),
                    f(r.certificatePlugIn()), f(r.certificatePlugInUpper()), f(r.certificateHoeffding()), f(r.surrogateKl()), f(r.surrogateRisk()),
                    f(r.certificateSurrogate()), f(r.ti().maxRHat()), f(r.ti().minEss()),
                    f(r.viKl()), f(r.viRisk()), f(r.viCertificate()), f(r.viCertificate() - r.certificatePlugIn()),
                    f(r.hmcSeconds()), f(r.viSeconds()));
            lambda[i] = r.lambda();
            cert[0][i] = r.certificatePlugIn();
            cert[1][i] = r.certificateHoeffding();
            cert[2][i] = r.viCertificate();
            cert[3][i] = r.certificateSurrogate();
            double[] ladder = r.ti().ladder();
            double[] x = new double[ladder.length];
            double[] y = new double[ladder.length];
            for (int j = 0; j < ladder.length; j++) {
                x[j] = ladder[j] / r.beta();
                y[j] = r.ti().rungs().get(j).summary().mean();
            }
            curves.add(String.format(Locale.ROOT, "lambda = %.3g", r.lambda()), x, y);
            trace(r, dir.resolve(String.format(Locale.ROOT, "%s-trace-lambda-%.3g.png", name, r.lambda())));
        }
        t.writeCsv(dir, name);
        curves.write(dir.resolve(name + "-ti-curves.png"));
        if (m > 0) {
            new LinePlot("Certified 0-1 risk against lambda", "lambda", "certificate")
                    .add("HMC, plug-in", lambda, cert[0])
                    .add("HMC, Hoeffding", lambda, cert[1])
                    .add("HMC, Gaussian surrogate", lambda, cert[3])
                    .add("mean-field VI", lambda, cert[2])
                    .write(dir.resolve(name + "-bound-vs-lambda.png"));
        }
        String md = description + "\n\n" + t.toMarkdown() + "\n\nPlots: `" + name + "-bound-vs-lambda.png`, `" + name
                + "-ti-curves.png`, `" + name + "-trace-lambda-*.png` (loss at the last rung, every chain).\n";
        Files.writeString(dir.resolve(name + ".md"), md);
        return md;
    }

    private static void trace(PacBayesExperiment.Result r, Path file) throws IOException {
        ThermodynamicIntegration.Run ti = r.ti();
        LinePlot p = new LinePlot(String.format(Locale.ROOT, "Bounded cross-entropy at t = beta = %.4g, per chain",
                r.beta()), "draw", "empirical loss");
        for (int c = 0; c < ti.endLoss().length; c++) {
            double[] y = ti.endLoss()[c];
            double[] x = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                x[k] = k;
            }
            p.add("chain " + (c + 1), x, y, true);
        }
        p.write(file);
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
