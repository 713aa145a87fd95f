package dev.sluice.verification;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Task specs and endpoints for verification tests on harness servers (root password via a file reference). */
final class VerifyFixtures {
    private static Path passwordFile;

    private VerifyFixtures() {
    }

    static synchronized EndpointSpec endpoint(DbServer server) {
        try {
            if (passwordFile == null) {
                passwordFile = Files.createTempFile("sluice-verify-pw", ".txt");
                Files.writeString(passwordFile, DbServer.ROOT_PASSWORD);
                passwordFile.toFile().deleteOnExit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EndpointSpec(server.host(), server.port(), server.rootUser(), "file:" + passwordFile,
                TlsMode.DISABLED, 10);
    }

    /** A task copying database {@code srcDb} of {@code source} to {@code dstDb} of {@code dest}. */
    static TaskSpec task(DbServer source, String srcDb, DbServer dest, String dstDb) {
        return task(source, srcDb, dest, dstDb, new NameMapping(Map.of(srcDb, dstDb), Map.of(), Map.of()));
    }

    static TaskSpec task(DbServer source, String srcDb, DbServer dest, String dstDb, NameMapping mapping) {
        return new TaskSpec("verify-test", endpoint(source), endpoint(dest), Set.of(MigrationType.FULL),
                List.of(new ObjectSelection(srcDb, null, null, null)), mapping, null, null);
    }

    /**
     * Equal tables on both sides, as after the full copy: {@code t (id, v, note)} keyed, ids 1 to {@code rows},
     * and {@code bag (a, b)} keyless with (1, 'x') twice and (2, NULL).
     */
    static void equalTables(DbServer source, String srcDb, DbServer dest, String dstDb, int rows) {
        for (var e : List.of(Map.entry(source, srcDb), Map.entry(dest, dstDb))) {
            e.getKey().executeIn(e.getValue(), "CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL, note VARCHAR(20))",
                    "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99) "
                            + "SELECT a.i * 100 + b.i + 1, a.i * 100 + b.i + 1, CONCAT('row ', a.i * 100 + b.i + 1) "
                            + "FROM n a JOIN n b WHERE a.i * 100 + b.i < " + rows,
                    "CREATE TABLE bag (a INT, b VARCHAR(10))", "INSERT INTO bag VALUES (1, 'x'), (1, 'x'), (2, NULL)");
        }
    }
}
