package dev.sluice.handler;

import dev.sluice.failure.Failures;
import dev.sluice.fullcopy.FullCopyWorker;
import dev.sluice.fullcopy.WorkerResult;
import dev.sluice.settings.Settings;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * {@code fullcopy-worker}: one worker slot claims and copies chunks until none is left or its time budget
 * ({@code options.full_copy.worker_budget_seconds}, at most 14 minutes on Lambda) is nearly spent; the state
 * machine calls it again while {@code remaining > 0}. The worker that finds every chunk done advances the phase.
 */
@ApplicationScoped
public class FullCopyWorkerFunction {
    /** Lambda's hard cap is 15 minutes; a worker stops claiming well before it. */
    static final long LAMBDA_BUDGET_MILLIS = Settings.MAX_CALL.toMillis();

    @Inject
    Tasks tasks;
    @Inject
    TaskDocuments documents;
    @Inject
    StateTable table;

    /** Input of {@code fullcopy-worker}. */
    public static class Input {
        public String taskId;
        public int slot;
        /** {@code $$.State.RetryCount}; see {@link RetryGuard}. */
        public Integer retryCount;
    }

    /** Output of {@code fullcopy-worker}. */
    public static class Output {
        public int remaining;
        public int copiedChunks;
        public boolean stopped;
    }

    @Funq("fullcopy-worker")
    public Output work(Input in) {
        TaskRecord t = tasks.require(in.taskId);
        // the task's budget, cut to this call's remaining time (Lambda context or the state's TimeoutSeconds)
        long budget = InvocationBudget.workMillis(
                t.spec().optionsOrDefaults().fullCopyOrDefault().workerBudgetSecondsOrDefault(), 60_000);
        if (Settings.onLambda()) {
            budget = Math.min(budget, LAMBDA_BUDGET_MILLIS);
        }
        long deadline = System.currentTimeMillis() + budget;
        WorkerResult r = RetryGuard.run(documents, t, in.retryCount, () -> {
            try {
                return new FullCopyWorker(table, documents, tasks).run(in.taskId, t.spec(), in.slot, deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Failures.classify("full-copy worker " + in.slot + " was interrupted", e);
            } catch (Exception e) {
                throw Failures.classify("full-copy worker " + in.slot, e);
            }
        });
        EmbeddedMetrics metrics = EmbeddedMetrics.onLambda();
        if (metrics != null) {
            metrics.emit(in.taskId, List.of(EmbeddedMetrics.Metric.count("RowsCopied", r.rowsCopied()),
                    EmbeddedMetrics.Metric.of("BytesCopied", "Bytes", r.bytesCopied()),
                    EmbeddedMetrics.Metric.count("ChunksCopied", r.copiedChunks()),
                    EmbeddedMetrics.Metric.count("ChunksRemaining", r.remaining())), Instant.now());
        }
        Output out = new Output();
        out.remaining = r.remaining();
        out.copiedChunks = r.copiedChunks();
        out.stopped = r.stopped();
        return out;
    }
}
