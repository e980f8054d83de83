package io.rec4j.codec.combiner;

import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Training patches for prior learning: square crops at uniformly random positions of the images in a folder (the role
 * DIV2K crops play in the papers; {@code docs/combiner.md}, "Prior learning"). Patches are spread evenly over the
 * images (image {@code i mod n} gets patch {@code i}), positions come from {@code SplittableRandom(seed)}, so the same
 * folder, count and seed always give the same patches.
 */
public final class PatchSampler {
    private PatchSampler() {
    }

    /** The PNG and JPEG files of a folder, sorted by name. */
    public static List<Path> imageFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NotDirectoryException(dir.toString());
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
            }).sorted().toList();
            if (files.isEmpty()) {
                throw new java.nio.file.FileSystemException(dir.toString(), null, "holds no .png or .jpg images");
            }
            return files;
        }
    }

    /**
     * {@code count} patches of {@code size}×{@code size} from the images of {@code dir}.
     *
     * @throws IllegalArgumentException if an image is smaller than a patch
     */
    public static List<RgbImage> sample(Path dir, int size, int count, long seed) throws IOException {
        if (size < 1 || count < 1) {
            throw new IllegalArgumentException("patch size and count must be positive: " + size + ", " + count);
        }
        List<Path> files = imageFiles(dir);
        SplittableRandom rng = new SplittableRandom(seed);
        List<RgbImage> out = new ArrayList<>(count);
        int perImage = (count + files.size() - 1) / files.size();
        for (int f = 0; f < files.size() && out.size() < count; f++) {
            RgbImage img = ImageIo.read(files.get(f));
            if (img.width() < size || img.height() < size) {
                throw new IllegalArgumentException(files.get(f) + " is " + img.width() + "x" + img.height()
                        + ", smaller than a " + size + "x" + size + " patch");
            }
            for (int k = 0; k < perImage && out.size() < count; k++) {
                int x = rng.nextInt(img.width() - size + 1);
                int y = rng.nextInt(img.height() - size + 1);
                out.add(img.crop(x, y, size, size));
            }
        }
        return out;
    }
}
