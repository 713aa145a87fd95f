package dev.sluice.fidelity;

import dev.sluice.binlog.ServerIds;
import dev.sluice.fullcopy.FullCopyPlanner;
import dev.sluice.fullcopy.FullCopyWorker;
import dev.sluice.fullcopy.WorkerResult;
import dev.sluice.fullcopy.WriteMethod;
import dev.sluice.incremental.ReplicationFixture;
import dev.sluice.incremental.Replicator;
import dev.sluice.incremental.ReplicatorConfig;
import dev.sluice.incremental.SliceResult;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.schema.SchemaMigrator;
import dev.sluice.schema.TaskSchemaStore;
import dev.sluice.state.Phase;
import dev.sluice.state.PhasePlan;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives a schema + full + incremental task through the engine as the state machine does (the persisted phase
 * picks the next step): schema create, full-copy plan (hand-off recorded), copy workers, schema finish, then binlog
 * replication slices. Used in-process by the matrix and in a child JVM by the randomized test.
 */
final class Pipeline {
    private Pipeline() {
    }

    static Path passwordFile(Path dir) throws Exception {
        Path p = dir.resolve("password");
        Files.writeString(p, DbServer.ROOT_PASSWORD);
        return p;
    }

    static EndpointSpec endpoint(DbServer server, Path password) {
        return new EndpointSpec(server.host(), server.port(), server.rootUser(), "file:" + password,
                TlsMode.DISABLED, 5);
    }

    /** A SCHEMA + FULL + INCREMENTAL task of database {@code db} (same name on the destination). */
    static TaskSpec spec(String name, DbServer source, DbServer destination, Path password, String db, int workers,
                         long chunkRows) {
        return new TaskSpec(name, endpoint(source, password), endpoint(destination, password),
                Set.of(MigrationType.SCHEMA, MigrationType.FULL, MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null,
                new TaskOptions(null, null, null,
                        new TaskOptions.FullCopyOptions(workers, chunkRows, null, null, null), null, false));
    }

    /**
     * Runs the task's phases until the incremental one; {@code afterPlan} (may be null) runs once the hand-off is
     * recorded and the chunks planned, before a chunk is copied.
     */
    static void runToIncremental(FidelityState st, String taskId, int workers, Runnable afterPlan) throws Exception {
        while (true) {
            var task = st.tasks.require(taskId);
            TaskSpec spec = task.spec();
            Phase phase = task.phase();
            switch (phase) {
                case CONNECTIVITY, PRECHECK, VERIFY -> st.tasks.setPhase(taskId, PhasePlan.after(spec, phase));
                case SCHEMA -> {
                    new SchemaMigrator(new TaskSchemaStore(st.docs, taskId)).create(spec);
                    st.tasks.setPhase(taskId, PhasePlan.after(spec, Phase.SCHEMA));
                }
                case FULL_COPY -> {
                    new FullCopyPlanner(st.table, st.docs).plan(taskId, spec);
                    if (afterPlan != null) {
                        afterPlan.run();
                        afterPlan = null;
                    }
                    copy(st, taskId, spec, workers);
                    if (st.tasks.require(taskId).phase() == Phase.FULL_COPY) {
                        throw new IllegalStateException("every chunk copied but the phase did not advance");
                    }
                }
                case SCHEMA_FINISH -> {
                    new SchemaMigrator(new TaskSchemaStore(st.docs, taskId)).finish(spec);
                    st.tasks.setPhase(taskId, PhasePlan.after(spec, Phase.SCHEMA_FINISH));
                }
                case INCREMENTAL, DONE -> {
                    return;
                }
                default -> throw new IllegalStateException("phase " + phase);
            }
        }
    }

    private static void copy(FidelityState st, String taskId, TaskSpec spec, int workers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int slot = 0; slot < workers; slot++) {
                int s = slot;
                fs.add(pool.submit(() -> {
                    FullCopyWorker w = new FullCopyWorker(st.table, st.docs, st.tasks, 5_000, WriteMethod.configured());
                    WorkerResult r;
                    do {
                        r = w.run(taskId, spec, s, System.currentTimeMillis() + 600_000);
                    } while (r.remaining() > 0);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Small batches and several apply workers, so that batching and ordering are exercised. */
    static ReplicatorConfig replicatorConfig(String taskId) {
        return new ReplicatorConfig(3, 200, 20, 5000, Duration.ofMinutes(10), ServerIds.forTask(taskId), true, 300,
                false, 500);
    }

    /** A replication slice running on its own thread. */
    static final class Replication {
        private final Replicator replicator;
        private final Thread thread;
        private final AtomicReference<SliceResult> result = new AtomicReference<>();
        private final AtomicReference<Throwable> error = new AtomicReference<>();

        Replication(FidelityState st, String taskId) {
            TaskSpec spec = st.tasks.require(taskId).spec();
            replicator = new Replicator(taskId, spec,
                    new StateTableReplicationState(taskId, st.tasks, st.docs, st.table), replicatorConfig(taskId));
            thread = new Thread(() -> {
                try {
                    result.set(replicator.runSlice());
                } catch (Throwable t) {
                    error.set(t);
                }
            }, "fidelity-replicator");
            thread.start();
        }

        /** Waits until everything the source had logged when called is applied; fails if the slice ended. */
        void awaitCaughtUp(DbServer source, Duration timeout) throws Exception {
            ReplicationFixture.awaitCaughtUp(source, replicator, thread, timeout, error);
        }

        /** Sets the stop flag and waits for the slice; rethrows what it threw. */
        SliceResult stop(FidelityState st, String taskId) throws Exception {
            st.tasks.requestStop(taskId);
            thread.join(60_000);
            if (error.get() != null) {
                throw new AssertionError("replication failed: " + error.get(), error.get());
            }
            return result.get();
        }

        Throwable error() {
            return error.get();
        }

        Replicator replicator() {
            return replicator;
        }
    }

}
