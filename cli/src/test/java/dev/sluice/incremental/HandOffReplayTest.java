package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A full+incremental task starts at the copy's hand-off position, so it replays changes the copied rows already
 * hold: keyed rows converge by upsert/delete-by-key, keyless inserts before the replay horizon are skipped when an
 * equal row exists, and keyless duplicates inserted after it are kept.
 */
class HandOffReplayTest extends ReplicationPairTest {
    HandOffReplayTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80, "sluice-handoff-test");
    }

    @Test
    void replayFromTheHandOffConvergesWithoutDuplicatingKeylessRows() throws Exception {
        String db = TestNames.unique("handoff");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE k (a INT, b VARCHAR(10))",
                "CREATE TABLE p (id INT PRIMARY KEY, v INT)");
        source.executeIn(db, "INSERT INTO k VALUES (1, 'x'), (1, 'x'), (2, 'y')",
                "INSERT INTO p VALUES (1, 1), (2, 2), (3, 3)");
        Path password = ReplicationFixture.passwordFile(tmp);
        EndpointSpec src = ReplicationFixture.endpoint(source, password);
        EndpointSpec dst = ReplicationFixture.endpoint(destination, password);
        TaskSpec spec = new TaskSpec("handoff", src, dst, Set.of(MigrationType.FULL, MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null, TaskOptions.DEFAULTS);
        String taskId = state.createTask(spec);
        try (Connection c = source.connect()) {
            state.documents.put(taskId, StateTableReplicationState.HANDOFF, BinlogPosition.current(c, ServerInfo.of(c)));
        }
        // changes after the hand-off that the copy (below) already sees
        source.executeIn(db, "INSERT INTO k VALUES (3, 'z')", "UPDATE p SET v = 20 WHERE id = 2",
                "DELETE FROM p WHERE id = 3", "INSERT INTO p VALUES (4, 4)", "DELETE FROM k WHERE a = 2 LIMIT 1");
        // the "full copy": the source's rows as they are now
        for (String t : List.of("k", "p")) {
            for (Map<String, Object> row : source.query("SELECT * FROM `" + db + "`." + t)) {
                List<Object> v = List.copyOf(row.values());
                destination.executeIn(db, "INSERT INTO " + t + " VALUES (" + (v.get(0) == null ? "NULL" : "'" + v.get(0) + "'")
                        + ", " + (v.get(1) == null ? "NULL" : "'" + v.get(1) + "'") + ")");
            }
        }
        Replicator replicator = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(2, 100, Duration.ofMinutes(3)));
        ReplicationFixture.SliceRun run = new ReplicationFixture.SliceRun(replicator);
        run.awaitCaughtUp(source, Duration.ofSeconds(60));
        // after the horizon: a duplicate keyless row is a real change and must arrive
        source.executeIn(db, "INSERT INTO k VALUES (3, 'z'), (1, 'x')", "UPDATE p SET v = 40 WHERE id = 4");
        run.awaitCaughtUp(source, Duration.ofSeconds(60));
        assertTrue(run.stop(state, taskId, 30_000).stopped());
        Checksums.assertSame(source, destination, db, List.of("k", "p"), 5, "");
        assertEquals("2", destination.queryValue("SELECT COUNT(*) FROM `" + db + "`.k WHERE a = 3"));
    }
}
