package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sluice.task.NameMapping;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values that must arrive unchanged through binlog replication (issue 11): each test replicates a few rows whose
 * values the applier once changed or failed to match, then compares the tables byte for byte. Run for every
 * server pair by the subclasses.
 */
abstract class AbstractValueFidelityTest extends ReplicationPairTest {
    private final boolean gtid;

    AbstractValueFidelityTest(Flavor sourceFlavor, Flavor destinationFlavor, boolean gtid) {
        super(sourceFlavor, destinationFlavor, "sluice-fidelity-test");
        this.gtid = gtid;
    }

    /** A replicator slice following database {@code db} from the source's current position. */
    private final class Replicating implements AutoCloseable {
        final String taskId;
        final ReplicationFixture.SliceRun run;

        Replicating(String db) throws Exception {
            TaskSpec spec = ReplicationFixture.spec("fidelity", source, destination,
                    ReplicationFixture.passwordFile(tmp), db, NameMapping.NONE,
                    ReplicationFixture.startHere(source, gtid));
            taskId = state.createTask(spec);
            run = new ReplicationFixture.SliceRun(new Replicator(taskId, spec, state.state(taskId),
                    ReplicationFixture.config(2, 50, Duration.ofMinutes(5))));
        }

        /** Runs {@code sql} on the source, then waits until the destination has applied it. */
        void apply(String db, String... sql) throws Exception {
            source.executeIn(db, sql);
            run.awaitCaughtUp(source, Duration.ofSeconds(60));
        }

        @Override
        public void close() throws Exception {
            run.stop(state, taskId, 60_000);
        }
    }

    @Test
    void binaryKeyEndingInZeroBytesIsUpdatedAndDeleted() throws Exception {
        String db = TestNames.unique("binzero");
        List<String> tables = List.of("b", "bk", "bu");
        ReplicationFixture.createOnBoth(source, destination, db,
                "CREATE TABLE b (id BINARY(4) PRIMARY KEY, v INT)",
                "CREATE TABLE bk (id BINARY(4), v INT)",
                "CREATE TABLE bu (id BINARY(4) PRIMARY KEY, code INT NOT NULL UNIQUE, v INT)");
        try (Replicating r = new Replicating(db)) {
            r.apply(db,
                    "INSERT INTO b VALUES (0x01020300, 1), (0x00000000, 2), (0x0A000000, 3), (0x01020304, 4)",
                    "INSERT INTO bk VALUES (0x01020300, 1), (0x00000000, 2), (0x0A000000, 3)",
                    "INSERT INTO bu VALUES (0x01020300, 1, 1), (0x00000000, 2, 2), (0x0A000000, 3, 3)");
            Checksums.assertSame(source, destination, db, tables, 5, "after the inserts");
            r.apply(db,
                    "UPDATE b SET v = 10 WHERE id = 0x01020300",
                    "UPDATE b SET id = 0x05000000 WHERE id = 0x00000000",
                    "DELETE FROM b WHERE id = 0x0A000000",
                    "UPDATE bk SET v = 10 WHERE id = 0x01020300",
                    "DELETE FROM bk WHERE id = 0x00000000",
                    "UPDATE bu SET id = 0x06000000 WHERE id = 0x01020300",
                    "UPDATE bu SET v = 20 WHERE id = 0x00000000",
                    "DELETE FROM bu WHERE id = 0x0A000000");
            Checksums.assertSame(source, destination, db, tables, 5, "after the updates and deletes");
            r.apply(db, "DELETE FROM b", "DELETE FROM bk", "DELETE FROM bu");
            Checksums.assertSame(source, destination, db, tables, 5, "after deleting every row");
            assertEquals("0", destination.queryValue("SELECT COUNT(*) FROM `" + db + "`.b"));
        }
    }

    @Test
    void keylessEnumAndSetRowsAreUpdatedAndDeleted() throws Exception {
        String db = TestNames.unique("enumset");
        ReplicationFixture.createOnBoth(source, destination, db,
                "CREATE TABLE e (c ENUM('x','y'), s SET('p','q'), n INT)");
        try (Replicating r = new Replicating(db)) {
            r.apply(db, "INSERT INTO e VALUES ('x', 'p,q', 1), ('y', 'q', 2), ('y', '', 3)");
            r.apply(db, "UPDATE e SET c = 'y', s = 'p', n = 10 WHERE n = 1", "DELETE FROM e WHERE n = 2");
            Checksums.assertSame(source, destination, db, List.of("e"), 5, "");
            assertEquals("2", destination.queryValue("SELECT COUNT(*) FROM `" + db + "`.e"));
        }
    }

