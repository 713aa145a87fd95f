package dev.sluice.objects;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.faults.WorkflowRig;
import dev.sluice.state.Phase;
import dev.sluice.state.TableReload;
import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** What the tests of a running task's objects share: the task file, live writes, waiting, comparing tables. */
final class ObjectsRig {
    private ObjectsRig() {
    }

    static TaskSpec spec(Path dir, DbServer source, DbServer destination, String db, String options)
            throws Exception {
        return spec(dir, source, destination, "{database: " + db + "}", db, options);
    }

    static TaskSpec spec(Path dir, DbServer source, DbServer destination, String objects, String db,
                         String options) throws Exception {
        Path pw = dir.resolve("pw-" + db);
        Files.writeString(pw, DbServer.ROOT_PASSWORD);
        String endpoint = "{host: 127.0.0.1, port: %d, user: root, password: 'file:" + pw + "', tls: disabled}";
        return TaskFiles.parse("name: objects\nsource: " + endpoint.formatted(source.port()) + "\ndestination: "
                + endpoint.formatted(destination.port()) + "\ntypes: [schema, full, incremental]\nobjects: "
                + "[" + objects + "]\noptions:\n  full_copy: {workers: 2, chunk_rows: 500}\n"
                + "  incremental: {slice_seconds: 10}\n" + options, "objects.yaml");
    }

    /** Creates {@code table} (id, n, note) with {@code rows} rows. */
    static void table(DbServer source, String db, String table, int rows) throws Exception {
        source.executeIn(db, "CREATE TABLE " + table + " (id INT PRIMARY KEY, n INT NOT NULL, note VARCHAR(40))");
        StringBuilder sb = new StringBuilder("INSERT INTO " + table + " VALUES ");
        for (int i = 1; i <= rows; i++) {
            sb.append(i > 1 ? "," : "").append("(").append(i).append(",").append(i * 3).append(",'r").append(i)
                    .append("')");
        }
        source.executeIn(db, sb.toString());
    }

    /** "rows/crc" of a table, comparable across the two servers; "missing" when it does not exist. */
    static String digest(DbServer server, String db, String table) {
        try {
            return server.queryValue("SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(CRC32(CONCAT_WS('#', id, n, "
                    + "COALESCE(note, 'NULL')))), 0)) FROM `" + db + "`.`" + table + "`");
        } catch (Exception e) {
            return "missing (" + e.getMessage() + ")";
        }
    }

    /** One value a query returns on {@code server} in {@code db}, as text ("error: ..." when it fails). */
    static String digestOf(DbServer server, String db, String sql) {
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? String.valueOf(rs.getString(1)) : "no row";
        } catch (Exception e) {
            return "error: " + e.getMessage();
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    static void awaitReplicating(WorkflowRig rig, String taskId) throws InterruptedException {
        await("task " + taskId + " replicating", Duration.ofMinutes(4), () -> {
            var t = rig.tasks.require(taskId);
            if (t.error() != null) {
                fail("task failed: " + t.error());
            }
            return t.phase() == Phase.INCREMENTAL;
        });
    }

    static TableReload.State reloadState(WorkflowRig rig, String taskId, String table) {
        return TableReload.read(rig.docs, taskId, table).map(TableReload::state).orElse(null);
    }

    /** Random inserts, updates and deletes on the given tables of {@code db} until stopped. */
    static final class Writer implements AutoCloseable {
        final AtomicLong committed = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Writer(DbServer source, String db, String... tables) {
            thread = new Thread(() -> {
                Random rnd = new Random(7);
                try (Connection c = source.connect(db); Statement st = c.createStatement()) {
                    while (!stop.get()) {
                        String t = tables[rnd.nextInt(tables.length)];
                        int id = 1 + rnd.nextInt(6000);
                        switch (rnd.nextInt(3)) {
                            case 0 -> st.execute("INSERT INTO " + t + " VALUES (" + id + ", " + rnd.nextInt(1000)
                                    + ", 'w" + id + "') ON DUPLICATE KEY UPDATE n = n + 1");
                            case 1 -> st.execute("UPDATE " + t + " SET n = n + 7, note = CONCAT('u', id) WHERE id "
                                    + "BETWEEN " + id + " AND " + (id + 3));
                            default -> st.execute("DELETE FROM " + t + " WHERE id = " + id);
                        }
                        committed.incrementAndGet();
                        Thread.sleep(2);
                    }
                } catch (Exception e) {
                    if (!stop.get()) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "objects-writer");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
        }
    }
}
