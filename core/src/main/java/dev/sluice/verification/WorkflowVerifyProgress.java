package dev.sluice.verification;

import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import java.time.Instant;

/**
 * The progress of the workflow's chunked verification ({@link ChunkedVerification}) in the task's
 * {@code VERIFYPROGRESS} document, the one {@code status}, the API and the console show (issue 16: the Verify state
 * ran for minutes with no progress anywhere). Several batch calls compare chunks at once, so the counts are atomic
 * ADDs on the run's plan item (a new plan replaces the item, so they start at 0) and each call stores the snapshot at
 * most every 2 s; tables are not counted per call (shown as the planned number only).
 */
final class WorkflowVerifyProgress {
    static final String PURPOSE = "verify (workflow)";

    private final StateTable table;
    private final TaskDocuments documents;
    private final String taskId;
    private final ChunkedVerification.Plan plan;
    private final int tables;
    private long lastWrite;
    private long done = -1;
    private long compared;

    WorkflowVerifyProgress(StateTable table, TaskDocuments documents, String taskId, ChunkedVerification.Plan plan,
                           int tables) {
        this.table = table;
        this.documents = documents;
        this.taskId = taskId;
        this.plan = plan;
        this.tables = tables;
    }

    /** A planned run: nothing compared yet. */
    static void planned(TaskDocuments documents, String taskId, ChunkedVerification.Plan plan, int tables) {
        documents.put(taskId, VerifyProgress.SK, new VerifyProgress.Snapshot(PURPOSE, plan.plannedAt(),
                plan.plannedAt(), null, tables, -1, plan.chunks(), 0, 0, null));
    }

    /** One more chunk compared (its result stored), {@code rows} rows read on the source. */
    void chunkDone(long rows) {
        String pk = Tasks.pk(taskId);
        long chunks = Math.min(plan.chunks(), table.add(pk, ChunkedVerification.PLAN, "chunksDone", 1));
        long sum = table.add(pk, ChunkedVerification.PLAN, "rowsCompared", rows);
        long now = System.nanoTime();
        synchronized (this) {
            done = Math.max(done, chunks);
            compared = Math.max(compared, sum);
            if (lastWrite != 0 && now - lastWrite < VerifyProgress.WRITE_EVERY_NANOS) {
                return;
            }
            lastWrite = now;
        }
        write();
    }

    /** Stores the counts this call saw last (at the end of the call). */
    void flush() {
        if (done >= 0) {
            write();
        }
    }

    private void write() {
        Instant at = Instant.now();
        long chunks;
        long rows;
        synchronized (this) {
            chunks = done;
            rows = compared;
        }
        documents.put(taskId, VerifyProgress.SK, new VerifyProgress.Snapshot(PURPOSE, plan.plannedAt(), at, null,
                tables, -1, plan.chunks(), (int) chunks, rows, null));
    }

    /** The run's report is merged: its result and time. */
    static void finished(TaskDocuments documents, String taskId, ChunkedVerification.Plan plan, VerifyReport report) {
        Instant at = Instant.now();
        documents.put(taskId, VerifyProgress.SK, new VerifyProgress.Snapshot(PURPOSE, plan.plannedAt(), at, at,
                report.tables().size(), report.tables().size(), plan.chunks(), plan.chunks(),
                report.tables().stream().mapToLong(TableReport::sourceRows).sum(), report.summary()));
    }
}
