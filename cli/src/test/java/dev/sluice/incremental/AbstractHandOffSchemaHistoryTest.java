package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.fullcopy.FullCopyPlanner;
import dev.sluice.fullcopy.FullCopyWorker;
import dev.sluice.fullcopy.WriteMethod;
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
 * Sources that log no column names with row events (MySQL 5.7, 8.0 with binlog_row_metadata=MINIMAL, MariaDB by
 * default) decode rows with the schema history; its first entry must describe the tables at the hand-off position,
 * not when replication first starts after the copy.
 */
abstract class AbstractHandOffSchemaHistoryTest extends ReplicationPairTest {
    AbstractHandOffSchemaHistoryTest(Flavor source, Flavor destination) {
        super(source, destination, "sluice-handoff-history");
    }

    @Test
    void schemaHistoryWithoutFullRowMetadataLabelsTheCopyTimeSchemaWithTheHandOff() throws Exception {
        String db = TestNames.unique("history");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE t (a INT PRIMARY KEY, b INT, c INT)");
        source.executeIn(db, "INSERT INTO t VALUES (1, 10, 100)");
        Path password = ReplicationFixture.passwordFile(tmp);
        TaskSpec spec = new TaskSpec("history", ReplicationFixture.endpoint(source, password),
                ReplicationFixture.endpoint(destination, password), Set.of(MigrationType.FULL, MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null, TaskOptions.DEFAULTS);
        String taskId = state.createTask(spec);
        new FullCopyPlanner(state.table, state.documents).plan(taskId, spec);
        // after the hand-off: a row in the old column order, then the columns are reordered
        source.executeIn(db, "INSERT INTO t VALUES (2, 20, 200)", "ALTER TABLE t MODIFY c INT AFTER a",
                "INSERT INTO t (a, b, c) VALUES (3, 30, 300)");
        FullCopyWorker w = new FullCopyWorker(state.table, state.documents, state.tasks, 60_000,
                WriteMethod.configured());
        while (w.run(taskId, spec, 0, System.currentTimeMillis() + 600_000).remaining() > 0) {
            Thread.sleep(50);
        }
        source.executeIn(db, "UPDATE t SET b = b + 1 WHERE a = 1");
        Replicator replicator = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(2, 100, Duration.ofMinutes(3)));
        ReplicationFixture.SliceRun run = new ReplicationFixture.SliceRun(replicator);
        run.awaitCaughtUp(source, Duration.ofSeconds(90));
        assertTrue(run.stop(state, taskId, 30_000).stopped());
        assertEquals(List.of("a", "c", "b"), destination.query("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 't' ORDER BY ORDINAL_POSITION", db).stream()
                .map(r -> (String) r.get("COLUMN_NAME")).toList());
        Checksums.assertSame(source, destination, db, List.of("t"), 5, "");
    }
}
