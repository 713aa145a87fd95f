package dev.sluice.handler;

import dev.sluice.failure.Failures;
import dev.sluice.state.Phase;
import dev.sluice.state.PhasePlan;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import dev.sluice.verification.ChunkedVerification;
import dev.sluice.verification.VerificationService;
import dev.sluice.verification.VerifyOptions;
import dev.sluice.verification.VerifyProgress;
import dev.sluice.verification.VerifyReport;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * {@code verify}: the workflow's verification after the full copy (when the task sets
 * {@code verify_after_full_copy}), in bounded calls ({@link ChunkedVerification}): {@code step: "plan"} stores the
 * chunks in batches and returns the batch numbers, {@code step: "batch"} compares one batch's unfinished chunks within
 * this call's budget and returns {@code remaining}, {@code step: "report"} stores the per-table reports, advances the
 * phase and returns {@code {equal, summary}}. Without a step, one call verifies everything (bounded by Lambda's 15
 * minutes). Differences are a result, not a failure; the workflow goes on either way.
 */
@ApplicationScoped
public class VerifyFunction {
    /** A batch call stops starting chunks this long before the call's deadline (a started chunk finishes). */
    static final long MARGIN_MILLIS = 120_000;
    /** Lambda's hard cap is 15 minutes; a batch call stops starting chunks well before it. */
    static final long LAMBDA_BUDGET_MILLIS = 12 * 60 * 1000L;

    @Inject
    Tasks tasks;
    @Inject
    TaskDocuments documents;
    @Inject
    StateTable table;

    /** Input of {@code verify}. */
    public static class Input {
        public String taskId;
        /** plan, batch, report; null = everything in this call. */
        public String step;
        public int batch;
        /** The state's {@code $$.State.RetryCount} (null: a first call), for the retry window. */
        public Integer retryCount;
    }

    /** Output of {@code verify}. */
    public static class Output {
        public Boolean equal;
        public String summary;
        public List<Integer> batches;
        public int remaining;
    }

    /** On Lambda: the running verification's progress as CloudWatch metrics (chunks done of planned, rows). */
    private void verifyProgress(String taskId) {
        EmbeddedMetrics metrics = EmbeddedMetrics.onLambda();
        if (metrics == null) {
            return;
        }
        VerifyProgress.read(documents, taskId).ifPresent(p -> metrics.emit(taskId, List.of(
                EmbeddedMetrics.Metric.count("VerifyChunksDone", p.chunksDone()),
                EmbeddedMetrics.Metric.count("VerifyChunksPlanned", p.chunksPlanned()),
                EmbeddedMetrics.Metric.count("VerifyRowsCompared", p.rowsCompared())), java.time.Instant.now()));
    }

    @Funq("verify")
    public Output verify(Input in) {
        TaskRecord t = tasks.require(in.taskId);
        ChunkedVerification chunked = new ChunkedVerification(tasks, documents, table);
        return RetryGuard.run(documents, t, in.retryCount, () -> {
            Output out = new Output();
            try {
                if ("plan".equals(in.step)) {
                    out.batches = chunked.plan(in.taskId);
                    return out;
                }
                if ("batch".equals(in.step)) {
                    long budget = InvocationBudget.workMillis(LAMBDA_BUDGET_MILLIS / 1000, MARGIN_MILLIS);
                    out.remaining = chunked.runBatch(in.taskId, in.batch, System.nanoTime() + budget * 1_000_000);
                    verifyProgress(in.taskId);
                    return out;
                }
                VerifyReport report = "report".equals(in.step) ? chunked.report(in.taskId)
                        : new VerificationService(tasks, documents, table).verify(in.taskId,
                        VerifyOptions.forTask(t.spec()));
                tasks.setPhase(in.taskId, PhasePlan.after(t.spec(), Phase.VERIFY));
                verifyProgress(in.taskId);
                out.equal = report.equal();
                out.summary = report.summary();
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Failures.classify("verifying task " + in.taskId, e);
            } catch (Exception e) {
                throw Failures.classify("verifying task " + in.taskId, e);
            }
        });
    }
}
