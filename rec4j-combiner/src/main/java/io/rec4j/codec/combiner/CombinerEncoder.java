package io.rec4j.codec.combiner;

import io.rec4j.codec.image.OverlapWindow;
import io.rec4j.codec.image.Psnr;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.core.rec.plan.BlockListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The COMBINER encoder (Guo et al., NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md}, "Per-block β control" and
 * "Block coding and progressive refinement"): the image is cut into the model's tiles ({@link TileGrid}, edge padding),
 * a posterior is fitted to every tile ({@link PosteriorFitter}), and the tiles are coded block by block with κ-bit
 * ordered random coding ({@link CombinerCodec#encodeTile}), with {@link ProgressiveRefinement} between blocks; tiles are
 * independent, so up to one per core is fitted and coded at once, and {@link CombinerCodec#assemble} writes the file.
 * Decoding is {@link CombinerCodec#decode} (pure Java).
 *
 * <p>With a margin {@code m > 0} ({@link #withMargin}) the tiles overlap (bitstream revision 4,
 * {@code docs/combiner.md}, "Overlapping tiles"): each tile's posterior is fitted on the {@code (T+2m)²} window of
 * the tile and {@code m} pixels of its neighbours ({@link OverlapWindow#split}), and the decoder blends the windows
 * across the borders with a fixed ramp. The tile grid, and so the rate, is that of {@code m = 0}; an image of one
 * tile has no borders and is written as revision 3.
 */
public final class CombinerEncoder {
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
     * @param fitNanos       wall time until every tile is fitted (a tile is coded as soon as it is fitted, so the
     *                       coding of the first tiles overlaps the fits of the last)
     * @param codeNanos      wall time from then to the finished file
     */
    public record Encoded(byte[] file, RgbImage reconstruction, double bpp, double psnr,
                          List<PosteriorFitter.Result> fits, long fitNanos, long codeNanos) {
    }

    private final CombinerModel model;
    private final FitSettings fit;
    private final ProgressiveRefinement.Schedule refinement;
    private final int parallelism;
    private final int margin;

    /** An encoder that works on up to one tile per core at once. */
    public CombinerEncoder(CombinerModel model, FitSettings fit, ProgressiveRefinement.Schedule refinement) {
        this(model, fit, refinement, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param parallelism tiles (or, in {@link #encodeAll}, images) fitted and coded at once (≥ 1). Every tile trains
     *                    on one thread, so files do not depend on it (nor on the machine's core count).
     */
    public CombinerEncoder(CombinerModel model, FitSettings fit, ProgressiveRefinement.Schedule refinement,
                           int parallelism) {
        this(model, fit, refinement, parallelism, 0);
    }

    /**
     * @param margin overlap of the tiles in pixels: 0 for independent tiles (bitstream revision 3), otherwise
     *               {@code 1 … T/2} (revision 4)
     */
    public CombinerEncoder(CombinerModel model, FitSettings fit, ProgressiveRefinement.Schedule refinement,
                           int parallelism, int margin) {
        if (margin != 0) {
            new OverlapWindow(model.tile(), margin); // checks the range
        }
        this.margin = margin;
        this.model = Objects.requireNonNull(model);
        this.fit = Objects.requireNonNull(fit);
        this.refinement = Objects.requireNonNull(refinement);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** This encoder with tiles overlapping by {@code margin} pixels (0: independent tiles). */
    public CombinerEncoder withMargin(int margin) {
        return new CombinerEncoder(model, fit, refinement, parallelism, margin);
    }

    /** The tiles' overlap in pixels (0: independent tiles). */
    public int margin() {
        return margin;
    }

    /** Default fit and refinement schedules. */
    public static CombinerEncoder withDefaults(CombinerModel model) {
        return new CombinerEncoder(model, FitSettings.defaults(), ProgressiveRefinement.Schedule.defaults());
    }

    public Encoded encode(RgbImage image) {
        return encode(image, Progress.NONE);
    }

    public Encoded encode(RgbImage image, Progress progress) {
        return encode(image, progress, parallelism);
    }

    /**
     * Encodes a batch of images, {@link #parallelism} images at a time, every tile trained on one thread: the batch
     * encoding of COMBINER (the paper codes 500 CIFAR-10 images together on one GPU) in the form that pays on a CPU,
     * where one small image's products are too short to split over cores. Each file is the one
     * {@link #encode(RgbImage)} writes for that image: it depends only on the image, the model and the settings, not on
     * the batch, its order or the core count.
     *
     * @param imageDone called with an image's index as soon as its file is ready (from a worker thread)
     * @return the encodings, in the order of {@code images}
     */
    public List<Encoded> encodeAll(List<RgbImage> images, IntConsumer imageDone) {
        int n = images.size();
        Encoded[] out = new Encoded[n];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, n)), r -> {
            Thread t = new Thread(r, "rec4j-encoder-image");
            t.setDaemon(true);
            return t;
        });
        try {
            runTiles(pool, n, i -> {
                out[i] = encode(images.get(i), Progress.NONE, 1);
                imageDone.accept(i);
            }, () -> { });
        } finally {
            pool.shutdownNow();
        }
        return List.of(out);
    }

    private Encoded encode(RgbImage image, Progress progress, int workers) {
        TileGrid grid = TileGrid.of(image, model.tile());
        int m = grid.tileCount() > 1 ? margin : 0; // one tile has no borders to blend
        List<RgbImage> tiles = m == 0 ? grid.split(image) : new OverlapWindow(model.tile(), m).split(grid, image);
        int n = tiles.size();
        int steps = fit.steps();
        int blocks = model.plan().blockCount();
        // One thread per tile, always: the engine's float sums depend on its thread count, so this keeps a file
        // independent of the machine's cores and of how many images are encoded together.
        int engineThreads = 1;
        PosteriorFitter fitter = new PosteriorFitter(model, fit);
        PosteriorFitter.Session[] sessions = new PosteriorFitter.Session[n];
        PosteriorFitter.Result[] fits = new PosteriorFitter.Result[n];
        CombinerCodec.TileCode[] codes = new CombinerCodec.TileCode[n];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, n), r -> {
            Thread t = new Thread(r, "rec4j-encoder-tile");
            t.setDaemon(true);
            return t;
        });
        try {
            long t0 = System.nanoTime();
            AtomicInteger stepsDone = new AtomicInteger();
            AtomicInteger blocksDone = new AtomicInteger();
            AtomicInteger fitsDone = new AtomicInteger();
            AtomicLong fitsEnd = new AtomicLong();
            progress.update(Stage.FIT, 0, n * steps);
            boolean[] coding = {false};
            // Each tile is fitted and then coded by the same worker, so at most one trainer per worker is alive.
            runTiles(pool, n, t -> {
                PosteriorFitter.Session s = fitter.open(tiles.get(t), t, engineThreads);
                sessions[t] = s;
                fits[t] = s.run(i -> stepsDone.incrementAndGet());
                if (fitsDone.incrementAndGet() == n) {
                    fitsEnd.set(System.nanoTime());
                }
                BlockListener refine = ProgressiveRefinement.listener(s, refinement);
                codes[t] = CombinerCodec.encodeTile(model, t, fits[t].posterior(), (block, remaining) -> {
                    refine.blockCoded(block, remaining);
                    blocksDone.incrementAndGet();
                });
                s.close(); // frees the tile's trainer as soon as it is coded
                sessions[t] = null;
            }, () -> {
                if (!coding[0]) {
                    progress.update(Stage.FIT, stepsDone.get(), n * steps);
                    if (fitsDone.get() < n) {
                        return;
                    }
                    coding[0] = true; // every fit is done: from now on the blocks are reported
                    progress.update(Stage.CODE, 0, n * blocks);
                }
                progress.update(Stage.CODE, blocksDone.get(), n * blocks);
            });
            long t1 = fitsEnd.get();
            CombinerCodec.Encoded e = CombinerCodec.assemble(model, image.width(), image.height(), m,
                    List.of(codes));
            long t2 = System.nanoTime();
            return new Encoded(e.file(), e.reconstruction(), e.bpp(), Psnr.psnr(image, e.reconstruction()),
                    List.of(fits), t1 - t0, t2 - t1);
        } finally {
            pool.shutdownNow();
            for (PosteriorFitter.Session s : sessions) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /**
     * Runs {@code task} for tiles 0…n−1 on {@code pool} and returns when all are done, calling {@code report} on
     * this thread about every {@link #REPORT_MILLIS} ms meanwhile and once at the end. The first failure (in tile
     * order) is rethrown here.
     */
    private static void runTiles(ExecutorService pool, int n, IntConsumer task, Runnable report) {
        List<Future<?>> futures = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            int tile = t;
            futures.add(pool.submit(() -> task.accept(tile)));
        }
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get(REPORT_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    report.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while encoding", e);
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException("tile encoding failed", c);
                }
            }
        }
        report.run();
    }

    /** How often {@link #runTiles} reports progress. */
    private static final long REPORT_MILLIS = 200;
}
