package dev.sluice.handler;

import dev.sluice.connectivity.ConnectivityReport;
import dev.sluice.connectivity.ConnectivityTester;
import dev.sluice.state.Phase;
import dev.sluice.state.PhasePlan;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Funqy function {@code connectivity-test}: tests both endpoints of the task, stores the report under
 * {@code CONNECTIVITY} and advances the phase when both are reachable. Returns {@code {ok, summary}}.
 */
@ApplicationScoped
public class ConnectivityTestFunction {
    @Inject
    Tasks tasks;
    @Inject
    TaskDocuments documents;

    @Funq("connectivity-test")
    public Result connectivityTest(TaskRef input) {
        TaskRecord task = tasks.require(input.taskId);
        ConnectivityReport report = new ConnectivityTester().test(task.spec());
        documents.put(task.id(), ConnectivityReport.SORT_KEY, report);
        if (report.ok()) {
            tasks.setPhase(task.id(), PhasePlan.after(task.spec(), Phase.CONNECTIVITY));
        }
        return new Result(report.ok(), report.summary());
    }

    /** Output read by the workflow: whether both endpoints passed, and one line per endpoint. */
    public static class Result {
        public boolean ok;
        public String summary;

        public Result() {
        }

        public Result(boolean ok, String summary) {
            this.ok = ok;
            this.summary = summary;
        }
    }
}
