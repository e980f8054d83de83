package io.rec4j.bench.combiner;

import io.rec4j.codec.combiner.CombinerCodec;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.CombinerPack;
import io.rec4j.codec.combiner.ShippedModels;
import io.rec4j.core.container.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Counts every byte of COMBINER files (Guo et al., NeurIPS 2023, arXiv 2305.19185; {@code docs/combiner.md}) per
 * image: a single file in container format version 1 (what earlier builds wrote), in the compact version 2 (what
 * {@code rec4j compress} writes now), and a packed file of many images ({@code docs/container-format.md}). A file's
 * size depends only on the model and the image size, so the block indices here are uniformly random (every index
 * sequence is a valid file); no encoding runs. Prints a Markdown table.
 *
 * <p>Run: {@code java -cp ... io.rec4j.bench.combiner.ContainerOverhead [images]} (default 100 images per pack).
 */
public final class ContainerOverhead {
    private ContainerOverhead() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        System.out.println("| model | image | index bytes | single v1 | single v2 | packed, per image (" + n
                + " images) | overhead per image: v1 / v2 / packed | bpp: index / v1 / v2 / packed |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (CombinerModel m : ShippedModels.all()) {
            for (int side : new int[] {32, 64}) {
                SplittableRandom rnd = new SplittableRandom(side);
                byte[] v1 = CombinerCodec.randomFile(m, side, side, rnd);
                byte[] v2 = Container.parse(v1).withFormatVersion(Container.COMPACT_VERSION).toBytes();
                long index = CombinerCodec.indexBytes(m, side, side);
                List<CombinerPack.Image> images = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    byte[] single = CombinerCodec.randomFile(m, side, side, rnd);
                    images.add(new CombinerPack.Image(String.format(Locale.ROOT, "cifar-%04d.png", i), side, side,
                            CombinerPack.indicesOf(m, single)));
                }
                byte[] pack = CombinerPack.pack(m, images);
                double perImage = pack.length / (double) n;
                double px = side * side;
                System.out.printf(Locale.ROOT, "| %s | %dx%d | %d | %d | %d | %.2f | %d / %d / %.2f |"
                                + " %.3f / %.3f / %.3f / %.3f |%n", m.name(), side, side, index, v1.length, v2.length,
                        perImage, v1.length - index, v2.length - index, perImage - index, 8 * index / px,
                        8 * v1.length / px, 8 * v2.length / px, 8 * perImage / px);
            }
        }
    }
}
