package dev.sluice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Tracks the servers this JVM started: each server directory under one root records its owner JVM and server
 * pid, a shutdown hook kills what is left at JVM exit, and at first use servers orphaned by dead JVMs are
 * killed and their directories deleted.
 */
final class ServerRegistry {
    static final String OWNER_FILE = "owner.properties";
    private static final Set<DbServer> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean initialized;

    private ServerRegistry() {
    }

    /** Root of all server directories: {@code -Dsluice.test.serverRoot} or {@code /tmp/sluice-test-servers}. */
    static Path root() {
        Path root = Path.of(System.getProperty("sluice.test.serverRoot", "/tmp/sluice-test-servers"));
        HarnessFiles.createDirectories(root);
        return root;
    }

    static synchronized void initialize() {
        if (initialized) {
            return;
        }
        initialized = true;
        reapOrphans();
        Runtime.getRuntime().addShutdownHook(new Thread(ServerRegistry::killAll, "sluice-test-server-reaper"));
    }

    /** Creates a new server directory owned by this JVM. */
    static Path newServerDir(Flavor flavor) {
        initialize();
        try {
            Path dir = Files.createTempDirectory(root(), flavor.key() + "-");
            ProcessHandle self = ProcessHandle.current();
            Properties owner = new Properties();
            owner.setProperty("ownerPid", Long.toString(self.pid()));
            owner.setProperty("ownerStart", self.info().startInstant().map(Instant::toString).orElse(""));
            write(dir.resolve(OWNER_FILE), owner);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a server directory under " + root(), e);
        }
    }

    /** Records the server process pid in its directory (so a later JVM can kill it if this one dies). */
    static void recordServerPid(Path dir, long pid) {
        Path file = dir.resolve(OWNER_FILE);
        try {
            Properties owner = read(file);
            owner.setProperty("serverPid", Long.toString(pid));
            write(file, owner);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot record the server pid in " + file, e);
        }
    }

    static void register(DbServer server) {
        LIVE.add(server);
    }

    static void unregister(DbServer server) {
        LIVE.remove(server);
    }

    private static void killAll() {
        for (DbServer server : new ArrayList<>(LIVE)) {
            try {
                server.killAndDelete();
            } catch (RuntimeException e) {
                System.err.println("[sluice-test] could not clean up " + server + ": " + e.getMessage());
            }
        }
    }

    /** Kills servers whose owner JVM is gone and deletes their directories. */
    static void reapOrphans() {
        reapOrphans(root());
    }

    /** Same as {@link #reapOrphans()} for the server directories under {@code root}. */
    static void reapOrphans(Path root) {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            System.err.println("[sluice-test] cannot list " + root + ": " + e.getMessage());
            return;
        }
        for (Path dir : dirs) {
            try {
                reapIfOrphan(dir);
            } catch (IOException | RuntimeException e) {
                System.err.println("[sluice-test] cannot clean up orphan server directory " + dir + ": " + e.getMessage());
            }
        }
    }

    private static void reapIfOrphan(Path dir) throws IOException {
        Path ownerFile = dir.resolve(OWNER_FILE);
        if (!Files.exists(ownerFile)) {
            FileTime modified = Files.getLastModifiedTime(dir);
            if (modified.toInstant().isBefore(Instant.now().minus(Duration.ofMinutes(10)))) {
                HarnessFiles.deleteRecursively(dir); // half-created long ago
            }
            return;
        }
        Properties owner = read(ownerFile);
        if (isAlive(owner.getProperty("ownerPid"), owner.getProperty("ownerStart"))) {
            return;
        }
        String serverPid = owner.getProperty("serverPid");
        if (serverPid != null) {
            Optional<ProcessHandle> server = ProcessHandle.of(Long.parseLong(serverPid));
            // only kill it if it really is a server of this directory (pids get reused)
            if (server.isPresent() && server.get().info().commandLine().orElse("").contains(dir.toString())) {
                System.err.println("[sluice-test] killing orphan server pid " + serverPid + " of " + dir);
                server.get().destroyForcibly();
                server.get().onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> null).join();
            }
        }
        HarnessFiles.deleteRecursively(dir);
    }

    private static boolean isAlive(String pid, String start) {
        if (pid == null) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(pid));
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (start == null || start.isEmpty()) {
            return true;
        }
        return handle.get().info().startInstant().map(i -> i.toString().equals(start)).orElse(true);
    }

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static void write(Path file, Properties p) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "sluice test server owner");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
