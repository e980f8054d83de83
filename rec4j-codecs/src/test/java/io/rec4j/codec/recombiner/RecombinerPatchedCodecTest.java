package io.rec4j.codec.recombiner;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.coding.bits.BitReader;
import io.rec4j.core.container.Container;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Patched RECOMBINER models and files: three levels, the cross-patch permutation, exact round trips. */
class RecombinerPatchedCodecTest {
    static final RecombinerArchitecture IMAGE = RecombinerFixtures.TINY;
    static final RecombinerArchitecture AUDIO = RecombinerFixtures.TINY_AUDIO;
    /** Pinned digests of the decoder's samples for pinned indices (image, audio); also checked in fresh JVMs. */
    static final String GOLDEN_IMAGE = "fcd354a27e577c4910002dd893d7c3d5592ac5a0050c332b3ff6b6745edf4d3e";
    static final String GOLDEN_AUDIO = "6747c341b9eaa7e026cd7a9ca2a2a57c175f74718d1cd407727c46a800db652a";

    @Test
    void patchedModelFilesRoundTripExactly() {
        for (RecombinerArchitecture arch : List.of(IMAGE, AUDIO)) {
            RecombinerModel m = RecombinerFixtures.patchedModel(arch, 3);
            assertEquals(3, m.levels().size());
            byte[] bytes = m.toBytes();
            RecombinerModel back = RecombinerModel.fromBytes(bytes);
            assertEquals(m, back);
            assertEquals(Container.contentId(bytes), back.id());
            RecombinerModel viaShared = RecombinerModel.fromBytes(m.toBytesSharingNetwork(), back);
            assertEquals(m, viaShared);
            for (int n = 0; n < bytes.length; n += Math.max(1, bytes.length / 61)) {
                byte[] cut = Arrays.copyOf(bytes, n);
                assertThrows(Rec4jDataException.class, () -> RecombinerModel.fromBytes(cut), "length " + n);
            }
        }
    }

    @Test
    void indexBitsCountEveryRowOfEveryLevel() {
        RecombinerModel m = RecombinerFixtures.patchedModel(IMAGE, 3);
        long blocks = 0;
        for (int l = 0; l < 3; l++) {
            blocks += (long) RecombinerModel.levelRows(IMAGE, l) * m.levels().get(l).plan().blockCount();
        }
        assertEquals(4, RecombinerModel.levelRows(IMAGE, 0));
        assertEquals(2, RecombinerModel.levelRows(IMAGE, 1));
        assertEquals(5 * blocks, m.indexBits());
    }

    @Test
    void theLayoutCoversEveryLatentOnceAndPermutesOnlyAcrossRows() {
        for (RecombinerArchitecture arch : List.of(IMAGE, AUDIO)) {
            RecombinerModel m = RecombinerFixtures.patchedModel(arch, 3);
            int n = Math.toIntExact(arch.signalLatentCount());
            int[] seen = new int[n];
            int moved = 0;
            for (RecombinerLayout.Row row : m.layout().rows()) {
                for (int j = 0; j < row.at().length; j++) {
                    seen[row.at()[j]]++;
                    // position j of a coded row is latent j of some row of the same level
                    long rel = row.at()[j] - RecombinerLayout.offset(arch, row.level(), 0);
                    int dim = RecombinerModel.levelDimension(arch, row.level());
                    int stride = row.level() == 0 ? arch.patchLatentCount() : arch.weightLatentCount();
                    assertEquals(j, rel % stride, "level " + row.level());
                    if (rel / stride != row.row()) {
                        moved++;
                    }
                    assertTrue(j < dim);
                }
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen[i], "flat latent " + i);
            }
            assertTrue(moved > 0, "the permutation moves latents across patches");
            // file order: level 3, then 2, then 1
            List<RecombinerLayout.Row> rows = m.layout().rows();
            assertEquals(2, rows.get(0).level());
            assertEquals(0, rows.get(rows.size() - 1).level());
        }
    }

    @Test
    void decodingUndoesThePermutationOfEachLevel() {
        RecombinerModel m = RecombinerFixtures.patchedModel(IMAGE, 4);
        byte[] indices = RecombinerCodec.randomIndices(m, new SplittableRandom(5));
        double[] flat = RecombinerCodec.latents(m, indices);
        // an independent reading: decode the rows level by level, unpermute each level's matrix as a whole
        BitReader in = new BitReader(indices);
        int w = IMAGE.weightLatentCount();
        List<RecombinerLayout.Row> rows = m.layout().rows();
        int at = 0;
        for (int l = 2; l >= 0; l--) {
            int count = RecombinerModel.levelRows(IMAGE, l);
            int dim = RecombinerModel.levelDimension(IMAGE, l);
            double[][] permuted = new double[count][];
            for (int i = 0; i < count; i++) {
                permuted[i] = RecombinerCodec.coder(m, l).decode(m.levels().get(l).prior(),
                        RecombinerLayout.shared(m, rows.get(at++)), in);
            }
            double[][] matrix = count == 1 ? permuted
                    : new PatchPermutation(count, dim, RecombinerLayout.permutationSeed(m.seed(), l))
                    .unpermute(permuted);
            for (int i = 0; i < count; i++) {
                int start = Math.toIntExact(RecombinerLayout.offset(IMAGE, l, i));
                assertArrayEquals(matrix[i], Arrays.copyOfRange(flat, start, start + dim), 0.0, "level " + l);
            }
        }
        assertEquals(RecombinerModel.levelDimension(IMAGE, 1), w);
    }

    @Test
    void patchedFilesRoundTripThroughTheContainer() {
        RecombinerModel m = RecombinerFixtures.patchedModel(IMAGE, 4);
        byte[] indices = RecombinerCodec.randomIndices(m, new SplittableRandom(6));
        byte[] file = RecombinerCodec.fromIndices(m, indices);
        assertArrayEquals(indices, RecombinerCodec.indices(m, file));
        assertEquals(16 * 16 * 3, RecombinerCodec.render(m, RecombinerCodec.latents(m, indices)).length);
        RecombinerModel other = RecombinerFixtures.patchedModel(IMAGE, 5);
        assertThrows(Rec4jDataException.class, () -> RecombinerCodec.indices(other, file));
    }

    @Test
    void pinnedDecodesHold() {
        assertEquals(GOLDEN_IMAGE, RecombinerFixtures.patchedDecodeDigest(IMAGE));
        assertEquals(GOLDEN_AUDIO, RecombinerFixtures.patchedDecodeDigest(AUDIO));
    }
}