    /**
     * Keyless rows that differ only in a FLOAT column: replicated UPDATE and DELETE must change the row the source
     * changed, not the first row equal on the other columns (FLOAT was once left out of the keyless match).
     */
    @Test
    void keylessRowsDifferingOnlyInAFloatAreMatchedExactly() throws Exception {
        String db = TestNames.unique("kfloat");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE kf (n INT, f FLOAT, m FLOAT(7,3))");
        try (Replicating r = new Replicating(db)) {
            // values whose text is the same on 5.7 (six digits) and 8.0 (shortest), for the checksum
            r.apply(db, "INSERT INTO kf VALUES (1, 1.5, 0), (1, 2.5, 0), (2, 0.1, 1.25), (2, -123.25, 1.25), "
                    + "(3, 3.14159, 9999.999), (3, 0.2, 9999.999), (4, 1, 0.001), (4, 1, -0.5)");
            r.apply(db, "DELETE FROM kf WHERE n = 1 AND f = 2.5",
                    "UPDATE kf SET n = 20 WHERE n = 2 AND f < 0",
                    "UPDATE kf SET n = 30 WHERE n = 3 AND f > 1",
                    "DELETE FROM kf WHERE n = 4 AND m < 0");
            Checksums.assertSame(source, destination, db, List.of("kf"), 5, "");
            assertEquals(1L, destination.queryLong("SELECT COUNT(*) FROM `" + db + "`.kf WHERE n = 20 AND f < 0"));
            assertEquals(1L, destination.queryLong("SELECT COUNT(*) FROM `" + db + "`.kf WHERE n = 1 AND f = 1.5"));
        }
    }

    @Test
    void negativeTimeWithFractionalSecondsKeepsItsSign() throws Exception {
        String db = TestNames.unique("negtime");
        ReplicationFixture.createOnBoth(source, destination, db,
                "CREATE TABLE t (id INT PRIMARY KEY, t0 TIME, t2 TIME(2), t4 TIME(4), t6 TIME(6))");
        try (Replicating r = new Replicating(db)) {
            r.apply(db,
                    "INSERT INTO t VALUES (1, '-01:00:00', '-01:00:00.5', '-01:00:00.5', '-01:00:00.5')",
                    "INSERT INTO t VALUES (2, '-00:00:01', '-00:00:00.01', '-00:00:00.0001', '-00:00:00.000001')",
                    "INSERT INTO t VALUES (3, '-838:59:59', '-838:59:59', '-838:59:59', '-838:59:59')",
                    "INSERT INTO t VALUES (4, '838:59:59', '838:59:58.99', '12:34:56.7891', '00:00:00.5')",
                    "INSERT INTO t VALUES (5, '-12:34:56', '-12:34:56.78', '-12:34:56.7801', '-12:34:56.000001')",
                    "INSERT INTO t VALUES (6, '00:00:00', '-00:00:00.99', '-00:00:00.9999', '-00:00:00.999999')");
            Checksums.assertSame(source, destination, db, List.of("t"), 6, "");
            assertEquals("-01:00:00.500000",
                    destination.queryValue("SELECT CAST(t6 AS CHAR) FROM `" + db + "`.t WHERE id = 1"));
        }
    }

