package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.ReplicationStatus;
import dev.sluice.task.NameMapping;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Binlog replication between two real servers: concurrent DML of every statement type (INSERT, multi-row INSERT,
 * UPDATE with and without a primary key change, DELETE, REPLACE, INSERT ... ON DUPLICATE KEY UPDATE, keyless
 * duplicates, a table with a second unique key, a composite key) and each supported DDL while replicating, then
 * stop: every table's ordered row hash is equal on both sides, and the views and routines exist.
 */
abstract class AbstractReplicationTest extends ReplicationPairTest {
    private final boolean gtid;
    private final boolean rename;

    AbstractReplicationTest(Flavor sourceFlavor, Flavor destinationFlavor, boolean gtid, boolean rename) {
        super(sourceFlavor, destinationFlavor, "sluice-inc-test");
        this.gtid = gtid;
        this.rename = rename;
    }

    private String json() {
        return "JSON";
    }

    private List<String> schema() {
        return List.of(
                "CREATE TABLE items (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                        + "name VARCHAR(50) CHARACTER SET utf8mb4 NOT NULL, qty INT UNSIGNED NOT NULL DEFAULT 0, "
                        + "price DECIMAL(10,2) NULL, created DATETIME(6) NULL, day DATE NULL, tod TIME(3) NULL, "
                        + "ts TIMESTAMP(3) NULL DEFAULT NULL, doc " + json() + " NULL, flags SET('a','b','c') NULL, "
                        + "kind ENUM('x','y','z') NULL, big BIGINT UNSIGNED NULL, ratio DOUBLE NULL, bits BIT(8) NULL, "
                        + "payload BLOB NULL, tiny TINYINT UNSIGNED NULL, latin VARCHAR(20) CHARACTER SET latin1 NULL)",
                "CREATE TABLE uniq (id INT NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL, v INT, "
                        + "UNIQUE KEY uk_code (code))",
                "CREATE TABLE nokey (a INT, b VARCHAR(10))",
                "CREATE TABLE pair (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b))");
    }

    private void seed(DbServer server, String db) {
        List<String> s = new ArrayList<>();
        s.add("SET time_zone = '+00:00'");
        for (int i = 1; i <= 120; i++) {
            s.add("INSERT INTO " + (rename && server == destination ? "goods" : "items") + " (id, name, qty, price, "
                    + "created, day, tod, ts, doc, flags, kind, big, ratio, bits, payload, tiny, latin) VALUES ("
                    + i + ", 'item " + i + " é€😀', " + (4_000_000_000L - i) + ", " + i + ".25, "
                    + "'2024-01-02 03:04:05." + String.format("%06d", i) + "', '2023-12-31', '12:34:56.789', "
                    + "'2024-06-01 00:00:01.5', '{\"k\": " + i + "}', 'a,c', 'y', 18446744073709551000, "
                    + i + ".5, b'10100101', x'00ff10', 250, 'caf\u00e9')");
        }
        for (int i = 1; i <= 40; i++) {
            s.add("INSERT INTO uniq VALUES (" + i + ", 'c" + i + "', " + i + ")");
            s.add("INSERT INTO pair VALUES (" + i + ", 'b" + i + "', " + i + ")");
        }
        for (int i = 1; i <= 20; i++) {
            s.add("INSERT INTO nokey VALUES (" + (i % 5) + ", 'dup'), (" + (i % 5) + ", 'dup')");
        }
        server.executeIn(db, s.toArray(String[]::new));
    }

