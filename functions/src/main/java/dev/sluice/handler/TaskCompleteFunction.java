package dev.sluice.handler;

import dev.sluice.settings.Settings;
import dev.sluice.state.Phase;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskExpiry;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * Last state of a task: SUCCEEDED when every selected phase is done (a full-only task stops by itself), STOPPED
 * when the user stopped it (replication ended at a transaction boundary; 'sluice resume' continues it), CUT_OVER
 * when a cutover stopped it. A SUCCEEDED
 * task's items are marked to expire after {@code sluice.state.finished-task-ttl-days} (0 = kept); a stopped task
 * is kept, since it can be resumed.
 */
@ApplicationScoped
public class TaskCompleteFunction {
    @Inject
    Tasks tasks;

    @Inject
    StateTable table;

    int finishedTaskTtlDays = Settings.FINISHED_TASK_TTL_DAYS.intValue(0);

    /** Output of {@code task-complete}. */
    public static class Output {
        public String status;
    }

    @Funq("task-complete")
    public Output complete(TaskRef in) {
        TaskRecord t = tasks.require(in.taskId);
        TaskStatus status;
        if (t.cutOverAt() != null) {
            status = TaskStatus.CUT_OVER;
        } else if (t.stopRequested() && t.phase() != Phase.DONE) {
            status = TaskStatus.STOPPED;
        } else {
            tasks.setPhase(in.taskId, Phase.DONE);
            status = TaskStatus.SUCCEEDED;
        }
        TaskRecord done = tasks.setStatus(in.taskId, status, null);
        if (status == TaskStatus.SUCCEEDED && finishedTaskTtlDays > 0) {
            new TaskExpiry(table).expire(done, Duration.ofDays(finishedTaskTtlDays), Instant.now());
        }
        Output out = new Output();
        out.status = status.name();
        return out;
    }
}
