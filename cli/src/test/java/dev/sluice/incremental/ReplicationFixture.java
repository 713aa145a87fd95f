package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.binlog.ServerIds;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Builds incremental-only tasks between two harness servers and waits for the replicator to catch up. */
public final class ReplicationFixture {
    private ReplicationFixture() {
    }

    /** Creates database {@code db} with the same tables ({@code ddl}) on both servers. */
    static void createOnBoth(DbServer source, DbServer destination, String db, String... ddl) {
        for (DbServer s : List.of(source, destination)) {
            s.execute("CREATE DATABASE `" + db + "`");
            s.executeIn(db, ddl);
        }
    }

    static EndpointSpec endpoint(DbServer server, Path passwordFile) {
        return new EndpointSpec(server.host(), server.port(), server.rootUser(), "file:" + passwordFile,
                TlsMode.DISABLED, 5);
    }

    static Path passwordFile(Path dir) throws Exception {
        Path p = dir.resolve("password");
        Files.writeString(p, DbServer.ROOT_PASSWORD);
        return p;
    }

    /** The source's current position as task start options (GTIDs when {@code gtid}, else file/position). */
    static IncrementalOptions startHere(DbServer source, boolean gtid) throws Exception {
        try (Connection c = source.connect()) {
            BinlogPosition p = BinlogPosition.current(c, ServerInfo.of(c));
            if (gtid) {
                return new IncrementalOptions(p.gtidSet() == null ? "" : p.gtidSet(), null, null, null, null, null,
                        null);
            }
            return new IncrementalOptions(null, p.file(), p.position(), null, null, null, null);
        }
    }

    static TaskSpec spec(String name, DbServer source, DbServer destination, Path password, String db,
                         NameMapping mapping, IncrementalOptions incremental) {
        return new TaskSpec(name, endpoint(source, password), endpoint(destination, password),
                Set.of(MigrationType.INCREMENTAL), List.of(new ObjectSelection(db, null, null, null)), mapping, null,
                new TaskOptions(null, null, null, null, incremental, null));
    }

    static ReplicatorConfig config(int workers, int batchRows, Duration slice) {
        return new ReplicatorConfig(workers, batchRows, 20, 5000, slice, ServerIds.forTask("test-" + System.nanoTime()),
                true, 200, false, 500);
    }

    /**
     * Waits until the replicator (running on {@code runner}, which records what it threw in {@code error}) has
     * applied everything the source had logged when this was called; fails if the runner ended first.
     */
    public static void awaitCaughtUp(DbServer source, Replicator replicator, Thread runner, Duration timeout,
                              AtomicReference<Throwable> error) throws Exception {
        BinlogCoordinate target;
        try (Connection c = source.connect()) {
            BinlogPosition p = BinlogPosition.current(c, ServerInfo.of(c));
            target = new BinlogCoordinate(p.file(), p.position(), 0);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ReplicationStatus st = replicator.status();
            BinlogCoordinate at = new BinlogCoordinate(st.file(), st.position(), st.rowIndex());
            if (!at.isBefore(target)) {
                return;
            }
            if (!runner.isAlive()) {
                throw new AssertionError("the replicator ended before catching up to " + target.describe(),
                        error.get());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the replicator did not reach " + target.describe() + " within " + timeout
                + "; it is at " + replicator.status().file() + ":" + replicator.status().position());
    }

    /** A replicator slice running on its own thread, with what it returned or threw. */
    static final class SliceRun {
        private final Replicator replicator;
        private final Thread thread;
        private final AtomicReference<SliceResult> result = new AtomicReference<>();
        private final AtomicReference<Throwable> error = new AtomicReference<>();

        /** Starts {@code replicator.runSlice()} on a new thread. */
        SliceRun(Replicator replicator) {
            this.replicator = replicator;
            this.thread = new Thread(() -> {
                try {
                    result.set(replicator.runSlice());
                } catch (Throwable t) {
                    error.set(t);
                }
            }, "replicator");
            thread.start();
        }

        /** Waits up to {@code millis} for the slice to end; what it threw (null: it returned or still runs). */
        Throwable awaitFailure(long millis) throws InterruptedException {
            thread.join(millis);
            return error.get();
        }

        /** Waits until the slice has applied everything the source had logged when this was called. */
        void awaitCaughtUp(DbServer source, Duration timeout) throws Exception {
            ReplicationFixture.awaitCaughtUp(source, replicator, thread, timeout, error);
        }

        /**
         * Sets the task's stop flag, waits up to {@code joinMillis} for the slice to end and fails with what the
         * slice threw; returns the slice's result (null when it has not ended in time).
         */
        SliceResult stop(StateFixture state, String taskId, long joinMillis) throws InterruptedException {
            state.tasks.requestStop(taskId);
            thread.join(joinMillis);
            if (error.get() != null) {
                throw new AssertionError("replication failed", error.get());
            }
            return result.get();
        }
    }
}
