package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.fullcopy.FullCopyPlanner;
import dev.sluice.fullcopy.FullCopyWorker;
import dev.sluice.fullcopy.WorkerResult;
import dev.sluice.fullcopy.WriteMethod;
import dev.sluice.state.Phase;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 defect 7: a table whose only usable key is UNIQUE NOT NULL was copied and verified by that key but
 * replicated as keyless, so the hand-off replay inserted (INSERT_MISSING: "no equal row") a row the copy already
 * held in a later version, and the unique key refused it. Here the real full copy runs while the source changes,
 * replication replays from the hand-off position, then keyed UPDATE/DELETE (key changes included) run after
 * catch-up. A nullable UNIQUE key is never a row identity (NULLs repeat).
 */
class UniqueOnlyKeyReplicationTest extends ReplicationPairTest {
    private static final List<String> TABLES = List.of("u1", "u2", "un", "nn");

    UniqueOnlyKeyReplicationTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80, "sluice-uniqueonly-test");
    }

    @Test
    void uniqueNotNullKeyedTablesReplayTheHandOffAndReplicateByThatKey() throws Exception {
        String db = TestNames.unique("uniq");
        ReplicationFixture.createOnBoth(source, destination, db,
                "CREATE TABLE u1 (k INT NOT NULL, v VARCHAR(20), UNIQUE KEY uk (k))",
                "CREATE TABLE u2 (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, UNIQUE KEY uk (a, b))",
                "CREATE TABLE un (n INT NULL, k INT NOT NULL, v INT, UNIQUE KEY a_n (n), UNIQUE KEY z_k (k))",
                "CREATE TABLE nn (n INT NULL, v INT, UNIQUE KEY a_n (n))");
        source.executeIn(db, "INSERT INTO u1 VALUES (1, 'a'), (2, 'b'), (3, 'c')",
                "INSERT INTO u2 VALUES (1, 'x', 1), (1, 'y', 2), (2, 'x', 3)",
                "INSERT INTO un VALUES (NULL, 1, 1), (NULL, 2, 2), (5, 3, 3)",
                "INSERT INTO nn VALUES (NULL, 1), (NULL, 1), (7, 2)");
        Path password = ReplicationFixture.passwordFile(tmp);
        EndpointSpec src = ReplicationFixture.endpoint(source, password);
        EndpointSpec dst = ReplicationFixture.endpoint(destination, password);
        TaskSpec spec = new TaskSpec("uniq", src, dst, Set.of(MigrationType.FULL, MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null, TaskOptions.DEFAULTS);
        String taskId = state.createTask(spec);
        state.tasks.setPhase(taskId, Phase.FULL_COPY);
        // the planner records the hand-off position before any chunk is read
        new FullCopyPlanner(state.table, state.documents).plan(taskId, spec);

        // changes after the hand-off that the copy (below) already sees: the replay meets every row in a later
        // version than the binlog event it replays
        source.executeIn(db, "INSERT INTO u1 VALUES (4, 'd')", "UPDATE u1 SET v = 'dd' WHERE k = 4",
                "UPDATE u1 SET v = 'bb' WHERE k = 2", "DELETE FROM u1 WHERE k = 3",
                "INSERT INTO u2 VALUES (3, 'z', 0)", "UPDATE u2 SET v = 30 WHERE a = 3",
                "UPDATE u2 SET b = 'w' WHERE a = 1 AND b = 'y'",
                "INSERT INTO un VALUES (NULL, 4, 4)", "UPDATE un SET v = 40 WHERE k = 4",
                "INSERT INTO nn VALUES (NULL, 3)");
        FullCopyWorker worker = new FullCopyWorker(state.table, state.documents, state.tasks, 60_000,
                WriteMethod.configured());
        WorkerResult r;
        do {
            r = worker.run(taskId, spec, 0, System.currentTimeMillis() + 120_000);
        } while (r.remaining() > 0);
        assertEquals(source.queryLong("SELECT COUNT(*) FROM `" + db + "`.u1"),
                destination.queryLong("SELECT COUNT(*) FROM `" + db + "`.u1"), "the copy holds the changed rows");

        Replicator replicator = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(2, 100, Duration.ofMinutes(3)));
        ReplicationFixture.SliceRun run = new ReplicationFixture.SliceRun(replicator);
        run.awaitCaughtUp(source, Duration.ofSeconds(60));
        Checksums.assertSame(source, destination, db, TABLES, 5, " (after the hand-off replay)");

        // after catch-up: changes by key, key changes included
        source.executeIn(db, "UPDATE u1 SET k = 10 WHERE k = 1", "UPDATE u1 SET v = 'b3' WHERE k = 2",
                "DELETE FROM u1 WHERE k = 4", "INSERT INTO u1 VALUES (5, 'e')",
                "UPDATE u2 SET v = 99 WHERE a = 2 AND b = 'x'", "UPDATE u2 SET a = 7 WHERE a = 1 AND b = 'x'",
                "DELETE FROM u2 WHERE a = 3",
                "UPDATE un SET n = 6 WHERE k = 1", "UPDATE un SET v = 22 WHERE k = 2", "DELETE FROM un WHERE k = 3",
                "INSERT INTO nn VALUES (NULL, 1)", "UPDATE nn SET v = 70 WHERE n = 7", "DELETE FROM nn WHERE v = 3");
        run.awaitCaughtUp(source, Duration.ofSeconds(60));
        assertTrue(run.stop(state, taskId, 30_000).stopped());
        Checksums.assertSame(source, destination, db, TABLES, 5, " (after catch-up)");
        assertEquals("10,2,5", destination.queryValue("SELECT GROUP_CONCAT(k ORDER BY k = 10 DESC, k) FROM `" + db
                + "`.u1"));
        assertEquals(3L, destination.queryLong("SELECT COUNT(*) FROM `" + db + "`.nn WHERE n IS NULL"),
                "keyless duplicates (NULL in a nullable UNIQUE key) stay as many as on the source");
    }
}
