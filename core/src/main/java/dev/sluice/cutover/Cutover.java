package dev.sluice.cutover;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import dev.sluice.verification.BinlogCheckpoint;
import dev.sluice.verification.CheckpointState;
import dev.sluice.verification.PositionOrder;
import dev.sluice.verification.Sessions;
import dev.sluice.verification.StateCheckpoint;
import dev.sluice.verification.VerificationService;
import dev.sluice.verification.VerifyReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Switches a replicating task over to the destination: waits until replication is not delayed, stops writes on
 * the source (SET GLOBAL super_read_only/read_only when asked, recording the previous values first; else the
 * operator confirms the application has stopped writing), records the source's final binlog position, waits until
 * the checkpoint has applied it (drain), verifies under the task's live throttle, and only when the data is equal
 * marks the task CUT_OVER (its replication stops). On differences, failure or interrupt the source gets its
 * previous settings back. It returns the write-stop window, what to switch and which accounts to drop.
 */
public final class Cutover {
    /** Blocks until the operator says the application no longer writes to the source. */
    @FunctionalInterface
    public interface WritesStopped {
        void await() throws InterruptedException;
    }

    private final String taskId;
    private final TaskSpec spec;
    private final Tasks tasks;
    private final TaskDocuments documents;
    private final StateTable table;
    private final BinlogCheckpoint checkpoint;
    private final CutoverOptions options;
    private final WritesStopped writesStopped;
    private final Consumer<String> progress;
    private final SourceReadOnly readOnly;
    private ReverseStart reverse;

    public Cutover(String taskId, TaskSpec spec, StateTable table, CutoverOptions options,
                   WritesStopped writesStopped, Consumer<String> progress) {
        this.taskId = taskId;
        this.spec = spec;
        this.table = table;
        this.tasks = new Tasks(table);
        this.documents = new TaskDocuments(table);
        this.checkpoint = new StateCheckpoint(table, taskId);
        this.options = options;
        this.writesStopped = writesStopped;
        this.progress = progress;
        this.readOnly = new SourceReadOnly(documents, taskId, spec.source().address());
    }

    /**
     * {@code cutover --reverse}: the reverse task (destination → source) is checked before writes stop and
     * started, from the destination's position, once the cutover is complete.
     */
    public Cutover withReverse(ReverseRunner runner) {
        this.reverse = new ReverseStart(taskId, spec, tasks, documents, runner, progress);
        return this;
    }

    public CutoverResult run() throws SQLException, InterruptedException {
        CheckpointState cp = waitNotDelayed();
        progress.accept("replication is not delayed (" + cp.describe() + ")");
        try (Connection src = Sessions.open(spec.source())) {
            ServerInfo info = ServerInfo.of(src);
            if (reverse != null) {
                reverse.check(src);
            }
            Optional<CutoverRecord> left = readOnly.pending();
            if (left.isPresent() && !options.setReadOnly()) {
                readOnly.restore(src, info, left.get(), "cutover run again without --read-only");
                progress.accept("an earlier cutover had left the source read-only; its previous settings are back");
            } else if (left.isPresent()) {
                progress.accept("the source is read-only since " + left.get().readOnlySince() + " from an earlier "
                        + "cutover that did not finish; the settings from before it stay recorded for a restore");
            }
            CutoverRecord rec = null;
            if (options.setReadOnly()) {
                rec = readOnly.set(src, info);
                progress.accept("source " + spec.source().address() + " is read-only now");
            } else {
                progress.accept("waiting for the application to stop writing to " + spec.source().address());
                writesStopped.await();
            }
            long stopped = System.nanoTime();
            try {
                return finish(src, info, rec, stopped);
            } catch (SQLException | InterruptedException | RuntimeException | Error e) {
                if (rec != null) {
                    restoreAfter(src, info, rec, e);
                }
                throw e;
            }
        }
    }

