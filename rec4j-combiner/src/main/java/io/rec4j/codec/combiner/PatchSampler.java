package io.rec4j.codec.combiner;

import io.rec4j.codec.image.Cifar10;
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
 * folder, count and seed always give the same patches. A CIFAR-10 binary file ({@code *.bin}, {@link Cifar10}) in
 * place of the folder gives its first {@code count} images, whole when the patch size is 32, else one random crop
 * each.
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

    /** Whether {@code source} is a CIFAR-10 binary file (a regular file named {@code *.bin}) rather than a folder. */
    public static boolean isCifar10(Path source) {
        return Files.isRegularFile(source)
                && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bin");
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
        SplittableRandom rng = new SplittableRandom(seed);
        if (isCifar10(dir)) {
            if (size > Cifar10.SIDE) {
                throw new IllegalArgumentException(dir + " holds 32x32 images, smaller than a " + size + "x" + size
                        + " patch");
            }
            List<RgbImage> out = new ArrayList<>(count);
            for (Cifar10.Sample c : Cifar10.read(dir, count)) {
                RgbImage img = c.image();
                out.add(size == Cifar10.SIDE ? img
                        : img.crop(rng.nextInt(Cifar10.SIDE - size + 1), rng.nextInt(Cifar10.SIDE - size + 1), size, size));
            }
            return out;
        }
        List<Path> files = imageFiles(dir);
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
