package io.rec4j.cli;

import io.rec4j.core.Rec4jDataException;
import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.image.ImageIo;
import io.rec4j.codec.image.RgbImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File arguments of the codec commands: {@code -} is standard input/output, outputs are written atomically. */
final class CliFiles {
    /** Inputs larger than this are refused rather than read into memory. */
    static final long MAX_INPUT_BYTES = 1L << 31;

    private CliFiles() {
    }

    static byte[] readInput(String arg) throws IOException {
        if ("-".equals(arg)) {
            return readBounded(System.in, arg);
        }
        Path p = Path.of(arg);
        if (!Files.isRegularFile(p)) {
            throw new FileNotFoundException(arg + " (no such file)");
        }
        if (Files.size(p) > MAX_INPUT_BYTES) {
            throw new Rec4jDataException(arg + " is larger than " + MAX_INPUT_BYTES + " bytes");
        }
        return Files.readAllBytes(p);
    }

    private static byte[] readBounded(InputStream in, String name) throws IOException {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_INPUT_BYTES + 1));
        if (b.length > MAX_INPUT_BYTES) {
            throw new Rec4jDataException(name + " is larger than " + MAX_INPUT_BYTES + " bytes");
        }
        return b;
    }

    static RgbImage readImage(String arg) throws IOException {
        return ImageIo.read(readInput(arg));
    }

    static CombinerModel readModel(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new FileNotFoundException(p + " (no such model file)");
        }
        try {
            return CombinerModel.fromBytes(Files.readAllBytes(p));
        } catch (Rec4jDataException e) {
            throw new Rec4jDataException(p + " is not a usable COMBINER model: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code data} to {@code arg} ({@code -}: standard output). A file is written to a temporary sibling
     * and renamed, so a failed run never leaves a half-written output; an existing file is replaced only with
     * {@code force}.
     */
    static void writeOutput(String arg, byte[] data, boolean force) throws IOException {
        writeOutput(arg, force, out -> out.write(data));
    }

    /** Writes what {@code body} produces; it may stream (the output is never held in memory as a whole). */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** As {@link #writeOutput(String, byte[], boolean)}, streaming what {@code body} writes. */
    static void writeOutput(String arg, boolean force, Body body) throws IOException {
        if ("-".equals(arg)) {
            OutputStream out = System.out;
            body.writeTo(out);
            out.flush();
            return;
        }
        Path p = Path.of(arg).toAbsolutePath();
        if (Files.exists(p) && !force) {
            throw new FileAlreadyExistsException(arg + " exists (use --force to overwrite)");
        }
        Path dir = p.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new FileNotFoundException(dir + " (no such directory)");
        }
        Path tmp = Files.createTempFile(dir, "." + p.getFileName(), ".part");
        try {
            try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.writeTo(o);
            }
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Fails early, before any long work, if {@code arg} exists and may not be replaced. */
    static void checkWritable(String arg, boolean force) throws IOException {
        if (!"-".equals(arg) && Files.exists(Path.of(arg)) && !force) {
            throw new FileAlreadyExistsException(arg + " exists (use --force to overwrite)");
        }
    }
}
