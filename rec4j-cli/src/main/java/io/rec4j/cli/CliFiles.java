package io.rec4j.cli;

import io.rec4j.codec.combiner.CombinerModel;
import io.rec4j.codec.combiner.CombinerPack;
import io.rec4j.core.Rec4jDataException;
import io.rec4j.core.container.Container;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * File arguments of the codec commands. {@code -} is standard input/output. Inputs are bounded: a file over the
 * limit for its kind is refused before it is read, and standard input is never read past the limit. Outputs:
 * <ul>
 *   <li>a regular file is written to a temporary sibling and renamed over the target, so a failed run never leaves
 *       a half-written output; an existing file is replaced only with {@code --force} and keeps its permissions; a
 *       new file gets the mode the umask gives (like any file a shell command creates);</li>
 *   <li>a symbolic link is followed: its target is written (with the same rules), the link stays; a dangling link
 *       is refused;</li>
 *   <li>a character device ({@code /dev/null}, a terminal) or a named pipe is written through, never replaced;
 *       directories, block devices and sockets are refused.</li>
 * </ul>
 * Problems with the output (no such directory, no permission, a file in the way) are found by
 * {@link #checkWritable} before any long work starts. Error messages name the file the user gave, never a
 * temporary file.
 */
final class CliFiles {
    /** Image inputs larger than this are refused unread (a PNG of the largest image COMBINER accepts is smaller). */
    static final long MAX_IMAGE_BYTES = 1L << 30;
    /** rec4j containers larger than this are refused as soon as their header declares it. */
    static final long MAX_CONTAINER_BYTES = 1L << 28;

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private CliFiles() {
    }

    /** Reads an input of at most {@code maxBytes} bytes; {@code what} names its kind in errors ("image"). */
    static byte[] readInput(String arg, long maxBytes, String what) throws IOException {
        if ("-".equals(arg)) {
            byte[] b = System.in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (b.length > maxBytes) {
                throw new Rec4jDataException("standard input holds more than " + maxBytes + " bytes, the most an "
                        + what + " may have");
            }
            return b;
        }
        Path p = inputPath(arg);
        long size = Files.size(p);
        if (size > maxBytes) {
            throw new Rec4jDataException(arg + " is " + size + " bytes, more than the " + maxBytes + " an " + what
                    + " may have");
        }
        return Files.readAllBytes(p);
    }

    /**
     * Reads one rec4j container from a file or standard input. The fixed header is checked as soon as it is read,
     * so a stream that is not a container is refused after a few bytes; bytes after the container are an error.
     */
    static Container readContainer(String arg) throws IOException {
        if ("-".equals(arg)) {
            Container c;
            try {
                c = Container.read(System.in, MAX_CONTAINER_BYTES);
            } catch (Rec4jDataException e) {
                throw new Rec4jDataException("standard input: " + e.getMessage(), e);
            }
            if (System.in.read() != -1) {
                throw new Rec4jDataException("standard input: unexpected bytes after the rec4j container ("
                        + c.encodedLength() + " bytes)");
            }
            return c;
        }
        Path p = inputPath(arg);
        Container c;
        try (InputStream in = Files.newInputStream(p)) {
            c = Container.read(in, MAX_CONTAINER_BYTES);
        } catch (Rec4jDataException e) {
            throw new Rec4jDataException(arg + ": " + e.getMessage(), e);
        }
        long size = Files.size(p);
        if (size != c.encodedLength()) {
            throw new Rec4jDataException(arg + ": " + (size - c.encodedLength())
                    + " unexpected bytes after the rec4j container (" + c.encodedLength() + " bytes)");
        }
        return c;
    }

    /**
     * A COMBINER file as the CLI writes it: the same method and payload in the compact container (format version 2,
     * 13 bytes of framing instead of 26 for a file under 128 bytes of payload).
     */
    static byte[] compact(byte[] file) {
        return Container.parse(file).withFormatVersion(Container.COMPACT_VERSION).toBytes();
    }

    /**
     * The PNG images of a folder ({@code *.png} in any case, regular files, not hidden), sorted by name
     * ({@link String#compareTo}); at least one, at most {@link CombinerPack#MAX_IMAGES}.
     */
    static List<Path> pngsIn(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).endsWith(".png") && !name.startsWith(".")
                        && Files.isRegularFile(p)) {
                    out.add(p);
                    if (out.size() > CombinerPack.MAX_IMAGES) {
                        throw new Main.UsageException(dir + " holds more than " + CombinerPack.MAX_IMAGES
                                + " PNG images; split it");
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new Main.UsageException(dir + " holds no PNG images (*.png)");
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    /** Whether an output argument names one file (a .r4j file or standard output) rather than a folder. */
    static boolean namesFile(String arg) {
        return "-".equals(arg) || arg.toLowerCase(Locale.ROOT).endsWith(".r4j") && !Files.isDirectory(Path.of(arg));
    }

    /**
     * The output folder of a packed file {@code in} of {@code n} images: {@code out}, unless it is standard output or
     * an existing file (a usage error).
     */
    static Path outputFolder(String in, String out, int n) {
        Path dir = Path.of(out);
        if ("-".equals(out) || Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Main.UsageException(in + " is a packed file of " + n + " images; give an output folder, not "
                    + ("-".equals(out) ? "standard output" : "the file " + out));
        }
        return dir;
    }

    /** {@link #checkWritable} for a file of an output folder that may not exist yet (then there is nothing in the way). */
    static void checkWritableIfFolderExists(Path file, boolean force) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent)) {
            checkWritable(file.toString(), force);
        }
    }

    /** Runs a parser on the contents of {@code arg}; its data errors name the file. */
    static <T> T parsing(String arg, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (Rec4jDataException e) {
            throw new Rec4jDataException(("-".equals(arg) ? "standard input" : arg) + ": " + e.getMessage(), e);
        }
    }

    /** An input file that exists, is not a directory, and can be opened. */
    private static Path inputPath(String arg) throws IOException {
        Path p = Path.of(arg);
        if (!Files.exists(p)) {
            throw new NoSuchFileException(arg, null, Files.isSymbolicLink(p) ? "a symbolic link to a missing file"
                    : "no such file or directory");
        }
        if (Files.isDirectory(p)) {
            throw new FileSystemException(arg, null, "is a directory, not a file");
        }
        try {
            Files.newInputStream(p).close();
            return p;
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(arg, null, "permission denied");
        }
    }

    static CombinerModel readModel(Path p) throws IOException {
        byte[] bytes = readInput(p.toString(), MAX_CONTAINER_BYTES, "model file");
        try {
            return CombinerModel.fromBytes(bytes);
        } catch (Rec4jDataException e) {
            throw new Rec4jDataException(p + " is not a usable COMBINER model: " + e.getMessage(), e);
        }
    }

    /**
     * The COMBINER model in the file {@code fileOrName}, or the shipped model of that name (a path that exists wins),
     * as {@link RecombinerFiles#loadModel} does for RECOMBINER.
     *
     * @throws Main.UsageException when it is neither, or names a shipped model of another method
     */
    static CombinerModel loadModel(String fileOrName) throws IOException {
        Path p = Path.of(fileOrName);
        if (Files.exists(p)) {
            return readModel(p);
        }
        ModelCatalog.Listed named = ModelCatalog.byName(fileOrName).orElseThrow(() -> new Main.UsageException(
                fileOrName + ": no such file, and not the name of a shipped model (" + ModelCatalog.names() + ")"));
        if (named.combiner() == null) {
            throw new Main.UsageException(fileOrName + " is a " + named.method().name() + " model, not COMBINER");
        }
        return named.combiner();
    }

    /** Writes what {@code body} produces; it may stream (the output is never held in memory as a whole). */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code data} to {@code arg} ({@code -}: standard output), by the rules in the class comment. */
    static void writeOutput(String arg, byte[] data, boolean force) throws IOException {
        writeOutput(arg, force, out -> out.write(data));
    }

    /** As {@link #writeOutput(String, byte[], boolean)}, streaming what {@code body} writes. */
    static void writeOutput(String arg, boolean force, Body body) throws IOException {
        if ("-".equals(arg)) {
            OutputStream out = System.out;
            body.writeTo(out);
            out.flush();
            return;
        }
        Target t = target(arg, force);
        if (t.writeThrough) {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(t.path, StandardOpenOption.WRITE),
                    1 << 16)) {
                body.writeTo(o);
            } catch (FileSystemException e) {
                throw renamed(e, arg);
            }
            return;
        }
        Path tmp = createTemporarySibling(t.path, arg);
        try {
            if (t.replaces) {
                copyPermissions(t.path, tmp);
            }
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
                body.writeTo(o);
            }
            Files.move(tmp, t.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            throw renamed(e, arg);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Fails early, before any long work, if {@code arg} cannot be written: it exists and may not be replaced, it
     * is a directory, its directory is missing or not writable (tried by creating and deleting a temporary file).
     */
    static void checkWritable(String arg, boolean force) throws IOException {
        if ("-".equals(arg)) {
            return;
        }
        Target t = target(arg, force);
        if (!t.writeThrough) {
            Files.delete(createTemporarySibling(t.path, arg));
        }
    }

    /** Where an output goes: {@code path} (a symbolic link already resolved). */
    private record Target(Path path, boolean replaces, boolean writeThrough) {
    }

    private static Target target(String arg, boolean force) throws IOException {
        Path p = Path.of(arg).toAbsolutePath();
        if (Files.isSymbolicLink(p)) {
            try {
                p = p.toRealPath();
            } catch (NoSuchFileException e) {
                throw new FileSystemException(arg, null, "a symbolic link to a missing file (not followed)");
            }
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(p)) {
                throw new FileSystemException(arg, null, "is a directory");
            }
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                if (!force) {
                    throw new FileAlreadyExistsException(arg, null, "exists (use --force to overwrite)");
                }
                return new Target(p, true, false);
            }
            int type = fileType(p);
            if (type == S_IFCHR || type == S_IFIFO) {
                return new Target(p, false, true);
            }
            throw new FileSystemException(arg, null, "is neither a regular file, a character device nor a pipe;"
                    + " refusing to replace it");
        }
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(arg, null, "no such directory: " + (dir == null ? "/" : dir));
        }
        return new Target(p, false, false);
    }

    private static int fileType(Path p) throws IOException {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode")) & S_IFMT;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 0; // not a Unix file system: only regular files are written
        }
    }

    private static Path createTemporarySibling(Path target, String arg) throws IOException {
        Path dir = target.getParent();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".part");
            try {
                return Files.createFile(tmp); // no attributes: the mode the umask gives
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw new FileSystemException(arg, null, "cannot create a temporary file next to it");
                }
            } catch (AccessDeniedException e) {
                throw new AccessDeniedException(arg, null, "permission denied (cannot create files in " + dir + ")");
            } catch (FileSystemException e) {
                throw renamed(e, arg);
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView src = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dst = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (src != null && dst != null) {
            dst.setPermissions(src.readAttributes().permissions());
        }
    }

    /** The same failure, naming the user's argument instead of a temporary file. */
    private static FileSystemException renamed(FileSystemException e, String arg) {
        String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        if (e instanceof AccessDeniedException) {
            return new AccessDeniedException(arg, null, "permission denied");
        }
        if (e instanceof NoSuchFileException) {
            return new NoSuchFileException(arg, null, reason);
        }
        return new FileSystemException(arg, null, reason);
    }
}
