package io.rec4j.codec.combiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.image.Psnr;
import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TestCard;
import io.rec4j.codec.image.TileGrid;
import io.rec4j.codec.inr.SirenArchitecture;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prior learning, encoding with refinement and pure-Java decoding on a tiny network. */
class CombinerEndToEndTest {
    static final SirenArchitecture ARCH = SirenArchitecture.of(2, 16, 16, 2, 3);
    static final int TILE = 16;
    static final int KAPPA = 10;
    static PriorLearner.Learned learned;

    @BeforeAll
    static void learnPrior() {
        // Training tiles: the 12 tiles of a 64×48 test card (different scale from the 32×24 card coded below).
        List<RgbImage> train = TileGrid.of(TestCard.generate(64, 48), TILE).split(TestCard.generate(64, 48));
        PriorLearner.Settings s = PriorLearner.Settings.defaults(KAPPA).withIterations(4, 200, 100).withInit(0.2).withBeta(1e-6);
        long t0 = System.nanoTime();
        learned = PriorLearner.learn(ARCH, train.subList(0, 6), TILE, s, "test");
        System.out.printf("EM %.1f s; mse/it %s; KL bits/it %s; plan %s%n", (System.nanoTime() - t0) / 1e9,
                java.util.Arrays.toString(learned.meanMsePerIteration()),
                java.util.Arrays.toString(learned.klBitsPerIteration()), learned.model().plan());
    }

    @Test
    void encodeDecodeRoundTrip() {
        CombinerModel model = learned.model();
        RgbImage img = TestCard.generate(32, 24);
        FitSettings fit = FitSettings.defaults().withSteps(400).withControlInterval(20).withInitialBeta(1e-6).withInitStdFraction(0.2);
        CombinerEncoder enc = new CombinerEncoder(model, fit, ProgressiveRefinement.Schedule.defaults());
        java.util.List<int[]> updates = new java.util.ArrayList<>();
        CombinerEncoder.Encoded e = enc.encode(img, (st, d, n) -> updates.add(new int[] {st.ordinal(), d, n}));
        // progress: per stage it starts at 0, never goes back and ends at its total
        for (CombinerEncoder.Stage st : CombinerEncoder.Stage.values()) {
            java.util.List<int[]> u = updates.stream().filter(x -> x[0] == st.ordinal()).toList();
            assertEquals(0, u.get(0)[1], st.name());
            assertEquals(u.get(0)[2], u.get(u.size() - 1)[1], st.name());
            for (int i = 1; i < u.size(); i++) {
                assertTrue(u.get(i)[1] >= u.get(i - 1)[1], st.name());
            }
        }
        RgbImage dec = CombinerCodec.decode(CombinerModel.fromBytes(model.toBytes()), e.file());
        System.out.printf("bpp %.3f psnr %.2f fit %.1f s code %.1f s; fits %s%n", e.bpp(), e.psnr(),
                e.fitNanos() / 1e9, e.codeNanos() / 1e9, e.fits().stream().map(r -> String.format("%.2f dB %.1f bits",
                        r.psnr(), r.totalKlBits())).toList());
        assertArrayEquals(e.reconstruction().samples(), dec.samples());
        assertEquals(8.0 * e.file().length / (32 * 24), e.bpp(), 0);
        // Floor: the PSNR of a flat mid-grey (128) image plus 3 dB (half the MSE). Any fit that carries information
        // about the content beats grey; 3 dB is far below what the training fits reach (~19-21 dB) and far above
        // the run-to-run wobble of a fixed-seed run, so it fails only if coding destroys the fit.
        int[] grey = new int[32 * 24 * 3];
        java.util.Arrays.fill(grey, 128);
        double greyPsnr = Psnr.psnr(img, RgbImage.ofInts(32, 24, grey));
        System.out.printf("grey PSNR %.2f dB%n", greyPsnr);
        assertTrue(e.psnr() > greyPsnr + 3, "PSNR " + e.psnr() + " vs grey " + greyPsnr);

        // (c) Refinement: the same encode without fine-tuning between blocks must not be better (same seeds).
        CombinerEncoder.Encoded plain = new CombinerEncoder(model, fit, ProgressiveRefinement.Schedule.none())
                .encode(img);
        System.out.printf("refinement: %.2f dB with, %.2f dB without%n", e.psnr(), plain.psnr());
        assertEquals(plain.file().length, e.file().length, "the size is fixed by the plan");
        assertTrue(e.psnr() >= plain.psnr(), "refinement lowered PSNR: " + e.psnr() + " < " + plain.psnr());
    }

