package dev.sluice.verification;

import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import dev.sluice.throttle.TaskThrottler;
import dev.sluice.throttle.Throttlers;
import java.sql.SQLException;
import java.util.List;
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
        TaskThrottler throttler = Throttlers.forTask(table, taskId, spec, Throttlers.processShare(1));
        try {
            Verifier verifier = new Verifier(spec, options, new StateCheckpoint(table, taskId), throttler)
                    .withProgress(new VerifyProgress(documents, taskId, purpose, listener));
            return run(taskId, spec, verifier, options, repair, dryRun);
        } finally {
            Throttlers.release(taskId);
        }
    }

    private Outcome run(String taskId, TaskSpec spec, Verifier verifier, VerifyOptions options, boolean repair,
                        boolean dryRun) throws SQLException, InterruptedException {
        List<TableTarget> targets = verifier.targets();
        VerifyReport report = verifier.verify(targets);
        VerifyReports.save(documents, taskId, report, options.maxListed());
        if (!repair || report.equal()) {
            return new Outcome(report, null, null);
        }
        RepairResult fix = new Repairer(spec).repair(targets, report, dryRun);
        if (dryRun) {
            return new Outcome(report, fix, null);
        }
        List<String> differing = report.tables().stream().filter(t -> !t.equal()).map(TableReport::table).toList();
        VerifyReport after = verifier.verify(targets.stream().filter(t -> differing.contains(t.name())).toList());
        VerifyReports.save(documents, taskId, after, options.maxListed());
        return new Outcome(report, fix, after);
    }
}
