package dev.sluice.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.db.Sql;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Minimal reproductions of the defects the fidelity matrix found that were not known before (MySQL 8.0 -> 8.0,
 * schema + full + incremental through the engine): each fails on the code they were found on.
 */
@Tag("fidelity")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FidelityFindingsTest {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();

    private DbServer source;
    private DbServer destination;
    private FidelityState state;
    private Path tmp;

    @BeforeAll
    void start() throws Exception {
        source = SharedServers.get(Flavor.MYSQL_80);
        destination = servers.start(Flavor.MYSQL_80);
        state = FidelityState.start(null);
        tmp = Files.createTempDirectory("sluice-findings");
    }

    @AfterAll
    void close() throws Exception {
        state.close();
        try (var files = Files.walk(tmp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Found: the full copy refuses ENUM/SET values with a 4-byte character ("1265 Data truncated"). */
    @Test
    void fourByteEnumAndSetMembersAreCopied() throws Exception {
        String db = migrate(new String[] {"CREATE TABLE e (id INT PRIMARY KEY, "
                + "c ENUM('a','\uD83D\uDE00') CHARACTER SET utf8mb4, s SET('a','\uD83D\uDE00') CHARACTER SET utf8mb4)",
            "INSERT INTO e VALUES (1, '\uD83D\uDE00', 'a,\uD83D\uDE00')"}, new String[0]);
        assertSame(db, "e");
    }

    /** Found: keyless rows holding YEAR 0 (0000) are not matched by binlog UPDATE/DELETE, and are doubled on replay. */
    @Test
    void keylessRowsWithYearZeroAreMatched() throws Exception {
        String db = migrate(new String[] {"CREATE TABLE k (n INT, y YEAR)", "INSERT INTO k VALUES (1, 0), (1, 0)"},
                new String[] {"DELETE FROM k WHERE n = 1 LIMIT 1", "INSERT INTO k VALUES (2, 0)",
                    "UPDATE k SET n = 3 WHERE n = 2"});
        assertSame(db, "k");
    }

    /**
     * Found: a negative TIME inside a JSON document stops replication (the binlog connector's JSON formatter
     * asserts a non-negative hour; without -ea it prints a wrong value).
     */
    @Test
    void negativeTimeInsideJsonReplicates() throws Exception {
        String db = migrate(new String[] {"CREATE TABLE j (id INT PRIMARY KEY, d JSON)"},
                new String[] {"INSERT INTO j VALUES (1, JSON_ARRAY(CAST('-00:00:01' AS TIME)))"});
        assertSame(db, "j");
    }

    /** Creates and fills {@code db} on the source, migrates it (schema, copy), replicates {@code changes}. */
    private String migrate(String[] setup, String[] changes) throws Exception {
        String db = TestNames.unique("finding");
        source.execute("CREATE DATABASE " + Sql.id(db));
        source.executeIn(db, setup);
        String taskId = state.tasks.create(Pipeline.spec("finding", source, destination,
                Pipeline.passwordFile(tmp), db, 1, 1000)).id();
        Pipeline.runToIncremental(state, taskId, 1, null);
        Pipeline.Replication r = new Pipeline.Replication(state, taskId);
        try {
            r.awaitCaughtUp(source, Duration.ofSeconds(60));
            source.executeIn(db, changes);
            r.awaitCaughtUp(source, Duration.ofSeconds(60));
        } finally {
            r.stop(state, taskId);
        }
        return db;
    }

    private void assertSame(String db, String table) throws Exception {
        ValueReader.Table a = ValueReader.read(source, db, table);
        ValueReader.Table b = ValueReader.read(destination, db, table);
        List<String> d = new ArrayList<>(TableDiff.columns(a, b));
        d.addAll(TableDiff.rows(a, b, 5));
        assertEquals(List.of(), d, db + "." + table);
    }
}
