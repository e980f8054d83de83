package io.rec4j.codec.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rec4j.testkit.FreshJvm;
import io.rec4j.codec.image.RgbImage;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The models packaged in rec4j-codecs, and golden files: {@code golden-q<k>.r4j} is the 64×64
 * {@link io.rec4j.codec.image.SyntheticScene} coded with
 * quality k by {@code CombinerEncoder.withDefaults}; the SHA-256 below is the encoder's reconstruction, recorded when the file was
 * made. Decoding must reproduce it, here and in fresh JVMs (interpreter, C1, other JDKs).
 */
class ShippedModelsTest {
    /** SHA-256 of the encoder's reconstruction of each golden file (quality 1, 2, 3). */
    static final String[] GOLDEN_SHA256 = {
        "01538585f3d334fdb9b20de8d15958e3860e7b0e23ac5be76ee4b755a8cbfd40",
        "4cd2a0cb8ba23ca52a1b029ba85357fe5a8cceccb4ce088e790b7d3cdfcb7624",
        "48cea2a3444d3c7feba9d082539eccfb1559757df594bb1e2ad1a8f09d700c11"};

    @Test
    void threeDistinctModelsOrderedByRate() {
        List<CombinerModel> all = ShippedModels.all();
        assertEquals(3, all.size());
        Set<String> ids = all.stream().map(CombinerModel::id).collect(Collectors.toSet());
        assertEquals(3, ids.size());
        for (int q = 1; q <= 3; q++) {
            CombinerModel m = ShippedModels.forQuality(q);
            assertEquals(q, ShippedModels.qualityOf(m));
            assertEquals(m, ShippedModels.byId(m.id()).orElseThrow());
            assertEquals(64, m.tile());
            assertEquals(16, m.kappa());
            if (q > 1) {
                assertTrue(m.plan().blockCount() > ShippedModels.forQuality(q - 1).plan().blockCount());
            }
        }
        assertTrue(ShippedModels.byId("0000000000000000").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ShippedModels.forQuality(0));
        assertThrows(IllegalArgumentException.class, () -> ShippedModels.forQuality(4));
    }

    @Test
    void packagedFilesStaySmall() throws Exception {
        long total = 0;
        for (int q = 1; q <= 3; q++) {
            try (InputStream in = ShippedModels.class.getResourceAsStream(ShippedModels.FOLDER + "combiner-q" + q + ".r4m")) {
                total += in.readAllBytes().length;
            }
        }
        assertTrue(total < 400_000, "shipped models take " + total + " bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void goldenFilesDecodeToTheEncodersReconstruction(int q) throws Exception {
        byte[] file = golden(q);
        RgbImage img = CombinerCodec.decode(ShippedModels.forQuality(q), file);
        assertEquals(64, img.width());
        assertEquals(GOLDEN_SHA256[q - 1], img.sha256());
    }

    @Test
    void goldenFileDecodesIdenticallyInFreshJvms() throws Exception {
        FreshJvm.assertAllPrint(GOLDEN_SHA256[1], ShippedDecodeProbe.class, "2");
    }

    /** The committed golden file of quality {@code q}. */
    static byte[] golden(int q) throws java.io.IOException {
        try (InputStream in = ShippedModelsTest.class.getResourceAsStream("golden-q" + q + ".r4j")) {
            return in.readAllBytes();
        }
    }

    /** The golden file's payload as a revision-2 file (method COMBINER_R2: the polynomial sine). */
    static byte[] asRevision2(byte[] file) {
        io.rec4j.core.container.Container c = io.rec4j.core.container.Container.parse(file);
        return io.rec4j.core.container.Container.of(io.rec4j.core.container.MethodId.COMBINER_R2, c.header(),
                c.payload()).toBytes();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void revisionTwoDecodesTheGoldenIndicesToTheSamePixels(int q) throws Exception {
        byte[] file = golden(q);
        byte[] r2 = asRevision2(file);
        assertEquals(1, CombinerCodec.info(file).revision());
        assertEquals(2, CombinerCodec.info(r2).revision());
        // the sines differ by at most 2 ulp: on these 12,288 samples no value is close enough to a rounding
        // boundary of the 8-bit output to move (recorded when revision 2 was introduced)
        assertEquals(GOLDEN_SHA256[q - 1], CombinerCodec.decode(ShippedModels.forQuality(q), r2).sha256());
    }

    @Test
    void revisionTwoDecodesIdenticallyInFreshJvms() throws Exception {
        FreshJvm.assertAllPrint(GOLDEN_SHA256[1], ShippedDecodeProbe.class, "2", "r2");
    }
}
