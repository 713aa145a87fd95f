package dev.sluice.dynamodb.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An exclusive OS file lock on a data directory, so two processes never open the same store. */
public final class DataDirLock implements AutoCloseable {
    static final String LOCK_FILE = "sluice-dynamodb.lock";

    /**
     * Directories locked by this JVM. Checked before touching the lock file because on Linux closing any channel to
     * a file drops every lock this process holds on it, so a failed second attempt must never open the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails with a message naming the holder's pid and what to do. */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(LOCK_FILE);
        FileChannel ch = null;
        Path dir;
        try {
            Files.createDirectories(dataDir);
            dir = dataDir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data dir " + dataDir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        if (!HELD.add(dir)) {
            throw new IllegalStateException("data dir " + dataDir.toAbsolutePath() + " is in use by another Sluice "
                    + "server in this process (pid " + ProcessHandle.current().pid() + ") — stop it or use its "
                    + "endpoint");
        }
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = readHolder(file);
                ch.close();
                HELD.remove(dir);
                throw inUse(dataDir, holder);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            ch.force(true);
            return new DataDirLock(dir, ch, l);
        } catch (IOException e) {
            closeQuietly(ch);
            HELD.remove(dir);
            throw new UncheckedIOException("cannot lock data dir " + dataDir.toAbsolutePath() + ": " + e.getMessage(),
                    e);
        }
    }

    private static IllegalStateException inUse(Path dataDir, String holder) {
        return new IllegalStateException("data dir " + dataDir.toAbsolutePath() + " is in use by another Sluice "
                + "process (" + holder + ") — stop it or use its endpoint");
    }

    private static String readHolder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? "pid unknown" : s;
        } catch (IOException e) {
            return "pid unknown";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing; the original error is reported
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            HELD.remove(dir);
        }
    }
}
