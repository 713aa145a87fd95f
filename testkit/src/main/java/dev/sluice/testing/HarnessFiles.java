package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** File-system plumbing of the harness: the shared build cache (lock + atomic rename), recursive copy and delete. */
final class HarnessFiles {
    /** Builds the content of a cache entry into an empty staging directory. */
    @FunctionalInterface
    interface Builder {
        void build(Path staging) throws Exception;
    }

    private static final Object JVM_LOCK = new Object();

    private HarnessFiles() {
    }

    /** Root of the per-user cache: {@code -Dsluice.test.cache}, {@code $SLUICE_TEST_CACHE} or {@code ~/.cache/sluice-test}. */
    static Path cacheRoot() {
        String configured = System.getProperty("sluice.test.cache", System.getenv("SLUICE_TEST_CACHE"));
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "sluice-test");
        createDirectories(root);
        return root;
    }

    /**
     * Returns {@code <cache>/<name>}, building it first if missing. Safe against concurrent JVMs: a file lock
     * serializes builders and the entry appears only complete, through an atomic rename of the staging directory.
     */
    static Path cached(String name, Builder builder) {
        Path root = cacheRoot();
        Path target = root.resolve(name);
        if (Files.isDirectory(target)) {
            return target;
        }
        synchronized (JVM_LOCK) {
            try (FileChannel channel = FileChannel.open(root.resolve("." + name + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.isDirectory(target)) {
                    return target;
                }
                try (Stream<Path> stale = Files.list(root)) {
                    for (Path p : stale.filter(p -> p.getFileName().toString().startsWith(".staging-" + name + "-")).toList()) {
                        deleteRecursively(p);
                    }
                }
                Path staging = root.resolve(".staging-" + name + "-" + UUID.randomUUID());
                Files.createDirectories(staging);
                try {
                    builder.build(staging);
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (Exception e) {
                    deleteRecursively(staging);
                    throw e;
                }
                return target;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Could not build the test cache entry " + target + ": " + e.getMessage()
                        + " (delete " + root + " to start over)", e);
            }
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create directory " + dir, e);
        }
    }

    /** Copies a directory tree (files, directories, symlinks as links). */
    static void copyTree(Path source, Path target) {
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, target.resolve(source.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + source + " to " + target, e);
        }
    }

    /** Deletes a file or directory tree; missing is fine; never follows symlinks out of the tree. */
    static void deleteRecursively(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + path, e);
        }
    }

    /** The last {@code lines} lines of a text file, or a note that it is missing. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(" + file + " does not exist)";
            }
            List<String> all = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            Deque<String> last = new ArrayDeque<>();
            for (String line : all) {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            }
            return String.join("\n", last);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
