package dev.sluice.verification;

import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Live progress of one verification run (tables and chunks done, rows compared), written to the task's
 * {@code VERIFYPROGRESS} document at most every two seconds and when the run ends, so {@code status}, the API and
 * the console show a verification that is running (the Verify state, a cutover's write-stop window) and when the
 * last one finished. Without a task (a task file verified from the CLI) it only counts.
 */
public final class VerifyProgress {
    public static final String SK = TaskItem.VERIFY_PROGRESS.sk();
    static final long WRITE_EVERY_NANOS = 2_000_000_000L;

    /** What {@code status} shows: the counters at {@code updatedAt}; {@code finishedAt} and {@code result} at the end. */
    public record Snapshot(String purpose, Instant startedAt, Instant updatedAt, Instant finishedAt, int tablesTotal,
                           int tablesDone, int chunksPlanned, int chunksDone, long rowsCompared, String result) {

        /** e.g. "verify (cutover) running for 12 s: 3/16 tables, 40/96 chunks, 1,204,331 rows compared". */
        public String describe(Instant now) {
            if (finishedAt != null) {
                return String.format("%s finished %s (%d s ago, took %d s): %s", purpose, finishedAt,
                        Duration.between(finishedAt, now).toSeconds(),
                        Duration.between(startedAt, finishedAt).toSeconds(), result);
            }
            // tablesDone < 0: not counted (the workflow's batch calls count chunks only)
            return String.format("%s running for %d s: %s tables, %d/%d chunks, %,d rows compared", purpose,
                    Duration.between(startedAt, now).toSeconds(), tablesDone < 0 ? Integer.toString(tablesTotal)
                    : tablesDone + "/" + tablesTotal, chunksDone, chunksPlanned, rowsCompared);
        }
    }

    private final TaskDocuments documents;
    private final String taskId;
    private final String purpose;
    private final Consumer<String> listener;
    private final Instant startedAt = Instant.now();
    private final AtomicInteger tablesTotal = new AtomicInteger();
    private final AtomicInteger tablesDone = new AtomicInteger();
    private final AtomicInteger chunksPlanned = new AtomicInteger();
    private final AtomicInteger chunksDone = new AtomicInteger();
    private final AtomicLong rows = new AtomicLong();
    private volatile long lastWrite;

    /**
     * Progress stored with task {@code taskId} ({@code documents} null: not stored) and passed to {@code listener}
     * (may be null) each time it is written; {@code purpose} says which run it is ("verify", "cutover verify").
     */
    public VerifyProgress(TaskDocuments documents, String taskId, String purpose, Consumer<String> listener) {
        this.documents = documents;
        this.taskId = taskId;
        this.purpose = purpose;
        this.listener = listener;
        this.lastWrite = System.nanoTime();
    }

    /** Counts only. */
    public static VerifyProgress none() {
        return new VerifyProgress(null, null, "verify", null);
    }

    /** The last stored progress of a task's verification, if one ever ran. */
    public static Optional<Snapshot> read(TaskDocuments documents, String taskId) {
        return documents.get(taskId, SK, Snapshot.class);
    }

    void started(int tables) {
        tablesTotal.addAndGet(tables);
        write(true, null);
    }

    void planned(int chunks) {
        chunksPlanned.addAndGet(chunks);
    }

    void chunkDone(long rowsCompared) {
        chunksDone.incrementAndGet();
        rows.addAndGet(rowsCompared);
        write(false, null);
    }

    void tableDone() {
        tablesDone.incrementAndGet();
        write(false, null);
    }

    void finished(String result) {
        write(true, result);
    }

    public Snapshot snapshot(String result) {
        Instant now = Instant.now();
        return new Snapshot(purpose, startedAt, now, result == null ? null : now, tablesTotal.get(), tablesDone.get(),
                chunksPlanned.get(), chunksDone.get(), rows.get(), result);
    }

    private void write(boolean force, String result) {
        long now = System.nanoTime();
        synchronized (this) {
            if (!force && now - lastWrite < WRITE_EVERY_NANOS) {
                return;
            }
            lastWrite = now;
        }
        Snapshot s = snapshot(result);
        if (listener != null) {
            listener.accept(s.describe(s.updatedAt()));
        }
        if (documents != null) {
            try {
                documents.put(taskId, SK, s);
            } catch (RuntimeException e) {
                // progress is for display; the verification itself goes on
                java.util.logging.Logger.getLogger(VerifyProgress.class.getName()).warning(
                        "cannot store the verification progress of task " + taskId + ": " + e.getMessage());
            }
        }
    }
}