    @Test
    void concurrentDmlAndDdlReplicateToEqualTables() throws Exception {
        String srcDb = TestNames.unique("inc");
        String dstDb = rename ? srcDb + "_dst" : srcDb;
        NameMapping mapping = rename ? new NameMapping(Map.of(srcDb, dstDb), Map.of(srcDb + ".items", "goods"),
                Map.of()) : NameMapping.NONE;
        source.execute("CREATE DATABASE `" + srcDb + "`");
        destination.execute("CREATE DATABASE `" + dstDb + "`");
        source.executeIn(srcDb, schema().toArray(String[]::new));
        destination.executeIn(dstDb, schema().stream()
                .map(s -> rename ? s.replace("CREATE TABLE items", "CREATE TABLE goods") : s).toArray(String[]::new));
        seed(source, srcDb);
        seed(destination, dstDb);

        Path password = ReplicationFixture.passwordFile(tmp);
        TaskSpec spec = ReplicationFixture.spec("inc", source, destination, password, srcDb, mapping,
                ReplicationFixture.startHere(source, gtid));
        String taskId = state.createTask(spec);
        Replicator replicator = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(3, 50, Duration.ofMinutes(5)));
        ReplicationFixture.SliceRun run = new ReplicationFixture.SliceRun(replicator);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong committed = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int seed = w;
            Thread t = new Thread(() -> dml(srcDb, seed, running, committed), "dml-" + w);
            writers.add(t);
            t.start();
        }
        Thread.sleep(1500);
        String[] ddl = {
            "ALTER TABLE items ADD COLUMN extra INT NOT NULL DEFAULT 7",
            "CREATE TABLE t2 (id INT NOT NULL PRIMARY KEY, v VARCHAR(20))",
            "INSERT INTO t2 VALUES (1, 'one'), (2, 'two'), (3, 'three')",
            "CREATE INDEX ix_v ON t2 (v)",
            "UPDATE t2 SET v = 'TWO' WHERE id = 2",
            "DROP INDEX ix_v ON t2",
            "CREATE VIEW v_items AS SELECT id, name FROM items",
            "ALTER VIEW v_items AS SELECT id, name, qty FROM items",
            "CREATE FUNCTION f_add(a INT, b INT) RETURNS INT DETERMINISTIC RETURN a + b",
            "CREATE PROCEDURE p_touch() MODIFIES SQL DATA UPDATE t2 SET v = 'p' WHERE id = 1",
            "CALL p_touch()",
            "RENAME TABLE t2 TO t3",
            "INSERT INTO t3 VALUES (4, 'four')",
            "TRUNCATE TABLE t3",
            "INSERT INTO t3 VALUES (5, 'five'), (6, 'six')",
            "CREATE TABLE t4 (id INT PRIMARY KEY)",
            "INSERT INTO t4 VALUES (1)",
            "DROP TABLE t4",
            "ALTER TABLE items DROP COLUMN tiny",
            "ALTER TABLE items MODIFY name VARCHAR(80) CHARACTER SET utf8mb4 NOT NULL",
        };
        for (String stmt : ddl) {
            source.executeIn(srcDb, stmt);
            // a DDL changes the columns of later row events; let the reader pass it before the next DDL so that
            // sources without binlog_row_metadata=FULL can record the table's columns (see ADR 0041)
            run.awaitCaughtUp(source, Duration.ofSeconds(60));
            Thread.sleep(150);
        }
        Thread.sleep(1000);
        running.set(false);
        for (Thread t : writers) {
            t.join();
        }
        assertTrue(committed.get() > 100, "the writers committed only " + committed.get() + " transactions");
        run.awaitCaughtUp(source, Duration.ofSeconds(120));
        SliceResult result = run.stop(state, taskId, 60_000);
        assertNotNull(result, "the slice did not end after the stop flag");
        assertTrue(result.stopped(), "slice ended for " + result.reason());

        List<String> tables = Checksums.tables(source, srcDb);
        assertEquals(List.of("items", "nokey", "pair", "t3", "uniq"), tables);
        for (String t : tables) {
            String dt = rename && t.equals("items") ? "goods" : t;
            String expected = Checksums.of(source, srcDb, t);
            String actual = Checksums.of(destination, dstDb, dt);
            if (!expected.equals(actual)) {
                assertEquals(expected, actual, "table " + t + "\n"
                        + Checksums.diff(source, srcDb, t, destination, dstDb, dt, 3));
            }
        }
        assertEquals(List.of(), Checksums.tables(destination, dstDb).stream()
                .filter(t -> !List.of("goods", "items", "nokey", "pair", "t3", "uniq").contains(t)).toList());
        assertEquals("1", destination.queryValue("SELECT COUNT(*) FROM information_schema.VIEWS WHERE "
                + "TABLE_SCHEMA = ? AND TABLE_NAME = 'v_items'", dstDb));
        assertEquals(destination.queryValue("SELECT COUNT(*) FROM " + "`" + dstDb + "`." + (rename ? "goods" : "items")),
                destination.queryValue("SELECT COUNT(*) FROM `" + dstDb + "`.v_items"));
        assertEquals("7", destination.queryValue("SELECT `" + dstDb + "`.f_add(3, 4)"));
        assertEquals("1", destination.queryValue("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE "
                + "ROUTINE_SCHEMA = ? AND ROUTINE_NAME = 'p_touch'", dstDb));
        assertEquals("0", destination.queryValue("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE "
                + "TABLE_SCHEMA = ? AND INDEX_NAME = 'ix_v'", dstDb));

        ReplicationStatus st = StateTableReplicationState.status(state.documents, taskId).orElseThrow();
        assertTrue(st.transactions() > 100, "mirrored status: " + st);
        assertEquals(ddl.length - 6, st.ddl(), "DDL applied: " + st);
        assertFalse(st.toText().isBlank());
    }

    /** Random DML of every kind in small transactions until told to stop; errors (e.g. after DDL) are skipped. */
    private void dml(String db, int seed, AtomicBoolean running, AtomicLong committed) {
        Random rnd = new Random(seed);
        int nextId = 100_000 * (seed + 1);
        try (Connection c = source.connect(db); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            c.setAutoCommit(false);
            while (running.get()) {
                int kind = rnd.nextInt(14);
                int id = 1 + rnd.nextInt(130);
                try {
                    switch (kind) {
                        case 0 -> st.executeUpdate("INSERT INTO items (id, name, qty, price, created, day, ts, doc, "
                                + "flags, kind, big, ratio, bits, payload, latin) VALUES (" + (nextId++) + ", 'n"
                                + seed + "', 1, NULL, NOW(6), CURDATE(), NOW(3), '[1, \"x\", null]', 'b', 'z', 5, "
                                + "-0.125, b'1', NULL, 'na\u00efve'), (" + (nextId++) + ", 'multi ☃', 2, 9.99, "
                                + "'1999-12-31 23:59:59', '1000-01-01', '2038-01-19 03:14:07', NULL, '', 'x', "
                                + "0, NULL, b'0', x'', NULL)");
                        case 1 -> st.executeUpdate("UPDATE items SET qty = qty + 1, price = price * 2, "
                                + "doc = JSON_OBJECT('u', " + id + ") WHERE id = " + id);
                        case 2 -> st.executeUpdate("UPDATE items SET id = id + 1000000 WHERE id = " + id);
                        case 3 -> st.executeUpdate("DELETE FROM items WHERE id = " + id);
                        case 4 -> st.executeUpdate("REPLACE INTO items (id, name, qty, kind) VALUES (" + id
                                + ", 'replaced', 3, 'x')");
                        case 5 -> st.executeUpdate("INSERT INTO items (id, name, qty) VALUES (" + id
                                + ", 'upserted', 4) ON DUPLICATE KEY UPDATE qty = qty + 10, name = 'dup-updated'");
                        case 6 -> st.executeUpdate("UPDATE items SET kind = 'y', flags = 'a,b' WHERE id BETWEEN "
                                + id + " AND " + (id + 6));
                        case 7 -> {
                            st.executeUpdate("INSERT INTO nokey VALUES (" + (id % 5) + ", 'dup'), (" + (id % 5)
                                    + ", 'dup'), (NULL, NULL)");
                            st.executeUpdate("DELETE FROM nokey WHERE a = " + (id % 5) + " AND b = 'dup' LIMIT 1");
                        }
                        case 8 -> st.executeUpdate("UPDATE nokey SET b = 'upd' WHERE a = " + (id % 5) + " LIMIT 1");
                        case 9 -> st.executeUpdate("UPDATE uniq SET code = CONCAT('c', " + (id % 40 + 1) + ", '-', "
                                + rnd.nextInt(3) + ") WHERE id = " + (id % 40 + 1));
                        case 10 -> st.executeUpdate("UPDATE uniq SET id = id + 1000 WHERE id = " + (id % 40 + 1));
                        case 11 -> {
                            st.executeUpdate("DELETE FROM uniq WHERE code = 'c" + (id % 40 + 1) + "'");
                            st.executeUpdate("INSERT INTO uniq VALUES (" + (5000 + nextId++) + ", 'c" + (id % 40 + 1)
                                    + "', 0)");
                        }
                        case 12 -> st.executeUpdate("UPDATE pair SET b = CONCAT(b, 'x') WHERE a = " + (id % 40));
                        default -> {
                            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pair VALUES (?, ?, ?) "
                                    + "ON DUPLICATE KEY UPDATE v = v + 1")) {
                                ps.setInt(1, id % 50);
                                ps.setString(2, "p" + (id % 3));
                                ps.setInt(3, id);
                                ps.executeUpdate();
                            }
                            st.executeUpdate("DELETE FROM pair WHERE a = " + ((id + 7) % 50) + " AND b = 'p1'");
                        }
                    }
                    if (rnd.nextInt(10) == 0) {
                        c.rollback();
                    } else {
                        c.commit();
                        committed.incrementAndGet();
                    }
                } catch (SQLException e) {
                    c.rollback(); // duplicate keys, columns dropped by a concurrent DDL ...
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
