package dev.sluice.fullcopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.Sql;
import dev.sluice.state.Phase;
import dev.sluice.state.TaskRecord;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.ThrottleSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a worker process in the middle of the copy (child JVM, on-disk embedded DynamoDB, real MySQL 8.0),
 * then a new process finishes it: every table equal, no row doubled, the dead worker's chunks taken over.
 */
class FullCopyKillTest {
    static final int BIG_ROWS = 40_000;
    static final long LEASE_MILLIS = 3_000;

    @TempDir
    Path dir;

    @Test
    void killedWorkerProcessIsTakenOverWithoutDuplicates() throws Exception {
        DbServer server = SharedServers.get(Flavor.MYSQL_80);
        FullCopyScenario sc = new FullCopyScenario(server, server, false);
        server.executeIn(sc.edge, "SET SESSION cte_max_recursion_depth = 1000000",
                "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(100), n BIGINT)",
                "INSERT INTO big WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + BIG_ROWS
                        + ") SELECT i, REPEAT(CHAR(65 + i % 26), 1 + i % 90), i * 7 FROM s");
        server.executeIn(sc.edgeDst, "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(100), n BIGINT)");
        server.executeIn(sc.edge, "CREATE TABLE nokey_big (a INT, b VARCHAR(20))",
                "INSERT INTO nokey_big SELECT id % 100, LEFT(pad, 20) FROM big");
        server.executeIn(sc.edgeDst, "CREATE TABLE nokey_big (a INT, b VARCHAR(20))");
        Path data = dir.resolve("state");
        String stateTable = TestNames.unique("state");
        String taskId;
        int chunks;
        // slow enough to be killed mid-copy: 2 workers, 8,000 rows/s
        TaskSpec spec = sc.spec(2, 500, new ThrottleSpec(8_000L, null, null));
        try (TestState state = TestState.onDisk(data, stateTable)) {
            TaskRecord task = state.tasks.create(spec);
            taskId = task.id();
            state.tasks.setPhase(taskId, Phase.FULL_COPY);
            chunks = new FullCopyPlanner(state.table, state.docs).plan(taskId, spec).chunks();
        }
        String big = Sql.id(sc.edgeDst, "big");
        // A kill can land while both workers are between chunks (no chunk claimed): then the takeover is not
        // exercised, so a new child carries on from the ledger and is killed again, up to 4 times (the ledger's
        // state after each kill is a valid resume point, which is what this test is about).
        long copiedBeforeKill = 0;
        long claimedBefore = 0;
        for (int attempt = 1; attempt <= 4 && claimedBefore == 0; attempt++) {
            long target = attempt == 1 ? BIG_ROWS / 4 : copiedBeforeKill + 500;
            copiedBeforeKill = killChildAfter(server, dir, data, stateTable, taskId, big, target, attempt);
            try (TestState state = TestState.onDisk(data, stateTable)) {
                List<ChunkState> before = new ChunkLedger(state.table, taskId).all();
                long doneBefore = before.stream().filter(c -> c.status() == ChunkState.Status.DONE).count();
                claimedBefore = before.stream().filter(c -> c.status() == ChunkState.Status.CLAIMED).count();
                assertTrue(doneBefore > 0 && doneBefore < chunks, "some chunks done, not all: " + doneBefore);
                System.out.println("FullCopyKillTest: kill " + attempt + " left " + claimedBefore + " claimed chunk(s)");
            }
        }
        assertTrue(claimedBefore > 0, "the killed workers left claimed chunks behind (4 kills)");

        try (TestState state = TestState.onDisk(data, stateTable)) {
            TaskRecord task = state.tasks.require(taskId);
            FullCopyScenario.runWorkers(state, task, 2, LEASE_MILLIS);
            List<ChunkState> after = new ChunkLedger(state.table, taskId).all();
            assertTrue(after.stream().allMatch(c -> c.status() == ChunkState.Status.DONE));
            assertTrue(after.stream().anyMatch(c -> c.token() >= 2), "a dead worker's chunk was taken over");
            assertEquals(Phase.DONE, state.tasks.require(taskId).phase());
        }
        sc.assertEqual(true);
        for (String t : List.of("big", "nokey_big")) {
            TableChecksum a = TableChecksum.of(server, sc.edge, t);
            TableChecksum b = TableChecksum.of(server, sc.edgeDst, t);
            assertEquals(BIG_ROWS, b.rows(), t + ": no row missing or doubled");
            assertEquals(a, b, t);
        }
        assertFalse(server.queryLong("SELECT COUNT(*) - COUNT(DISTINCT id) FROM " + big) > 0);
    }

    /** Starts a copy child, SIGKILLs it once the destination's big table holds {@code target} rows; rows then. */
    private static long killChildAfter(DbServer server, Path dir, Path data, String stateTable, String taskId, String big, long target,
                                       int attempt) throws Exception {
        Path log = dir.resolve("child-" + attempt + ".log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), FullCopyChildMain.class.getName(),
                data.toString(), stateTable, taskId, "2", Long.toString(LEASE_MILLIS))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long copied = 0;
        while (System.nanoTime() < deadline && child.isAlive()) {
            copied = server.queryLong("SELECT COUNT(*) FROM " + big);
            if (copied >= target) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(child.isAlive(), "the child ended before it could be killed: " + Files.readString(log));
        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertTrue(copied > 0 && copied < BIG_ROWS, "killed mid-copy: " + copied);
        return copied;
    }
}
