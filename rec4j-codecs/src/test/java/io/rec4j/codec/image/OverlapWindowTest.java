package io.rec4j.codec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OverlapWindowTest {

    /** Along an axis, the weights of the tiles covering each padded-image sample sum to D exactly. */
    @Test
    void axisWeightsSumToTheDenominatorEverywhere() {
        for (int t : new int[] {2, 8, 64}) {
            for (int m = 1; 2 * m <= t; m = m < 4 ? m + 1 : m * 2) {
                OverlapWindow w = new OverlapWindow(t, m);
                for (int tiles = 1; tiles <= 4; tiles++) {
                    int[] sum = new int[tiles * t];
                    for (int k = 0; k < tiles; k++) {
                        for (int i = 0; i < w.span(); i++) {
                            int p = k * t - m + i;
                            int wt = w.weight(k, tiles, i);
                            assertTrue(wt >= 0 && wt <= w.denominator());
                            if (p < 0 || p >= tiles * t) {
                                assertEquals(0, wt, "outside the padded image");
                            } else {
                                sum[p] += wt;
                            }
                        }
                    }
                    for (int p = 0; p < sum.length; p++) {
                        assertEquals(w.denominator(), sum[p], "T=" + t + " m=" + m + " tiles=" + tiles + " p=" + p);
                    }
                }
            }
        }
    }

    /** In 2-D the product weights sum to D² at every pixel: a constant in every window blends to that constant. */
    @Test
    void constantWindowsBlendToTheConstant() {
        OverlapWindow w = new OverlapWindow(8, 3);
        TileGrid grid = new TileGrid(21, 13, 8); // 3 x 2 tiles, padded 24 x 16
        double[][] windows = new double[grid.tileCount()][];
        for (int k = 0; k < windows.length; k++) {
            windows[k] = new double[w.span() * w.span() * 3];
            java.util.Arrays.fill(windows[k], 0.375);
        }
        double[] out = w.blend(grid, windows);
        assertEquals(grid.paddedWidth() * grid.paddedHeight() * 3, out.length);
        for (double v : out) {
            assertEquals(0.375, v, 0.0); // 0.375·D² / D² is exact
        }
    }

    /**
     * The seam bound. With weights a_k that sum to 1 at every pixel, the step between horizontally (or vertically)
     * neighbouring output pixels p, q is Σ a_k(q)(f_k(q) − f_k(p)) + Σ (a_k(q) − a_k(p)) f_k(p). The first sum is a
     * convex combination of the windows' own steps; in the second Σ (a_k(q) − a_k(p)) = 0 and Σ |a_k(q) − a_k(p)|
     * ≤ 4/D = 1/m (a ramp step of at most 2/D on each side of the border), so it is at most (1/(2m))·(max_k f_k(p) −
     * min_k f_k(p)). Hence |out(q) − out(p)| ≤ max_k |f_k(q) − f_k(p)| + spread(p)/(2m), for any windows; a window
     * that covers only one of p, q (its outermost sample, weight 1/D per axis) is extended by its value at the other,
     * which adds no own step and a weight step of 1/D, so the bound stands. The 1e-12 allows for the rounding of the
     * double sums.
     */
    @Test
    void stepsAcrossBordersAreBoundedByTheWindowsOwnStepsAndTheRampSlope() {
        for (int m : new int[] {1, 2, 4}) {
            OverlapWindow w = new OverlapWindow(8, m);
            TileGrid grid = new TileGrid(24, 16, 8);
            double[][] windows = castWindows(w, grid, 12);
            double excess = worstExcess(w, grid, windows, w.blend(grid, windows));
            assertTrue(excess <= 1e-12, "m=" + m + ": a step exceeds the bound by " + excess);
        }
    }

    /**
     * The bound discriminates: the same windows cut at the tile borders without blending (independent tiles, as
     * bitstream revision 3 assembles them) step by up to the full spread of the tiles' colour casts, far above it.
     */
    @Test
    void independentTilesBreakTheBound() {
        OverlapWindow w = new OverlapWindow(8, 2);
        TileGrid grid = new TileGrid(24, 16, 8);
        double[][] windows = castWindows(w, grid, 12);
        int pw = grid.paddedWidth();
        double[] cut = new double[pw * grid.paddedHeight() * 3];
        for (int y = 0; y < grid.paddedHeight(); y++) {
            for (int x = 0; x < pw; x++) {
                int k = (y / 8) * grid.columns() + x / 8;
                int i = x % 8 + 2;
                int j = y % 8 + 2;
                for (int c = 0; c < 3; c++) {
                    cut[(y * pw + x) * 3 + c] = windows[k][(j * w.span() + i) * 3 + c];
                }
            }
        }
        assertTrue(worstExcess(w, grid, windows, cut) > 0.05, "hard cuts should show seams");
    }

    /** Windows of a per-tile colour cast (uniform in [0, 1)) plus a little noise (±0.025), fixed seed. */
    private static double[][] castWindows(OverlapWindow w, TileGrid grid, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int s = w.span();
        double[][] windows = new double[grid.tileCount()][s * s * 3];
        for (double[] win : windows) {
            double offset = rnd.nextDouble(); // a per-tile colour cast
            for (int i = 0; i < win.length; i++) {
                win[i] = offset + 0.05 * rnd.nextDouble();
            }
        }
        return windows;
    }

    /** The largest amount by which a neighbouring-pixel step of {@code out} exceeds the seam bound. */
    private static double worstExcess(OverlapWindow w, TileGrid grid, double[][] windows, double[] out) {
        int m = w.margin();
        int t = w.tileSize();
        int s = w.span();
        int pw = grid.paddedWidth();
        double worst = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < grid.paddedHeight(); y++) {
            for (int x = 0; x < pw; x++) {
                for (int dir = 0; dir < 2; dir++) {
                    int qx = x + (dir == 0 ? 1 : 0);
                    int qy = y + (dir == 1 ? 1 : 0);
                    if (qx >= pw || qy >= grid.paddedHeight()) {
                        continue;
                    }
                    for (int c = 0; c < 3; c++) {
                        double ownStep = 0;
                        double lo = Double.POSITIVE_INFINITY;
                        double hi = Double.NEGATIVE_INFINITY;
                        for (int k = 0; k < windows.length; k++) {
                            int ox = (k % grid.columns()) * t - m;
                            int oy = (k / grid.columns()) * t - m;
                            int px = x - ox;
                            int py = y - oy;
                            int qxx = qx - ox;
                            int qyy = qy - oy;
                            boolean inP = px >= 0 && px < s && py >= 0 && py < s;
                            boolean inQ = qxx >= 0 && qxx < s && qyy >= 0 && qyy < s;
                            if (inP || inQ) { // a window lacking p or q is extended by its value at the other
                                double fp = inP ? windows[k][(py * s + px) * 3 + c]
                                        : windows[k][(qyy * s + qxx) * 3 + c];
                                lo = Math.min(lo, fp);
                                hi = Math.max(hi, fp);
                                if (inP && inQ) {
                                    ownStep = Math.max(ownStep, Math.abs(windows[k][(qyy * s + qxx) * 3 + c] - fp));
                                }
                            }
                        }
                        double step = Math.abs(out[(qy * pw + qx) * 3 + c] - out[(y * pw + x) * 3 + c]);
                        worst = Math.max(worst, step - (ownStep + (hi - lo) / (2 * m)));
                    }
                }
            }
        }
        return worst;
    }

    @Test
    void splitGivesEdgePaddedWindows() {
        RgbImage img = TestCard.generate(20, 12);
        TileGrid grid = TileGrid.of(img, 8);
        OverlapWindow w = new OverlapWindow(8, 2);
        java.util.List<RgbImage> win = w.split(grid, img);
        assertEquals(grid.tileCount(), win.size());
        assertEquals(img.cropPadded(6, 6, 12, 12), win.get(grid.columns() + 1));
        assertEquals(img.cropPadded(-2, -2, 12, 12), win.get(0));
    }

    @Test
    void badMarginsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OverlapWindow(8, 0));
        assertThrows(IllegalArgumentException.class, () -> new OverlapWindow(8, 5));
        assertThrows(IllegalArgumentException.class, () -> new OverlapWindow(0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> new OverlapWindow(8, 2).weight(0, 1, 12));
    }
}
