package dev.sluice.verification;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.incremental.Replicator;
import dev.sluice.incremental.ReplicatorConfig;
import dev.sluice.binlog.ServerIds;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.ThrottleSpec;
import dev.sluice.testing.DbServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An incremental task replicating {@code srcDb} to {@code dstDb} (tables already equal on both sides, as after the
 * full copy) from the source's current position, run by the real {@link Replicator} on a thread until the task is
 * stopped (cutover stops it) or {@link #close()}.
 */
final class ReplicatingTask implements AutoCloseable {
    final String id;
    final TaskSpec spec;
    private final Tasks tasks;
    private final Thread runner;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    ReplicatingTask(StateTable table, DbServer source, String srcDb, DbServer dest, String dstDb,
                    ThrottleSpec throttle) throws Exception {
        BinlogPosition start;
        try (Connection c = source.connect()) {
            start = BinlogPosition.current(c, ServerInfo.of(c));
        }
        TaskSpec base = VerifyFixtures.task(source, srcDb, dest, dstDb);
        spec = new TaskSpec("replicating-" + srcDb, base.source(), base.destination(),
                Set.of(MigrationType.INCREMENTAL), List.of(new ObjectSelection(srcDb, null, null, null)),
                new NameMapping(Map.of(srcDb, dstDb), Map.of(), Map.of()), throttle,
                new TaskOptions(null, null, null, null, new TaskOptions.IncrementalOptions(start.gtidSet(), null,
                        null, null, false, null, null), null));
        tasks = new Tasks(table);
        id = tasks.create(spec).id();
        runner = run(table);
    }

    /** Runs a stored incremental task (a reverse task) by the real replicator. */
    ReplicatingTask(StateTable table, String id, TaskSpec spec) {
        this.id = id;
        this.spec = spec;
        this.tasks = new Tasks(table);
        this.runner = run(table);
    }

    private Thread run(StateTable table) {
        Replicator replicator = new Replicator(id, spec,
                new StateTableReplicationState(id, tasks, new TaskDocuments(table), table),
                new ReplicatorConfig(2, 2000, 50, 20000, Duration.ofMinutes(30),
                        ServerIds.forTask("repl-" + System.nanoTime()), false, 200, false, 200));
        Thread t = new Thread(() -> {
            try {
                replicator.runSlice();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "test-replicator");
        t.start();
        return t;
    }

    /** The replicator's failure, if it failed. */
    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        if (runner.isAlive()) {
            tasks.requestStop(id);
            runner.join(120_000);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("replication failed", failure.get());
        }
    }
}