    /** From writes stopped: final position, drain, verify; then stop the task, or give the source its writes back. */
    private CutoverResult finish(Connection src, ServerInfo info, CutoverRecord rec, long stopped)
            throws SQLException, InterruptedException {
        BinlogPosition last = BinlogPosition.current(src, info);
        progress.accept("final source position " + last.describe() + "; draining");
        drain(last, src, info);
        double drained = (System.nanoTime() - stopped) / 1e9;
        progress.accept(String.format("destination has applied the final position (%.1f s after writes stopped); "
                + "verifying", drained));
        VerificationService service = new VerificationService(tasks, documents, table);
        VerifyReport report = options.full()
                ? service.verify(taskId, options.verify(), "cutover verify", progress)
                : service.verifyChanged(taskId, options.verify(), "cutover verify", progress);
        double window = (System.nanoTime() - stopped) / 1e9;
        boolean equal = report.equal();
        BinlogPosition reverseFrom = equal && reverse != null ? reverse.destinationPosition() : null;
        if (equal) {
            tasks.markCutOver(taskId);
            if (rec != null) {
                readOnly.completed(rec, window);
            } else {
                new CutoverRecord(CutoverRecord.State.CUT_OVER, spec.source().address(), null, null, null,
                        Instant.now(), window, null).save(documents, taskId);
            }
        } else if (rec != null) {
            readOnly.restore(src, info, rec, "the data differed after the drain");
            progress.accept("the data differs: the source's previous read_only/super_read_only are restored");
        }
        List<String> steps = nextSteps(equal, rec != null && reverseFrom == null);
        if (reverseFrom != null) {
            steps.addAll(0, startReverse(src, info, reverseFrom));
        }
        return new CutoverResult(last, report, equal, equal && rec != null && reverseFrom == null, window, drained,
                steps);
    }

    /** After a complete cutover: the reverse task runs, or the steps say why not (the cutover stays complete). */
    private List<String> startReverse(Connection src, ServerInfo info, BinlogPosition from) {
        try {
            return reverse.nextSteps(reverse.begin(src, info, from));
        } catch (Exception e) {
            progress.accept("the reverse task could not be started: " + e.getMessage());
            return List.of("the cutover is complete but the reverse task did NOT start (" + e.getMessage() + "); "
                    + "the destination's position at cutover was " + from.describe() + ": start an incremental "
                    + "task from the destination to the source at that position before the application writes "
                    + "to the destination, or give up the rollback option");
        }
    }

