package io.rec4j.codec.combiner;

import io.rec4j.codec.image.Psnr;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.core.rec.dist.DiagonalGaussian;
import io.rec4j.core.rec.plan.BlockListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The COMBINER encoder (Guo et al., NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md}, "Per-block β control" and
 * "Block coding and progressive refinement"): the image is cut into the model's tiles ({@link TileGrid}, edge padding),
 * a posterior is fitted to every tile ({@link PosteriorFitter}), and the tiles are coded block by block with κ-bit
 * ordered random coding by {@link CombinerCodec#encode}, with {@link ProgressiveRefinement} between blocks. Decoding is
 * {@link CombinerCodec#decode} (pure Java).
 */
public final class CombinerEncoder {
    /** Fit progress is reported every this many Adam steps. */
    static final int PROGRESS_EVERY_STEPS = 50;

    /** Encoding stages reported to a {@link Progress}. */
    public enum Stage {
        /** Fitting tile posteriors. */
        FIT,
        /** Coding tiles block by block (with refinement). */
        CODE
    }

    /** Progress hook, e.g. for a CLI progress bar; called on the encoding thread. */
    @FunctionalInterface
    public interface Progress {
        /** Does nothing. */
        Progress NONE = (stage, done, total) -> { };

        /**
         * {@code done} of {@code total} units of {@code stage} are finished (called with done = 0 first): Adam steps
         * over all tiles for {@link Stage#FIT}, blocks over all tiles for {@link Stage#CODE}.
         */
        void update(Stage stage, int done, int total);
    }

    /**
     * What the encoder produced.
     *
     * @param file           the COMBINER file
     * @param reconstruction what the decoder will reconstruct (bit for bit)
     * @param bpp            8·file bytes / pixels (everything in the file counted)
     * @param psnr           8-bit PSNR of the reconstruction against the input, dB
     * @param fits           the per-tile fits before coding, in tile order
     * @param fitNanos       wall time of all fits
     * @param codeNanos      wall time of coding with refinement
     */
    public record Encoded(byte[] file, RgbImage reconstruction, double bpp, double psnr,
                          List<PosteriorFitter.Result> fits, long fitNanos, long codeNanos) {
    }

    private final CombinerModel model;
    private final FitSettings fit;
    private final ProgressiveRefinement.Schedule refinement;

    public CombinerEncoder(CombinerModel model, FitSettings fit, ProgressiveRefinement.Schedule refinement) {
        this.model = Objects.requireNonNull(model);
        this.fit = Objects.requireNonNull(fit);
        this.refinement = Objects.requireNonNull(refinement);
    }

    /** Default fit and refinement schedules. */
    public static CombinerEncoder withDefaults(CombinerModel model) {
        return new CombinerEncoder(model, FitSettings.defaults(), ProgressiveRefinement.Schedule.defaults());
    }

    public Encoded encode(RgbImage image) {
        return encode(image, Progress.NONE);
    }

    public Encoded encode(RgbImage image, Progress progress) {
        TileGrid grid = TileGrid.of(image, model.tile());
        List<RgbImage> tiles = grid.split(image);
        PosteriorFitter fitter = new PosteriorFitter(model, fit);
        List<PosteriorFitter.Session> sessions = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            List<PosteriorFitter.Result> fits = new ArrayList<>();
            List<DiagonalGaussian> posteriors = new ArrayList<>();
            int n = tiles.size();
            int steps = fit.steps();
            int blocks = model.plan().blockCount();
            progress.update(Stage.FIT, 0, n * steps);
            for (int t = 0; t < n; t++) {
                PosteriorFitter.Session s = fitter.open(tiles.get(t), t);
                sessions.add(s);
                int base = t * steps;
                PosteriorFitter.Result r = s.run(i -> {
                    if (i % PROGRESS_EVERY_STEPS == 0 || i == steps) {
                        progress.update(Stage.FIT, base + i, n * steps);
                    }
                });
                fits.add(r);
                posteriors.add(r.posterior());
            }
            long t1 = System.nanoTime();
            progress.update(Stage.CODE, 0, n * blocks);
            CombinerCodec.Encoded e = CombinerCodec.encode(model, image.width(), image.height(), posteriors, t -> {
                BlockListener refine = ProgressiveRefinement.listener(sessions.get(t), refinement);
                int base = t * blocks;
                return (block, remaining) -> {
                    refine.blockCoded(block, remaining);
                    progress.update(Stage.CODE, base + block.step() + 1, n * blocks);
                };
            });
            long t2 = System.nanoTime();
            return new Encoded(e.file(), e.reconstruction(), e.bpp(), Psnr.psnr(image, e.reconstruction()), fits,
                    t1 - t0, t2 - t1);
        } finally {
            for (PosteriorFitter.Session s : sessions) {
                s.close();
            }
        }
    }
}
