package dev.sluice.handler;

import dev.sluice.state.Phase;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import dev.sluice.task.MigrationType;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** First state of every execution: marks the task running and returns its persisted phase, which picks the next state. */
@ApplicationScoped
public class TaskRouteFunction {
    @Inject
    Tasks tasks;

    /** Input of {@code task-route}. */
    public static class Input {
        public String taskId;
        public String executionArn;
    }

    /** Output of {@code task-route}: the phase to resume at and which parts of the workflow apply. */
    public static class Output {
        public String phase;
        public boolean schema;
        public boolean full;
        public boolean incremental;
        public boolean verify;
    }

    @Funq("task-route")
    public Output route(Input in) {
        TaskRecord t = tasks.require(in.taskId);
        if (in.executionArn != null) {
            tasks.setExecution(in.taskId, in.executionArn);
        }
        tasks.setStatus(in.taskId, TaskStatus.RUNNING, null);
        Output out = new Output();
        out.phase = t.phase().name();
        out.schema = t.spec().has(MigrationType.SCHEMA);
        out.full = t.spec().has(MigrationType.FULL);
        out.incremental = t.spec().has(MigrationType.INCREMENTAL);
        out.verify = out.full && t.spec().optionsOrDefaults().verifyAfterFullCopyOrDefault();
        if (t.stopRequested() && t.phase() != Phase.DONE) {
            // a stop asked for before this execution got going: finish without touching the databases
            out.phase = Phase.DONE.name();
        }
        return out;
    }
}