    @Test
    void tilesCodedAtOnceGiveTheSameFileAsOneAfterAnother() {
        CombinerModel model = learned.model();
        RgbImage img = TestCard.generate(32, 24); // 4 tiles
        FitSettings fit = FitSettings.defaults().withSteps(120).withControlInterval(20).withInitialBeta(1e-6)
                .withInitStdFraction(0.2);
        byte[] serial = new CombinerEncoder(model, fit, ProgressiveRefinement.Schedule.defaults(), 1).encode(img)
                .file();
        byte[] parallel = new CombinerEncoder(model, fit, ProgressiveRefinement.Schedule.defaults(), 3).encode(img)
                .file();
        assertArrayEquals(serial, parallel);
    }

    /**
     * Batch encoding ({@link CombinerEncoder#encodeAll}): images encoded together, one per worker, give the files of
     * encoding them one by one, in the order given, whatever the worker count; one-tile and several-tile images alike.
     */
    @Test
    void aBatchOfImagesGivesTheFilesOfSingleEncodes() {
        CombinerModel model = learned.model();
        FitSettings fit = FitSettings.defaults().withSteps(60).withControlInterval(20).withInitialBeta(1e-6)
                .withInitStdFraction(0.2);
        List<RgbImage> images = List.of(TestCard.generate(16, 16), TestCard.generate(32, 16),
                TestCard.generate(16, 16).crop(0, 0, 12, 16));
        CombinerEncoder one = new CombinerEncoder(model, fit, ProgressiveRefinement.Schedule.defaults(), 1);
        CombinerEncoder three = new CombinerEncoder(model, fit, ProgressiveRefinement.Schedule.defaults(), 3);
        java.util.Set<Integer> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<CombinerEncoder.Encoded> batch = three.encodeAll(images, reported::add);
        assertEquals(java.util.Set.of(0, 1, 2), reported);
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(one.encode(images.get(i)).file(), batch.get(i).file(), "image " + i);
        }
        assertArrayEquals(batch.get(0).file(), one.encodeAll(images.subList(0, 1), k -> { }).get(0).file());
    }

    /**
     * Overlapping tiles (revision 4): each tile is fitted on its window of tile and margin, the file carries the
     * margin and decodes, in process, to the encoder's reconstruction bit for bit; the tile grid and so the block
     * indices are those of independent tiles (one byte more: the margin), and a one-tile image has no borders and
     * stays revision 3.
     */
    @Test
    void overlappingTilesRoundTripBitExactly() {
        CombinerModel model = learned.model();
        RgbImage img = TestCard.generate(32, 24); // 2 x 2 tiles of 16
        FitSettings fit = FitSettings.defaults().withSteps(120).withControlInterval(20).withInitialBeta(1e-6)
                .withInitStdFraction(0.2);
        CombinerEncoder enc = new CombinerEncoder(model, fit, ProgressiveRefinement.Schedule.defaults()).withMargin(4);
        CombinerEncoder.Encoded e = enc.encode(img);
        CombinerCodec.Info info = CombinerCodec.info(e.file());
        assertEquals(4, info.revision());
        assertEquals(4, info.margin());
        assertEquals(e.reconstruction(), CombinerCodec.decode(CombinerModel.fromBytes(model.toBytes()), e.file()));
        // container frame 26, model id 8, width and height 1 each, margin 1, then the block indices
        assertEquals(26 + 8 + 2 + 1 + CombinerCodec.indexBytes(model, 32, 24), e.file().length);
        RgbImage one = TestCard.generate(16, 16);
        assertEquals(3, CombinerCodec.info(enc.encode(one).file()).revision());
    }

    /**
     * (a) β control: the same tile fitted with the same seed, once with the controller and once with it disabled
     * (warm-up = all steps). The mean |KL_b − κ| over blocks must be smaller with the controller: it changes β only
     * in the direction that moves each block towards the band.
     */
    @Test
    void betaControllerMovesBlockKlTowardsKappa() {
        CombinerModel model = learned.model();
        RgbImage tile = TestCard.generate(32, 24).crop(0, 0, TILE, TILE);
        FitSettings on = FitSettings.defaults().withSteps(400).withControlInterval(10).withInitialBeta(1e-6)
                .withInitStdFraction(0.2);
        FitSettings off = new FitSettings(on.steps(), on.learningRate(), on.lrDropFraction(), on.initialBeta(), 1.0,
                on.controlInterval(), on.bandBits(), on.betaFactor(), on.seed(), on.initStdFraction(), on.engine());
        double dOn = deviation(new PosteriorFitter(model, on).fit(tile, 0).blockKlBits(), KAPPA);
        double dOff = deviation(new PosteriorFitter(model, off).fit(tile, 0).blockKlBits(), KAPPA);
        System.out.printf("mean |KL_b - kappa|: %.3f bits with control, %.3f without%n", dOn, dOff);
        assertTrue(dOn < dOff, dOn + " >= " + dOff);
    }

    static double deviation(double[] kl, double kappa) {
        double s = 0;
        for (double v : kl) {
            s += Math.abs(v - kappa);
        }
        return s / kl.length;
    }
}
