package io.rec4j.codec.recombiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.inr.CoordinateGrid;
import io.rec4j.codec.inr.SineFunction;
import io.rec4j.codec.inr.SirenNetwork;
import org.junit.jupiter.api.Test;

class RecombinerRendererTest {
    static final String GOLDEN_STRICT = "146cb6632ebd17376346fc057a0616f514aaf881def32142a62788f3427d7693";
    static final String GOLDEN_POLY = "b8adab28055b7d5c253a5e1b0a49d42ff34ea4a4b68df2d93a48d4f509312b0a";
    static final String GOLDEN_AUDIO = "3630e4cb8ffc8dba40482920d2f4ed9264268ae84c86658c331a5877bf7a6d2b";

    @Test
    void pinnedRenders() {
        assertEquals(GOLDEN_STRICT, RecombinerFixtures.renderDigest(SineFunction.STRICT_MATH));
        assertEquals(GOLDEN_POLY, RecombinerFixtures.renderDigest(SineFunction.POLYNOMIAL));
        assertEquals(GOLDEN_AUDIO, RecombinerFixtures.audioDigest());
    }

    @Test
    void eachPatchIsItsInrOnLocalFourierFeaturesAndItsCropOfTheEncodings() {
        // an independent assembly of one patch's input: gamma of the patch's own grid, then phi's map at the
        // patch's place, through h_w A and the SIREN, must give the rendered samples bit for bit
        RecombinerArchitecture a = RecombinerFixtures.TINY;
        RecombinerNetwork net = RecombinerFixtures.network(a, 7);
        RecombinerRenderer r = new RecombinerRenderer(net, SineFunction.STRICT_MATH);
        double[][] hw = RecombinerFixtures.weightLatents(a, 3);
        double[][] hz = RecombinerFixtures.gridLatents(a, 4);
        double[] img = r.render(hw, hz);
        assertEquals(16 * 16 * 3, img.length);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : img) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(Double.isFinite(lo) && Double.isFinite(hi) && hi - lo > 1e-3, "a non-trivial image: " + lo + ".." + hi);
        FeatureMap enc = net.upsampler().apply(r.stitch(hz));
        double[] gamma = a.fourier().embedAll(CoordinateGrid.image(8, 8));
        for (int p = 0; p < 4; p++) {
            int y0 = (p / 2) * 8;
            int x0 = (p % 2) * 8;
            double[] in = new double[64 * 12];
            for (int q = 0; q < 64; q++) {
                System.arraycopy(gamma, q * 8, in, q * 12, 8);
                for (int c = 0; c < 4; c++) {
                    in[q * 12 + 8 + c] = enc.at(c, y0 + q / 8, x0 + q % 8);
                }
            }
            double[] out = SirenNetwork.evaluateInputs(a.siren(), net.reparameterisation().weights(hw[p], 0), in,
                    SineFunction.STRICT_MATH);
            double[] got = new double[64 * 3];
            for (int y = 0; y < 8; y++) {
                System.arraycopy(img, ((y0 + y) * 16 + x0) * 3, got, y * 24, 24);
            }
            assertArrayEquals(out, got, "patch " + p);
        }
    }

    @Test
    void formedInputsGiveTheSirenReferenceOnFourierFeatures() {
        // SirenNetwork.evaluateInputs on gamma(x) is SirenNetwork.evaluate on x, bit for bit
        io.rec4j.codec.inr.SirenArchitecture s = io.rec4j.codec.inr.SirenArchitecture.of(2, 8, 6, 2, 3);
        double[] params = RecombinerFixtures.uniform(31, s.parameterCount(), 0.2);
        double[] points = CoordinateGrid.image(5, 7);
        double[] gamma = s.features().embedAll(points);
        assertArrayEquals(SirenNetwork.evaluate(s, params, points),
                SirenNetwork.evaluateInputs(s, params, gamma, SineFunction.STRICT_MATH));
        assertThrows(IllegalArgumentException.class,
                () -> SirenNetwork.evaluateInputs(s, params, new double[7], SineFunction.STRICT_MATH));
    }

    @Test
    void rendersACifarImageAtThePaperSizes() {
        // the authors' CIFAR-10 network (3 355 209 matrix entries, 251 024 phi parameters) on latents of the prior's
        // initial scale: a finite 32 x 32 RGB output, the same bits for both loop orders of phi's first stage
        RecombinerArchitecture a = RecombinerArchitecture.cifar10();
        RecombinerNetwork net = RecombinerFixtures.network(a, 11);
        double[][] hw = {RecombinerFixtures.uniform(12, a.weightLatentCount(), 0.02)};
        double[][] hz = {RecombinerFixtures.uniform(13, a.gridLatentCount(), 0.02)};
        double[] img = new RecombinerRenderer(net, SineFunction.POLYNOMIAL).render(hw, hz);
        assertEquals(32 * 32 * 3, img.length);
        for (double v : img) {
            assertTrue(Double.isFinite(v));
        }
        Conv2d first = net.upsampler().first();
        FeatureMap lat = new RecombinerRenderer(net, SineFunction.POLYNOMIAL).stitch(hz);
        assertArrayEquals(first.bySample(lat, 4, 4, 0.01, 8, 8).values(), first.byPlane(lat, 4, 4, 0.01, 8, 8)
                .values());
    }

    @Test
    void audioRendersOneChannelPerSample() {
        RecombinerArchitecture a = RecombinerFixtures.TINY_AUDIO;
        RecombinerRenderer r = new RecombinerRenderer(RecombinerFixtures.network(a, 8), SineFunction.POLYNOMIAL);
        double[] s = r.render(RecombinerFixtures.weightLatents(a, 5), RecombinerFixtures.gridLatents(a, 6));
        assertEquals(48, s.length);
    }

    @Test
    void architecturesHaveThePaperSizes() {
        RecombinerArchitecture c = RecombinerArchitecture.cifar10();
        assertEquals(3267, c.weightLatentCount());
        assertEquals(512, c.gridLatentCount());
        assertEquals(1, c.levels());
        assertEquals(32, c.siren().embeddingSize());
        RecombinerArchitecture k = RecombinerArchitecture.photoPatches(8, 12);
        assertEquals(3267, k.weightLatentCount());
        assertEquals(2048, k.gridLatentCount());
        assertEquals(6, k.groupCount());
        assertEquals(3, k.levels());
        for (int p = 0; p < 96; p++) {
            assertEquals((p / 12 / 4) * 3 + (p % 12) / 4, k.group(p));
        }
        RecombinerArchitecture au = RecombinerArchitecture.audio(60);
        assertEquals(3201, au.weightLatentCount());
        assertEquals(6400, au.gridLatentCount());
        assertEquals(15, au.groupCount());
        assertEquals(14, au.group(59));
        assertThrows(IllegalArgumentException.class, () -> RecombinerArchitecture.photoPatches(3, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new RecombinerArchitecture(2, 30, 32, 1, 1, 16, 16, 32, 3, 3, 128, 64, 4, 1, 1));
    }

    @Test
    void wrongLatentsAreRejected() {
        RecombinerArchitecture a = RecombinerFixtures.TINY;
        RecombinerRenderer r = new RecombinerRenderer(RecombinerFixtures.network(a, 7), SineFunction.STRICT_MATH);
        double[][] hw = RecombinerFixtures.weightLatents(a, 3);
        double[][] hz = RecombinerFixtures.gridLatents(a, 4);
        assertThrows(IllegalArgumentException.class, () -> r.render(java.util.Arrays.copyOf(hw, 3), hz));
        hz[2] = new double[5];
        assertThrows(IllegalArgumentException.class, () -> r.render(hw, hz));
        assertThrows(IllegalArgumentException.class, () -> RecombinerNetwork.fromParameters(a, new double[4]));
    }

    @Test
    void withoutPositionalEncodingsTheInrReadsItsFourierFeaturesAlone() {
        RecombinerArchitecture full = RecombinerFixtures.TINY;
        RecombinerArchitecture none = full.withoutPositionalEncodings();
        // identity matrices in both; the full model's φ is zero everywhere, so its encodings are all 0
        RecombinerRenderer withPe = new RecombinerRenderer(RecombinerNetwork.fromParameters(full, identity(full)),
                SineFunction.STRICT_MATH);
        RecombinerRenderer withoutPe = new RecombinerRenderer(RecombinerNetwork.fromParameters(none, identity(none)),
                SineFunction.STRICT_MATH);
        double[][] hw = RecombinerFixtures.weightLatents(none, 5);
        // the same INRs with first-layer rows for the encoding inputs (arbitrary: they multiply zeros)
        int e = full.fourierSize();
        int k = full.encodingChannels();
        int dout = full.siren().layerOutputDim(0);
        double[][] hwFull = new double[hw.length][];
        double[] extra = RecombinerFixtures.uniform(9, k * dout, 3.0);
        for (int p = 0; p < hw.length; p++) {
            double[] h = new double[full.weightLatentCount()];
            int first = dout + e * dout; // layer 0 of the no-PE INR: biases, then E rows
            System.arraycopy(hw[p], 0, h, 0, first);
            System.arraycopy(extra, 0, h, first, k * dout);
            System.arraycopy(hw[p], first, h, first + k * dout, hw[p].length - first);
            hwFull[p] = h;
        }
        double[] a = withoutPe.render(hw, new double[full.patchCount()][0]);
        double[] b = withPe.render(hwFull, RecombinerFixtures.gridLatents(full, 5));
        assertEquals(b.length, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-12, "sample value " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new RecombinerArchitecture(2, 8, 8, 2, 2, 8, 0, 8, 2, 3,
                3, 5, 1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new RecombinerNetwork(none,
                RecombinerNetwork.fromParameters(full, identity(full)).reparameterisation(), null));
    }

    /** A flat network with identity matrices and an all-zero φ. */
    private static double[] identity(RecombinerArchitecture arch) {
        double[] flat = new double[(int) RecombinerNetwork.parameterCount(arch)];
        int at = 0;
        for (int l = 0; l < arch.siren().layerCount(); l++) {
            int n = arch.siren().layerParameterCount(l);
            for (int i = 0; i < n; i++) {
                flat[at + i * n + i] = 1;
            }
            at += n * n;
        }
        return flat;
    }

    @Test
    void overlappingPhiWithTheReparameterisationChangesNoBit() {
        for (RecombinerArchitecture a : new RecombinerArchitecture[] {RecombinerFixtures.TINY,
                RecombinerFixtures.TINY_AUDIO, RecombinerFixtures.TINY.withoutPositionalEncodings()}) {
            RecombinerRenderer r = new RecombinerRenderer(RecombinerNetwork.fromParameters(a,
                    a.hasPositionalEncodings() ? RecombinerFixtures.networkParameters(a, 4) : identity(a)),
                    SineFunction.POLYNOMIAL);
            double[][] hw = RecombinerFixtures.weightLatents(a, 6);
            double[][] hz = RecombinerFixtures.gridLatents(a, 6);
            assertArrayEquals(r.render(hw, hz, false), r.render(hw, hz, true), a.toString());
        }
        RecombinerArchitecture a = RecombinerFixtures.TINY;
        RecombinerRenderer r = new RecombinerRenderer(RecombinerFixtures.network(a, 4), SineFunction.POLYNOMIAL);
        double[][] hz = RecombinerFixtures.gridLatents(a, 6);
        hz[1] = new double[2];
        assertThrows(IllegalArgumentException.class, () -> r.render(RecombinerFixtures.weightLatents(a, 6), hz, true));
    }
}
