package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.fullcopy.FullCopyPlanner;
import dev.sluice.fullcopy.FullCopyWorker;
import dev.sluice.fullcopy.WriteMethod;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Row fidelity of a full + incremental task across the hand-off: the real planner records the hand-off, the real
 * workers copy while the source changes, and the replicator replays from the hand-off position.
 */
abstract class AbstractReplayFidelityTest extends ReplicationPairTest {
    AbstractReplayFidelityTest(Flavor source, Flavor destination) {
        super(source, destination, "sluice-replay-fidelity");
    }

    /** A full + incremental task over {@code db} (tables already created on both sides, empty on the destination). */
    TaskSpec fullAndIncremental(String db) throws Exception {
        Path password = ReplicationFixture.passwordFile(tmp);
        EndpointSpec src = ReplicationFixture.endpoint(source, password);
        EndpointSpec dst = ReplicationFixture.endpoint(destination, password);
        return new TaskSpec("fidelity", src, dst, Set.of(MigrationType.FULL, MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null,
                new TaskOptions(null, null, null, new TaskOptions.FullCopyOptions(2, 500L, null, null, null), null,
                        null));
    }

    void copy(String taskId, TaskSpec spec) throws Exception {
        FullCopyWorker w = new FullCopyWorker(state.table, state.documents, state.tasks, 60_000,
                WriteMethod.configured());
        while (w.run(taskId, spec, 0, System.currentTimeMillis() + 600_000).remaining() > 0) {
            Thread.sleep(50);
        }
    }

    /** Replicates from the hand-off until caught up with the source, then stops. */
    void replicate(String taskId, TaskSpec spec) throws Exception {
        Replicator replicator = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(2, 100, Duration.ofMinutes(3)));
        ReplicationFixture.SliceRun run = new ReplicationFixture.SliceRun(replicator);
        run.awaitCaughtUp(source, Duration.ofSeconds(90));
        assertTrue(run.stop(state, taskId, 30_000).stopped());
    }

    @Test
    void keylessHandOffReplayDuplicatesRows() throws Exception {
        String db = TestNames.unique("keyless_replay");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE k (a INT, b VARCHAR(10))");
        source.executeIn(db, "INSERT INTO k VALUES (1, 'x'), (1, 'x'), (2, 'y')");
        TaskSpec spec = fullAndIncremental(db);
        String taskId = state.createTask(spec);
        new FullCopyPlanner(state.table, state.documents).plan(taskId, spec); // records the hand-off position
        // after the hand-off, before the copy reads the table: the copy holds (5,'b') once
        source.executeIn(db, "INSERT INTO k VALUES (5, 'a')", "UPDATE k SET b = 'b' WHERE a = 5");
        copy(taskId, spec);
        replicate(taskId, spec);
        assertEquals(1L, destination.queryLong("SELECT COUNT(*) FROM `" + db + "`.k WHERE a = 5"));
        Checksums.assertSame(source, destination, db, List.of("k"), 5, "");
    }

    @Test
    void keylessRowsStayExactWithWritesRacingTheCopy() throws Exception {
        String db = TestNames.unique("keyless_race");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE k (a INT, b VARCHAR(10))");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            rows.append(i == 0 ? "" : ",").append('(').append(i % 500).append(",'v").append(i % 7).append("')");
        }
        source.executeIn(db, "INSERT INTO k VALUES " + rows);
        TaskSpec spec = fullAndIncremental(db);
        String taskId = state.createTask(spec);
        new FullCopyPlanner(state.table, state.documents).plan(taskId, spec);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; writing.get() || i < 50; i++) {
                    int a = i % 500;
                    source.executeIn(db, "INSERT INTO k VALUES (" + a + ", 'new'), (" + a + ", 'new')",
                            "UPDATE k SET b = 'upd' WHERE a = " + a + " AND b = 'new' LIMIT 1",
                            "DELETE FROM k WHERE a = " + ((i * 7) % 500) + " LIMIT 1");
                }
            } catch (Throwable t) {
                writerError.set(t);
            }
        }, "racing-writer");
        writer.start();
        try {
            copy(taskId, spec);
        } finally {
            writing.set(false);
            writer.join(60_000);
        }
        if (writerError.get() != null) {
            throw new AssertionError("the racing writer failed", writerError.get());
        }
        replicate(taskId, spec);
        Checksums.assertSame(source, destination, db, List.of("k"), 5, "");
    }
}