    @Test
    void jsonFromTheBinlogKeepsItsTypesAndExactDoubles() throws Exception {
        assumeFalse(destination.flavor().isMariaDb(), "MariaDB's JSON is text: nothing is typed");
        String db = TestNames.unique("jsontypes");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE j (id INT PRIMARY KEY, doc JSON)",
                "CREATE TABLE jk (doc JSON, n INT)");
        String doc = "JSON_OBJECT('dt', CAST('2024-01-02 03:04:05.678' AS DATETIME(3)), "
                + "'d', CAST('2024-01-02' AS DATE), 't', CAST('-01:02:03.5' AS TIME(1)), "
                + "'dec', CAST('1.50' AS DECIMAL(5,2)), 'big', 1e300, 'dbl', 0.1e0, 'tiny', 4.9e-324, "
                + "'k\"ey', JSON_ARRAY(CAST('-2.5' AS DECIMAL(4,2)), 'x', NULL, TRUE, "
                + "JSON_OBJECT('deep', CAST('99999999999999999999.000001' AS DECIMAL(26,6))), 1.7e301))";
        List<String> paths = List.of("$.dt", "$.d", "$.t", "$.dec", "$.big", "$.dbl", "$.tiny", "$.\"k\\\"ey\"[0]",
                "$.\"k\\\"ey\"[4].deep", "$.\"k\\\"ey\"[5]");
        try (Replicating r = new Replicating(db)) {
            r.apply(db,
                    "INSERT INTO j VALUES (1, " + doc + "), (2, CAST(CAST('1.50' AS DECIMAL(3,2)) AS JSON)), "
                            + "(3, CAST(CAST('2020-02-03 04:05:06' AS DATETIME) AS JSON)), (4, '[1.5, 2]')",
                    "INSERT INTO jk VALUES (" + doc + ", 1), (" + doc + ", 2)");
            r.apply(db, "UPDATE jk SET n = 10 WHERE n = 1", "DELETE FROM jk WHERE n = 2",
                    "UPDATE j SET doc = JSON_SET(doc, '$.dec', CAST('7.000' AS DECIMAL(6,3))) WHERE id = 1");
            for (String p : paths) {
                String q = "SELECT CONCAT(JSON_TYPE(JSON_EXTRACT(doc, '" + p.replace("\\", "\\\\") + "')), ' ', "
                        + "CAST(JSON_EXTRACT(doc, '" + p.replace("\\", "\\\\") + "') AS CHAR)) FROM `" + db
                        + "`.j WHERE id = 1";
                assertEquals(source.queryValue(q), destination.queryValue(q), "JSON value at " + p);
            }
            String types = "SELECT GROUP_CONCAT(JSON_TYPE(doc), ' ', CAST(doc AS CHAR) ORDER BY id) FROM `" + db
                    + "`.j WHERE id > 1";
            assertEquals(source.queryValue(types), destination.queryValue(types));
            String q = "SELECT COUNT(*) FROM `" + db + "`.j WHERE JSON_EXTRACT(doc, '$.big') = 1e300 "
                    + "AND JSON_EXTRACT(doc, '$.tiny') = 4.9e-324";
            assertEquals("1", destination.queryValue(q), "exact doubles");
            Checksums.assertSame(source, destination, db, List.of("j", "jk"), 5, "");
            assertEquals("1", destination.queryValue("SELECT COUNT(*) FROM `" + db + "`.jk"));
        }
    }

    /** The strict applier session still writes what a lenient source stored: zero dates, zero timestamps. */
    @Test
    void zeroDatesFromALenientSourceAreStillWrittenByTheStrictApplier() throws Exception {
        String db = TestNames.unique("zerodate");
        ReplicationFixture.createOnBoth(source, destination, db,
                "CREATE TABLE z (id INT PRIMARY KEY, d DATE, dt DATETIME(3), ts TIMESTAMP NULL DEFAULT NULL)");
        try (Replicating r = new Replicating(db)) {
            r.apply(db, "SET SESSION sql_mode = ''",
                    "INSERT INTO z VALUES (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'), "
                            + "(2, '2024-02-29', '2024-02-29 23:59:59.999', '2024-02-29 23:59:59')",
                    "UPDATE z SET d = '0000-00-00' WHERE id = 2");
            Checksums.assertSame(source, destination, db, List.of("z"), 5, "");
            assertEquals("2", destination.queryValue("SELECT COUNT(*) FROM `" + db + "`.z "
                    + "WHERE CAST(d AS CHAR) = '0000-00-00'"));
        }
    }

    @Test
    void valueTheDestinationWouldChangeStopsTheTaskWithItsTableKeyAndPosition() throws Exception {
        String db = TestNames.unique("narrow");
        source.execute("CREATE DATABASE `" + db + "`");
        destination.execute("CREATE DATABASE `" + db + "`");
        source.executeIn(db, "CREATE TABLE n (id INT PRIMARY KEY, s VARCHAR(10))");
        destination.executeIn(db, "CREATE TABLE n (id INT PRIMARY KEY, s VARCHAR(5))");
        TaskSpec spec = ReplicationFixture.spec("narrow", source, destination, ReplicationFixture.passwordFile(tmp),
                db, NameMapping.NONE, ReplicationFixture.startHere(source, gtid));
        String taskId = state.createTask(spec);
        Replicator replicator = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(2, 50, Duration.ofSeconds(15)));
        source.executeIn(db, "INSERT INTO n VALUES (1, 'fits'), (42, 'too long!!')");
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                replicator::runSlice);
        String m = e.getMessage();
        assertNotNull(m);
        assertTrue(m.contains(db + ".n"), m);
        assertTrue(m.contains("42"), "names the key: " + m);
        assertTrue(m.contains("too long!!"), "names the value: " + m);
        assertTrue(m.contains("column s") || m.contains("column 's'"), "names the column: " + m);
        assertTrue(m.matches("(?s).*binlog\\.\\d+:\\d+.*") || m.contains("mysql-bin"), "names the position: " + m);
        assertTrue(m.contains("widen") || m.contains("ALTER TABLE"), "says what to do: " + m);
        assertTrue(!dev.sluice.failure.Failures.isRetriable(e), "fatal, not retriable: " + e);
        assertEquals("0", destination.queryValue("SELECT COUNT(*) FROM `" + db + "`.n WHERE id = 42"));
    }
}
