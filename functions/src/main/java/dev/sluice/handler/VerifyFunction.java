package dev.sluice.handler;

import dev.sluice.failure.Failures;
import dev.sluice.state.Phase;
import dev.sluice.state.PhasePlan;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import dev.sluice.verification.VerificationService;
import dev.sluice.verification.VerifyOptions;
import dev.sluice.verification.VerifyReport;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code verify}: the workflow state after the full copy (when the task sets {@code verify_after_full_copy}):
 * compares source and destination, stores the per-table reports with the task, advances the phase and returns
 * {@code {equal, summary}}. Differences are a result, not a failure; the workflow goes on either way.
 */
@ApplicationScoped
public class VerifyFunction {
    @Inject
    Tasks tasks;
    @Inject
    TaskDocuments documents;
    @Inject
    StateTable table;

    /** Output of {@code verify}. */
    public static class Output {
        public boolean equal;
        public String summary;
    }

    @Funq("verify")
    public Output verify(TaskRef in) {
        TaskRecord t = tasks.require(in.taskId);
        VerifyReport report = RetryGuard.run(documents, t, in.retryCount, () -> {
            try {
                return new VerificationService(tasks, documents, table).verify(in.taskId,
                        VerifyOptions.forTask(t.spec()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Failures.classify("verifying task " + in.taskId, e);
            } catch (Exception e) {
                throw Failures.classify("verifying task " + in.taskId, e);
            }
        });
        tasks.setPhase(in.taskId, PhasePlan.after(t.spec(), Phase.VERIFY));
        Output out = new Output();
        out.equal = report.equal();
        out.summary = report.summary();
        return out;
    }
}
