package io.rec4j.codec.recombiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PositionalUpsamplerTest {
    private static PositionalUpsampler phi(int dims, int latent, int hidden, int enc, int s1, long seed) {
        int n = PositionalUpsampler.parameterCount(dims, latent, hidden, enc);
        return PositionalUpsampler.fromParameters(dims, latent, hidden, enc, s1,
                RecombinerFixtures.uniform(seed, n, 0.3), 0);
    }

    private static FeatureMap latent(int c, int h, int w, long seed) {
        return new FeatureMap(c, h, w, RecombinerFixtures.uniform(seed, c * h * w, 1.0));
    }

    @Test
    void parameterCountsAreTheAuthors() {
        // 2-D: 5x5 128->64, 3x3 64->64, 3x3 64->16 with biases; 1-D: the same with 1-wide kernels
        assertEquals(204_864 + 36_928 + 9_232, PositionalUpsampler.parameterCount(2, 128, 64, 16));
        assertEquals(251_024, RecombinerArchitecture.cifar10().upsamplerParameterCount());
        assertEquals(40_960 + 64 + 12_288 + 64 + 3_072 + 16, RecombinerArchitecture.audio(60)
                .upsamplerParameterCount());
    }

    @Test
    void cifarShapes() {
        RecombinerArchitecture a = RecombinerArchitecture.cifar10();
        PositionalUpsampler p = phi(2, 128, 64, 16, a.firstUpsample(), 1);
        FeatureMap out = p.apply(latent(128, a.latentHeight(), a.latentWidth(), 2));
        assertEquals(2, a.latentHeight());
        assertEquals(2, a.latentWidth());
        assertEquals(16, out.channels());
        assertEquals(32, out.height());
        assertEquals(32, out.width());
    }

    @Test
    void photoAndAudioShapes() {
        // the stitched grid of 2 x 3 photo patches (4 x 4 cells each) becomes the 128 x 192 map of the whole crop;
        // channels are reduced to keep the test fast (they do not change shapes)
        RecombinerArchitecture photo = RecombinerArchitecture.photoPatches(8, 12);
        assertEquals(4, photo.latentHeight());
        assertEquals(2048, photo.gridLatentCount());
        FeatureMap img = phi(2, 3, 4, 16, photo.firstUpsample(), 3).apply(latent(3, 8, 12, 4));
        assertEquals(16, img.channels());
        assertEquals(128, img.height());
        assertEquals(192, img.width());
        RecombinerArchitecture audio = RecombinerArchitecture.audio(60);
        assertEquals(50, audio.latentWidth());
        assertEquals(6400, audio.gridLatentCount());
        FeatureMap snd = phi(1, 3, 4, 16, audio.firstUpsample(), 5).apply(latent(3, 1, 2 * 50, 6));
        assertEquals(16, snd.channels());
        assertEquals(1, snd.height());
        assertEquals(1600, snd.width());
        assertThrows(IllegalArgumentException.class, () -> phi(1, 3, 4, 16, 4, 5).apply(latent(3, 2, 50, 6)));
    }

    @Test
    void convolutionMatchesTheDefinition() {
        // the documented phase order written out: summed phase kernels over the coarse grid, bit for bit
        int in = 3;
        int out = 2;
        int sy = 2;
        int sx = 3;
        int kh = 3;
        int kw = 5;
        Conv2d conv = new Conv2d(in, out, kh, kw, RecombinerFixtures.uniform(11, in * out * kh * kw, 1.0),
                RecombinerFixtures.uniform(12, out, 1.0));
        FeatureMap x = latent(in, 3, 4, 13);
        FeatureMap y = conv.apply(x, sy, sx, 0.01);
        assertEquals(6, y.height());
        assertEquals(12, y.width());
        int negatives = 0;
        for (int o = 0; o < out; o++) {
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 12; c++) {
                    int py = r % sy;
                    int px = c % sx;
                    int loY = Math.floorDiv(py - kh / 2, sy);
                    int loX = Math.floorDiv(px - kw / 2, sx);
                    double s = 0.0;
                    for (int i = 0; i < in; i++) {
                        for (int a = 0; a < 3; a++) {
                            for (int b = 0; b < 3; b++) {
                                double k = 0.0;
                                boolean any = false;
                                for (int ky = 0; ky < kh; ky++) {
                                    for (int kx = 0; kx < kw; kx++) {
                                        if (Math.floorDiv(py + ky - kh / 2, sy) - loY == a
                                                && Math.floorDiv(px + kx - kw / 2, sx) - loX == b) {
                                            k += conv.weights()[((o * in + i) * kh + ky) * kw + kx];
                                            any = true;
                                        }
                                    }
                                }
                                int cy = r / sy + loY + a;
                                int cx = c / sx + loX + b;
                                if (any && cy >= 0 && cy < 3 && cx >= 0 && cx < 4) {
                                    s += x.at(i, cy, cx) * k;
                                }
                            }
                        }
                    }
                    double v = s + conv.bias()[o];
                    if (v < 0) {
                        negatives++;
                        v *= 0.01;
                    }
                    assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(y.at(o, r, c)),
                            "(" + o + ", " + r + ", " + c + ")");
                }
            }
        }
        assertTrue(negatives > 0, "the leaky branch was exercised");
        // and it is the textbook convolution of the upsampled map, up to rounding
        FeatureMap direct = conv.bySample(x, sy, sx, 0.01, 6, 12);
        for (int k = 0; k < direct.size(); k++) {
            assertEquals(direct.values()[k], y.values()[k], 1e-12 * (1 + Math.abs(direct.values()[k])));
        }
    }

    @Test
    void bothConvolutionLoopOrdersGiveTheSameBits() {
        // per sample (small maps) and per plane (large maps) sum the same taps in the same order
        int[][] shapes = {{3, 2, 3, 5, 3, 4, 2, 3}, {4, 6, 5, 5, 7, 9, 4, 4}, {2, 3, 1, 3, 1, 40, 1, 2},
            {2, 3, 3, 3, 2, 5, 1, 1}, {3, 4, 1, 5, 1, 7, 1, 3}, {2, 2, 5, 5, 3, 2, 1, 1}}; // widths 12, 36, 80, 5, 21, 2
        for (int[] c : shapes) {
            Conv2d conv = new Conv2d(c[0], c[1], c[2], c[3], RecombinerFixtures.uniform(c[0] + 40, c[0] * c[1] * c[2]
                    * c[3], 1.0), RecombinerFixtures.uniform(c[1] + 41, c[1], 1.0));
            FeatureMap x = latent(c[0], c[4], c[5], 42);
            int h = c[4] * c[6];
            int w = c[5] * c[7];
            for (double slope : new double[] {0.01, Double.NaN}) {
                assertArrayEquals(conv.bySample(x, c[6], c[7], slope, h, w).values(),
                        conv.byPlane(x, c[6], c[7], slope, h, w).values(), java.util.Arrays.toString(c));
            }
        }
    }

    @Test
    void regionsEqualTheWholeMapBitForBit() {
        PositionalUpsampler p = phi(2, 3, 4, 5, 2, 21);
        FeatureMap lat = latent(3, 4, 6, 22); // output 32 x 48
        FeatureMap all = p.apply(lat);
        int[][] regions = {{0, 0, 8, 8}, {8, 8, 8, 8}, {24, 40, 8, 8}, {5, 13, 9, 20}, {0, 0, 32, 48}, {31, 0, 1, 48}};
        for (int[] r : regions) {
            FeatureMap part = p.region(lat, r[0], r[1], r[2], r[3]);
            assertArrayEquals(all.crop(r[0], r[1], r[2], r[3]).values(), part.values(),
                    "region " + java.util.Arrays.toString(r));
        }
        PositionalUpsampler p1 = phi(1, 3, 4, 5, 3, 23);
        FeatureMap lat1 = latent(3, 1, 7, 24); // output 1 x 84
        FeatureMap all1 = p1.apply(lat1);
        for (int x0 = 0; x0 < 84; x0 += 12) {
            assertArrayEquals(all1.crop(0, x0, 1, 12).values(), p1.region(lat1, 0, x0, 1, 12).values());
        }
    }

    @Test
    void encodingsAreContinuousAcrossPatchBorders() {
        // two 8 x 8 patches side by side (latent 2 x 2 each, stitched to 2 x 4): the left patch's window widened by
        // one column to the right and the right patch's window widened by one column to the left give the same
        // encodings for the two border columns; phi of each patch's grid on its own does not
        RecombinerArchitecture a = RecombinerFixtures.TINY;
        RecombinerRenderer r = new RecombinerRenderer(RecombinerFixtures.network(a, 7), io.rec4j.codec.inr.SineFunction
                .STRICT_MATH);
        double[][] grids = RecombinerFixtures.gridLatents(a, 4);
        FeatureMap stitched = r.stitch(grids);
        PositionalUpsampler p = r.network().upsampler();
        FeatureMap left = p.region(stitched, 0, 0, 8, 9); // columns 0..8
        FeatureMap right = p.region(stitched, 0, 7, 8, 9); // columns 7..15
        assertArrayEquals(left.crop(0, 7, 8, 2).values(), right.crop(0, 0, 8, 2).values());
        assertArrayEquals(r.encodings(grids).crop(0, 7, 8, 2).values(), left.crop(0, 7, 8, 2).values());
        FeatureMap alone = p.apply(FeatureMap.fromPositionMajor(grids[1], 0, 2, 2, a.latentChannels()));
        assertNotEquals(java.util.Arrays.toString(right.crop(0, 1, 8, 1).values()),
                java.util.Arrays.toString(alone.crop(0, 0, 8, 1).values()),
                "a patch's border encoding depends on its neighbour's latents");
    }

    @Test
    void stitchingPlacesEachPatchGrid() {
        RecombinerArchitecture a = RecombinerFixtures.TINY;
        RecombinerRenderer r = new RecombinerRenderer(RecombinerFixtures.network(a, 7),
                io.rec4j.codec.inr.SineFunction.STRICT_MATH);
        double[][] grids = RecombinerFixtures.gridLatents(a, 4);
        FeatureMap s = r.stitch(grids);
        assertEquals(4, s.height());
        assertEquals(4, s.width());
        for (int p = 0; p < 4; p++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(grids[p][(y * 2 + x) * 3 + c], s.at(c, (p / 2) * 2 + y, (p % 2) * 2 + x));
                    }
                }
            }
        }
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 1, 2, 3, new double[6], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 1, 3, 3, new double[8], new double[1]));
        PositionalUpsampler p = phi(2, 3, 4, 5, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> p.apply(latent(2, 2, 2, 1)));
        assertThrows(IllegalArgumentException.class, () -> p.region(latent(3, 2, 2, 1), 0, 0, 9, 8));
        assertThrows(IllegalArgumentException.class, () -> PositionalUpsampler.fromParameters(2, 3, 4, 5, 1,
                new double[10], 0));
    }
}
