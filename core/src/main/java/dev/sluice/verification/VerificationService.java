package dev.sluice.verification;

import dev.sluice.db.TouchedKeys;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import dev.sluice.throttle.TaskThrottler;
import dev.sluice.throttle.Throttlers;
import dev.sluice.task.MigrationType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Verification of a stored task: runs the Verifier with the task's checkpoint (so a replicating task is compared
 * at consistent points), stores the per-table reports with the task and optionally repairs the differences and
 * verifies the repaired tables again. Used by the {@code verify} function, the CLI and cutover.
 */
public final class VerificationService {
    private final Tasks tasks;
    private final TaskDocuments documents;
    private final StateTable table;

    public VerificationService(Tasks tasks, TaskDocuments documents, StateTable table) {
        this.tasks = tasks;
        this.documents = documents;
        this.table = table;
    }

    /** What {@code sluice verify [--repair [--dry-run]]} did: the report, and the repair if one was asked for. */
    public record Outcome(VerifyReport report, RepairResult repair, VerifyReport afterRepair) {
        /** The report that decides the exit code: after the repair when one ran, else the verification. */
        public VerifyReport finalReport() {
            return afterRepair != null ? afterRepair : report;
        }
    }

    public VerifyReport verify(String taskId, VerifyOptions options) throws SQLException, InterruptedException {
        return run(taskId, options, false, false).report();
    }

    /**
     * Verifies and stores the reports, with the progress stored as {@code purpose} and also passed to
     * {@code listener} (may be null).
     */
    public VerifyReport verify(String taskId, VerifyOptions options, String purpose, Consumer<String> listener)
            throws SQLException, InterruptedException {
        return run(taskId, options, false, false, purpose, listener).report();
    }

    public Outcome run(String taskId, VerifyOptions options, boolean repair, boolean dryRun)
            throws SQLException, InterruptedException {
        return run(taskId, options, repair, dryRun, "verify", null);
    }

    /**
     * Runs under the task's shared throttler (the live {@code THROTTLE} limits, re-read every second, also by
     * workers already waiting), with progress in the task's {@code VERIFYPROGRESS} document.
     */
    private Outcome run(String taskId, VerifyOptions options, boolean repair, boolean dryRun, String purpose,
                        Consumer<String> listener) throws SQLException, InterruptedException {
        TaskSpec spec = tasks.require(taskId).spec();
        return throttled(table, taskId, spec, throttler -> run(taskId, spec, new Verifier(spec, options,
                new StateCheckpoint(table, taskId), throttler).withProgress(new VerifyProgress(documents, taskId,
                purpose, listener)), options, repair, dryRun));
    }

    /** Work done with a verifier's throttler. */
    @FunctionalInterface
    interface ThrottledWork<T> {
        T run(TaskThrottler throttler) throws SQLException, InterruptedException;
    }

    /** Runs {@code work} under the task's shared throttler (live limits), released afterwards. */
    static <T> T throttled(StateTable table, String taskId, TaskSpec spec, ThrottledWork<T> work)
            throws SQLException, InterruptedException {
        TaskThrottler throttler = Throttlers.forTask(table, taskId, spec, Throttlers.processShare(1));
        try {
            return work.run(throttler);
        } finally {
            Throttlers.release(taskId);
        }
    }

    private Outcome run(String taskId, TaskSpec spec, Verifier verifier, VerifyOptions options, boolean repair,
                        boolean dryRun) throws SQLException, InterruptedException {
        List<TableTarget> targets = verifier.targets();
        OptionalLong covered = beginFull(taskId, spec);
        VerifyReport report = verifier.verify(targets);
        VerifyReports.save(documents, taskId, report, options.maxListed());
        if (!repair || report.equal()) {
            if (report.equal()) {
                markVerified(taskId, spec, covered);
            }
            return new Outcome(report, null, null);
        }
        RepairResult fix = new Repairer(spec).repair(targets, report, dryRun);
        if (dryRun) {
            return new Outcome(report, fix, null);
        }
        List<String> differing = report.tables().stream().filter(t -> !t.equal()).map(TableReport::table).toList();
        VerifyReport after = verifier.verify(targets.stream().filter(t -> differing.contains(t.name())).toList());
        VerifyReports.save(documents, taskId, after, options.maxListed());
        if (after.equal()) {
            markVerified(taskId, spec, covered);
        }
        return new Outcome(report, fix, after);
    }

    /**
     * Cutover's verification after the drain (ADR 0053): when an equal full verification of the task is recorded
     * on the destination, only the keys replication changed since then are compared (keyless tables, and tables
     * changed beyond the record's bound or by DDL, whole); else every table. Reports are stored as by
     * {@link #verify}; {@code listener} gets which of the two it is.
     */
    public VerifyReport verifyChanged(String taskId, VerifyOptions options, String purpose, Consumer<String> listener)
            throws SQLException, InterruptedException {
        TaskSpec spec = tasks.require(taskId).spec();
        Optional<TouchedKeys.Verified> last = Optional.empty();
        if (spec.has(MigrationType.INCREMENTAL)) {
            try (Connection dst = Sessions.open(spec.destination())) {
                last = TouchedKeys.verified(dst, taskId);
            }
        }
        if (last.isEmpty()) {
            listener.accept("no equal full verification of this task is recorded: comparing every table (run "
                    + "'sluice verify " + taskId + "' while the application still writes, to keep this window short)");
            return verify(taskId, options, purpose, listener);
        }
        listener.accept("comparing only what replication changed since the equal full verification that ended at "
                + last.get().at() + " UTC (cutover --full compares every table)");
        long through = last.get().through();
        return throttled(table, taskId, spec, throttler -> {
            Verifier verifier = new Verifier(spec, options, new StateCheckpoint(table, taskId), throttler)
                    .withProgress(new VerifyProgress(documents, taskId, purpose, listener))
                    .onlyChangedSince(taskId, through);
            VerifyReport report = verifier.verify(verifier.targets());
            VerifyReports.save(documents, taskId, report, options.maxListed());
            return report;
        });
    }

    /** Bumps the touched-key epoch of a replicating task before a full verification; the epoch it covers. */
    static OptionalLong beginFull(String taskId, TaskSpec spec) throws SQLException {
        if (!spec.has(MigrationType.INCREMENTAL)) {
            return OptionalLong.empty();
        }
        try (Connection dst = Sessions.open(spec.destination())) {
            return OptionalLong.of(TouchedKeys.beginFull(dst, taskId));
        }
    }

    static void markVerified(String taskId, TaskSpec spec, OptionalLong covered) throws SQLException {
        if (covered.isEmpty()) {
            return;
        }
        try (Connection dst = Sessions.open(spec.destination())) {
            TouchedKeys.markVerified(dst, taskId, covered.getAsLong());
        }
    }
}