    private void restoreAfter(Connection src, ServerInfo info, CutoverRecord rec, Throwable cause) {
        // an interrupt (Ctrl-C, a stopped Lambda) must not also abort the restore and its record
        boolean interrupted = Thread.interrupted();
        try {
            readOnly.restore(src, info, rec, (interrupted || cause instanceof InterruptedException ? "cutover "
                    + "interrupted" : "cutover failed") + ": " + cause.getMessage());
            progress.accept("cutover failed; the source's previous read_only/super_read_only are restored");
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(new IllegalStateException("the source " + spec.source().address() + " is still "
                    + "read-only and could not be restored (" + e.getMessage() + "); run 'sluice cutover " + taskId
                    + " --abort'", e));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Undoes an unfinished cutover: puts back the source's read_only/super_read_only recorded before Sluice set
     * them (after a crash, an interrupt or a failure that could not restore them). Returns what it did.
     */
    public String abort() throws SQLException {
        Optional<CutoverRecord> rec = CutoverRecord.read(documents, taskId);
        if (rec.isEmpty()) {
            return "task " + taskId + " has no cutover record: Sluice never set its source read-only; nothing to do";
        }
        if (rec.get().state() == CutoverRecord.State.CUT_OVER) {
            throw new IllegalStateException("the cutover of task " + taskId + " completed at "
                    + rec.get().finishedAt() + (rec.get().reverseTaskId() != null ? "; to switch back run "
                    + "'sluice rollback " + taskId + "'" : "; the source stays read-only as the fallback. If you "
                    + "roll back to it, run SET GLOBAL super_read_only = OFF, read_only = OFF on "
                    + spec.source().address()));
        }
        if (rec.get().state() == CutoverRecord.State.ROLLED_BACK) {
            return "task " + taskId + " was rolled back already: " + rec.get().describe(taskId, Instant.now());
        }
        if (rec.get().state() == CutoverRecord.State.RESTORED) {
            return "the source " + spec.source().address() + " was restored already: " + rec.get().describe(taskId,
                    Instant.now());
        }
        try (Connection src = Sessions.open(spec.source())) {
            CutoverRecord done = readOnly.restore(src, ServerInfo.of(src), rec.get(), "cutover --abort");
            return "restored the source " + spec.source().address() + ": read_only="
                    + CutoverRecord.onOff(done.previousReadOnly()) + (done.previousSuperReadOnly() == null ? ""
                    : ", super_read_only=" + CutoverRecord.onOff(done.previousSuperReadOnly()))
                    + " (read-only since " + done.readOnlySince() + "); the task keeps replicating";
        }
    }

    /** Waits until the checkpoint reports a delay at or below the limit, recently written. */
    CheckpointState waitNotDelayed() throws InterruptedException {
        Instant deadline = Instant.now().plus(options.notDelayedTimeout());
        Optional<CheckpointState> cp = checkpoint.read();
        while (true) {
            if (cp.isPresent() && cp.get().notDelayed(options.maxDelaySeconds(), 60, Instant.now())) {
                return cp.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(cp.isEmpty()
                        ? "task " + taskId + " has no replication checkpoint (CHECKPOINT#BINLOG): cutover needs "
                        + "incremental replication running; start or resume the task first"
                        : "replication of task " + taskId + " is still delayed (" + cp.get().describe() + ") after "
                        + options.notDelayedTimeout().toSeconds() + " s; nothing was changed, try again later");
            }
            Thread.sleep(500);
            cp = checkpoint.read();
        }
    }

    /** Waits until the checkpoint has passed the final source position. */
    void drain(BinlogPosition last, Connection src, ServerInfo info) throws InterruptedException, SQLException {
        Instant deadline = Instant.now().plus(options.drainTimeout());
        while (true) {
            Optional<CheckpointState> cp = checkpoint.read();
            if (cp.isPresent() && PositionOrder.reached(cp.get(), last, src, info)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the destination has not applied the source up to "
                        + last.describe() + " within " + options.drainTimeout().toSeconds() + " s (checkpoint "
                        + cp.map(CheckpointState::describe).orElse("missing") + "); the task keeps running, the "
                        + "source stays as it is; check 'sluice status " + taskId + "' and run cutover again");
            }
            Thread.sleep(200);
        }
    }

    private List<String> nextSteps(boolean equal, boolean readOnly) {
        List<String> steps = new ArrayList<>();
        if (equal) {
            StringBuilder dbs = new StringBuilder();
            var mapping = spec.mappingOrNone();
            if (mapping.databases() != null && !mapping.databases().isEmpty()) {
                mapping.databases().forEach((s, d) -> dbs.append(dbs.length() == 0 ? "" : ", ")
                        .append(s).append(" -> ").append(d));
            }
            steps.add("point the application at " + spec.destination().address()
                    + (dbs.length() == 0 ? "" : " (databases " + dbs + ")") + " and start its writes there");
            if (readOnly) {
                steps.add("the source " + spec.source().address() + " stays read-only as a fallback; "
                        + "SET GLOBAL super_read_only = OFF, read_only = OFF only if you roll back to it");
            }
            steps.addAll(MigrationAccounts.reminder(spec));
        } else {
            steps.add("run 'sluice verify " + taskId + " --repair' (add --dry-run to see the SQL first), then run "
                    + "cutover again");
            if (readOnly) {
                steps.add("the source's previous read_only/super_read_only were restored: the application can "
                        + "write to it again");
            }
        }
        return steps;
    }
}
