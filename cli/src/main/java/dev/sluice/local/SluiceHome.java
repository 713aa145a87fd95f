package dev.sluice.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.settings.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The local working directory of Sluice ({@code $SLUICE_HOME}, default {@code ./.sluice}): the embedded state
 * store's files, {@code daemon.json}, which tells other CLI processes the endpoints of the running platform, and
 * {@code token} (mode 0600), the secret every local endpoint asks for (docs/security.md).
 */
public record SluiceHome(Path dir) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static SluiceHome resolve(String explicit) {
        String env = Settings.HOME.string(null);
        Path p = explicit != null ? Path.of(explicit) : env != null ? Path.of(env) : Path.of(".sluice");
        return new SluiceHome(p.toAbsolutePath().normalize());
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    Path tokenFile() {
        return dir.resolve("token");
    }

    /**
     * The access token of this home: 32 random bytes (base64url), created with the home in a file only its owner
     * may read. A token file others may read is refused: anyone who can read it can drive the platform.
     */
    public String token() {
        Path f = tokenFile();
        try {
            if (!Files.exists(f)) {
                createPrivateDirectory(dir);
                Path tmp = Files.createTempFile(dir, "token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_RW));
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
                try {
                    Files.createLink(f, tmp);   // atomic and never replaces: a racing process's token wins
                } catch (FileAlreadyExistsException ignored) {
                    // another process created it first
                } finally {
                    Files.delete(tmp);
                }
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
            if (!OWNER_RW.containsAll(perms)) {
                throw new IllegalStateException(f + " may be read by other users (" + PosixFilePermissions.toString(perms)
                        + "); run 'chmod 600 " + f + "' (or delete it to get a new token)");
            }
            String token = Files.readString(f, StandardCharsets.US_ASCII).strip();
            if (token.length() < 32) {
                throw new IllegalStateException(f + " holds no usable token; delete it and start again");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the token " + f + ": " + e.getMessage(), e);
        }
    }

    private static final Set<PosixFilePermission> OWNER_RW =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private static void createPrivateDirectory(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            Files.createDirectories(d.getParent());
            try {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException ignored) {
                // created meanwhile
            }
        }
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
        createPrivateDirectory(dir);
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
