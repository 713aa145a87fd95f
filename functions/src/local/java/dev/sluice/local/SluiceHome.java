package dev.sluice.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The local working directory of Sluice ({@code $SLUICE_HOME}, default {@code ./.sluice}): the embedded state
 * store's files and {@code daemon.json}, which tells other CLI processes the endpoints of the running platform.
 */
public record SluiceHome(Path dir) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static SluiceHome resolve(String explicit) {
        String env = System.getenv("SLUICE_HOME");
        Path p = explicit != null ? Path.of(explicit) : env != null ? Path.of(env) : Path.of(".sluice");
        return new SluiceHome(p.toAbsolutePath().normalize());
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    Path daemonFile() {
        return dir.resolve("daemon.json");
    }

    /** Where a running platform of this home listens. */
    public record Daemon(long pid, String dynamoEndpoint, String sfnEndpoint, String stateMachineArn,
                         String apiEndpoint) {
    }

    /** The running platform of this home, if its process is alive. */
    public Optional<Daemon> runningDaemon() {
        Path f = daemonFile();
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            Daemon d = JSON.readValue(f.toFile(), Daemon.class);
            return ProcessHandle.of(d.pid()).filter(ProcessHandle::isAlive).map(h -> d);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void writeDaemon(Daemon d) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("daemon.json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), d);
        Files.move(tmp, daemonFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void removeDaemon(long pid) {
        runningDaemonRecord().filter(d -> d.pid() == pid).ifPresent(d -> {
            try {
                Files.deleteIfExists(daemonFile());
            } catch (IOException ignored) {
                // a stale file is detected by its dead pid next time
            }
        });
    }

    private Optional<Daemon> runningDaemonRecord() {
        try {
            return Optional.of(JSON.readValue(daemonFile().toFile(), Daemon.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
