package dev.sluice.handler;

import dev.sluice.precheck.Precheck;
import dev.sluice.precheck.PrecheckReport;
import dev.sluice.state.Phase;
import dev.sluice.state.PhasePlan;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Funqy function {@code precheck}: runs every check, stores the report under {@code PRECHECK}, and advances the
 * phase only when no check failed. Returns {@code {passed, summary}}; a failed precheck is an output, not an error.
 */
@ApplicationScoped
public class PrecheckFunction {
    @Inject
    Tasks tasks;
    @Inject
    TaskDocuments documents;

    @Funq("precheck")
    public Result precheck(TaskRef input) {
        TaskRecord task = tasks.require(input.taskId);
        PrecheckReport report = new Precheck().run(task.spec());
        documents.put(task.id(), PrecheckReport.SORT_KEY, report);
        if (report.passed()) {
            tasks.setPhase(task.id(), PhasePlan.after(task.spec(), Phase.PRECHECK));
        }
        return new Result(report.passed(), report.summary());
    }

    /** Output read by the workflow: whether the task may start, and the counts plus the first failure. */
    public static class Result {
        public boolean passed;
        public String summary;

        public Result() {
        }

        public Result(boolean passed, String summary) {
            this.passed = passed;
            this.summary = summary;
        }
    }
}
