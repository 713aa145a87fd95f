package dev.sluice.handler;

import dev.sluice.failure.Failures;
import dev.sluice.fullcopy.FullCopyPlanner;
import dev.sluice.fullcopy.PlanResult;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code fullcopy-plan}: records the binlog hand-off position, applies the existing-data policy and writes the chunk
 * ledger; returns the worker slots for the copy Map and the chunk count. Idempotent.
 */
@ApplicationScoped
public class FullCopyPlanFunction {
    @Inject
    Tasks tasks;
    @Inject
    TaskDocuments documents;
    @Inject
    StateTable table;

    /** Output of {@code fullcopy-plan}. */
    public static class Output {
        public List<Integer> workers;
        public int chunks;
    }

    @Funq("fullcopy-plan")
    public Output plan(TaskRef in) {
        TaskRecord t = tasks.require(in.taskId);
        PlanResult r = RetryGuard.run(documents, t, in.retryCount, () -> {
            try {
                return new FullCopyPlanner(table, documents).plan(in.taskId, t.spec());
            } catch (Exception e) {
                throw Failures.classify("planning the full copy", e);
            }
        });
        Output out = new Output();
        out.workers = IntStream.range(0, r.workers()).boxed().toList();
        out.chunks = r.chunks();
        return out;
    }
}
