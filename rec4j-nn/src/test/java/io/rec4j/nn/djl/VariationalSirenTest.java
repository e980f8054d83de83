package io.rec4j.nn.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.rec4j.codec.inr.SirenArchitecture;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.nn.InrPosterior;
import io.rec4j.nn.SirenInit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Variational SIREN: shapes, ELBO gradients against finite differences, training and fixing. */
class VariationalSirenTest {

    @Test
    void kodakConfigHas12675Scalars() {
        SirenArchitecture a = SirenArchitecture.combinerKodak();
        assertEquals(12_675, a.parameterCount());
        assertEquals((64 + 1) * 48, a.layerOffset(1));
        assertEquals(1.0 / 64, SirenInit.initScale(a, 0), 0);
        assertEquals(0.011785113019775792, SirenInit.initScale(a, 3), 1e-15);
        DiagonalGaussian p = SirenInit.combinerPrior(a);
        assertEquals(0.0078125, p.std(0), 1e-15);
        assertEquals(0.005892556509887896, p.std(a.parameterCount() - 1), 1e-15);
    }

    /**
     * With the noise held fixed the ELBO is a smooth deterministic function of (μ, ρ), so autograd must agree with
     * central differences. In float64 with h = 1e−6 the truncation error is O(h²·f''') and the rounding error about
     * 1e−16·|f|/h ≈ 1e−10·|f|; we allow 1e−6 relative to max(|g|, 1e−3) — orders above both, orders below any real
     * error (a wrong factor or a missing term changes a gradient by O(|g|)).
     */
    @Test
    void elboGradientMatchesCentralDifferences() {
        SirenArchitecture arch = SirenArchitecture.of(2, 8, 6, 3 - 1, 3);
        int p = arch.parameterCount();
        SplittableRandom r = new SplittableRandom(11);
        double[] mu = new double[p], rho = new double[p], pm = new double[p], ps = new double[p], beta = new double[p];
        for (int i = 0; i < p; i++) {
            mu[i] = 0.05 * r.nextGaussian();
            rho[i] = -4 + r.nextDouble(); // σ ≈ 0.02..0.05: the noise path matters
            pm[i] = 0.02 * r.nextGaussian();
            ps[i] = 0.05 + 0.05 * r.nextDouble();
            beta[i] = 1e-4 * (1 + r.nextDouble());
        }
        int h = 5, w = 4;
        double[] img = new double[h * w * 3];
        for (int i = 0; i < img.length; i++) {
            img[i] = r.nextDouble();
        }
        BetaElbo elbo = new BetaElbo(DiagonalGaussian.of(pm, ps), beta);
        int fixedIndex = 3;
        int[] probe = {0, 5, 47, arch.layerOffset(1) + 2, arch.layerOffset(1) + 6 * 6 + 1, arch.layerOffset(2) + 4,
                p - 1, fixedIndex};
        try (VariationalSiren q = VariationalSiren.fromRaw(arch, DataType.FLOAT64, mu, rho);
             BetaElbo.Bound bound = elbo.bind(q);
             NDManager m = NDManager.newBaseManager()) {
            q.fix(new int[] {fixedIndex}, new double[] {0.01});
            NDArray feats = q.embedding().apply(CoordinateGrid.of(m, h, w, DataType.FLOAT64));
            NDArray target = m.create(img).reshape(h * w, 3);
            Engine.getInstance().setRandomSeed(5);
            SirenNoise noise = q.sampleNoise(m, h * w);

            double[] gMu = new double[probe.length];
            double[] gRho = new double[probe.length];
            try (NDScope scope = new NDScope()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(bound.loss(feats, target, noise).loss());
                }
                for (int j = 0; j < probe.length; j++) {
                    gMu[j] = gradientAt(q, probe[j], false);
                    gRho[j] = gradientAt(q, probe[j], true);
                }
            }
            double step = 1e-6;
            for (int j = 0; j < probe.length; j++) {
                for (boolean isRho : new boolean[] {false, true}) {
                    int i = probe[j];
                    double base = isRho ? rho[i] : mu[i];
                    q.setRaw(i, isRho, base + step);
                    double up = loss(bound, feats, target, noise);
                    q.setRaw(i, isRho, base - step);
                    double down = loss(bound, feats, target, noise);
                    q.setRaw(i, isRho, base);
                    double fd = (up - down) / (2 * step);
                    double ad = isRho ? gRho[j] : gMu[j];
                    String what = (isRho ? "ρ" : "μ") + "[" + i + "]";
                    if (i == fixedIndex) {
                        assertEquals(0.0, ad, 0.0, "fixed " + what);
                        assertEquals(0.0, fd, 1e-9, "fixed " + what);
                    } else {
                        assertEquals(fd, ad, 1e-6 * Math.max(Math.abs(fd), 1e-3), what);
                        assertTrue(Math.abs(ad) > 1e-8, what + " gradient should not vanish");
                    }
                }
            }
        }
    }

    private static double gradientAt(VariationalSiren q, int i, boolean rho) {
        for (VariationalSiren.Tensor t : q.tensors()) {
            if (i >= t.offset && i < t.offset + t.size()) {
                return (rho ? t.rho : t.mu).getGradient().toDoubleArray()[i - t.offset];
            }
        }
        throw new AssertionError();
    }

    private static double loss(BetaElbo.Bound b, NDArray f, NDArray t, SirenNoise n) {
        try (NDScope scope = new NDScope()) {
            return b.loss(f, t, n).loss().getDouble();
        }
    }

    static float[][][] pattern(int size) {
        return io.rec4j.nn.TestPatterns.pattern(size);
    }

    static double psnr(double mse) {
        return -10 * Math.log10(mse);
    }

    /**
     * 150 Adam steps at lr 1e−3 must fit the pattern: the posterior-mean PSNR rises by at least 15 dB (a 30× lower
     * MSE). The untrained network outputs ≈ 0 (PSNR ≈ 7 dB), so this demands a fit well past the image mean
     * (predicting the mean colour alone gives ≈ 12 dB).
     */
    @Test
    void trainingRaisesPsnrSubstantially() {
        SirenArchitecture arch = SirenArchitecture.of(2, 32, 32, 4 - 1, 3);
        float[][][] img = pattern(16);
        DiagonalGaussian prior = SirenInit.combinerPrior(arch);
        try (VariationalSiren q = VariationalSiren.create(arch, DataType.FLOAT32, 1);
             PosteriorTrainer tr = new PosteriorTrainer(q, img, BetaElbo.uniform(prior, 1e-6), 1e-3)) {
            Engine.getInstance().setRandomSeed(1);
            double before = psnr(tr.meanMse());
            InrPosterior.StepStats s = tr.run(150);
            double after = psnr(tr.meanMse());
            System.out.printf("PSNR %.2f dB -> %.2f dB, last loss %.3e (mse %.3e, βKL %.3e)%n", before, after,
                    s.loss(), s.mse(), s.weightedKl());
            assertTrue(after - before >= 15, "PSNR " + before + " -> " + after);
        }
    }

    @Test
    void fixedScalarsStayExactlyAtTheirValues() {
        SirenArchitecture arch = SirenArchitecture.of(2, 16, 16, 3 - 1, 3);
        int p = arch.parameterCount();
        SplittableRandom r = new SplittableRandom(3);
        int[] idx = r.ints(0, p).distinct().limit(60).toArray();
        double[] val = new double[idx.length];
        for (int j = 0; j < idx.length; j++) {
            val[j] = (float) (0.01 * r.nextGaussian()); // representable in float32
        }
        try (VariationalSiren q = VariationalSiren.create(arch, DataType.FLOAT32, 2);
             PosteriorTrainer tr = new PosteriorTrainer(q, pattern(8),
                     BetaElbo.uniform(SirenInit.combinerPrior(arch), 1e-5), 1e-3)) {
            Engine.getInstance().setRandomSeed(2);
            tr.run(20); // build up Adam momentum before fixing
            double[] rhoBefore = q.rawStds();
            q.fix(idx, val);
            assertEquals(p - idx.length, q.freeCount());
            double[] meansBefore = q.posteriorMeans();
            tr.run(30);
            double[] means = q.posteriorMeans();
            double[] sds = q.posteriorStds();
            double[] rhoAfter = q.rawStds();
            for (int j = 0; j < idx.length; j++) {
                assertEquals(val[j], means[idx[j]], 0.0);
                assertEquals(0.0, sds[idx[j]], 0.0);
                assertEquals(rhoBefore[idx[j]], rhoAfter[idx[j]], 0.0);
            }
            int moved = 0;
            for (int i = 0; i < p; i++) {
                if (!q.isFixed(i) && means[i] != meansBefore[i]) {
                    moved++;
                }
            }
            assertEquals(p - idx.length, moved, "every free mean keeps training");
        }
    }
}
