package dev.sluice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs SQL files through the command-line client ({@code mariadb}, else {@code mysql}, from PATH) against a
 * harness server, exactly as a DBA would with {@code mysql < file.sql}; credentials go in an option file.
 */
final class SqlClient {
    private SqlClient() {
    }

    static void load(DbServer server, Path file, String database) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("SQL file " + file + " does not exist or is not readable");
        }
        Path client = ServerBinaries.findProgram("mariadb", "mysql");
        List<String> cmd = new ArrayList<>(List.of(client.toString(), "--defaults-file=" + server.clientConfig(),
                "--batch", "--silent"));
        if (database != null && !database.isEmpty()) {
            cmd.add("--database=" + database);
        }
        Path output = server.dir().resolve("tmp").resolve("client-" + System.nanoTime() + ".out");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(file.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("Loading " + file + " into " + server + " took more than 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Loading " + file + " into " + server + " failed (" + client + " exit "
                        + p.exitValue() + "):\n" + HarnessFiles.tail(output, 20));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + client + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while loading " + file, e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // the server directory is deleted with the server anyway
            }
        }
    }
}
