package dev.sluice.handler;

import dev.sluice.incremental.SliceResult;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.objects.ReloadingSlice;
import dev.sluice.objects.TableReloads;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code incremental-slice}: one bounded slice of binlog replication (with the task's table reloads, {@link
 * ReloadingSlice}); the state machine loops it until the task's stop flag ends a slice with {@code stopped: true}.
 */
@ApplicationScoped
public class IncrementalFunction {
    @Inject
    Tasks tasks;

    @Inject
    TaskDocuments documents;

    @Inject
    StateTable table;

    /** Input: the task and how many slices ran before this one. */
    public static class Input {
        public String taskId;
        public Integer slices;
        /** {@code $$.State.RetryCount}; see {@link RetryGuard}. */
        public Integer retryCount;
    }

    /** Output: whether the stop flag ended the slice, and the slice count including this one. */
    public static class Output {
        public boolean stopped;
        public int slices;
        public String reason;

        public Output() {
        }

        Output(boolean stopped, int slices, String reason) {
            this.stopped = stopped;
            this.slices = slices;
            this.reason = reason;
        }
    }

    @Funq("incremental-slice")
    public Output slice(Input in) {
        TaskRecord task = tasks.require(in.taskId);
        int before = in.slices == null ? 0 : in.slices;
        if (task.stopRequested()) {
            return new Output(true, before + 1, "stopped");
        }
        long left = InvocationBudget.remainingMillis();
        ReplicationMetrics state = ReplicationMetrics.wrap(new StateTableReplicationState(task.id(), tasks,
                documents, table), task.id());
        SliceResult r;
        try {
            r = RetryGuard.run(documents, task, in.retryCount, () -> new ReloadingSlice(new TableReloads(table),
                    task.id(), task.spec(), state).run(left == Long.MAX_VALUE ? null : java.time.Duration.ofMillis(left)));
        } finally {
            state.flush();
        }
        return new Output(r.stopped(), before + 1, r.reason());
    }
}
