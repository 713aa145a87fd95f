package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.task.NameMapping;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across SIGKILL: the replicator runs in a child JVM with a tiny batch size against an on-disk
 * embedded DynamoDB, is killed inside a 50,000-row source transaction and again at a random point, restarted each
 * time, and the destination ends equal to the source (keyless duplicates included, so a replayed or skipped change
 * would show).
 */
class KillAndResumeTest extends ReplicationPairTest {
    private final List<Process> children = new ArrayList<>();

    KillAndResumeTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80, "sluice-kill-test");
    }

    /** Runs before the state table closes (the base class's {@code @AfterAll} runs after this one). */
    @AfterAll
    void killChildren() throws Exception {
        for (Process p : children) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process launch(String taskId, int run) throws Exception {
        Process p = ReplicatorChild.launch(state.endpoint(), taskId, tmp.resolve("child-" + run + ".log"), List.of(
                "-Dsluice.incremental.batchRows=500", "-Dsluice.incremental.workers=3",
                "-Dsluice.incremental.batchMillis=20", "-Dsluice.incremental.sliceSeconds=20",
                "-Dsluice.incremental.heartbeatMillis=300", "-Dsluice.incremental.mirrorMillis=500"));
        children.add(p);
        return p;
    }

    /** Worker checkpoints on the destination: {file, pos, rowIndex} per worker. */
    private List<BinlogCoordinate> checkpoints(String taskId) throws Exception {
        List<BinlogCoordinate> out = new ArrayList<>();
        try (Connection c = destination.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT binlog_file, binlog_pos, row_index FROM "
                    + "sluice_meta.checkpoint WHERE task_id = '" + taskId + "' AND worker >= 0")) {
                while (rs.next()) {
                    out.add(new BinlogCoordinate(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        } catch (java.sql.SQLException e) {
            // the checkpoint table does not exist yet
        }
        return out;
    }

    private String log(int run) throws Exception {
        Path p = tmp.resolve("child-" + run + ".log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    @Test
    void killedInsideALargeTransactionAndResumedAppliesEveryChangeOnce() throws Exception {
        String db = TestNames.unique("kill");
        String[] schema = {"CREATE TABLE big (id INT NOT NULL PRIMARY KEY, v INT NOT NULL, pad VARCHAR(100))",
            "CREATE TABLE log (a INT, b VARCHAR(20))"};
        ReplicationFixture.createOnBoth(source, destination, db, schema);
        TaskSpec spec = ReplicationFixture.spec("kill", source, destination, ReplicationFixture.passwordFile(tmp),
                db, NameMapping.NONE, ReplicationFixture.startHere(source, true));
        String taskId = state.createTask(spec);

        try (Connection c = source.connect(db); Statement st = c.createStatement()) {
            for (int t = 0; t < 100; t++) {
                st.executeUpdate("INSERT INTO big VALUES (" + (t * 2 + 1) + ", 1, 'small'), (" + (t * 2 + 2)
                        + ", 2, 'small')");
                st.executeUpdate("INSERT INTO log VALUES (" + (t % 3) + ", 'dup'), (" + (t % 3) + ", 'dup')");
            }
            c.setAutoCommit(false);
            for (int s = 0; s < 50; s++) {
                StringBuilder sb = new StringBuilder("INSERT INTO big VALUES ");
                StringBuilder dup = new StringBuilder("INSERT INTO log VALUES ");
                for (int r = 0; r < 1000; r++) {
                    int id = 100_000 + s * 1000 + r;
                    sb.append(r == 0 ? "" : ",").append('(').append(id).append(", ").append(r).append(", 'large')");
                    if (r < 100) {
                        dup.append(r == 0 ? "" : ",").append("(7, 'in-large')");
                    }
                }
                st.executeUpdate(sb.toString());
                st.executeUpdate(dup.toString());
            }
            st.executeUpdate("UPDATE big SET v = v + 100 WHERE id <= 200");
            st.executeUpdate("DELETE FROM log WHERE a = 1 LIMIT 3");
            c.commit();
            c.setAutoCommit(true);
            for (int t = 0; t < 100; t++) {
                st.executeUpdate("UPDATE big SET v = v * 3, pad = 'after' WHERE id = " + (100_000 + t * 37));
                st.executeUpdate("DELETE FROM big WHERE id = " + (t * 2 + 1));
                st.executeUpdate("DELETE FROM log WHERE a = " + (t % 3) + " AND b = 'dup' LIMIT 1");
                st.executeUpdate("UPDATE big SET id = id + 500000 WHERE id = " + (100_500 + t));
            }
        }

        // run 1: kill while a worker checkpoint points inside the large transaction
        Process p1 = launch(taskId, 1);
        boolean insideLarge = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p1.isAlive()) {
            if (checkpoints(taskId).stream().anyMatch(cp -> cp.rowIndex() > 0)) {
                insideLarge = true;
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(p1.isAlive(), "the child ended early:\n" + log(1));
        p1.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertTrue(insideLarge, "no checkpoint inside the large transaction was seen before the kill");
        List<BinlogCoordinate> afterKill = checkpoints(taskId);
        assertTrue(afterKill.stream().anyMatch(cp -> cp.rowIndex() > 0), "checkpoints after kill: " + afterKill);

        // run 2: killed at an arbitrary point while more changes arrive
        Process p2 = launch(taskId, 2);
        try (Connection c = source.connect(db); Statement st = c.createStatement()) {
            for (int t = 0; t < 60; t++) {
                st.executeUpdate("INSERT INTO log VALUES (9, 'late'), (9, 'late')");
                st.executeUpdate("UPDATE big SET v = v + 1 WHERE id BETWEEN " + (100_000 + t * 100) + " AND "
                        + (100_000 + t * 100 + 50));
                Thread.sleep(15);
            }
        }
        assertTrue(p2.isAlive(), "the child ended early:\n" + log(2));
        p2.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        // run 3: catches up, then stops on the flag
        Process p3 = launch(taskId, 3);
        BinlogCoordinate target;
        try (Connection c = source.connect()) {
            BinlogPosition pos = BinlogPosition.current(c, ServerInfo.of(c));
            target = new BinlogCoordinate(pos.file(), pos.position(), 0);
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            List<BinlogCoordinate> cps = checkpoints(taskId);
            if (!cps.isEmpty() && cps.stream().noneMatch(cp -> cp.isBefore(target))) {
                break;
            }
            assertTrue(p3.isAlive(), "the child ended early:\n" + log(3));
            Thread.sleep(100);
        }
        state.tasks.requestStop(taskId);
        assertTrue(p3.waitFor(60, TimeUnit.SECONDS), "the child did not stop on the flag:\n" + log(3));
        assertEquals(0, p3.exitValue(), log(3));

        Checksums.assertSame(source, destination, db, List.of("big", "log"), 5, "\nrun 1 log:\n" + log(1));
        assertEquals(source.queryValue("SELECT COUNT(*) FROM `" + db + "`.log WHERE a = 7"),
                destination.queryValue("SELECT COUNT(*) FROM `" + db + "`.log WHERE a = 7"));
    }
}
