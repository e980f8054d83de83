package io.rec4j.codec.miracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rec4j.codec.image.Mnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packaged MIRACLE networks: sizes, pinned decodes, and (with the shared digits) their test errors. */
class ShippedNetworksTest {
    static final Path MNIST_10K = Path.of(System.getProperty("rec4j.mnist", "../../shared/data/mnist-10k"));
    static final List<String> NAMES = List.of("miracle-lenet300-2kb", "miracle-lenet300-4kb", "miracle-lenet300-8kb",
            "miracle-lenet5-1.6kb", "miracle-lenet5-3kb");
    static final List<MiracleArchitecture> ARCHS = List.of(MiracleArchitecture.LENET_300_100,
            MiracleArchitecture.LENET_300_100, MiracleArchitecture.LENET_300_100, MiracleArchitecture.LENET_5,
            MiracleArchitecture.LENET_5);
    static final int[] BYTES = {2042, 3968, 7892, 1603, 2961};
    /** Test errors on the last 2,000 digits of mnist-10k, as recorded in networks/README.md. */
    static final int[] ERRORS = {92, 70, 67, 36, 37};

    @Test
    void namesSizesAndDecodes() {
        List<ShippedNetworks.Entry> all = ShippedNetworks.all();
        assertEquals(NAMES, all.stream().map(ShippedNetworks.Entry::name).toList());
        for (int k = 0; k < all.size(); k++) {
            ShippedNetworks.Entry e = all.get(k);
            assertEquals(BYTES[k], e.bytes().length, e.name());
            assertEquals(ARCHS.get(k), e.header().arch(), e.name());
            assertTrue(e.header().indexBits() <= 8L * e.bytes().length);
            MiracleNetwork net = MiracleFile.decode(e.bytes());
            for (int t = 0; t < ARCHS.get(k).tensors().size(); t++) {
                for (float v : net.tensor(t)) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
        assertTrue(ShippedNetworks.byName("miracle-lenet300-4kb").isPresent());
        assertTrue(ShippedNetworks.byName("nope").isEmpty());
    }

    @Test
    void testErrorsAreTheRecordedOnes() throws IOException {
        assumeTrue(Files.isDirectory(MNIST_10K), "skipped: " + MNIST_10K + " (the shared MNIST subset) is absent");
        Mnist.Set test = Mnist.split(MNIST_10K).test();
        for (int k = 0; k < NAMES.size(); k++) {
            MiracleNetwork net = MiracleFile.decode(ShippedNetworks.byName(NAMES.get(k)).orElseThrow().bytes());
            assertEquals(ERRORS[k], net.errors(test), NAMES.get(k));
        }
    }
}
