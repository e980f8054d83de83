package io.rec4j.bench.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.codec.image.RgbImage;
import io.rec4j.codec.image.TestCard;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageBaselinesTest {
    @Test
    void jpegRateAndQualityGrowWithTheSetting() {
        RgbImage img = TestCard.generate(48, 40);
        ImageBaselines.Point low = ImageBaselines.jpeg(img, 0.1);
        ImageBaselines.Point high = ImageBaselines.jpeg(img, 0.95);
        assertTrue(high.bpp() > low.bpp(), low + " vs " + high);
        assertTrue(high.psnr() > low.psnr() + 3, low + " vs " + high);
    }

    @Test
    void closestPicksTheNearestRate() {
        List<ImageBaselines.Point> sweep = List.of(new ImageBaselines.Point("x", 1, 0.5, 20),
                new ImageBaselines.Point("x", 2, 1.1, 25), new ImageBaselines.Point("x", 3, 2.0, 30));
        assertEquals(2, ImageBaselines.closest(sweep, 1.4).setting());
        assertEquals(3, ImageBaselines.closest(sweep, 9).setting());
    }

    @Test
    void flopCountOfTheKodakNetwork() {
        // products per point: 4 x 64·48 (first layer) + 6 x (4·48·48 + 48·3) = 68,448 multiply-adds, 2 flops each
        assertEquals(2.0 * 68_448 * 4096, StepTiming.flopsPerStep(
                io.rec4j.codec.inr.SirenArchitecture.combinerKodak(), 4096));
    }
}
