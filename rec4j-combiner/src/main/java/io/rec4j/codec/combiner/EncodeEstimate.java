package io.rec4j.codec.combiner;

import io.rec4j.codec.image.TileGrid;
import java.util.Locale;

/**
 * What encoding an image will cost, known from its size, the model and the fit settings before any work starts:
 * the tiles, the exact number of index bits (the file size depends only on these), a rough wall-clock time and
 * the Java heap the encoder needs.
 *
 * <p>The time is {@code tiles × (fit steps × }{@value #FIT_SECONDS_PER_STEP}{@code  s + blocks × }
 * {@value #CODE_SECONDS_PER_BLOCK}{@code  s)}: the wall-clock cost per tile of a step and of a coded block (refinement
 * included) of the fused engine with its Vector API kernels, two 64×64 tiles at a time, measured on a two-core
 * x86-64 machine (AMD EPYC, 2.6 GHz) encoding a 256×128 crop of a photo with the quality-2 model: fit 21.2 s for
 * 8 tiles × 1500 steps, coding with refinement 27.3 s for 8 tiles × 148 blocks. Other machines, engines and models
 * differ (without the Vector API the fit is about three times slower); it is an order of magnitude, not a promise.
 *
 * @param tiles         tiles of the model's tile size covering the image (edge tiles are padded)
 * @param blocksPerTile blocks of the model's partition, each sent with κ bits
 * @param indexBits     bits of block indices in the file: tiles × blocks × κ
 * @param seconds       estimated encoding time
 * @param heapBytes     estimated Java heap the encode needs (image, reconstruction, every tile's posterior)
 */
public record EncodeEstimate(int tiles, int blocksPerTile, long indexBits, double seconds, long heapBytes) {
    /** Measured seconds per Adam step of the posterior fit of one 64×64 tile (see the class comment). */
    public static final double FIT_SECONDS_PER_STEP = 1.8e-3;
    /** Measured seconds per coded block of one 64×64 tile, refinement included (see the class comment). */
    public static final double CODE_SECONDS_PER_BLOCK = 0.023;

    /** The estimate for a {@code width × height} image. */
    public static EncodeEstimate of(CombinerModel model, FitSettings fit, int width, int height) {
        TileGrid grid = new TileGrid(width, height, model.tile());
        int tiles = grid.tileCount();
        int blocks = model.plan().blockCount();
        double area = model.tile() * model.tile() / 4096.0; // the costs were measured on 64×64 tiles
        double seconds = tiles * area * (fit.steps() * FIT_SECONDS_PER_STEP + blocks * CODE_SECONDS_PER_BLOCK);
        long pixels = (long) grid.paddedWidth() * grid.paddedHeight();
        long params = model.architecture().parameterCount();
        // decoded input (its BufferedImage, then RGB bytes), reconstruction, posteriors (mean and variance per
        // parameter per tile) and a fixed allowance for the model, the training engine and the JVM itself
        long heap = 10 * pixels + tiles * params * 32L + (64L << 20);
        return new EncodeEstimate(tiles, blocks, (long) tiles * blocks * model.kappa(), seconds, heap);
    }

    /** The estimated time in words: "about 40 s", "about 2.5 h", "about 6 days". */
    public String describeTime() {
        String t;
        if (seconds < 90) {
            t = String.format(Locale.ROOT, "%.0f s", seconds);
        } else if (seconds < 5400) {
            t = String.format(Locale.ROOT, "%.0f min", seconds / 60);
        } else if (seconds < 2 * 86400) {
            t = String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        } else {
            t = String.format(Locale.ROOT, "%.0f days", seconds / 86400);
        }
        return "about " + t + " on two cores";
    }
}
